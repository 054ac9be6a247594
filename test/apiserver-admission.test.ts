// Admission and subresources over HTTP: ClusterIP and NodePort allocation with Kubernetes'
// exact errors, priority classes, pods/binding, pods/eviction with a PodDisruptionBudget, scale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PODS, pod, startTestServer, type TestServer } from './apiserver-helpers.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s.close();
});

const SVCS = '/api/v1/namespaces/default/services';
function svc(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } };
}
async function services(): Promise<string> {
  return JSON.stringify((await s.req('GET', SVCS)).body.items);
}

describe('Service ClusterIP', () => {
  it('allocates a ClusterIP from 10.96.0.0/12 and keeps it immutable', async () => {
    const res = await s.req('POST', SVCS, svc('a', {}));
    expect(res.status).toBe(201);
    const ip: string = res.body.spec.clusterIP;
    const [o1, o2] = ip.split('.').map(Number);
    expect(o1).toBe(10);
    expect(o2 >= 96 && o2 <= 111).toBe(true);
    expect(res.body.spec.clusterIPs).toEqual([ip]);
    expect(res.body.spec.type).toBe('ClusterIP');
    expect(res.body.spec.ports[0]).toMatchObject({ port: 80, targetPort: 80, protocol: 'TCP' });
    const changed = await s.req('PATCH', `${SVCS}/a`, { spec: { clusterIP: '10.96.0.77' } }, { 'content-type': 'application/merge-patch+json' });
    expect(changed.status).toBe(422);
    expect(changed.body.message).toContain('spec.clusterIP');
    // A PUT that omits the ClusterIP keeps it.
    const { body: cur } = await s.req('GET', `${SVCS}/a`);
    delete cur.spec.clusterIP;
    delete cur.spec.clusterIPs;
    const put = await s.req('PUT', `${SVCS}/a`, cur);
    expect(put.status).toBe(200);
    expect(put.body.spec.clusterIP).toBe(ip);
  });

  it('rejects an explicit ClusterIP outside the range or already allocated', async () => {
    const before = await services();
    const out = await s.req('POST', SVCS, svc('b', { clusterIP: '1.2.3.4' }));
    expect(out.status).toBe(422);
    expect(out.body.message).toBe(
      'Service "b" is invalid: spec.clusterIP: Invalid value: "1.2.3.4": provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    const taken = await s.req('POST', SVCS, svc('c', { clusterIP: '10.96.0.1' }));
    expect(taken.status).toBe(422);
    expect(taken.body.message).toBe('Service "c" is invalid: spec.clusterIP: Invalid value: "10.96.0.1": provided IP is already allocated');
    expect(await services()).toBe(before);
  });

  it('keeps headless Services without an address and frees addresses on delete', async () => {
    const headless = await s.req('POST', SVCS, svc('h', { clusterIP: 'None' }));
    expect(headless.status).toBe(201);
    expect(headless.body.spec.clusterIP).toBe('None');
    expect((await s.req('POST', SVCS, svc('fixed', { clusterIP: '10.96.0.50' }))).status).toBe(201);
    expect((await s.req('DELETE', `${SVCS}/fixed`)).status).toBe(200);
    expect((await s.req('POST', SVCS, svc('fixed2', { clusterIP: '10.96.0.50' }))).status).toBe(201);
  });
});

describe('Service NodePort', () => {
  it('allocates a nodePort in 30000-32767 for NodePort Services', async () => {
    const res = await s.req('POST', SVCS, svc('np', { type: 'NodePort' }));
    expect(res.status).toBe(201);
    const np = res.body.spec.ports[0].nodePort;
    expect(np >= 30000 && np <= 32767).toBe(true);
  });

  it("rejects a nodePort out of range or taken with Kubernetes' exact text", async () => {
    const before = await services();
    const out = await s.req('POST', SVCS, { ...svc('ingress-nginx-controller', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }) });
    expect(out.status).toBe(422);
    expect(out.body.reason).toBe('Invalid');
    expect(out.body.message).toBe(
      'Service "ingress-nginx-controller" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    expect(out.body.details.causes[0]).toMatchObject({ field: 'spec.ports[0].nodePort', reason: 'FieldValueInvalid' });
    expect((await s.req('POST', SVCS, svc('first', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).status).toBe(201);
    const before2 = await services();
    const taken = await s.req('POST', SVCS, svc('second', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(taken.status).toBe(422);
    expect(taken.body.message).toBe('Service "second" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    expect(await services()).toBe(before2);
    expect(before2).not.toBe(before);
  });

  it('releases nodePorts when the type changes back to ClusterIP and on delete', async () => {
    const { body: first } = await s.req('GET', `${SVCS}/first`);
    first.spec.type = 'ClusterIP';
    delete first.spec.ports[0].nodePort;
    const res = await s.req('PUT', `${SVCS}/first`, first);
    expect(res.status).toBe(200);
    expect(res.body.spec.ports[0].nodePort).toBeUndefined();
    expect((await s.req('POST', SVCS, svc('second', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).status).toBe(201);
    expect((await s.req('DELETE', `${SVCS}/second`)).status).toBe(200);
    expect((await s.req('POST', SVCS, svc('third', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).status).toBe(201);
  });

  it('rebuilds allocations from stored Services after a restart', async () => {
    await s.restart();
    const taken = await s.req('POST', SVCS, svc('fourth', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(taken.status).toBe(422);
    expect(taken.body.message).toContain('provided port is already allocated');
    const ip = await s.req('POST', SVCS, svc('fifth', { clusterIP: '10.96.0.50' }));
    expect(ip.body.message).toContain('provided IP is already allocated');
  });

  it('honours --service-node-port-range', async () => {
    const wide = await startTestServer({ serviceNodePortRange: '1-65535' });
    try {
      const res = await wide.req('POST', SVCS, svc('ingress', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }));
      expect(res.status).toBe(201);
      expect(res.body.spec.ports[0].nodePort).toBe(80);
    } finally {
      await wide.close();
    }
  });
});

describe('Pod priority', () => {
  it('resolves priorityClassName and rejects an unknown class with 403', async () => {
    const pc = await s.req('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'high' },
      value: 1000,
    });
    expect(pc.status).toBe(201);
    const hi = await s.req('POST', PODS, pod('hi', { spec: { priorityClassName: 'high' } }));
    expect(hi.status).toBe(201);
    expect(hi.body.spec.priority).toBe(1000);
    expect(hi.body.spec.preemptionPolicy).toBe('PreemptLowerPriority');
    const crit = await s.req('POST', PODS, pod('crit', { spec: { priorityClassName: 'system-node-critical' } }));
    expect(crit.body.spec.priority).toBe(2000001000);
    const unknown = await s.req('POST', PODS, pod('lo', { spec: { priorityClassName: 'nope' } }));
    expect(unknown.status).toBe(403);
    expect(unknown.body.reason).toBe('Forbidden');
    expect(unknown.body.message).toBe('pods "lo" is forbidden: no PriorityClass with name nope was found');
  });
});

describe('pods/binding', () => {
  it('assigns a node once; a second binding is a 409', async () => {
    await s.req('POST', PODS, pod('bindme'));
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bindme' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } };
    const res = await s.req('POST', `${PODS}/bindme/binding`, binding);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
    const p = (await s.req('GET', `${PODS}/bindme`)).body;
    expect(p.spec.nodeName).toBe('node-1');
    expect(p.status.conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'True' })]);
    const again = await s.req('POST', `${PODS}/bindme/binding`, { ...binding, target: { kind: 'Node', name: 'node-2' } });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Operation cannot be fulfilled on pods/binding "bindme": pod bindme is already assigned to node "node-1"');
    expect((await s.req('GET', `${PODS}/bindme`)).body.spec.nodeName).toBe('node-1');
  });
});

describe('pods/eviction', () => {
  it('refuses while the PodDisruptionBudget allows no disruption, then evicts and decrements', async () => {
    await s.req('POST', PODS, pod('guarded', { metadata: { labels: { app: 'guarded' } }, spec: { nodeName: 'node-1' } }));
    await s.req('PATCH', `${PODS}/guarded/status`, { status: { phase: 'Running' } }, { 'content-type': 'application/merge-patch+json' });
    const PDBS = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';
    const pdb = await s.req('POST', PDBS, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'guard' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } },
    });
    expect(pdb.status).toBe(201);
    const setStatus = (allowed: number) =>
      s.req('PATCH', `${PDBS}/guard/status`, { status: { observedGeneration: 1, disruptionsAllowed: allowed, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 } }, {
        'content-type': 'application/merge-patch+json',
      });
    expect((await setStatus(0)).status).toBe(200);
    const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'guarded', namespace: 'default' } };
    const refused = await s.req('POST', `${PODS}/guarded/eviction`, eviction);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ reason: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget." });
    expect(refused.body.details.causes).toEqual([{ reason: 'DisruptionBudget', message: 'The disruption budget guard needs 1 healthy pods and has 1 currently' }]);
    expect((await s.req('GET', `${PODS}/guarded`)).body.metadata.deletionTimestamp).toBeUndefined();
    await setStatus(1);
    const ok = await s.req('POST', `${PODS}/guarded/eviction`, eviction);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ kind: 'Status', status: 'Success' });
    // A pod on a node is deleted gracefully.
    expect((await s.req('GET', `${PODS}/guarded`)).body.metadata.deletionTimestamp).toBeTruthy();
    const after = (await s.req('GET', `${PDBS}/guard`)).body;
    expect(after.status.disruptionsAllowed).toBe(0);
    expect(Object.keys(after.status.disruptedPods)).toEqual(['guarded']);
  });

  it('evicts a pod no budget covers at once', async () => {
    await s.req('POST', PODS, pod('free'));
    const res = await s.req('POST', `${PODS}/free/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'free' } });
    expect(res.status).toBe(201);
    expect((await s.req('GET', `${PODS}/free`)).status).toBe(404);
  });
});

describe('scale subresource', () => {
  it('reads and writes spec.replicas through autoscaling/v1 Scale', async () => {
    const DEPS = '/apis/apps/v1/namespaces/default/deployments';
    await s.req('POST', DEPS, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'sc' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'sc' } }, template: { metadata: { labels: { app: 'sc' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const scale = await s.req('GET', `${DEPS}/sc/scale`);
    expect(scale.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { replicas: 0, selector: 'app=sc' } });
    const put = await s.req('PUT', `${DEPS}/sc/scale`, { ...scale.body, spec: { replicas: 5 } });
    expect(put.status).toBe(200);
    expect(put.body.spec.replicas).toBe(5);
    const patched = await s.req('PATCH', `${DEPS}/sc/scale`, { spec: { replicas: 4 } }, { 'content-type': 'application/merge-patch+json' });
    expect(patched.body.spec.replicas).toBe(4);
    const dep = (await s.req('GET', `${DEPS}/sc`)).body;
    expect(dep.spec.replicas).toBe(4);
    expect(dep.metadata.generation).toBe(3);
    const stale = await s.req('PUT', `${DEPS}/sc/scale`, { ...scale.body, spec: { replicas: 1 } });
    expect(stale.status).toBe(409);
    const negative = await s.req('PATCH', `${DEPS}/sc/scale`, { spec: { replicas: -1 } }, { 'content-type': 'application/merge-patch+json' });
    expect(negative.status).toBe(422);
  });
});
