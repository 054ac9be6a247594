// The scheduling algorithm alone, in one process, without HTTP: the CPU time one cycle
// (filter, score, assume) costs per pod on scheduler_perf's workloads. It isolates what
// the scheduler's own code costs from the apiserver and the network, so an optimisation
// of plugins or the cache can be judged by CPU time on this shared machine.
//
//   node bench/scheduler/algo.mjs          (needs `npx tsc -b packages/scheduler`)
//   MK_BENCH_NODES=500 MK_BENCH_SCALE=0.1 node bench/scheduler/algo.mjs
//
// Prints ONE JSON line: cpu_us_per_pod for basic, anti-affinity and spreading.
import { cpus } from 'node:os';
import { SchedulerCache } from '../../packages/scheduler/dist/cache.js';
import { resolveProfiles } from '../../packages/scheduler/dist/framework/config.js';
import { capabilities, newFramework } from '../../packages/scheduler/dist/framework/registry.js';
import { CycleState } from '../../packages/scheduler/dist/framework/interface.js';
import { PodInfo } from '../../packages/scheduler/dist/framework/podinfo.js';
import { schedulePod } from '../../packages/scheduler/dist/schedule.js';
import { nodeBody, podBody } from './objects.mjs';

const NODES = Number(process.env.MK_BENCH_NODES ?? 5000);
const SCALE = Number(process.env.MK_BENCH_SCALE ?? 1);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

const node = nodeBody;
const pod = (name, namespace, extra = {}) => podBody(name, namespace, { ...extra, uid: `uid-${namespace}-${name}` });

const cache = new SchedulerCache();
cache.defaultSelectors = () => [];
const [profile] = resolveProfiles({}, capabilities);
const handle = { snapshot: cache, pdbs: () => [] };
const fwk = newFramework(profile, handle);
for (let i = 0; i < NODES; i++) cache.addOrUpdateNode(node(i));
const startIndex = { value: 0 };

/** Schedules count pods as the scheduler does (cycle, assume, then the informer's confirmation). */
function run(namespace, count, extra) {
  let failed = 0;
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  for (let i = 0; i < count; i++) {
    const p = pod(`${namespace}-${i}`, namespace, extra);
    const pi = new PodInfo(p);
    let host;
    try {
      host = schedulePod(fwk, new CycleState(), pi, cache, { startIndex }).suggestedHost;
    } catch {
      failed++;
      continue;
    }
    const bound = { ...p, spec: { ...p.spec, nodeName: host } };
    cache.assumePod(new PodInfo(bound), host);
    cache.addPod(bound);
  }
  const cpu = process.cpuUsage(t0);
  const wall = performance.now() - w0;
  const us = (cpu.user + cpu.system) / count;
  console.error(`[bench/scheduler/algo] ${namespace}: ${count} pods, ${round(us)} µs CPU per pod, ${round(wall / count, 3)} ms wall per pod${failed ? `, ${failed} unschedulable` : ''}`);
  return us;
}

run('basic-init', Math.round(1000 * SCALE));
const basic = run('basic', Math.round(10_000 * SCALE));
const ONLY = process.env.MK_BENCH_ONLY;
const anti = ONLY && ONLY !== 'anti' ? NaN : run('anti', Math.round(5000 * SCALE), {
  labels: { color: 'green' },
  spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { color: 'green' } }, topologyKey: 'kubernetes.io/hostname' }] } } },
});
const spread = ONLY && ONLY !== 'spread' ? NaN : run('spread', Math.round(10_000 * SCALE), {
  labels: { app: 'spread' },
  spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'spread' } } }] },
});
console.log(
  JSON.stringify({
    bench: 'scheduler-algo',
    machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model, node: process.version },
    nodes: NODES,
    basic_cpu_us_per_pod: round(basic),
    antiaffinity_cpu_us_per_pod: round(anti),
    spread_cpu_us_per_pod: round(spread),
    rss_mib: round(process.memoryUsage().rss / 2 ** 20),
  }),
);
