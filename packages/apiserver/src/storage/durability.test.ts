// Storage-level crash test: a child process creates pods and prints each acknowledged one; we
// SIGKILL it mid-stream and check that every acknowledged pod survived and that
// resourceVersions keep rising after the reopen.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { openStore } from './index.js';
import { PODS, tempDir } from './test-helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = join(here, '../../../..');

/**
 * Bundle the child script from source (unit tests run without a build). The bundle goes under
 * node_modules/.cache so that it resolves classic-level from the repo's node_modules.
 */
async function bundleChild(): Promise<string> {
  const outDir = join(repoRoot, 'node_modules', '.cache', 'mk-storage-test');
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, `durability-child-${process.pid}.mjs`);
  await build({
    entryPoints: [join(here, 'durability-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias: { '@mk/api': join(here, '../../../api/src/index.ts') },
    logLevel: 'silent',
  });
  return outfile;
}

describe('durability across SIGKILL', () => {
  it('every acknowledged create survives a kill -9, and new resourceVersions are higher', async () => {
    const t = await tempDir();
    let cleanupScript = async () => undefined as void;
    try {
      const script = await bundleChild();
      cleanupScript = () => rm(script, { force: true });
      const dataDir = join(t.dir, 'data');
      const child = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot });
      const acked = new Map<string, number>();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await new Promise<void>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          const lines = buf.split('\n');
          buf = lines.pop() ?? '';
          for (const line of lines) {
            const [name, rv] = line.split(' ');
            if (name !== 'ready') acked.set(name, Number(rv));
          }
          if (acked.size >= 2000 && !child.killed) {
            child.kill('SIGKILL');
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`child exited before it was killed: ${stderr}`)));
      });
      expect(await exited).toBe('SIGKILL');

      const store = await openStore({ dataDir });
      try {
        const maxAcked = Math.max(...acked.values());
        for (const [name, rv] of acked) {
          const e = store.get(PODS, 'default', name);
          expect(e, `acknowledged pod ${name} is missing`).toBeDefined();
          expect(e?.resourceVersion).toBe(rv);
        }
        expect(store.resourceVersion).toBeGreaterThanOrEqual(maxAcked);
        const next = await store.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'after-crash', namespace: 'default' } });
        const all = store.list(PODS, {}).items;
        expect(next.resourceVersion).toBeGreaterThan(Math.max(...all.filter((e) => e.object.metadata.name !== 'after-crash').map((e) => e.resourceVersion)));
      } finally {
        await store.close();
      }
    } finally {
      await cleanupScript();
      await t.cleanup();
    }
  });
});
