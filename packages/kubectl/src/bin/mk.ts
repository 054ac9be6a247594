#!/usr/bin/env node
// The `mk` binary. Keep this import graph tiny: every command is loaded on demand.
// When scripts/bundle.mjs has produced dist/bundle/ after the last TypeScript build, run
// that (it starts faster); otherwise run the modules tsc emitted.
import { statSync } from 'node:fs';

type Main = (argv: string[]) => Promise<number>;

function freshBundle(): URL | undefined {
  if (process.env.MK_NO_BUNDLE) return undefined;
  const bundle = new URL('../bundle/main.js', import.meta.url);
  try {
    const built = statSync(bundle).mtimeMs;
    // The bundle is stale once this package or a package it bundles was rebuilt.
    for (const info of ['../.tsbuildinfo', '../../../client/dist/.tsbuildinfo', '../../../api/dist/.tsbuildinfo']) {
      if (statSync(new URL(info, import.meta.url)).mtimeMs > built) return undefined;
    }
    return bundle;
  } catch {
    return undefined;
  }
}

const bundle = freshBundle();
const { main } = (bundle ? await import(bundle.href) : await import('../cli/main.js')) as { main: Main };

main(process.argv.slice(2)).then(
  (code) => {
    // Flush stdout before exiting: open HTTP keep-alive sockets or watches would hold the loop.
    process.stdout.write('', () => process.exit(code));
  },
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  },
);
