// Shared setup for the client's integration tests: a real apiserver on a temporary LevelDB
// and a client for it, started before the file's tests and removed after.
import { afterAll, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@mk/apiserver';
import { KubeClient } from '@mk/client';

export interface TestApi {
  server: ApiServer;
  client: KubeClient;
}

/** Registers beforeAll/afterAll; the returned object is filled in once the server is up. */
export function useApiServer(name: string): TestApi {
  const api = {} as TestApi;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `mk-${name}-`));
    api.server = await startApiServer({ dataDir: dir, port: 0, logLevel: 'warn' });
    api.client = new KubeClient({ server: api.server.url });
  });
  afterAll(async () => {
    await api.client?.close();
    await api.server?.close();
    await rm(dir, { recursive: true, force: true });
  });
  return api;
}

/** Polls until cond holds (the test's timeout bounds it). */
export async function until(cond: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 10));
}
