import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerOpenAPI } from './index.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  registerOpenAPI(app);
  await app.ready();
});
afterAll(() => app.close());

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function get(url: string, accept = 'application/json') {
  const res = await app.inject({ method: 'GET', url, headers: { accept } });
  return res;
}

/** A minimal protobuf reader: top-level fields of a message as [field, bytes|number]. */
function fields(buf: Buffer): Array<[number, Buffer | number]> {
  const out: Array<[number, Buffer | number]> = [];
  let i = 0;
  const varint = () => {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = buf[i++];
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 128;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const wire = key & 7;
    const field = Math.floor(key / 8);
    if (wire === 0) out.push([field, varint()]);
    else if (wire === 2) {
      const len = varint();
      out.push([field, buf.subarray(i, i + len)]);
      i += len;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}
const sub = (buf: Buffer, n: number) => fields(buf).filter(([f]) => f === n).map(([, v]) => v as Buffer);

describe('OpenAPI v3', () => {
  it('renders every group version', async () => {
    const root = (await get('/openapi/v3')).json() as J;
    for (const [path, { serverRelativeURL }] of Object.entries(root.paths as Record<string, { serverRelativeURL: string }>)) {
      const res = await get(serverRelativeURL);
      expect(res.statusCode, path).toBe(200);
      expect((res.json() as J).components.schemas, path).toBeDefined();
    }
  });

  it('/openapi/v3 lists each group version with a hashed URL', async () => {
    const root = (await get('/openapi/v3')).json() as J;
    expect(Object.keys(root.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/policy/v1']));
    expect(root.paths['api/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    const res = await get(root.paths['apis/apps/v1'].serverRelativeURL);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, immutable');
    expect((await get('/openapi/v3/apis/nothing/v1')).statusCode).toBe(404);
  });

  it('every PATCH operation declares fieldValidation and its kind, so kubectl validates on the server', async () => {
    const doc = (await get('/openapi/v3/api/v1')).json() as J;
    expect(doc.openapi).toBe('3.0.0');
    const patches = Object.entries(doc.paths as J).filter(([, item]) => item.patch);
    expect(patches.length).toBeGreaterThan(10);
    for (const [path, item] of patches) {
      expect(item.patch['x-kubernetes-group-version-kind'], path).toBeDefined();
      expect(item.patch.parameters.map((p: J) => p.name), path).toContain('fieldValidation');
    }
    const pod = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'];
    expect(pod.patch['x-kubernetes-group-version-kind']).toEqual({ group: '', kind: 'Pod', version: 'v1' });
    expect(Object.keys(pod.patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
    expect(pod.parameters.map((p: J) => p.name)).toEqual(['name', 'namespace', 'pretty']);
    expect(doc.paths['/api/v1/nodes/{name}'].parameters.map((p: J) => p.name)).toEqual(['name', 'pretty']);
    expect(doc.paths['/api/v1/pods'].get['x-kubernetes-action']).toBe('list');
  });

  it('schemas carry the kind and the strategic merge keys kubectl apply needs', async () => {
    const doc = (await get('/openapi/v3/apis/apps/v1')).json() as J;
    const d = doc.components.schemas['io.k8s.api.apps.v1.Deployment'];
    expect(d['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    // Shared structs are named definitions, referenced as Kubernetes does (allOf + description).
    const schemas = doc.components.schemas;
    expect(d.properties.spec).toMatchObject({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }] });
    const spec = schemas['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(spec.properties.template).toMatchObject({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec' }] });
    const podSpec = schemas['io.k8s.api.core.v1.PodSpec'];
    expect(podSpec.properties.containers).toMatchObject({
      type: 'array',
      items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }] },
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'name',
    });
    expect(schemas['io.k8s.api.core.v1.Container'].properties.ports).toMatchObject({ 'x-kubernetes-patch-merge-key': 'containerPort' });
    // A group version's document carries only what its kinds reach.
    expect(schemas['io.k8s.api.core.v1.NodeSpec']).toBeUndefined();
    expect(schemas['io.k8s.api.core.v1.Container'].properties.image.description).toMatch(/^Container image name/);
    expect(spec.properties.replicas).toMatchObject({ type: 'integer', format: 'int32', description: expect.stringMatching(/^Number of desired pods/) });
    expect(doc.components.schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
    const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'];
    expect(scale.patch['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', kind: 'Scale', version: 'v1' });
  });
});

describe('OpenAPI v2', () => {
  it('serves Swagger 2.0 JSON with definitions and operations', async () => {
    const doc = (await get('/openapi/v2')).json() as J;
    expect(doc.swagger).toBe('2.0');
    expect(doc.definitions['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
    expect(doc.definitions['io.k8s.api.core.v1.PodList'].properties.items.items.$ref).toBe('#/definitions/io.k8s.api.core.v1.Pod');
    // Swagger 2.0 references directly, without the allOf wrapper.
    expect(doc.definitions['io.k8s.api.core.v1.Pod'].properties.spec).toMatchObject({ $ref: '#/definitions/io.k8s.api.core.v1.PodSpec' });
    expect(JSON.stringify(doc)).not.toContain('allOf');
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch.parameters.map((p: J) => p.name)).toEqual(['body', 'dryRun', 'fieldManager', 'fieldValidation', 'force']);
  });

  it('serves gnostic protobuf to clients that ask for it (client-go discovery)', async () => {
    const res = await get('/openapi/v2', 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
    expect(res.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    const doc = res.rawPayload;
    expect(sub(doc, 1)[0].toString()).toBe('2.0');
    // definitions (9) -> NamedSchema (1) { name 1, Schema 2 { vendor_extension 31 { name 1, Any 2 { yaml 2 } } } }
    const named = sub(sub(doc, 9)[0], 1);
    const pod = named.find((n) => sub(n, 1)[0].toString() === 'io.k8s.api.core.v1.Pod');
    expect(pod).toBeDefined();
    const ext = sub(sub(pod!, 2)[0], 31).map((e) => [sub(e, 1)[0].toString(), sub(sub(e, 2)[0], 2)[0].toString()]);
    expect(ext).toContainEqual(['x-kubernetes-group-version-kind', '[{"group":"","kind":"Pod","version":"v1"}]\n']);
    // paths (8) -> NamedPathItem (2) { name 1, PathItem 2 { patch 8 { parameters 8 } } }
    const items = sub(sub(doc, 8)[0], 2);
    const podPath = items.find((n) => sub(n, 1)[0].toString() === '/api/v1/namespaces/{namespace}/pods/{name}')!;
    const patch = sub(sub(podPath, 2)[0], 8)[0];
    const queryNames = sub(patch, 8)
      .map((p) => sub(sub(p, 1)[0], 2)[0])
      .filter(Boolean)
      .map((nonBody) => sub(sub(nonBody, 3)[0], 4)[0].toString());
    expect(queryNames).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force']);
  });
});
