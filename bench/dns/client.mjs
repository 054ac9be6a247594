// A DNS load client: CONCURRENCY workers, each with its own UDP socket, asking one name again
// and again for SECONDS; prints one JSON line (qps, latency percentiles). Run it where the
// queries should come from, e.g. in a pod's network namespace: nsenter -t PID -n node client.mjs
//   node client.mjs SERVER PORT NAME [SECONDS] [CONCURRENCY]
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dnsPacket = (await import(`${root}node_modules/dns-packet/index.js`)).default;

const [server, portArg, name, secondsArg = '3', concArg = '8'] = process.argv.slice(2);
const port = Number(portArg);
const seconds = Number(secondsArg);
const concurrency = Number(concArg);
const TIMEOUT_MS = 2000;

const latencies = [];
let errors = 0;
let wrong = 0;

async function worker(w) {
  const sock = createSocket('udp4');
  await new Promise((r) => sock.bind(0, r));
  let pending;
  sock.on('message', (m) => {
    if (pending && m.readUInt16BE(0) === pending.id) pending.done(m);
  });
  const end = performance.now() + seconds * 1000;
  let id = w * 4096;
  while (performance.now() < end) {
    id = (id + 1) & 0xffff;
    const q = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type: 'A', class: 'IN' }] });
    const t0 = performance.now();
    const reply = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), TIMEOUT_MS);
      pending = { id, done: (m) => (clearTimeout(timer), resolve(m)) };
      sock.send(q, port, server);
    });
    pending = undefined;
    if (!reply) {
      errors++;
      continue;
    }
    latencies.push(performance.now() - t0);
    const r = dnsPacket.decode(reply);
    if (r.rcode !== 'NOERROR' || !r.answers?.length) wrong++;
  }
  sock.close();
}

const t0 = performance.now();
await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
const elapsed = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null);
const r2 = (x) => (x === null ? null : Math.round(x * 1000) / 1000);
console.log(JSON.stringify({ queries: latencies.length, qps: Math.round(latencies.length / elapsed), p50_ms: r2(pct(50)), p99_ms: r2(pct(99)), timeouts: errors, wrong_answers: wrong, concurrency, seconds }));
