// Endpoints and EndpointSlice controllers: from a Service's selector to ready and not-ready
// pod addresses on the resolved target ports.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { EndpointSlice, Endpoints, Pod, Service } from '@mk/api';
import { startCluster, until, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;
const NS = 'default';

beforeAll(async () => {
  c = await startCluster({
    controllers: ['endpoint', 'endpointslice', 'garbagecollector'],
  });
});
afterAll(async () => {
  await c?.close();
});

async function pod(name: string, labels: Record<string, string>, port: number, extra: Partial<Pod['metadata']> = {}): Promise<Pod> {
  await c.client.create<Pod>('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    // The simulated runtime fails readiness for sim.mk.io/ready "false".
    metadata: { name, namespace: NS, labels, ...(labels.ready === 'no' ? { annotations: { 'sim.mk.io/ready': 'false' } } : {}), ...extra },
    spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: port }] }] },
  });
  return until(async () => {
    const p = await c.client.get<Pod>('pods', NS, name);
    return p.status?.podIP ? p : undefined;
  });
}

async function service(name: string, spec: Partial<NonNullable<Service['spec']>>): Promise<void> {
  await c.client.create<Service>('services', { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS }, spec: { ports: [{ name: 'web', port: 80, targetPort: 'http' }], ...spec } });
}

const endpoints = (name: string): Promise<Endpoints> => c.client.get<Endpoints>('endpoints', NS, name);
const slices = async (svc: string): Promise<EndpointSlice[]> =>
  (await c.client.list<EndpointSlice>('endpointslices.discovery.k8s.io', { namespace: NS, labelSelector: `kubernetes.io/service-name=${svc}` })).items;

const ips = (e: Endpoints, field: 'addresses' | 'notReadyAddresses'): string[] => (e.subsets ?? []).flatMap((s) => (s[field] ?? []).map((a) => a.ip)).sort();

describe('Endpoints and EndpointSlices', () => {
  it('ready pods under addresses, others under notReadyAddresses, on the named targetPort resolved per pod', async () => {
    const a = await pod('ep-a', { app: 'ep' }, 8080);
    const b = await pod('ep-b', { app: 'ep' }, 9090);
    const u = await pod('ep-u', { app: 'ep', ready: 'no' }, 8080);
    await pod('other', { app: 'other' }, 8080);
    await service('ep', { selector: { app: 'ep' } });
    const ep = await until(async () => {
      try {
        const e = await endpoints('ep');
        return ips(e, 'addresses').length === 2 && ips(e, 'notReadyAddresses').length === 1 ? e : undefined;
      } catch {
        return undefined;
      }
    });
    expect(ips(ep, 'addresses')).toEqual([a.status!.podIP!, b.status!.podIP!].sort());
    expect(ips(ep, 'notReadyAddresses')).toEqual([u.status!.podIP!]);
    const portsOf = (ip: string): number[] =>
      (ep.subsets ?? []).filter((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])].some((x) => x.ip === ip)).flatMap((s) => (s.ports ?? []).map((p) => p.port));
    expect(portsOf(a.status!.podIP!)).toEqual([8080]);
    expect(portsOf(b.status!.podIP!)).toEqual([9090]);
    const addr = ep.subsets!.flatMap((s) => s.addresses ?? []).find((x) => x.ip === a.status!.podIP);
    expect(addr?.targetRef).toMatchObject({ kind: 'Pod', name: 'ep-a', namespace: NS });

    const ss = await until(async () => {
      const list = await slices('ep');
      return list.reduce((n, s) => n + s.endpoints.length, 0) === 3 ? list : undefined;
    });
    for (const s of ss) {
      expect(s.metadata.labels?.['endpointslice.kubernetes.io/managed-by']).toBe('endpointslice-controller.k8s.io');
      expect(s.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Service', name: 'ep', controller: true });
      expect(s.addressType).toBe('IPv4');
    }
    const uEp = ss.flatMap((s) => s.endpoints).find((e) => e.addresses[0] === u.status!.podIP);
    expect(uEp?.conditions).toEqual({ ready: false, serving: false, terminating: false });
  });

  it('a pod leaving readiness leaves the ready addresses; a terminating pod drops out of Endpoints', async () => {
    const a = await c.client.get<Pod>('pods', NS, 'ep-a');
    // Its readiness probe starts failing.
    await c.client.patch('pods', NS, 'ep-a', { metadata: { annotations: { 'sim.mk.io/ready': 'false' } } });
    await until(async () => {
      const e = await endpoints('ep');
      return !ips(e, 'addresses').includes(a.status!.podIP!) && ips(e, 'notReadyAddresses').includes(a.status!.podIP!);
    });

    // A finalizer keeps the pod around while it terminates; its container takes its time to stop.
    const t = await pod('ep-t', { app: 'ep' }, 8080, { finalizers: ['example.com/hold'], annotations: { 'sim.mk.io/stop-seconds': '600' } });
    await until(async () => ips(await endpoints('ep'), 'addresses').includes(t.status!.podIP!));
    await c.client.delete('pods', NS, 'ep-t');
    await until(async () => {
      const e = await endpoints('ep');
      return ![...ips(e, 'addresses'), ...ips(e, 'notReadyAddresses')].includes(t.status!.podIP!);
    });
    const term = await until(async () => {
      const e = (await slices('ep')).flatMap((s) => s.endpoints).find((x) => x.addresses[0] === t.status!.podIP);
      return e?.conditions?.terminating ? e : undefined;
    });
    expect(term.conditions).toMatchObject({ ready: false, terminating: true });
    await c.client.patch('pods', NS, 'ep-t', { metadata: { finalizers: null } });
  });

  it('publishNotReadyAddresses lists every pod as ready; a headless Service gets the headless label', async () => {
    await service('ep-all', { selector: { app: 'ep' }, publishNotReadyAddresses: true, clusterIP: 'None' });
    const ep = await until(async () => {
      try {
        const e = await endpoints('ep-all');
        return ips(e, 'addresses').length === 3 ? e : undefined;
      } catch {
        return undefined;
      }
    });
    expect(ips(ep, 'notReadyAddresses')).toEqual([]);
    expect(ep.metadata.labels).toMatchObject({ 'service.kubernetes.io/headless': '' });
  });

  it('deleting the Service deletes its Endpoints and EndpointSlices', async () => {
    await c.client.delete('services', NS, 'ep');
    await until(async () => {
      try {
        await endpoints('ep');
        return false;
      } catch {
        return (await slices('ep')).length === 0;
      }
    });
  });
});
