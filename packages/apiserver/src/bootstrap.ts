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
  const EP = byKind('Endpoints');
  const cur = ctx.store.get(EP, 'default', 'kubernetes');
  if (!cur) await ensure(ctx, EP, endpoints);
  else if (!deepEqual(cur.object.subsets, endpoints.subsets)) {
    // The server moved (another port or address): point the Endpoints at it.
    await updateObject(ctx, EP, 'default', 'kubernetes', (o) => ({ ...o, subsets: endpoints.subsets }), { dryRun: false, retry: true });
  }
}
