// Bundle the mk CLI into one CommonJS file, dist/bundle/mk.cjs, for start-up time. The
// committed launcher (bin/mk.js) compiles it through vm.Script with a V8 code cache, so a
// command pays neither the ES-module loader (resolving and linking ~100 modules) nor
// compiling the code it runs. Commands stay lazy inside the file: esbuild wraps each
// dynamically imported module in an init function that runs on first use.
// Run after `tsc -b`: node packages/kubectl/scripts/bundle.mjs
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const out = `${pkg}dist/bundle`;
rmSync(out, { recursive: true, force: true });

// undici's Pool, loaded on first use: the CLI's one-shot requests go over node:http
// (cli/cli-client.ts), so only a watch pays for undici and its WASM HTTP parser.
const LAZY_POOL = `
let loaded;
const load = () => (loaded ??= import('undici-pool-only'));
export class Pool {
  #args;
  #pool;
  constructor(...args) { this.#args = args; }
  #get() { return (this.#pool ??= load().then((m) => new m.Pool(...this.#args))); }
  request(opts) { return this.#get().then((p) => p.request(opts)); }
  dispatch(opts, handler) { this.#get().then((p) => p.dispatch(opts, handler), (err) => handler.onError(err)); return true; }
  close() { return this.#pool ? this.#pool.then((p) => p.close()) : Promise.resolve(); }
  destroy(err) { return this.#pool ? this.#pool.then((p) => p.destroy(err)) : Promise.resolve(); }
}
`;

const undiciPoolOnly = {
  name: 'undici-pool-only',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici-lazy-pool', namespace: 'mk' }));
    b.onResolve({ filter: /^undici-pool-only$/ }, () => ({ path: 'undici-pool-only', namespace: 'mk' }));
    b.onLoad({ filter: /^undici-lazy-pool$/, namespace: 'mk' }, () => ({ contents: LAZY_POOL, resolveDir: pkg }));
    b.onLoad({ filter: /^undici-pool-only$/, namespace: 'mk' }, () => ({
      // What undici's index does for the request API, without loading fetch and WebSocket,
      // required from node_modules at run time: bundled, it would triple the file mk reads.
      contents: [
        "const Pool = require('undici/lib/dispatcher/pool.js');",
        "const Dispatcher = require('undici/lib/dispatcher/dispatcher.js');",
        "Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js'));",
        'module.exports = { Pool };',
      ].join('\n'),
      resolveDir: pkg,
    }));
  },
};

// @mk/api and @mk/client have no import-time side effects (no bare imports, no registries
// filled on load), so the bundle need only hold the modules mk uses: `get` then skips
// patch, validation and schema code. esbuild learns this per file, as from package.json.
const mkPure = {
  name: 'mk-pure',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.mkPure) return undefined;
      const inside = /\/packages\/(api|client)\/dist\//.test(args.importer);
      if (inside ? !args.path.startsWith('.') : !/^@mk\/(api|client)$/.test(args.path)) return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { mkPure: true } });
      if (r.errors.length) return { errors: r.errors };
      return { path: r.path, sideEffects: false };
    });
  },
};

// Code compiled by vm.Script has no import() of its own (Node gives it no module loader),
// so an import() of a module left outside the bundle (the server packages `mk up` starts,
// or a variable specifier) calls __mkImport, which the launcher defines. Imports of
// bundled files and of Node's built-ins become require() calls (supported below).
const builtins = new Set(builtinModules);
const hostImport = {
  name: 'mk-host-import',
  setup(b) {
    b.onLoad({ filter: /\/packages\/[^/]+\/dist\/.*\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import(')) return undefined;
      const contents = text.replace(/\bimport\((\s*)(['"`]?)([^'"`)]*)/g, (all, sp, quote, spec) => {
        if (quote && (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec) || spec.startsWith('undici'))) return all;
        return `__mkImport(${sp}${quote}${spec}`;
      });
      return { contents, loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: { mk: `${pkg}dist/cli/main.js` },
  outdir: out,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Dynamic imports become lazy require() calls of modules inside this one file.
  supported: { 'dynamic-import': false },
  // The server components stay separate packages: `mk up` imports them at run time.
  // ws (exec, attach, port-forward) and undici (watches) are required from node_modules when
  // a command first uses them, so every other command reads a smaller file.
  external: ['@mk/apiserver', '@mk/scheduler', '@mk/controller-manager', '@mk/kubelet', '@mk/proxy', '@mk/dns', 'undici/*', 'ws'],
  define: { 'import.meta.url': '__mkImportMetaUrl' },
  banner: {
    js: [
      "var __mkImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
      // Under plain require() (no launcher) Node's own import() works.
      'var __mkImport = globalThis.__mkImport ?? ((s) => import(s));',
    ].join('\n'),
  },
  plugins: [undiciPoolOnly, mkPure, hostImport],
  // Less text to read at start-up; identifiers kept so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // MK_BUNDLE_META=1: dist/bundle/meta.json says what each input adds (esbuild's analyzer reads it).
  metafile: Boolean(process.env.MK_BUNDLE_META),
});
if (result.metafile) writeFileSync(`${out}/meta.json`, JSON.stringify(result.metafile));
process.stdout.write(`bundled mk into ${out}/mk.cjs\n`);

// Seed the code cache with a first run (the launcher writes one per command on its first
// successful run); a failure here only costs the first command its cache.
const seed = spawnSync(process.execPath, [`${pkg}bin/mk.js`, 'version', '--client'], { encoding: 'utf8', env: { ...process.env, MK_NO_BUNDLE: '' } });
if (seed.status !== 0) process.stderr.write(`warning: mk version --client failed after bundling: ${seed.stderr}`);
