import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeHttpTransport } from './node-http.js';

describe('NodeHttpTransport', () => {
  let server: Server;
  let url: string;
  const sockets = new Set<unknown>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      sockets.add(req.socket);
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => (body += d));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/missing') res.statusCode = 404;
        res.end(JSON.stringify({ method: req.method, url: req.url, body, length: req.headers['content-length'] ?? null, accept: req.headers.accept ?? null }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends method, path, headers and body, and returns status, headers and text', async () => {
    const t = new NodeHttpTransport({ server: url });
    const res = await t.request('POST', '/api/v1/namespaces/default/pods?dryRun=All', { accept: 'application/json' }, '{"kind":"Pod","name":"é"}');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({ method: 'POST', url: '/api/v1/namespaces/default/pods?dryRun=All', body: '{"kind":"Pod","name":"é"}', length: '26', accept: 'application/json' });
    await t.close();
  });

  it('resolves (does not reject) for error statuses and reuses one connection', async () => {
    const t = new NodeHttpTransport({ server: url });
    sockets.clear();
    expect((await t.request('GET', '/missing', {})).statusCode).toBe(404);
    expect((await t.request('GET', '/ok', {})).statusCode).toBe(200);
    expect(sockets.size).toBe(1);
    await t.close();
  });

  it('rejects with the socket error when nothing listens', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const t = new NodeHttpTransport({ server: `http://127.0.0.1:${port}` });
    await expect(t.request('GET', '/', {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses servers that are not http(s) URLs', () => {
    expect(() => new NodeHttpTransport({ server: 'ftp://example.com' })).toThrow('must be an http:// or https:// URL');
  });
});
