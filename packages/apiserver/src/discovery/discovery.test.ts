import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { aggregatedVersion, registerDiscovery } from './index.js';

const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  registerDiscovery(app);
  await app.ready();
});
afterAll(() => app.close());

async function get(url: string, accept = 'application/json') {
  const res = await app.inject({ method: 'GET', url, headers: { accept } });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json() };
}

interface Res {
  name: string;
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
}

describe('discovery', () => {
  it('/api is APIVersions with v1', async () => {
    const r = await get('/api');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    expect(r.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    expect(r.body.serverAddressByClientCIDRs[0].clientCIDR).toBe('0.0.0.0/0');
  });

  it('/apis lists the groups with their preferred versions, apps first', async () => {
    const r = await get('/apis');
    expect(r.body.kind).toBe('APIGroupList');
    const names = r.body.groups.map((g: { name: string }) => g.name);
    expect(names[0]).toBe('apps');
    expect(names).toEqual(expect.arrayContaining(['apps', 'batch', 'policy', 'coordination.k8s.io', 'discovery.k8s.io', 'scheduling.k8s.io']));
    expect(r.body.groups[0]).toEqual({ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } });
  });

  it('/apis/{group} is an APIGroup; unknown groups and versions are 404 Status', async () => {
    expect((await get('/apis/batch')).body).toMatchObject({ kind: 'APIGroup', name: 'batch', preferredVersion: { groupVersion: 'batch/v1' } });
    const missing = await get('/apis/example.com');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
    expect((await get('/apis/apps/v1beta9')).status).toBe(404);
    expect((await get('/api/v2')).status).toBe(404);
  });

  it('/api/v1 lists resources and subresources, sorted, with kinds of other groups where Kubernetes has them', async () => {
    const r = await get('/api/v1');
    expect(r.body).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    const res: Res[] = r.body.resources;
    const names = res.map((x) => x.name);
    expect(names).toEqual([...names].sort());
    const byName = new Map(res.map((x) => [x.name, x]));
    expect(byName.get('pods')).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], singularName: 'pod' });
    expect(byName.get('pods')!.verbs).toEqual(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    expect(byName.get('pods/status')).toMatchObject({ kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    expect(byName.get('pods/binding')).toMatchObject({ kind: 'Binding', verbs: ['create'] });
    expect(byName.get('pods/eviction')).toMatchObject({ group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    expect(byName.get('pods/log')).toMatchObject({ kind: 'Pod', verbs: ['get'] });
    expect(byName.get('pods/exec')).toMatchObject({ kind: 'PodExecOptions' });
    expect(byName.get('nodes')).toMatchObject({ namespaced: false, shortNames: ['no'] });
  });

  it('/apis/apps/v1 has deployments/scale as autoscaling/v1 Scale', async () => {
    const res: Res[] = (await get('/apis/apps/v1')).body.resources;
    expect(res.find((x) => x.name === 'deployments')).toMatchObject({ kind: 'Deployment', shortNames: ['deploy'] });
    expect(res.find((x) => x.name === 'deployments/scale')).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  });

  it('serves aggregated discovery (apidiscovery.k8s.io/v2) when kubectl asks for it', async () => {
    const core = await get('/api', KUBECTL_ACCEPT);
    expect(core.type).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(core.body).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    const v1 = core.body.items[0].versions[0];
    expect(v1.version).toBe('v1');
    expect(v1.freshness).toBe('Current');
    const pods = v1.resources.find((x: { resource: string }) => x.resource === 'pods');
    expect(pods).toMatchObject({ responseKind: { group: '', version: 'v1', kind: 'Pod' }, scope: 'Namespaced', singularResource: 'pod', shortNames: ['po'] });
    expect(pods.subresources).toContainEqual({ subresource: 'eviction', responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] });

    const groups = await get('/apis', KUBECTL_ACCEPT);
    const apps = groups.body.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'apps');
    const deploy = apps.versions[0].resources.find((x: { resource: string }) => x.resource === 'deployments');
    expect(deploy.subresources).toContainEqual({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });

    const beta = await get('/apis', 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    expect(beta.body.apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
  });

  it('aggregatedVersion takes the first acceptable entry', () => {
    expect(aggregatedVersion(KUBECTL_ACCEPT)).toBe('v2');
    expect(aggregatedVersion('application/json')).toBeUndefined();
    expect(aggregatedVersion('application/json, */*')).toBeUndefined();
    expect(aggregatedVersion('application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json')).toBeUndefined();
    expect(aggregatedVersion(undefined)).toBeUndefined();
  });

  it('/version reports Kubernetes 1.32', async () => {
    const v = (await get('/version')).body;
    expect(v).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0+mk', gitTreeState: 'clean' });
    expect(v.platform).toMatch(/^\w+\/\w+$/);
  });
});
