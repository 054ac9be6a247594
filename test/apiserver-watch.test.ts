// Watch over chunked HTTP and over WebSocket: every event, in order; 410 for an expired
// resourceVersion; Table events for `kubectl get -w`.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './apiserver-helpers.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ watchCacheSize: 50 });
});
afterAll(async () => {
  await s.close();
});

const CMS = '/api/v1/namespaces/default/configmaps';
const cm = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } });

interface Event {
  type: string;
  object: { kind: string; metadata: { name?: string; resourceVersion?: string }; code?: number; reason?: string; message?: string; rows?: unknown[] };
}

/** Opens an HTTP watch; collects parsed events until `until` says stop. */
function httpWatch(path: string, until: (evs: Event[]) => boolean, headers: Record<string, string> = {}) {
  return new Promise<{ events: Event[]; headers: Record<string, string | string[] | undefined>; status: number }>((resolve, reject) => {
    const u = new URL(s.url + path);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers }, (res) => {
      const events: Event[] = [];
      let buf = '';
      res.setEncoding('utf8');
      const finish = () => resolve({ events, headers: res.headers, status: res.statusCode ?? 0 });
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, i)) as Event);
          buf = buf.slice(i + 1);
        }
        if (until(events)) {
          req.destroy();
          finish();
        }
      });
      res.on('end', finish);
    });
    req.on('error', (e) => {
      if ((e as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(e);
    });
    req.end();
  });
}

async function listRV(): Promise<string> {
  return (await s.req('GET', CMS)).body.metadata.resourceVersion;
}

describe('HTTP watch', () => {
  it('streams every event from N creates in order over chunked JSON lines', async () => {
    const rv = await listRV();
    const N = 30;
    const watching = httpWatch(`${CMS}?watch=1&resourceVersion=${rv}&labelSelector=batch%3Dh`, (evs) => evs.length >= N + 2);
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < N; i++) expect((await s.req('POST', CMS, cm(`h-${i}`, { batch: 'h' }))).status).toBe(201);
    await s.req('PATCH', `${CMS}/h-0`, { data: { a: 'b' } }, { 'content-type': 'application/merge-patch+json' });
    await s.req('DELETE', `${CMS}/h-1`);
    const { events, headers, status } = await watching;
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['transfer-encoding']).toBe('chunked');
    expect(events.slice(0, N).map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(Array.from({ length: N }, (_, i) => `ADDED h-${i}`));
    expect(events[N].type).toBe('MODIFIED');
    expect(events[N + 1]).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'h-1' } } });
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
  });

  it('starts with ADDED events for what exists when no resourceVersion is given', async () => {
    const { events } = await httpWatch(`${CMS}?watch=true&labelSelector=batch%3Dh`, (evs) => evs.length >= 29);
    expect(events.every((e) => e.type === 'ADDED')).toBe(true);
  });

  it('watches one object by name', async () => {
    const rv = await listRV();
    const watching = httpWatch(`${CMS}/h-2?watch=1&resourceVersion=${rv}`, (evs) => evs.length >= 1);
    await new Promise((r) => setTimeout(r, 50));
    await s.req('PATCH', `${CMS}/h-3`, { data: { a: 'b' } }, { 'content-type': 'application/merge-patch+json' });
    await s.req('PATCH', `${CMS}/h-2`, { data: { a: 'b' } }, { 'content-type': 'application/merge-patch+json' });
    const { events } = await watching;
    expect(events[0]).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'h-2' } } });
  });

  it('answers an expired resourceVersion with 200 and an ERROR event carrying 410 Expired', async () => {
    for (let i = 0; i < 60; i++) await s.req('POST', CMS, cm(`churn-${i}`));
    const { status, events } = await httpWatch(`${CMS}?watch=1&resourceVersion=2`, () => false);
    expect(status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('ERROR');
    expect(events[0].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(events[0].object.message).toMatch(/^too old resource version: 2 \(\d+\)$/);
  });

  it('ends the stream after timeoutSeconds', async () => {
    const rv = await listRV();
    const { status, events } = await httpWatch(`${CMS}?watch=1&resourceVersion=${rv}&timeoutSeconds=1`, () => false);
    expect(status).toBe(200);
    expect(events).toEqual([]);
  });

  it('sends one-row Tables when kubectl get -w asks for them', async () => {
    const rv = await listRV();
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const watching = httpWatch(`${CMS}?watch=1&resourceVersion=${rv}`, (evs) => evs.length >= 2, { accept });
    await new Promise((r) => setTimeout(r, 50));
    await s.req('POST', CMS, cm('tabled'));
    await s.req('POST', CMS, cm('tabled2'));
    const { events } = await watching;
    expect(events[0].type).toBe('ADDED');
    expect(events[0].object.kind).toBe('Table');
    expect(events[0].object.rows).toHaveLength(1);
    // As Kubernetes: columns only in the first event of the watch.
    expect((events[0].object.columnDefinitions as Array<{ name: string }>).map((c) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(events[1].object.kind).toBe('Table');
    expect(events[1].object.columnDefinitions).toEqual([]);
    expect(events[1].object.rows).toHaveLength(1);
  });

  it('rejects a malformed selector with 400 before streaming', async () => {
    const res = await s.req('GET', `${CMS}?watch=1&labelSelector=a%20in%20(`);
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('BadRequest');
  });
});

describe('WebSocket watch', () => {
  function wsWatch(path: string, until: (evs: Event[]) => boolean) {
    return new Promise<{ events: Event[]; ws: WebSocket }>((resolve, reject) => {
      const ws = new WebSocket(s.url.replace('http', 'ws') + path);
      const events: Event[] = [];
      const opened = new Promise<void>((r) => ws.on('open', () => r()));
      ws.on('message', (data) => {
        events.push(JSON.parse(String(data)) as Event);
        if (until(events)) {
          ws.close();
          resolve({ events, ws });
        }
      });
      ws.on('close', () => resolve({ events, ws }));
      ws.on('error', reject);
      (ws as unknown as { opened: Promise<void> }).opened = opened;
    });
  }

  it('delivers every event in order, one per message', async () => {
    const rv = await listRV();
    const N = 25;
    const watching = wsWatch(`${CMS}?watch=1&resourceVersion=${rv}&labelSelector=batch%3Dw`, (evs) => evs.length >= N);
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < N; i++) await s.req('POST', CMS, cm(`w-${i}`, { batch: 'w' }));
    const { events } = await watching;
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(Array.from({ length: N }, (_, i) => `ADDED w-${i}`));
  });

  it('sends an ERROR event with 410 for an expired resourceVersion', async () => {
    const { events } = await wsWatch(`${CMS}?watch=1&resourceVersion=2`, (evs) => evs.length >= 1);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });
});

describe('bookmarks', () => {
  it('sends BOOKMARK events to watchers that allow them', async () => {
    const b = await startTestServer({ bookmarkIntervalMs: 100 });
    try {
      const rv = (await b.req('GET', CMS)).body.metadata.resourceVersion;
      const u = new URL(`${b.url}${CMS}?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`);
      const first = await new Promise<Event>((resolve, reject) => {
        const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search }, (res) => {
          res.setEncoding('utf8');
          res.once('data', (chunk: string) => {
            resolve(JSON.parse(chunk.split('\n')[0]) as Event);
            req.destroy();
          });
        });
        req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
        req.end();
      });
      expect(first.type).toBe('BOOKMARK');
      expect(first.object.kind).toBe('ConfigMap');
      expect(Number(first.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(rv));
    } finally {
      await b.close();
    }
  });
});

describe('slow watchers', () => {
  it('closes a watcher that does not read, so its client relists', async () => {
    const small = await startTestServer({ watchBufferLimitBytes: 64 * 1024 });
    try {
      const { connect } = await import('node:net');
      const u = new URL(small.url);
      const sock = connect(Number(u.port), u.hostname);
      await new Promise<void>((r) => sock.once('connect', () => r()));
      sock.write(`GET ${CMS}?watch=1 HTTP/1.1\r\nHost: x\r\n\r\n`);
      const closed = new Promise<void>((r) => sock.once('close', () => r()));
      sock.pause(); // never read: the server's buffer for this watcher grows
      const big = 'x'.repeat(1024 * 1024);
      let n = 0;
      let done = false;
      void closed.then(() => (done = true));
      // Loopback socket buffers hold a few MiB before the server sees the backlog.
      while (!done && n < 100) {
        expect((await small.req('POST', CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `big-${n++}` }, data: { big } })).status).toBe(201);
      }
      sock.resume();
      await closed;
      expect(done).toBe(true);
      // The server is fine and a fresh watch works.
      expect((await small.req('GET', `${CMS}?limit=1`)).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});
