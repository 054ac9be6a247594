// Bundle the mk CLI into dist/bundle/ with esbuild, for start-up time: one ES module graph
// per command (code splitting), only the @mk/api and @mk/client modules a command uses, and
// undici's Pool loaded on first use (a watch) without the rest of undici (fetch, WebSocket).
// dist/bin/mk.js (tsc's output) runs the bundle when it is newer than the TypeScript build,
// and the plain modules otherwise.
// Run after `tsc -b`: node packages/kubectl/scripts/bundle.mjs
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
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
      // What undici's index does for the request API, without loading fetch and WebSocket.
      contents: [
        "import Pool from 'undici/lib/dispatcher/pool.js';",
        "import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';",
        "import api from 'undici/lib/api/index.js';",
        'Object.assign(Dispatcher.prototype, api);',
        'export { Pool };',
      ].join('\n'),
      resolveDir: pkg,
    }));
  },
};

// @mk/api and @mk/client have no import-time side effects (no bare imports, no registries
// filled on load), so a command's chunk need only hold the modules it uses: `get` then skips
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

await build({
  entryPoints: { main: `${pkg}dist/cli/main.js` },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The server components stay separate packages: `mk up` imports them at run time.
  external: ['@mk/apiserver', '@mk/scheduler', '@mk/controller-manager', '@mk/kubelet', '@mk/proxy'],
  // `require` for the CommonJS dependencies (undici, yaml, ws), made on first use: most
  // chunks never call it, and createRequire costs each module at start-up.
  banner: {
    js: "import { createRequire as __mkCreateRequire } from 'node:module'; let __mkRequire; const require = Object.assign((id) => (__mkRequire ??= __mkCreateRequire(import.meta.url))(id), { resolve: (id, o) => (__mkRequire ??= __mkCreateRequire(import.meta.url)).resolve(id, o) });",
  },
  plugins: [undiciPoolOnly, mkPure],
  // Less text to parse at start-up; identifiers kept so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
writeFileSync(`${out}/package.json`, '{ "type": "module" }\n');
process.stdout.write(`bundled mk into ${out}\n`);
