// KubeClient's wire handling against a real HTTP server that sends what an apiserver may send
// but cannot be made to on demand: bodies cut into tiny chunks (inside UTF-8 characters),
// a BOM, repeated and oddly cased Warning headers, 1xx interim responses, a stalled watch.
// The verbs themselves are tested against the real apiserver in client-rest.test.ts.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeObject, WatchEvent } from '@mk/api';
import { StatusError } from '@mk/api';
import { KubeClient, type RawResponse } from '@mk/client';

type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

let server: Server;
let url: string;
const routes = new Map<string, Route>();
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const route = routes.get(`${req.method} ${req.url}`);
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no route');
        return;
      }
      void route(req, res, body);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Write `data` a few bytes at a time, each write flushed on its own. */
async function trickle(res: ServerResponse, data: Buffer, size: number): Promise<void> {
  for (let i = 0; i < data.length; i += size) {
    res.write(data.subarray(i, i + size));
    await sleep(1);
  }
}

const cm = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', resourceVersion: '7' },
  data: { greeting: 'grüße ✓ 日本' },
});

describe('KubeClient on the wire', () => {
  it('decodes a body cut inside UTF-8 characters and one that starts with a BOM', async () => {
    const obj = cm('chunked');
    routes.set('GET /api/v1/namespaces/default/configmaps/chunked', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      await trickle(res, Buffer.from(JSON.stringify(obj)), 3);
      res.end();
    });
    routes.set('GET /api/v1/namespaces/default/configmaps/bom', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(cm('bom')))]));
    });
    const client = new KubeClient({ server: url });
    try {
      expect(await client.get('configmaps', 'default', 'chunked')).toEqual(obj);
      expect(await client.get('configmaps', 'default', 'bom')).toEqual(cm('bom'));
    } finally {
      await client.close();
    }
  });

  it('reads every Warning header whatever its case, and none from other headers', async () => {
    routes.set('POST /api/v1/namespaces/default/configmaps', (_req, res, body) => {
      res.writeHead(201, [
        'Content-Type', 'application/json',
        'WARNING', '299 - "unknown field \\"spec.foo\\""',
        'X-Warning', '299 - "not a warning header"',
        'warning', '299 - "second, with a comma", 299 - "third"',
      ]);
      res.end(body);
    });
    const warnings: string[] = [];
    const client = new KubeClient({ server: url, onWarning: (w) => warnings.push(w) });
    try {
      const created = await client.create('configmaps', cm('warned'));
      expect(created.metadata.name).toBe('warned');
      expect(warnings).toEqual(['unknown field "spec.foo"', 'second, with a comma', 'third']);
    } finally {
      await client.close();
    }
  });

  it('waits past a 1xx interim response for the real one', async () => {
    routes.set('GET /api/v1/namespaces/default/configmaps/slow', async (_req, res) => {
      res.writeProcessing();
      await sleep(5);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(cm('slow')));
    });
    const client = new KubeClient({ server: url });
    try {
      expect(await client.get('configmaps', 'default', 'slow')).toEqual(cm('slow'));
    } finally {
      await client.close();
    }
  });

  it('turns a non-JSON error body into the StatusError kubectl would show', async () => {
    routes.set('GET /api/v1/namespaces/default/configmaps/broken', (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('database is on fire\n');
    });
    routes.set('GET /api/v1/namespaces/default/configmaps/garbled', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"kind":');
    });
    const client = new KubeClient({ server: url });
    try {
      const err = await client.get('configmaps', 'default', 'broken').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).code).toBe(500);
      expect((err as StatusError).message).toBe('an error on the server ("database is on fire") has prevented the request from succeeding');
      await expect(client.get('configmaps', 'default', 'garbled')).rejects.toThrow('the server sent a response that is not JSON: {"kind":');
    } finally {
      await client.close();
    }
  });

  it('reuses keep-alive connections: a second burst opens none', async () => {
    routes.set('GET /api/v1/namespaces/default/configmaps/reused', (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(cm('reused'))), 2);
    });
    const client = new KubeClient({ server: url });
    try {
      const burst = () => Promise.all(Array.from({ length: 16 }, () => client.get('configmaps', 'default', 'reused')));
      const before = connections;
      await burst();
      const opened = connections - before;
      expect(opened).toBeGreaterThan(0);
      expect(opened).toBeLessThanOrEqual(16);
      // undici hands a socket back to the pool one event-loop turn after its response.
      await sleep(5);
      await burst();
      await sleep(5);
      await burst();
      expect(connections - before).toBe(opened);
    } finally {
      await client.close();
    }
  });

  it('sends typed verbs through an overridden requestRaw (as the CLI does)', async () => {
    routes.set('GET /api/v1/namespaces/default/configmaps/via-raw', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(cm('via-raw')));
    });
    const seen: string[] = [];
    class Recording extends KubeClient {
      override async requestRaw(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RawResponse> {
        seen.push(`${method} ${path}`);
        return super.requestRaw(method, path, body, headers);
      }
    }
    const client = new Recording({ server: url });
    try {
      expect(await client.get('configmaps', 'default', 'via-raw')).toEqual(cm('via-raw'));
      expect(seen).toEqual(['GET /api/v1/namespaces/default/configmaps/via-raw']);
    } finally {
      await client.close();
    }
  });
});

describe('KubeClient watch on the wire', () => {
  const events: WatchEvent<KubeObject>[] = [
    { type: 'ADDED', object: cm('w1') },
    { type: 'MODIFIED', object: { ...cm('w1'), metadata: { ...cm('w1').metadata, resourceVersion: '8' } } },
    { type: 'DELETED', object: cm('w2') },
  ];
  const wire = Buffer.from(events.map((e) => JSON.stringify(e)).join('\r\n') + '\n\n');

  it('parses events trickled a few bytes at a time, then ends when the server closes', async () => {
    routes.set('GET /api/v1/namespaces/default/configmaps?resourceVersion=1&watch=1', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', warning: '299 - "watch warning"' });
      await trickle(res, wire, 5);
      res.end();
    });
    const warnings: string[] = [];
    const client = new KubeClient({ server: url, onWarning: (w) => warnings.push(w) });
    try {
      const got: WatchEvent<KubeObject>[] = [];
      const err = await new Promise<Error | undefined>((resolve) => {
        client.watch('configmaps', { namespace: 'default', resourceVersion: '1' }, (ev) => got.push(ev), resolve);
      });
      expect(err).toBeUndefined();
      expect(got).toEqual(events);
      expect(warnings).toEqual(['watch warning']);
    } finally {
      await client.close();
    }
  });

  it("ends the watch with a handler's own error", async () => {
    routes.set('GET /api/v1/namespaces/default/configmaps?resourceVersion=2&watch=1', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(wire);
      // Left open: only the client can end it.
    });
    const client = new KubeClient({ server: url });
    try {
      let calls = 0;
      const err = await new Promise<Error | undefined>((resolve) => {
        client.watch(
          'configmaps',
          { namespace: 'default', resourceVersion: '2' },
          () => {
            calls++;
            throw new TypeError('handler broke');
          },
          resolve,
        );
      });
      expect(err).toBeInstanceOf(TypeError);
      expect(err?.message).toBe('handler broke');
      expect(calls).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('reports a malformed event as a SyntaxError', async () => {
    routes.set('GET /api/v1/namespaces/default/configmaps?resourceVersion=3&watch=1', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"ADDED","object":\n');
    });
    const client = new KubeClient({ server: url });
    try {
      const err = await new Promise<Error | undefined>((resolve) => {
        client.watch('configmaps', { namespace: 'default', resourceVersion: '3' }, () => {}, resolve);
      });
      expect(err).toBeInstanceOf(SyntaxError);
    } finally {
      await client.close();
    }
  });

  it('gives the Status of a refused watch, even when its body arrives in pieces', async () => {
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403, message: 'configmaps is forbidden: User "x" cannot watch resource "configmaps"' };
    routes.set('GET /api/v1/namespaces/default/configmaps?resourceVersion=4&watch=1', async (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      await trickle(res, Buffer.from(JSON.stringify(status)), 7);
      res.end();
    });
    const client = new KubeClient({ server: url });
    try {
      const err = await new Promise<Error | undefined>((resolve) => {
        client.watch('configmaps', { namespace: 'default', resourceVersion: '4' }, () => {}, resolve);
      });
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).reason).toBe('Forbidden');
      expect(err?.message).toBe(status.message);
    } finally {
      await client.close();
    }
  });

  it('stop() ends a watch before its response and after, without calling onDone', async () => {
    let closed = 0;
    routes.set('GET /api/v1/namespaces/default/configmaps?resourceVersion=5&watch=1', (req, res) => {
      req.socket.once('close', () => closed++);
      // Headers only after a while: stop() comes first.
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).write(wire);
      }, 50);
    });
    const client = new KubeClient({ server: url });
    try {
      let done = 0;
      const got: string[] = [];
      const early = client.watch('configmaps', { namespace: 'default', resourceVersion: '5' }, (ev) => got.push(ev.type), () => done++);
      await sleep(10);
      early.stop();
      const late = client.watch('configmaps', { namespace: 'default', resourceVersion: '5' }, (ev) => {
        got.push(ev.type);
        if (got.length === 3) late.stop();
      }, () => done++);
      await until(() => closed === 2);
      await sleep(20);
      expect(got).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
      expect(done).toBe(0);
    } finally {
      await client.close();
    }
  });
});

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await sleep(5);
}
