#!/usr/bin/env node
'use strict';
// Committed launcher (CommonJS: bin/package.json), so `npm ci` links `mk` on a fresh clone.
// It runs dist/bundle/mk.cjs (scripts/bundle.mjs, part of `npm run build`) compiled through
// vm.Script with a V8 code cache, one per command, which a command's first successful run
// writes: `mk get pods` then skips both the ES-module loader and compiling its own code
// (Node 20 has no module.enableCompileCache). When the bundle is missing or older than the
// TypeScript build it falls back to the ES modules tsc emitted (dist/bin/mk.js).
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const bundle = path.join(dist, 'bundle', 'mk.cjs');

/** The bundle's stat when it is newer than every TypeScript build it holds, else undefined. */
function freshBundle() {
  if (process.env.MK_NO_BUNDLE) return undefined;
  try {
    const st = fs.statSync(bundle);
    // bench/cli measures the bundle it has just built, even while the tree is rebuilt.
    if (process.env.MK_BUNDLE_ALWAYS) return st;
    for (const info of [path.join(dist, '.tsbuildinfo'), path.join(dist, '../../client/dist/.tsbuildinfo'), path.join(dist, '../../api/dist/.tsbuildinfo')]) {
      if (fs.statSync(info).mtimeMs > st.mtimeMs) return undefined;
    }
    return st;
  } catch {
    return undefined;
  }
}

// Global flags that take a value as the next argument, to find the verb (`mk -n x get pods`).
const VALUE_FLAGS = new Set(['-n', '--namespace', '--kubeconfig', '--context', '--cluster', '--user', '-s', '--server', '--token', '--request-timeout', '-v']);
function verbOf(argv) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return undefined;
    if (!a.startsWith('-')) return a;
    if (VALUE_FLAGS.has(a)) i++;
  }
  return undefined;
}

function exit(code) {
  // Flush stdout before exiting: open HTTP keep-alive sockets or watches would hold the loop.
  process.stdout.write('', () => process.exit(code));
}
function fail(e) {
  process.stderr.write(`${e && e.stack ? e.stack : String(e)}\n`);
  process.exit(1);
}

const st = freshBundle();
if (!st) {
  import('../dist/bin/mk.js').catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bin/mk.js')) {
      console.error('error: mk is not built yet; run `npm run build` (or `npm start`) first');
      process.exit(1);
    }
    fail(err);
  });
} else {
  const vm = require('node:vm');
  const { createRequire } = require('node:module');
  const argv = process.argv.slice(2);
  const verb = verbOf(argv);
  // The cache is named after the bundle's size and time, so a rebuilt bundle never meets an
  // old cache (V8 checks only the source's length), and per command, so each holds the
  // functions its command runs.
  const cacheFile = verb && /^[a-z][a-z-]{0,30}$/.test(verb) ? path.join(dist, 'bundle', 'cache', `${verb}-${st.size}-${Math.trunc(st.mtimeMs)}.v8`) : undefined;
  let cachedData;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // No cache yet: this run writes it.
    }
  }
  const source = fs.readFileSync(bundle, 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  // Code from vm.Script has no import() of its own: the bundle imports packages left outside
  // it (the components `mk up` starts) through this one.
  globalThis.__mkImport = (specifier) => import(specifier);
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
  const { main, commandRun } = mod.exports;
  main(argv).then((code) => {
    if (code === 0 && cacheFile && (!cachedData || script.cachedDataRejected) && commandRun() === verb) {
      try {
        // Written whole, then renamed: a concurrent mk reads either no cache or a complete one.
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        const tmp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // A read-only install only runs without the cache.
      }
    }
    exit(code);
  }, fail);
}
