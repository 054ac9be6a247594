// Shared by the apiserver tests: a real server on 127.0.0.1 over a temporary LevelDB, and a
// small fetch wrapper that returns status, headers and the parsed body.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer, type ApiServerOptions } from '@mk/apiserver';

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TestServer {
  server: ApiServer;
  url: string;
  dataDir: string;
  req(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
  /** Restart on the same data directory. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(opts: Partial<ApiServerOptions> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mk-apiserver-'));
  let server = await startApiServer({ dataDir, port: 0, logLevel: 'warn', ...opts });
  const t: TestServer = {
    server,
    url: server.url,
    dataDir,
    async req(method, path, body, headers = {}) {
      const h: Record<string, string> = { ...headers };
      let payload: string | undefined;
      if (body !== undefined) {
        payload = typeof body === 'string' ? body : JSON.stringify(body);
        h['content-type'] ??= 'application/json';
      }
      const res = await fetch(t.url + path, { method, body: payload, headers: h });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, text, body: parsed };
    },
    async restart() {
      await server.close();
      server = await startApiServer({ dataDir, port: 0, logLevel: 'warn', ...opts });
      t.server = server;
      t.url = server.url;
    },
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

export function pod(name: string, extra: Record<string, unknown> = {}, namespace = 'default'): Record<string, unknown> {
  const { spec, metadata, ...rest } = extra as { spec?: Record<string, unknown>; metadata?: Record<string, unknown> };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...(metadata ?? {}) },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...(spec ?? {}) },
    ...rest,
  };
}

export const PODS = '/api/v1/namespaces/default/pods';
