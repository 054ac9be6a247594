import { describe, it, expect } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StatusError } from '@mk/api';
import { KubeClient } from './client.js';
import { ConnectionError, statusErrorFromResponse } from './errors.js';

describe('statusErrorFromResponse', () => {
  it("keeps the server's Status", () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "web" not found',
      reason: 'NotFound',
      details: { name: 'web', kind: 'pods' },
      code: 404,
    });
    const err = statusErrorFromResponse(404, body);
    expect(err).toBeInstanceOf(StatusError);
    expect(err.message).toBe('pods "web" not found');
    expect(err.status.details?.name).toBe('web');
  });

  it("words a response without a Status as client-go's generic errors", () => {
    expect(statusErrorFromResponse(404, '404 page not found').message).toBe('the server could not find the requested resource');
    expect(statusErrorFromResponse(404, '').reason).toBe('NotFound');
    expect(statusErrorFromResponse(500, 'boom').message).toBe(
      'an error on the server ("boom") has prevented the request from succeeding',
    );
  });
});

describe('KubeClient connection errors', () => {
  it("says the connection was refused in kubectl's words", async () => {
    // A port that was just free: bind, read the port, close.
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));

    const client = new KubeClient({ server: `http://127.0.0.1:${port}` });
    try {
      const err = await client.get('pods', 'default', 'web').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as Error).message).toBe(
        `The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?`,
      );
    } finally {
      await client.close();
    }
  });

  it('rejects a server that is not an http(s) URL', () => {
    expect(() => new KubeClient({ server: 'ftp://x' })).toThrow(/must be an http/);
  });
});
