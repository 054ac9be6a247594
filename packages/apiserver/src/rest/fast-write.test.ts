// The write fast path (creates, bindings, patches served around fastify) answers exactly as the
// fastify routes do: the same requests against a server with and without it give the same
// status codes, warnings and bodies (less the fields that differ by nature: uids, times).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../server.js';

interface Answer {
  status: number;
  warning: string | null;
  body: unknown;
}

const VOLATILE = new Set(['uid', 'creationTimestamp', 'resourceVersion', 'lastTransitionTime']);
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!VOLATILE.has(k)) out[k] = normalise(x);
    return out;
  }
  return v;
}

async function call(server: ApiServer, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Answer> {
  const res = await fetch(server.url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: compared as text
  }
  return { status: res.status, warning: res.headers.get('warning'), body: normalise(parsed) };
}

const PODS = '/api/v1/namespaces/default/pods';
const MERGE = 'application/merge-patch+json';
const STEPS: Array<[string, string, unknown?, string?]> = [
  ['POST', PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }],
  ['PATCH', `${PODS}/p1/status`, { status: { phase: 'Running', podIP: '10.244.0.5', conditions: [{ type: 'Ready', status: 'True' }] } }, MERGE],
  ['PATCH', `${PODS}/p1/status`, { status: { phase: 'Running', bogus: 1 } }, MERGE],
  ['PATCH', `${PODS}/p1/status?fieldValidation=Strict`, { status: { bogus: 1 } }, MERGE],
  ['PATCH', `${PODS}/p1/status`, { status: { phase: 7 } }, MERGE],
  ['PATCH', `${PODS}/p1/status?dryRun=All`, { status: { phase: 'Succeeded' } }, MERGE],
  ['PATCH', `${PODS}/p1/status?dryRun=Some`, { status: { phase: 'Succeeded' } }, MERGE],
  ['PATCH', `${PODS}/p1`, { metadata: { labels: { tier: 'web' } } }, 'application/strategic-merge-patch+json'],
  ['PATCH', `${PODS}/p1`, [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:2' }], 'application/json-patch+json'],
  ['PATCH', `${PODS}/p1`, [{ op: 'remove', path: '/metadata/nothing' }], 'application/json-patch+json'],
  ['PATCH', `${PODS}/p1`, { spec: { nodeName: 'elsewhere' } }, MERGE],
  ['PATCH', `${PODS}/p1`, '{not json', MERGE],
  ['PATCH', `${PODS}/p1`, { metadata: { labels: { x: 'y' } } }, 'application/x-unknown'],
  ['PATCH', `${PODS}/missing/status`, { status: { phase: 'Running' } }, MERGE],
  ['PATCH', `${PODS}/p1/eviction`, { status: {} }, MERGE],
  ['PATCH', `/api/v1/pods/p1`, { metadata: {} }, MERGE],
  ['POST', `${PODS}/p1/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p1' }, target: { kind: 'Node', name: 'node-1' } }],
  ['POST', `${PODS}/p1/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p1' }, target: { kind: 'Node', name: 'node-2' } }],
  ['POST', `${PODS}/missing/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'missing' }, target: { name: 'node-1' } }],
  ['POST', `${PODS}/p1/binding`, '[1]'],
  ['POST', `${PODS}/p1/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'other' }, target: { name: 'node-1' } }],
  ['POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }],
  ['PATCH', '/api/v1/nodes/n1/status', { status: { capacity: { cpu: '4' } } }, MERGE],
  ['PATCH', '/apis/apps/v1/namespaces/default/deployments/none/scale', { spec: { replicas: 2 } }, MERGE],
  ['GET', `${PODS}/p1`],
];

describe('write fast path', () => {
  let fast: ApiServer;
  let slow: ApiServer;
  const dirs: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) dirs.push(await mkdtemp(join(tmpdir(), 'mk-fast-write-')));
    fast = await startApiServer({ dataDir: dirs[0], port: 0, logLevel: 'warn' });
    slow = await startApiServer({ dataDir: dirs[1], port: 0, logLevel: 'warn', fastWrites: false });
  });
  afterAll(async () => {
    await fast?.close();
    await slow?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('answers creates, status patches, patches and bindings exactly as fastify does', async () => {
    const seen: number[] = [];
    for (const [method, path, body, ct] of STEPS) {
      const a = await call(fast, method, path, body, ct);
      const b = await call(slow, method, path, body, ct);
      expect({ step: `${method} ${path}`, ...a }).toEqual({ step: `${method} ${path}`, ...b });
      seen.push(a.status);
    }
    // The sequence covers successes and each kind of failure.
    expect(new Set(seen)).toEqual(new Set([200, 201, 400, 404, 405, 409, 415, 422]));
    const pod = (await call(fast, 'GET', `${PODS}/p1`)).body as { spec: { nodeName?: string }; status: { phase?: string } };
    expect(pod.spec.nodeName).toBe('node-1');
    expect(pod.status.phase).toBe('Running');
  });
});
