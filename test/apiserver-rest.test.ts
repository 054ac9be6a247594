// REST behaviour of the apiserver over real HTTP with a real LevelDB: CRUD, conflicts,
// patches, deletion semantics and bad input (each with "nothing stored changed" checks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PODS, pod, startTestServer, type TestServer } from './apiserver-helpers.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s.close();
});

/** The JSON of everything in a list, to compare before/after a rejected request. */
async function snapshot(path: string): Promise<string> {
  const res = await s.req('GET', path);
  expect(res.status).toBe(200);
  return JSON.stringify(res.body.items);
}

describe('bootstrap', () => {
  it('creates the system namespaces and the kubernetes Service pointing at the server', async () => {
    const ns = await s.req('GET', '/api/v1/namespaces');
    const names = ns.body.items.map((n: { metadata: { name: string } }) => n.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']));
    const def = ns.body.items.find((n: { metadata: { name: string } }) => n.metadata.name === 'default');
    expect(def.status.phase).toBe('Active');
    expect(def.spec.finalizers).toEqual(['kubernetes']);
    const svc = await s.req('GET', '/api/v1/namespaces/default/services/kubernetes');
    expect(svc.status).toBe(200);
    expect(svc.body.spec.clusterIP).toBe('10.96.0.1');
    expect(svc.body.spec.ports[0]).toMatchObject({ name: 'https', port: 443, protocol: 'TCP' });
    const ep = await s.req('GET', '/api/v1/namespaces/default/endpoints/kubernetes');
    expect(ep.body.subsets[0].addresses[0].ip).toBe('127.0.0.1');
    expect(ep.body.subsets[0].ports[0].port).toBe(s.server.port);
    const slice = await s.req('GET', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes');
    expect(slice.status).toBe(200);
    expect(slice.body).toMatchObject({ addressType: 'IPv4', endpoints: [{ addresses: ['127.0.0.1'] }], ports: [{ name: 'https', port: s.server.port }] });
  });

  it('points the kubernetes Endpoints at the new port after a restart', async () => {
    const other = await startTestServer();
    try {
      await other.restart();
      const ep = await other.req('GET', '/api/v1/namespaces/default/endpoints/kubernetes');
      expect(ep.body.subsets[0].ports[0].port).toBe(other.server.port);
    } finally {
      await other.close();
    }
  });

  it('answers health checks with ok', async () => {
    for (const p of ['/healthz', '/livez', '/readyz']) {
      const res = await s.req('GET', p);
      expect(res.status).toBe(200);
      expect(res.text).toBe('ok');
    }
  });
});

describe('create, get, list', () => {
  it('creates a pod with the fields the server owns', async () => {
    const res = await s.req('POST', PODS, pod('web'));
    expect(res.status).toBe(201);
    const m = res.body.metadata;
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(m.generation).toBe(1);
    expect(Number(m.resourceVersion)).toBeGreaterThan(0);
    expect(res.body.status.phase).toBe('Pending');
    expect(res.body.status.qosClass).toBe('BestEffort');
    // DefaultTolerationSeconds admission
    expect(res.body.spec.tolerations).toEqual(
      expect.arrayContaining([
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ]),
    );
    expect(res.body.spec.priority).toBe(0);
    const got = await s.req('GET', `${PODS}/web`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('lists in a namespace and across namespaces', async () => {
    await s.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    expect((await s.req('POST', '/api/v1/namespaces/other/pods', pod('p1', {}, 'other'))).status).toBe(201);
    const inDefault = await s.req('GET', PODS);
    expect(inDefault.body.kind).toBe('PodList');
    expect(inDefault.body.apiVersion).toBe('v1');
    expect(inDefault.body.items.every((p: { metadata: { namespace: string } }) => p.metadata.namespace === 'default')).toBe(true);
    const all = await s.req('GET', '/api/v1/pods');
    const keys = all.body.items.map((p: { metadata: { namespace: string; name: string } }) => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(keys).toEqual(expect.arrayContaining(['default/web', 'other/p1']));
    expect(Number(all.body.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it('fills a name from generateName with five characters of Kubernetes alphabet', async () => {
    const res = await s.req('POST', PODS, pod('', { metadata: { name: undefined, generateName: 'gen-' } }));
    expect(res.status).toBe(201);
    expect(res.body.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('serves groups other than core, and 409 AlreadyExists', async () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd1' },
      spec: { selector: { matchLabels: { app: 'd1' } }, template: { metadata: { labels: { app: 'd1' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    };
    const res = await s.req('POST', '/apis/apps/v1/namespaces/default/deployments', dep);
    expect(res.status).toBe(201);
    expect(res.body.spec.replicas).toBe(1);
    const again = await s.req('POST', '/apis/apps/v1/namespaces/default/deployments', dep);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', message: 'deployments.apps "d1" already exists' });
  });

  it('pages a list with limit and continue', async () => {
    for (let i = 0; i < 5; i++) await s.req('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `page-${i}`, labels: { page: 'yes' } } });
    const first = await s.req('GET', '/api/v1/namespaces/default/configmaps?labelSelector=page%3Dyes&limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.metadata.continue).toBeTruthy();
    const second = await s.req('GET', `/api/v1/namespaces/default/configmaps?labelSelector=page%3Dyes&limit=10&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect(second.body.items).toHaveLength(3);
    expect(second.body.metadata.continue).toBeUndefined();
  });

  it('answers with a Table when kubectl asks for one', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const res = await s.req('GET', PODS, undefined, { accept });
    expect(res.body.kind).toBe('Table');
    expect(res.body.columnDefinitions.map((c: { name: string }) => c.name)).toContain('Name');
    expect(res.body.rows.length).toBeGreaterThan(0);
    const one = await s.req('GET', `${PODS}/web?includeObject=Object`, undefined, { accept });
    expect(one.body.rows[0].object.kind).toBe('Pod');
  });
});

describe('update', () => {
  it('gives exactly one of two updates carrying the same resourceVersion a 409', async () => {
    const created = await s.req('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'race' }, data: { a: '0' } });
    const base = created.body;
    const [a, b] = await Promise.all([
      s.req('PUT', '/api/v1/namespaces/default/configmaps/race', { ...base, data: { a: '1' } }),
      s.req('PUT', '/api/v1/namespaces/default/configmaps/race', { ...base, data: { a: '2' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "race": the object has been modified; please apply your changes to the latest version and try again',
    });
    const winner = a.status === 200 ? a : b;
    const now = await s.req('GET', '/api/v1/namespaces/default/configmaps/race');
    expect(now.body.data).toEqual(winner.body.data);
  });

  it('treats a PUT without resourceVersion as unconditional', async () => {
    const res = await s.req('PUT', '/api/v1/namespaces/default/configmaps/race', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'race' }, data: { a: 'x' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ a: 'x' });
  });

  it('bumps generation on spec changes only and ignores status on the main resource', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments/d1';
    const cur = (await s.req('GET', path)).body;
    const labelled = await s.req('PUT', path, { ...cur, metadata: { ...cur.metadata, labels: { x: 'y' } }, status: { replicas: 7 } });
    expect(labelled.status).toBe(200);
    expect(labelled.body.metadata.generation).toBe(1);
    expect(labelled.body.status?.replicas).toBeUndefined();
    const scaled = await s.req('PUT', path, { ...labelled.body, spec: { ...labelled.body.spec, replicas: 3 } });
    expect(scaled.body.metadata.generation).toBe(2);
    expect(Number(scaled.body.metadata.resourceVersion)).toBeGreaterThan(Number(labelled.body.metadata.resourceVersion));
  });

  it('writes only status through /status', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments/d1';
    const cur = (await s.req('GET', path)).body;
    const res = await s.req('PUT', `${path}/status`, { ...cur, spec: { ...cur.spec, replicas: 9 }, status: { replicas: 3, observedGeneration: 2 } });
    expect(res.status).toBe(200);
    expect(res.body.status).toEqual({ replicas: 3, observedGeneration: 2 });
    expect(res.body.spec.replicas).toBe(3);
    expect(res.body.metadata.generation).toBe(cur.metadata.generation);
  });

  it('returns 404 for a missing object and 400 for a name that differs from the URL', async () => {
    const missing = await s.req('PUT', '/api/v1/namespaces/default/configmaps/nope', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nope' } });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('configmaps "nope" not found');
    const other = await s.req('PUT', '/api/v1/namespaces/default/configmaps/race', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } });
    expect(other.status).toBe(400);
    expect(other.body.message).toBe('the name of the object (other) does not match the name on the URL (race)');
  });
});

describe('patch', () => {
  it('applies merge, JSON and strategic merge patches', async () => {
    const merge = await s.req('PATCH', `${PODS}/web`, { metadata: { labels: { tier: 'front' } } }, { 'content-type': 'application/merge-patch+json' });
    expect(merge.status).toBe(200);
    expect(merge.body.metadata.labels).toEqual({ tier: 'front' });
    const json = await s.req('PATCH', `${PODS}/web`, [{ op: 'add', path: '/metadata/annotations', value: { a: 'b' } }], {
      'content-type': 'application/json-patch+json',
    });
    expect(json.status).toBe(200);
    expect(json.body.metadata.annotations).toEqual({ a: 'b' });
    const smp = await s.req('PATCH', `${PODS}/web`, { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } }, {
      'content-type': 'application/strategic-merge-patch+json',
    });
    expect(smp.status).toBe(200);
    expect(smp.body.spec.containers).toHaveLength(1);
    expect(smp.body.spec.containers[0].image).toBe('nginx:1.26');
    expect(smp.body.metadata.generation).toBe(2);
  });

  it('rejects a stale resourceVersion in a patch and an unknown patch type', async () => {
    const stale = await s.req('PATCH', `${PODS}/web`, { metadata: { resourceVersion: '1', labels: { z: '1' } } }, { 'content-type': 'application/merge-patch+json' });
    expect(stale.status).toBe(409);
    const unknown = await s.req('PATCH', `${PODS}/web`, {}, { 'content-type': 'text/plain' });
    expect(unknown.status).toBe(415);
    expect(unknown.body.reason).toBe('UnsupportedMediaType');
  });

  it('server-side apply creates, then merges and records the field manager', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  a: "1"\n';
    const path = '/api/v1/namespaces/default/configmaps/applied?fieldManager=kubectl';
    const created = await s.req('PATCH', path, cm, { 'content-type': 'application/apply-patch+yaml' });
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual({ a: '1' });
    expect(created.body.metadata.managedFields[0]).toMatchObject({ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1' });
    const updated = await s.req('PATCH', path, cm.replace('a: "1"', 'b: "2"'), { 'content-type': 'application/apply-patch+yaml' });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toEqual({ a: '1', b: '2' });
    expect(updated.body.metadata.managedFields).toHaveLength(1);
  });
});

describe('bad input changes nothing', () => {
  const cms = '/api/v1/namespaces/default/configmaps';
  const cases: Array<[string, () => Promise<{ status: number; body: { reason?: string; message?: string; kind?: string } }>, number, string | RegExp]> = [
    ['invalid JSON', () => s.req('POST', cms, '{"apiVersion":'), 400, /^couldn't get version\/kind; json parse error: /],
    ['a JSON array', () => s.req('POST', cms, '[]'), 400, /cannot unmarshal array into Go value/],
    ['malformed YAML', () => s.req('POST', cms, 'kind: ConfigMap\nmetadata:\n  name: x\n   bad: [', { 'content-type': 'application/yaml' }), 400, /^error converting YAML to JSON: yaml: /],
    [
      'a kind the endpoint does not serve',
      () => s.req('POST', cms, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }),
      400,
      /^Secret in version "v1" cannot be handled as a ConfigMap/,
    ],
    [
      'a wrong apiVersion',
      () => s.req('POST', '/apis/apps/v1/namespaces/default/deployments', { apiVersion: 'apps/v2', kind: 'Deployment', metadata: { name: 'x' } }),
      400,
      'the API version in the data (apps/v2) does not match the expected API version (apps/v1)',
    ],
    [
      'a namespace that differs from the path',
      () => s.req('POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'other' } }),
      400,
      'the namespace of the provided object does not match the namespace sent on the request',
    ],
    [
      'a missing name',
      () => s.req('POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }),
      422,
      'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    ],
    [
      'a missing namespace',
      () => s.req('POST', '/api/v1/namespaces/nowhere/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }),
      404,
      'namespaces "nowhere" not found',
    ],
    [
      'a body over 3 MiB',
      () => s.req('POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { a: 'x'.repeat(3 * 1024 * 1024) } }),
      413,
      'Request entity too large: limit is 3145728',
    ],
    [
      'an unknown field under fieldValidation=Strict',
      () => s.req('POST', `${PODS}?fieldValidation=Strict`, pod('strict', { spec: { foo: 1 } })),
      400,
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"',
    ],
    [
      'several unknown fields under fieldValidation=Strict',
      () => s.req('POST', `${PODS}?fieldValidation=Strict`, pod('strict2', { spec: { foo: 1, bar: 2 } })),
      400,
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo", unknown field "spec.bar"',
    ],
    ['a wrong JSON type', () => s.req('POST', PODS, pod('typed', { spec: { containers: 'nginx' } })), 400, /^Pod in version "v1" cannot be handled as a Pod: /],
    ['a name that is not a DNS subdomain', () => s.req('POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } }), 422, /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"/],
    ['an invalid dry run', () => s.req('POST', `${PODS}?dryRun=Maybe`, pod('dry')), 400, /dryRun/],
  ];
  for (const [what, send, code, message] of cases) {
    it(`rejects ${what} with ${code}`, async () => {
      const beforePods = await snapshot(PODS);
      const beforeCms = await snapshot(cms);
      const res = await send();
      expect(res.status).toBe(code);
      expect(res.body.kind).toBe('Status');
      if (typeof message === 'string') expect(res.body.message).toBe(message);
      else expect(res.body.message).toMatch(message);
      expect(await snapshot(PODS)).toBe(beforePods);
      expect(await snapshot(cms)).toBe(beforeCms);
    });
  }

  it('warns about an unknown field by default and stores the object without it', async () => {
    const res = await s.req('POST', PODS, pod('warned', { spec: { foo: 1 } }));
    expect(res.status).toBe(201);
    expect(res.headers.get('warning')).toBe('299 - "unknown field \\"spec.foo\\""');
    expect(res.body.spec.foo).toBeUndefined();
  });

  it('accepts YAML bodies', async () => {
    const res = await s.req('POST', cms, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n', { 'content-type': 'application/yaml' });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ k: 'v' });
  });

  it('runs dryRun=All without storing', async () => {
    const before = await snapshot(PODS);
    const res = await s.req('POST', `${PODS}?dryRun=All`, pod('dry'));
    expect(res.status).toBe(201);
    expect(res.body.metadata.uid).toBeTruthy();
    expect(await snapshot(PODS)).toBe(before);
  });

  it('answers unknown paths with 404 and unsupported verbs with 405', async () => {
    const unknown = await s.req('GET', '/api/v1/widgets');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource' });
    expect((await s.req('GET', '/nothing/here')).status).toBe(404);
    const put = await s.req('PUT', PODS, pod('x'));
    expect(put.status).toBe(405);
    expect(put.body.reason).toBe('MethodNotAllowed');
  });
});

describe('delete', () => {
  it('answers an immediate ConfigMap delete with a Status and a pod delete with the pod', async () => {
    await s.req('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gone' } });
    const res = await s.req('DELETE', '/api/v1/namespaces/default/configmaps/gone');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'gone', kind: 'configmaps' } });
    expect((await s.req('GET', '/api/v1/namespaces/default/configmaps/gone')).status).toBe(404);
    // An unscheduled pod has no kubelet to wait for: it goes at once.
    await s.req('POST', PODS, pod('unscheduled'));
    const del = await s.req('DELETE', `${PODS}/unscheduled`);
    expect(del.status).toBe(200);
    expect(del.body.kind).toBe('Pod');
    expect((await s.req('GET', `${PODS}/unscheduled`)).status).toBe(404);
  });

  it('deletes a pod on a node gracefully', async () => {
    await s.req('POST', PODS, pod('graceful', { spec: { nodeName: 'node-1', terminationGracePeriodSeconds: 30 } }));
    const del = await s.req('DELETE', `${PODS}/graceful`);
    expect(del.status).toBe(200);
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    expect(del.body.metadata.deletionGracePeriodSeconds).toBe(30);
    const still = await s.req('GET', `${PODS}/graceful`);
    expect(still.status).toBe(200);
    // The kubelet finishes with grace 0.
    const final = await s.req('DELETE', `${PODS}/graceful`, { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 });
    expect(final.status).toBe(200);
    expect((await s.req('GET', `${PODS}/graceful`)).status).toBe(404);
  });

  it('keeps an object with finalizers until the last one is removed', async () => {
    const path = '/api/v1/namespaces/default/configmaps/fin';
    await s.req('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fin', finalizers: ['example.com/hold'] } });
    const del = await s.req('DELETE', path);
    expect(del.status).toBe(200);
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    const held = await s.req('GET', path);
    expect(held.status).toBe(200);
    const added = await s.req('PATCH', path, { metadata: { finalizers: ['example.com/hold', 'another'] } }, { 'content-type': 'application/merge-patch+json' });
    expect(added.status).toBe(422);
    const released = await s.req('PATCH', path, { metadata: { finalizers: null } }, { 'content-type': 'application/merge-patch+json' });
    expect(released.status).toBe(200);
    expect((await s.req('GET', path)).status).toBe(404);
  });

  it('adds the foregroundDeletion or orphan finalizer for those propagation policies', async () => {
    const cms = '/api/v1/namespaces/default/configmaps';
    await s.req('POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fg' } });
    const fg = await s.req('DELETE', `${cms}/fg`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' });
    expect(fg.body.metadata.finalizers).toEqual(['foregroundDeletion']);
    await s.req('POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'or' } });
    const or = await s.req('DELETE', `${cms}/or?propagationPolicy=Orphan`);
    expect(or.body.metadata.finalizers).toEqual(['orphan']);
  });

  it('checks delete preconditions', async () => {
    await s.req('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pre' } });
    const res = await s.req('DELETE', '/api/v1/namespaces/default/configmaps/pre', { preconditions: { uid: 'not-the-uid' } });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/^Operation cannot be fulfilled on configmaps "pre": Precondition failed: UID in precondition: not-the-uid, UID in object meta: /);
    expect((await s.req('GET', '/api/v1/namespaces/default/configmaps/pre')).status).toBe(200);
  });

  it('deletes a collection by label selector', async () => {
    const cms = '/api/v1/namespaces/default/configmaps';
    for (const n of ['c1', 'c2']) await s.req('POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, labels: { sweep: 'me' } } });
    const res = await s.req('DELETE', `${cms}?labelSelector=sweep%3Dme`);
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('ConfigMapList');
    expect(res.body.items).toHaveLength(2);
    expect((await s.req('GET', `${cms}?labelSelector=sweep%3Dme`)).body.items).toHaveLength(0);
  });

  it('terminates a namespace: its contents go, then the namespace; no new content meanwhile', async () => {
    await s.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    await s.req('POST', '/api/v1/namespaces/doomed/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    // A pod on a node keeps the namespace Terminating until its kubelet deletes it.
    await s.req('POST', '/api/v1/namespaces/doomed/pods', pod('held', { spec: { nodeName: 'node-1' } }, 'doomed'));
    const del = await s.req('DELETE', '/api/v1/namespaces/doomed');
    expect(del.status).toBe(200);
    expect(del.body.status.phase).toBe('Terminating');
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    const refused = await s.req('POST', '/api/v1/namespaces/doomed/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated');
    await waitFor(async () => (await s.req('GET', '/api/v1/namespaces/doomed/configmaps/x')).status === 404);
    const heldPod = await s.req('GET', '/api/v1/namespaces/doomed/pods/held');
    expect(heldPod.body.metadata.deletionTimestamp).toBeTruthy();
    await s.req('DELETE', '/api/v1/namespaces/doomed/pods/held?gracePeriodSeconds=0');
    await waitFor(async () => (await s.req('GET', '/api/v1/namespaces/doomed')).status === 404);
  });

  it('refuses to delete the default namespace', async () => {
    const res = await s.req('DELETE', '/api/v1/namespaces/default');
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('namespaces "default" is forbidden: this namespace may not be deleted');
  });
});

async function waitFor(cond: () => Promise<boolean>, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met');
}
