// Container environment (kubelet's makeEnvironmentVariables): envFrom first, then env, with
// $(VAR) references expanded against what came before; valueFrom reads fieldRef,
// resourceFieldRef, configMapKeyRef and secretKeyRef.
import { parseQuantity } from '@mk/api';
import type { ConfigMap, Container, Pod, Secret } from '@mk/api';
import type { KubeClient } from '@mk/client';
import { isNotFound } from '@mk/client';

/** A problem the user must fix; the container waits with CreateContainerConfigError. */
export class ConfigError extends Error {}

export class ObjectFetcher {
  constructor(private readonly client: KubeClient) {}

  async configMap(ns: string, name: string, optional: boolean | undefined): Promise<ConfigMap | undefined> {
    try {
      return await this.client.get<ConfigMap>('configmaps', ns, name);
    } catch (e) {
      if (isNotFound(e) && optional) return undefined;
      if (isNotFound(e)) throw new ConfigError(`configmap "${name}" not found`);
      throw e;
    }
  }

  async secret(ns: string, name: string, optional: boolean | undefined): Promise<Secret | undefined> {
    try {
      return await this.client.get<Secret>('secrets', ns, name);
    } catch (e) {
      if (isNotFound(e) && optional) return undefined;
      if (isNotFound(e)) throw new ConfigError(`secret "${name}" not found`);
      throw e;
    }
  }
}

export function secretValue(s: Secret, key: string): string | undefined {
  const d = s.data?.[key];
  if (d !== undefined) return Buffer.from(d, 'base64').toString('utf8');
  return s.stringData?.[key];
}

/** fieldRef paths the downward API supports. */
export function fieldRefValue(pod: Pod, path: string, hostIP: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[m[2]] ?? '';
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'metadata.labels':
      return formatMap(pod.metadata.labels);
    case 'metadata.annotations':
      return formatMap(pod.metadata.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return hostIP;
    case 'status.hostIPs':
      return hostIP;
    case 'status.podIP':
    case 'status.podIPs':
      return pod.status?.podIP ?? '';
    default:
      throw new ConfigError(`unsupported fieldPath: ${path}`);
  }
}

/** The downward API's `key="value"` lines, sorted by key. */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

/** resourceFieldRef: limits default to the node's allocatable; the value is divided and rounded up. */
export function resourceFieldValue(
  pod: Pod,
  c: Container | undefined,
  resource: string,
  divisor: string | number | undefined,
  allocatable: Record<string, string | number>,
): string {
  const [kind, name] = resource.split('.');
  if (!c || !name || (kind !== 'limits' && kind !== 'requests')) throw new ConfigError(`unsupported container resource: ${resource}`);
  const list = kind === 'limits' ? c.resources?.limits : c.resources?.requests;
  const raw = list?.[name] ?? (kind === 'limits' ? allocatable[name] : (c.resources?.limits?.[name] ?? 0));
  const v = parseQuantity(raw ?? 0);
  const d = parseQuantity(divisor ?? (name === 'cpu' ? '1' : '1'));
  if (name === 'cpu') return String(Math.ceil(v.milliValue() / Math.max(1, d.milliValue())));
  return String(Math.ceil(v.value() / Math.max(1, d.value())));
}

const REF = /\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g;

/** Kubernetes' $(VAR) expansion: $$ escapes, unknown references stay as written. */
export function expand(s: string, vars: Map<string, string>): string {
  return s.replace(REF, (all, name: string | undefined) => {
    if (name === undefined) return '$';
    return vars.has(name) ? vars.get(name)! : all;
  });
}

export async function containerEnv(
  pod: Pod,
  c: Container,
  fetch: ObjectFetcher,
  hostIP: string,
  allocatable: Record<string, string | number>,
): Promise<Array<{ name: string; value: string }>> {
  const ns = pod.metadata.namespace ?? 'default';
  const vars = new Map<string, string>();
  for (const from of c.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef?.name) {
      const cm = await fetch.configMap(ns, from.configMapRef.name, from.configMapRef.optional);
      for (const [k, v] of Object.entries(cm?.data ?? {})) vars.set(prefix + k, v);
    }
    if (from.secretRef?.name) {
      const s = await fetch.secret(ns, from.secretRef.name, from.secretRef.optional);
      for (const k of Object.keys({ ...(s?.data ?? {}), ...(s?.stringData ?? {}) })) vars.set(prefix + k, secretValue(s!, k) ?? '');
    }
  }
  for (const e of c.env ?? []) {
    if (e.valueFrom === undefined) {
      vars.set(e.name, expand(e.value ?? '', vars));
      continue;
    }
    const f = e.valueFrom;
    if (f.fieldRef) vars.set(e.name, fieldRefValue(pod, f.fieldRef.fieldPath, hostIP));
    else if (f.resourceFieldRef) {
      const target = f.resourceFieldRef.containerName
        ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((x) => x.name === f.resourceFieldRef!.containerName)
        : c;
      vars.set(e.name, resourceFieldValue(pod, target, f.resourceFieldRef.resource, f.resourceFieldRef.divisor, allocatable));
    } else if (f.configMapKeyRef) {
      const r = f.configMapKeyRef;
      const cm = await fetch.configMap(ns, r.name ?? '', r.optional);
      const v = cm?.data?.[r.key];
      if (v === undefined && !r.optional) throw new ConfigError(`couldn't find key ${r.key} in ConfigMap ${ns}/${r.name}`);
      if (v !== undefined) vars.set(e.name, v);
    } else if (f.secretKeyRef) {
      const r = f.secretKeyRef;
      const s = await fetch.secret(ns, r.name ?? '', r.optional);
      const v = s && secretValue(s, r.key);
      if (v === undefined && !r.optional) throw new ConfigError(`couldn't find key ${r.key} in Secret ${ns}/${r.name}`);
      if (v !== undefined) vars.set(e.name, v);
    }
  }
  return [...vars].map(([name, value]) => ({ name, value }));
}
