#!/usr/bin/env node
// The `mk` binary. Keep this import graph tiny: every command is loaded on demand.
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
