// bin/mk.js, the launcher `npm ci` links as `mk`: it runs the CommonJS bundle with a V8 code
// cache per command, writes the cache on a command's first successful run, keeps an accepted
// cache, rewrites a rejected one silently, and falls back to tsc's output when the bundle is
// older than the TypeScript build. Run on a copy of the built bundle in a temporary tree laid
// out as the repository is, so the real build is left alone.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, run } from './cli-helpers.js';

const BUNDLE = join(ROOT, 'packages/kubectl/dist/bundle/mk.cjs');

describe.skipIf(!existsSync(BUNDLE))('the mk launcher', () => {
  let tree: string;
  let pkg: string;
  let cacheDir: string;
  const mk = (args: string[]) => run(process.execPath, [join(pkg, 'bin/mk.js'), ...args], { ...process.env, MK_BUNDLE_ALWAYS: '', MK_NO_BUNDLE: '' }, undefined, tree);
  const caches = (): string[] => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f.endsWith('.v8')) : []);

  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'mk-launcher-'));
    pkg = join(tree, 'packages/kubectl');
    for (const d of ['bin', 'dist/bundle']) mkdirSync(join(pkg, d), { recursive: true });
    for (const p of ['client', 'api']) mkdirSync(join(tree, 'packages', p, 'dist'), { recursive: true });
    copyFileSync(join(ROOT, 'packages/kubectl/bin/mk.js'), join(pkg, 'bin/mk.js'));
    copyFileSync(join(ROOT, 'packages/kubectl/bin/package.json'), join(pkg, 'bin/package.json'));
    writeFileSync(join(pkg, 'package.json'), '{ "type": "module" }\n');
    // The TypeScript builds first, the bundle after them: the bundle is fresh.
    const past = new Date(Date.now() - 60_000);
    for (const info of [join(pkg, 'dist/.tsbuildinfo'), join(tree, 'packages/client/dist/.tsbuildinfo'), join(tree, 'packages/api/dist/.tsbuildinfo')]) {
      writeFileSync(info, '{}');
      utimesSync(info, past, past);
    }
    copyFileSync(BUNDLE, join(pkg, 'dist/bundle/mk.cjs'));
    cacheDir = join(pkg, 'dist/bundle/cache');
  });
  afterAll(() => {
    if (tree) rmSync(tree, { recursive: true, force: true });
  });

  it('writes a code cache on a command\'s first successful run, named by the bundle, and keeps it', async () => {
    expect(caches()).toEqual([]);
    expect(await mk(['version', '--client'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Client Version: v1\.32\.\d+-mk/) });
    const st = statSync(join(pkg, 'dist/bundle/mk.cjs'));
    const name = `version-${st.size}-${Math.trunc(st.mtimeMs)}.v8`;
    expect(caches()).toEqual([name]);
    const cache = join(cacheDir, name);
    expect(statSync(cache).size).toBeGreaterThan(10_000);
    // Accepted on the next run: the launcher rewrites only a missing or rejected cache.
    const before = readFileSync(cache);
    const old = new Date(Date.now() - 30_000);
    utimesSync(cache, old, old);
    const stamped = statSync(cache).mtimeMs;
    expect((await mk(['version', '--client'])).code).toBe(0);
    expect(statSync(cache).mtimeMs).toBe(stamped);
    expect(readFileSync(cache).equals(before)).toBe(true);
  });

  it('rewrites a rejected cache without a word, and writes none for a failed command', async () => {
    const [name] = caches().filter((f) => f.startsWith('version-'));
    writeFileSync(join(cacheDir, name), 'not a V8 code cache');
    expect(await mk(['version', '--client'])).toMatchObject({ code: 0, stderr: '' });
    expect(statSync(join(cacheDir, name)).size).toBeGreaterThan(10_000);
    expect(await mk(['nosuchverb'])).toMatchObject({ code: 1 });
    expect(caches().some((f) => f.startsWith('nosuchverb'))).toBe(false);
  });

  it('runs tsc\'s output instead of a bundle older than the TypeScript build', async () => {
    const now = new Date();
    utimesSync(join(tree, 'packages/client/dist/.tsbuildinfo'), now, now);
    // This tree holds no tsc output, so the fallback says mk is not built.
    expect(await mk(['version', '--client'])).toMatchObject({ code: 1, stderr: 'error: mk is not built yet; run `npm run build` (or `npm start`) first\n' });
  });
});
