// `npm run bench -- NAME` runs bench/NAME/run.mjs; `npm run bench` runs every benchmark.
// Each benchmark prints its figures as one JSON line, last. Benchmarks use the built
// packages (dist/), so build first (`npm run build`).
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const names = process.argv.slice(2);
const all = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'run.mjs')))
  .map((d) => d.name)
  .sort();
const chosen = names.length ? names : all;
let failed = 0;
for (const name of chosen) {
  const script = join(here, name, 'run.mjs');
  if (!existsSync(script)) {
    console.error(`bench: no benchmark named "${name}" (have: ${all.join(', ')})`);
    failed++;
    continue;
  }
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
