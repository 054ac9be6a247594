// Used by durability.test.ts (run as a child process, then SIGKILLed): opens the store in
// argv[2] and creates pods as fast as it can from 32 concurrent loops, printing
// "<name> <resourceVersion>" for each create only after the store acknowledged it (durable).
// stdout to a pipe is synchronous on Linux, so a printed line survives the kill.
import { RESOURCES } from '@mk/api';
import { openStore } from './index.js';

const PODS = RESOURCES.find((r) => r.group === '' && r.plural === 'pods');
if (!PODS) throw new Error('no pods resource');
const pods = PODS;
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: durability-child DATA_DIR');
const store = await openStore({ dataDir });
process.stdout.write(`ready ${store.resourceVersion}\n`);
let n = 0;
async function loop(): Promise<void> {
  for (;;) {
    const name = `p${n++}`;
    const e = await store.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    process.stdout.write(`${name} ${e.resourceVersion}\n`);
  }
}
await Promise.all(Array.from({ length: 32 }, loop));
