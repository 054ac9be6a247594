#!/usr/bin/env node
// The mk program as the ES modules tsc emits. Users run bin/mk.js, which runs the faster
// CommonJS bundle (scripts/bundle.mjs) when it is built and fresh, and this file otherwise.
import { main } from '../cli/main.js';

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
