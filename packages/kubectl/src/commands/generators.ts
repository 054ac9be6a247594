// Objects built from flags, exactly as kubectl's generators build them (compare with
// `kubectl create deployment x --image=nginx --dry-run=client -o yaml`).
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { KubeObject } from '@mk/api';
import { CliError } from '../cli/errors.js';

/** Container name from an image: `ikubernetes/myapp:v1` -> `myapp`. */
export function nameFromImage(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.split('/').pop() ?? noDigest;
  return last.split(':')[0];
}

export function deployment(name: string, images: string[], replicas: number, port: number | undefined): KubeObject {
  if (!images.length) throw new CliError('required flag(s) "image" not set');
  const labels = { app: name };
  const containers = images.map((image) => {
    const c: Record<string, unknown> = { image, name: images.length === 1 ? nameFromImage(image) : nameFromImage(image) };
    if (port !== undefined && port >= 0) c.ports = [{ containerPort: port }];
    c.resources = {};
    return c;
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { creationTimestamp: null as unknown as string, labels, name },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      strategy: {},
      template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
    },
    status: {},
  };
}

export function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: null as unknown as string, name }, spec: {}, status: {} };
}

/** `--tcp=80:8080` -> ports; `--tcp=443` -> port and targetPort 443. */
export function servicePorts(tcp: string[]): Array<Record<string, unknown>> {
  return tcp.map((spec) => {
    const [p, t] = spec.split(':');
    const port = Number(p);
    if (!Number.isInteger(port)) throw new CliError(`invalid port: ${spec}`);
    const target = t === undefined ? port : /^\d+$/.test(t) ? Number(t) : t;
    return { name: t === undefined ? p : `${p}-${t}`, port, protocol: 'TCP', targetPort: target };
  });
}

export function service(name: string, type: 'ClusterIP' | 'NodePort' | 'LoadBalancer', tcp: string[], nodePort?: number, clusterIP?: string): KubeObject {
  const ports = servicePorts(tcp);
  if (nodePort !== undefined && nodePort > 0 && ports[0]) ports[0].nodePort = nodePort;
  const spec: Record<string, unknown> = { ports, selector: { app: name }, type };
  if (clusterIP) spec.clusterIP = clusterIP;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { creationTimestamp: null as unknown as string, labels: { app: name }, name },
    spec,
    status: { loadBalancer: {} },
  };
}

function splitKV(s: string, flag: string): [string, string] {
  const i = s.indexOf('=');
  if (i <= 0) throw new CliError(`invalid literal source ${s}, expected key=value`.replace('literal', flag));
  return [s.slice(0, i), s.slice(i + 1)];
}

/** --from-literal, --from-file (file or dir; `key=path` renames), --from-env-file. */
export function collectData(literals: string[], files: string[], envFiles: string[]): Record<string, string | Buffer> {
  if (envFiles.length && (files.length || literals.length)) throw new CliError('from-env-file cannot be combined with from-file or from-literal');
  const data: Record<string, string | Buffer> = {};
  const put = (k: string, v: string | Buffer): void => {
    if (k in data) throw new CliError(`cannot add key ${k}, another key by that name already exists in Data for ConfigMap "${''}"`);
    data[k] = v;
  };
  for (const l of literals) {
    const [k, v] = splitKV(l, 'literal');
    put(k, v);
  }
  for (const f of files) {
    const eq = f.indexOf('=');
    const key = eq > 0 ? f.slice(0, eq) : undefined;
    const path = eq > 0 ? f.slice(eq + 1) : f;
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new CliError(`error reading ${path}: no such file or directory`);
    }
    if (st.isDirectory()) {
      for (const entry of readdirSync(path, { withFileTypes: true })) if (entry.isFile()) put(entry.name, readFileSync(join(path, entry.name)));
    } else put(key ?? basename(path), readFileSync(path));
  }
  for (const ef of envFiles) {
    for (const line of readFileSync(ef, 'utf8').split('\n')) {
      const t = line.trim();
      if (!t || t.startsWith('#')) continue;
      const [k, v] = t.includes('=') ? splitKV(t, 'env') : [t, process.env[t] ?? ''];
      put(k, v);
    }
  }
  return data;
}

export function configMap(name: string, data: Record<string, string | Buffer>): KubeObject {
  const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { creationTimestamp: null as unknown as string, name } };
  const text: Record<string, string> = {};
  const binary: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    const s = typeof v === 'string' ? v : v.toString('utf8');
    if (typeof v !== 'string' && !Buffer.from(s, 'utf8').equals(v)) binary[k] = v.toString('base64');
    else text[k] = s;
  }
  if (Object.keys(text).length) obj.data = text;
  if (Object.keys(binary).length) obj.binaryData = binary;
  return obj;
}

export function secretGeneric(name: string, data: Record<string, string | Buffer>, type?: string): KubeObject {
  const obj: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { creationTimestamp: null as unknown as string, name } };
  const enc: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) enc[k] = Buffer.from(v).toString('base64');
  if (Object.keys(enc).length) obj.data = enc;
  if (type) obj.type = type;
  return obj;
}

/** Go's tls.X509KeyPair checks, in its words: PEM in both, and a key that matches the certificate. */
function checkKeyPair(cert: Buffer, key: Buffer): void {
  const pem = (b: Buffer): boolean => /-----BEGIN [A-Z0-9 ]+-----/.test(b.toString('utf8'));
  if (!pem(cert)) throw new CliError('tls: failed to find any PEM data in certificate input');
  if (!pem(key)) throw new CliError('tls: failed to find any PEM data in key input');
  if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(key.toString('utf8')) && /-----BEGIN CERTIFICATE-----/.test(key.toString('utf8'))) {
    throw new CliError('tls: found a certificate rather than a key in the PEM for the private key');
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new CliError('tls: failed to parse certificate PEM data');
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new CliError('tls: failed to parse private key');
  }
  if (!x509.checkPrivateKey(privateKey)) throw new CliError('tls: private key does not match public key');
}

export function secretTls(name: string, certPath: string, keyPath: string): KubeObject {
  if (!certPath || !keyPath) throw new CliError('key and cert must be specified');
  const read = (path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (e) {
      throw new CliError(`Cannot read file ${path}, open ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
  };
  const cert = read(certPath);
  const key = read(keyPath);
  checkKeyPair(cert, key);
  return {
    apiVersion: 'v1',
    data: { 'tls.crt': cert.toString('base64'), 'tls.key': key.toString('base64') },
    kind: 'Secret',
    metadata: { creationTimestamp: null as unknown as string, name },
    type: 'kubernetes.io/tls',
  };
}

export function job(name: string, image: string, command: string[]): KubeObject {
  const container: Record<string, unknown> = { image, name, resources: {} };
  if (command.length) container.command = command;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { creationTimestamp: null as unknown as string, name },
    spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container], restartPolicy: 'Never' } } },
    status: {},
  };
}

export function cronJob(name: string, image: string, schedule: string, command: string[], restartPolicy = 'OnFailure'): KubeObject {
  const container: Record<string, unknown> = { image, name, resources: {} };
  if (command.length) container.command = command;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { creationTimestamp: null as unknown as string, name },
    spec: {
      jobTemplate: {
        metadata: { creationTimestamp: null, name },
        spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container], restartPolicy } } },
      },
      schedule,
    },
    status: {},
  };
}

// kubectl create ingress --rule: host/path=service:port[,tls[=secret]]; a path ending in `*`
// is a Prefix, any other Exact.
const INGRESS_RULE = /^([\w*\-.]*)(\/[^=]*)=([\w\-]+):([\w\-]+)(,tls=?([\w\-.]+)?)?$/;

function ingressBackend(service: string, port: string): Record<string, unknown> {
  return { service: { name: service, port: /^\d+$/.test(port) ? { number: Number(port) } : { name: port } } };
}

export function ingress(name: string, ingressClass: string | undefined, rules: string[], defaultBackend: string | undefined, annotations: string[]): KubeObject {
  const spec: Record<string, unknown> = {};
  if (ingressClass) spec.ingressClassName = ingressClass;
  if (defaultBackend) {
    const m = /^([\w\-]+):([\w\-]+)$/.exec(defaultBackend);
    if (!m) throw new CliError(`default-backend should be in format servicename:serviceport`);
    spec.defaultBackend = ingressBackend(m[1], m[2]);
  }
  const byHost = new Map<string, Array<Record<string, unknown>>>();
  const tls: Array<{ hosts?: string[]; secretName?: string }> = [];
  for (const rule of rules) {
    const m = INGRESS_RULE.exec(rule);
    if (!m) throw new CliError(`rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
    const [, host, rawPath, service, port, tlsPart, secret] = m;
    const prefix = rawPath.endsWith('*');
    const paths = byHost.get(host) ?? [];
    paths.push({ backend: ingressBackend(service, port), path: prefix ? rawPath.slice(0, -1) : rawPath, pathType: prefix ? 'Prefix' : 'Exact' });
    byHost.set(host, paths);
    if (tlsPart) {
      const same = tls.find((t) => (t.secretName ?? '') === (secret ?? ''));
      if (same && host) same.hosts = [...(same.hosts ?? []), host];
      else if (!same) tls.push({ ...(host ? { hosts: [host] } : {}), ...(secret ? { secretName: secret } : {}) });
    }
  }
  if (byHost.size) spec.rules = [...byHost].map(([host, paths]) => ({ ...(host ? { host } : {}), http: { paths } }));
  if (tls.length) spec.tls = tls;
  const metadata: Record<string, unknown> = { creationTimestamp: null, name };
  if (annotations.length) metadata.annotations = Object.fromEntries(annotations.map((a) => splitKV(a, 'annotation')));
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: metadata as KubeObject['metadata'], spec, status: { loadBalancer: {} } };
}

/** kubectl create clusterrolebinding: users, then groups, then service accounts (ns:name). */
export function clusterRoleBinding(name: string, clusterRole: string, users: string[], groups: string[], serviceAccounts: string[]): KubeObject {
  const subjects: Array<Record<string, string>> = [
    ...users.map((u) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: u })),
    ...groups.map((g) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g })),
    ...serviceAccounts.map((sa) => {
      const [namespace, saName] = sa.split(':');
      if (!namespace || !saName || sa.split(':').length !== 2) throw new CliError(`serviceaccount must be <namespace>:<name>`);
      return { kind: 'ServiceAccount', name: saName, namespace };
    }),
  ];
  const obj: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { creationTimestamp: null as unknown as string, name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
  };
  if (subjects.length) obj.subjects = subjects;
  return obj;
}

export function priorityClass(name: string, value: number, globalDefault: boolean, description: string, preemptionPolicy: string): KubeObject {
  const obj: KubeObject = {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { creationTimestamp: null as unknown as string, name },
    preemptionPolicy,
    value,
  };
  if (description) obj.description = description;
  if (globalDefault) obj.globalDefault = true;
  return obj;
}

/** `a=b,c=d` -> labels. */
export function parseLabels(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',').filter(Boolean)) {
    const [k, v] = splitKV(part, 'label');
    out[k] = v;
  }
  return out;
}

export interface RunOptions {
  image: string;
  port?: number;
  restart: string;
  labels?: string;
  env: string[];
  command: boolean;
  args: string[];
  imagePullPolicy?: string;
}

export function pod(name: string, o: RunOptions): KubeObject {
  const labels = o.labels ? parseLabels(o.labels) : { run: name };
  const c: Record<string, unknown> = { image: o.image, name };
  if (o.args.length) {
    if (o.command) c.command = o.args;
    else c.args = o.args;
  }
  if (o.env.length) c.env = o.env.map((e) => { const [k, v] = splitKV(e, 'env'); return { name: k, value: v }; });
  if (o.imagePullPolicy) c.imagePullPolicy = o.imagePullPolicy;
  if (o.port !== undefined && o.port >= 0) c.ports = [{ containerPort: o.port }];
  c.resources = {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { creationTimestamp: null as unknown as string, labels, name },
    spec: { containers: [c], dnsPolicy: 'ClusterFirst', restartPolicy: o.restart },
    status: {},
  };
}
