// Durability: the built mk-apiserver is killed with SIGKILL while creates stream in; after a
// restart on the same data directory every create that was answered 201 is there, unchanged,
// and resourceVersions keep rising.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(root, 'packages/apiserver/dist/bin/mk-apiserver.js');

function ensureBuilt(): void {
  // `npm test` builds first; a bare `vitest run` of this file builds here.
  if (!existsSync(BIN)) execFileSync('npx', ['tsc', '-b', 'packages/apiserver'], { cwd: root, stdio: 'inherit' });
}

function startBin(dataDir: string): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN, '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /mk-apiserver listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    proc.on('exit', (code) => reject(new Error(`mk-apiserver exited (${code}) before it was ready: ${err}`)));
  });
}

const dirs: string[] = [];
const procs: ChildProcess[] = [];
afterAll(async () => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('mk-apiserver durability', () => {
  it('keeps every acknowledged create across kill -9', async () => {
    ensureBuilt();
    const dataDir = await mkdtemp(join(tmpdir(), 'mk-durability-'));
    dirs.push(dataDir);
    const first = await startBin(dataDir);
    procs.push(first.proc);
    const acked = new Map<string, { uid: string; rv: number }>();
    const KILL_AFTER = 400;
    let n = 0;
    let killed = false;
    const worker = async (w: number): Promise<void> => {
      for (;;) {
        const name = `cm-${w}-${n++}`;
        let res: Response;
        try {
          res = await fetch(`${first.url}/api/v1/namespaces/default/configmaps`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { n: String(n) } }),
          });
        } catch {
          return; // the server is gone
        }
        if (res.status !== 201) {
          await res.text().catch(() => '');
          if (killed) return;
          throw new Error(`create ${name}: ${res.status}`);
        }
        const body = (await res.json().catch(() => undefined)) as { metadata: { uid: string; resourceVersion: string } } | undefined;
        if (!body) return;
        acked.set(name, { uid: body.metadata.uid, rv: Number(body.metadata.resourceVersion) });
        if (acked.size >= KILL_AFTER && !killed) {
          killed = true;
          first.proc.kill('SIGKILL');
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    await new Promise<void>((r) => (first.proc.exitCode !== null || first.proc.signalCode ? r() : first.proc.once('exit', () => r())));
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER);

    const second = await startBin(dataDir);
    procs.push(second.proc);
    const list = (await (await fetch(`${second.url}/api/v1/namespaces/default/configmaps`)).json()) as {
      metadata: { resourceVersion: string };
      items: Array<{ metadata: { name: string; uid: string; resourceVersion: string } }>;
    };
    const stored = new Map(list.items.map((i) => [i.metadata.name, i.metadata]));
    const missing = [...acked.keys()].filter((name) => !stored.has(name));
    expect(missing).toEqual([]);
    for (const [name, a] of acked) {
      expect(stored.get(name)!.uid).toBe(a.uid);
      expect(Number(stored.get(name)!.resourceVersion)).toBe(a.rv);
    }
    const maxAcked = Math.max(...[...acked.values()].map((a) => a.rv));
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThanOrEqual(maxAcked);
    const after = await fetch(`${second.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-restart' } }),
    });
    expect(after.status).toBe(201);
    const afterRV = Number(((await after.json()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
    expect(afterRV).toBeGreaterThan(Number(list.metadata.resourceVersion));

    // A graceful stop on SIGTERM exits 0.
    const exited = new Promise<number | null>((r) => second.proc.once('exit', (code) => r(code)));
    second.proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
