// Objects built from flags, exactly as kubectl's generators build them (compare with
// `kubectl create deployment x --image=nginx --dry-run=client -o yaml`).
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

export function secretTls(name: string, certPath: string, keyPath: string): KubeObject {
  if (!certPath || !keyPath) throw new CliError('key and cert must be specified');
  const cert = readFileSync(certPath);
  const key = readFileSync(keyPath);
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
