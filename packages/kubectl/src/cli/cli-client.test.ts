import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '@mk/apiserver';
import { isNotFound } from '@mk/client';
import { CliKubeClient } from './cli-client.js';

describe('CliKubeClient (node:http transport)', () => {
  let api: Awaited<ReturnType<typeof startApiServer>>;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mk-cli-client-'));
    api = await startApiServer({ dataDir: join(dir, 'data'), port: 0, logLevel: 'warn' });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, reads, lists and deletes through the typed verbs', async () => {
    const c = new CliKubeClient({ server: api.url });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { a: '1' } };
    await c.create('configmaps', cm);
    expect((await c.get<typeof cm>('configmaps', 'default', 'cfg')).data).toEqual({ a: '1' });
    expect((await c.list('configmaps', { namespace: 'default' })).items.map((i) => i.metadata.name)).toContain('cfg');
    await c.delete('configmaps', 'default', 'cfg');
    const err = await c.get('configmaps', 'default', 'cfg').catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    expect((err as Error).message).toBe('configmaps "cfg" not found');
    await c.close();
  });

  it('reports warnings and kubectl\'s words for a refused connection', async () => {
    const warnings: string[] = [];
    const c = new CliKubeClient({ server: api.url, onWarning: (m) => warnings.push(m) });
    await c.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w' }, bogus: 1 });
    expect(warnings.some((w) => w.includes('bogus'))).toBe(true);
    await c.close();
    const down = new CliKubeClient({ server: 'http://127.0.0.1:1' });
    await expect(down.request('GET', '/version')).rejects.toThrow('The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?');
  });
});
