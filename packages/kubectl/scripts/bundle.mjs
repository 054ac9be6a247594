// Bundle the mk CLI into dist/bundle/ with esbuild, for start-up time: one ES module graph
// per command (code splitting), and undici's Pool loaded without the rest of undici
// (fetch, WebSocket), which @mk/client does not use. dist/bin/mk.js (tsc's output) runs the
// bundle when it is newer than the TypeScript build, and the plain modules otherwise.
// Run after `tsc -b`: node packages/kubectl/scripts/bundle.mjs
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const out = `${pkg}dist/bundle`;
rmSync(out, { recursive: true, force: true });

const undiciPoolOnly = {
  name: 'undici-pool-only',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici-pool-only', namespace: 'mk' }));
    b.onLoad({ filter: /.*/, namespace: 'mk' }, () => ({
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
  banner: { js: "import { createRequire as __mkCreateRequire } from 'node:module'; const require = __mkCreateRequire(import.meta.url);" },
  plugins: [undiciPoolOnly],
  // Less text to parse at start-up; identifiers kept so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
writeFileSync(`${out}/package.json`, '{ "type": "module" }\n');
process.stdout.write(`bundled mk into ${out}\n`);
