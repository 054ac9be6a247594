// What the apiserver creates on start, as Kubernetes' bootstrap controllers do: the system
// namespaces, the built-in PriorityClasses, and the `kubernetes` Service with Endpoints that
// point at this server.
import { networkInterfaces } from 'node:os';
import { RESOURCES, type KubeObject, type ResourceInfo } from '@mk/api';
import { SYSTEM_PRIORITY_CLASSES } from './admission/index.js';
import type { ApiContext } from './rest/context.js';
import { createObject, updateObject } from './rest/registry.js';
import { deepEqual } from './rest/strategy.js';

const byKind = (kind: string): ResourceInfo => RESOURCES.find((r) => r.kind === kind)!;
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The address other components reach this server at (the `kubernetes` Endpoints' IP). */
export function advertiseAddress(host: string): string {
  if (host !== '0.0.0.0' && host !== '::' && /^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
  if (host === '0.0.0.0' || host === '::') {
    for (const addrs of Object.values(networkInterfaces())) {
      for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  return '127.0.0.1';
}

async function ensure(ctx: ApiContext, r: ResourceInfo, obj: KubeObject): Promise<void> {
  if (ctx.store.get(r, obj.metadata.namespace, obj.metadata.name!)) return;
  try {
    await createObject(ctx, r, structuredClone(obj), false);
  } catch (err) {
    if ((err as { code?: number }).code !== 409) throw err;
  }
}

export async function bootstrap(ctx: ApiContext, opts: { address: string; port: number }): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    await ensure(ctx, byKind('Namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  for (const pc of SYSTEM_PRIORITY_CLASSES) await ensure(ctx, byKind('PriorityClass'), pc);
  await ensure(ctx, byKind('Service'), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: ctx.admission.services.ips.firstAddress(),
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: opts.port }],
      sessionAffinity: 'None',
    },
  });
  const endpoints: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: opts.address }], ports: [{ name: 'https', port: opts.port, protocol: 'TCP' }] }],
  };
  await reconcile(ctx, byKind('Endpoints'), endpoints, ['subsets']);
  // The apiserver writes the EndpointSlice itself too (the mirroring controller skips this Endpoints).
  await reconcile(
    ctx,
    byKind('EndpointSlice'),
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [opts.address], conditions: { ready: true } }],
      ports: [{ name: 'https', port: opts.port, protocol: 'TCP' }],
    },
    ['endpoints', 'ports'],
  );
}

/** Creates obj, or when it exists with other values in fields, points those at this server. */
async function reconcile(ctx: ApiContext, r: ResourceInfo, obj: KubeObject, fields: string[]): Promise<void> {
  const cur = ctx.store.get(r, obj.metadata.namespace, obj.metadata.name!);
  if (!cur) return ensure(ctx, r, obj);
  if (fields.every((f) => deepEqual(cur.object[f], obj[f]))) return;
  await updateObject(
    ctx,
    r,
    obj.metadata.namespace,
    obj.metadata.name!,
    (o) => {
      for (const f of fields) o[f] = obj[f];
      return o;
    },
    { dryRun: false, retry: true },
  );
}
