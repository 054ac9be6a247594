// The scheduler's fast paths give the answers of the plain ones: precomputed anti-affinity
// checks against a scan of every pod, batch scoring against per-node scoring, the NodeInfo's
// inline copies against its Resources, the lazy StatusMap against a Map, and the cache's
// adoption of confirmed pods against re-placing them.
import { describe, it, expect } from 'vitest';
import { SchedulerCache } from './cache.js';
import { explainOnSnapshot } from './explain.js';
import { resolveProfiles, type KubeSchedulerConfiguration } from './framework/config.js';
import { CycleState, type Handle, type ScorePlugin } from './framework/interface.js';
import { NodeInfo } from './framework/nodeinfo.js';
import { deepEqual, PodInfo } from './framework/podinfo.js';
import { capabilities, newFramework } from './framework/registry.js';
import { newStatus, Code } from './framework/status.js';
import type { Snapshot } from './framework/snapshot.js';
import type { Node, Pod, PodAffinityTerm } from './framework/types.js';
import { Limiter } from './limiter.js';
import { FitError, schedulePod, StatusMap } from './schedule.js';
import { makeNode, makePod, makeSnapshot } from './testing.js';

const host = 'kubernetes.io/hostname';
const zone = 'topology.kubernetes.io/zone';

/** A small deterministic PRNG, so a failing case can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function cacheOf(ns: Node[], ps: Pod[]): SchedulerCache {
  const c = new SchedulerCache();
  for (const n of ns) c.addOrUpdateNode(n);
  for (const p of ps) c.addPod(p);
  return c;
}

const term = (labels: Record<string, string>, topologyKey: string): PodAffinityTerm => ({ labelSelector: { matchLabels: labels }, topologyKey });
const antiOn = (labels: Record<string, string>, key = host) => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(labels, key)] } });
const rejected = (snap: Snapshot, pod: Pod) =>
  Object.fromEntries(
    explainOnSnapshot(pod, snap, { random: () => 0 })
      .nodes.filter((n) => n.filter)
      .map((n) => [n.node, n.filter!.reasons[0]]),
  );

const ErrExisting = "node(s) didn't satisfy existing pods anti-affinity rules";
const ErrAnti = "node(s) didn't match pod anti-affinity rules";

describe('InterPodAffinity precomputed anti-affinity (cache groups) against a scan of every pod', () => {
  const nodes = Array.from({ length: 6 }, (_, i) => makeNode(`n${i}`, { labels: { [zone]: `z${i % 2}` } }));
  const cases: Array<{ name: string; existing: Pod[]; pod: Pod; want: Record<string, string> }> = [
    {
      name: "an existing pod's anti-affinity blocks a new pod that has none (symmetry)",
      existing: [makePod('e', { nodeName: 'n0', labels: { app: 'db' }, affinity: antiOn({ app: 'web' }) })],
      pod: makePod('p', { labels: { app: 'web' } }),
      want: { n0: ErrExisting },
    },
    {
      name: "an existing pod's zone anti-affinity blocks its whole zone",
      existing: [makePod('e', { nodeName: 'n1', labels: { app: 'db' }, affinity: antiOn({ app: 'web' }, zone) })],
      pod: makePod('p', { labels: { app: 'web' } }),
      want: { n1: ErrExisting, n3: ErrExisting, n5: ErrExisting },
    },
    {
      name: 'an existing pod whose terms do not select the new pod blocks nothing',
      existing: [makePod('e', { nodeName: 'n1', labels: { app: 'db' }, affinity: antiOn({ app: 'cache' }, zone) })],
      pod: makePod('p', { labels: { app: 'web' } }),
      want: {},
    },
    {
      name: 'pods anti-affine to their own kind: the own check reports first on a shared count',
      existing: [makePod('g0', { nodeName: 'n0', labels: { color: 'green' }, affinity: antiOn({ color: 'green' }) }), makePod('g1', { nodeName: 'n3', labels: { color: 'green' }, affinity: antiOn({ color: 'green' }) })],
      pod: makePod('p', { labels: { color: 'green' }, affinity: antiOn({ color: 'green' }) }),
      want: { n0: ErrAnti, n3: ErrAnti },
    },
    {
      name: "own hostname anti-affinity and another group's zone anti-affinity both hold",
      existing: [
        makePod('g0', { nodeName: 'n0', labels: { color: 'green' }, affinity: antiOn({ color: 'green' }) }),
        makePod('z', { nodeName: 'n1', labels: { app: 'zonal' }, affinity: antiOn({ color: 'green' }, zone) }),
      ],
      pod: makePod('p', { labels: { color: 'green' }, affinity: antiOn({ color: 'green' }) }),
      want: { n0: ErrAnti, n1: ErrExisting, n3: ErrExisting, n5: ErrExisting },
    },
    {
      name: 'the same term in two label groups: either group blocks its node',
      existing: [
        makePod('a', { nodeName: 'n2', labels: { color: 'green', v: '1' }, affinity: antiOn({ color: 'green' }) }),
        makePod('b', { nodeName: 'n4', labels: { color: 'green', v: '2' }, affinity: antiOn({ color: 'green' }) }),
      ],
      pod: makePod('p', { labels: { color: 'green' } }),
      want: { n2: ErrExisting, n4: ErrExisting },
    },
    {
      name: 'anti-affinity in another namespace selects only pods of its own namespace',
      existing: [makePod('e', { nodeName: 'n0', namespace: 'other', labels: { app: 'db' }, affinity: antiOn({ app: 'web' }) })],
      pod: makePod('p', { labels: { app: 'web' } }),
      want: {},
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(rejected(makeSnapshot(nodes, c.existing), c.pod)).toEqual(c.want);
      expect(rejected(cacheOf(nodes, c.existing), c.pod)).toEqual(c.want);
    });
  }

  it('counts by label value: two nodes sharing a hostname value, and a relabelled node', () => {
    const shared = [makeNode('a', { labels: { [host]: 'same', [zone]: 'z0' } }), makeNode('b', { labels: { [host]: 'same', [zone]: 'z1' } }), makeNode('c', { labels: { [zone]: 'z1' } })];
    const e = [makePod('e', { nodeName: 'a', labels: { app: 'db' }, affinity: antiOn({ app: 'web' }) })];
    const web = makePod('p', { labels: { app: 'web' }, affinity: antiOn({ app: 'db' }, zone) });
    const c = cacheOf(shared, e);
    expect(rejected(c, web)).toEqual(rejected(makeSnapshot(shared, e), web));
    expect(rejected(c, web)).toEqual({ a: ErrAnti, b: ErrExisting });
    // b takes c's zone and a hostname of its own: only a's value is blocked now.
    const moved = [shared[0], makeNode('b', { labels: { [host]: 'b', [zone]: 'z2' } }), shared[2]];
    c.addOrUpdateNode(moved[1]);
    expect(rejected(c, web)).toEqual(rejected(makeSnapshot(moved, e), web));
    expect(rejected(c, web)).toEqual({ a: ErrAnti });
  });

  it('pods on a node that was deleted count nowhere', () => {
    const e = makePod('e', { nodeName: 'n0', labels: { app: 'db' }, affinity: antiOn({ app: 'web' }, zone) });
    const c = cacheOf(nodes, [e]);
    c.removeNode(nodes[0]);
    expect(rejected(c, makePod('p', { labels: { app: 'web' } }))).toEqual({});
  });
});

describe('PodTopologySpread counts by domain number (cache) against a scan', () => {
  const nodes = Array.from({ length: 6 }, (_, i) => makeNode(`n${i}`, { labels: { [zone]: `z${i % 3}` } }));
  // Two label groups the selector matches (app=web, with different versions), one it does not.
  const existing = [
    makePod('a', { nodeName: 'n0', labels: { app: 'web', v: '1' } }),
    makePod('b', { nodeName: 'n3', labels: { app: 'web', v: '2' } }),
    makePod('c', { nodeName: 'n1', labels: { app: 'web', v: '2' } }),
    makePod('d', { nodeName: 'n2', labels: { app: 'db' } }),
  ];
  const spread = (key: string) =>
    makePod('p', { labels: { app: 'web' }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: key, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] });
  const ErrSpread = "node(s) didn't match pod topology spread constraints";
  it('sums the matching groups per zone', () => {
    expect(rejected(cacheOf(nodes, existing), spread(zone))).toEqual(rejected(makeSnapshot(nodes, existing), spread(zone)));
    // z0 holds 2 web pods, z1 1, z2 none: only z2's nodes keep the skew within 1.
    expect(rejected(cacheOf(nodes, existing), spread(zone))).toEqual({ n0: ErrSpread, n1: ErrSpread, n3: ErrSpread, n4: ErrSpread });
  });
  it('per hostname, and after a node moves zone', () => {
    const c = cacheOf(nodes, existing);
    expect(rejected(c, spread(host))).toEqual(rejected(makeSnapshot(nodes, existing), spread(host)));
    const moved = nodes.map((n, i) => (i === 3 ? makeNode('n3', { labels: { [zone]: 'z2' } }) : n));
    c.addOrUpdateNode(moved[3]);
    expect(rejected(c, spread(zone))).toEqual(rejected(makeSnapshot(moved, existing), spread(zone)));
  });
});

/** A random cluster: zones, racks, PreferNoSchedule taints, images, pods with and without terms. */
function randomCluster(seed: number): { nodes: Node[]; existing: Pod[]; incoming: Pod[] } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const apps = ['web', 'db', 'cache'];
  const keys = [host, zone, 'rack'];
  const nodes = Array.from({ length: 12 }, (_, i) =>
    makeNode(`n${i}`, {
      cpu: pick(['2', '4']),
      memory: pick(['4Gi', '8Gi']),
      labels: { [zone]: `z${i % 3}`, ...(i % 4 === 3 ? {} : { rack: `r${i % 2}` }) },
      taints: r() < 0.2 ? [{ key: 'slow', value: 'yes', effect: 'PreferNoSchedule' }] : undefined,
      images: r() < 0.3 ? [{ names: ['registry.k8s.io/pause:3.10'], sizeBytes: 300 * 1024 * 1024 }] : undefined,
    }),
  );
  const randomPod = (name: string, nodeName?: string): Pod => {
    const app = pick(apps);
    const a = r();
    const affinity =
      a < 0.25
        ? antiOn({ app: pick(apps) }, pick(keys))
        : a < 0.4
          ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: pick(apps) }, pick(keys))] } }
          : a < 0.55
            ? { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1 + Math.floor(r() * 100), podAffinityTerm: term({ app: pick(apps) }, pick(keys)) }] } }
            : undefined;
    const spread =
      r() < 0.2 ? [{ maxSkew: 1, topologyKey: pick([zone, host]), whenUnsatisfiable: pick(['DoNotSchedule', 'ScheduleAnyway'] as const), labelSelector: { matchLabels: { app } } }] : undefined;
    return makePod(name, {
      nodeName,
      namespace: r() < 0.85 ? 'default' : 'other',
      labels: { app },
      // Some pods request nothing: scoring then counts the scheduler's defaults for them.
      cpu: pick(['100m', '500m', '1', undefined]),
      memory: pick(['128Mi', '1Gi', undefined]),
      affinity,
      topologySpreadConstraints: spread,
      tolerations: r() < 0.2 ? [{ key: 'slow', operator: 'Exists', effect: 'PreferNoSchedule' }] : undefined,
    });
  };
  const existing = Array.from({ length: 20 }, (_, i) => randomPod(`e${i}`, `n${Math.floor(r() * nodes.length)}`));
  const incoming = Array.from({ length: 12 }, (_, i) => randomPod(`p${i}`));
  return { nodes, existing, incoming };
}

describe('the cache decides as a scan of every node does (random clusters)', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`seed ${seed}: same filter reasons, scores and choice`, () => {
      const { nodes, existing, incoming } = randomCluster(seed);
      const scan = makeSnapshot(nodes, existing);
      const cache = cacheOf(nodes, existing);
      for (const p of incoming) {
        expect(explainOnSnapshot(p, cache, { random: () => 0 })).toEqual(explainOnSnapshot(p, scan, { random: () => 0 }));
        // The cycle the scheduler runs (no explain): lazy statuses, batch scores, reused buffers.
        const run = (snap: Snapshot) => {
          const [profile] = resolveProfiles({}, capabilities);
          const fwk = newFramework(profile, { snapshot: snap, pdbs: () => [] });
          try {
            return schedulePod(fwk, new CycleState(), new PodInfo(p), snap, { startIndex: { value: 5 }, random: () => 0 }).suggestedHost;
          } catch (e) {
            if (e instanceof FitError) return e.fitMessage();
            throw e;
          }
        };
        expect(run(cache)).toBe(run(scan));
      }
    });
  }
});

describe('scoreNodes gives what score gives node by node', () => {
  const configs: Array<[string, KubeSchedulerConfiguration]> = [
    ['defaults', {}],
    ['MostAllocated', { profiles: [{ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }] }] }],
    [
      'RequestedToCapacityRatio over cpu, memory and a GPU',
      {
        profiles: [
          {
            pluginConfig: [
              {
                name: 'NodeResourcesFit',
                args: {
                  scoringStrategy: {
                    type: 'RequestedToCapacityRatio',
                    resources: [{ name: 'cpu', weight: 2 }, { name: 'memory', weight: 1 }, { name: 'example.com/gpu', weight: 3 }],
                    requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] },
                  },
                },
              },
              { name: 'NodeResourcesBalancedAllocation', args: { resources: [{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 1 }] } },
            ],
          },
        ],
      },
    ],
  ];
  for (const [name, config] of configs) {
    for (const seed of [3, 7, 11]) {
      it(`${name}, seed ${seed}`, () => {
        const { nodes, existing, incoming } = randomCluster(seed);
        // Some nodes have a GPU; one reports no cpu and one no memory (the scorers skip those).
        const withGpu = nodes.map((n, i) =>
          i === 1
            ? makeNode(n.metadata.name!, { labels: n.metadata.labels, cpu: '0' })
            : i === 2
              ? makeNode(n.metadata.name!, { labels: n.metadata.labels, memory: '0' })
              : i % 3
                ? n
                : makeNode(n.metadata.name!, { labels: n.metadata.labels, extra: { 'example.com/gpu': '4' } }),
        );
        for (const snap of [makeSnapshot(withGpu, existing), cacheOf(withGpu, existing)]) {
          const [profile] = resolveProfiles(config, capabilities);
          const handle: Handle = { snapshot: snap, pdbs: () => [] };
          const fwk = newFramework(profile, handle);
          for (const p of incoming) {
            const pi = new PodInfo(p);
            const state = new CycleState();
            const list = snap.nodeInfoList;
            expect(fwk.runPreScore(state, pi, list)).toBeNull();
            let batched = 0;
            for (const { plugin } of fwk.score) {
              const sp = plugin as ScorePlugin;
              if (!sp.scoreNodes || state.skipScorePlugins.has(sp.name)) continue;
              batched++;
              const out = new Array<number>(list.length).fill(0);
              sp.scoreNodes(state, pi, list, out);
              expect(out, `${sp.name} on ${p.metadata.name}`).toEqual(list.map((n) => sp.score(state, pi, n)));
            }
            expect(batched).toBeGreaterThanOrEqual(3);
          }
        }
      });
    }
  }
});

describe('NodeInfo inline copies', () => {
  it('follow requested, nonZeroRequested, allocatable and the pod count through adds, removes and clones', () => {
    const ni = new NodeInfo('n');
    ni.setNode(makeNode('n', { cpu: '3', memory: '5Gi', pods: '7', unschedulable: true, extra: { 'ephemeral-storage': '10Gi' } }));
    const check = (n: NodeInfo) => {
      expect(n.unschedulable).toBe(!!n.node?.spec?.unschedulable);
      expect([n.allocMilliCPU, n.allocMemory, n.allocEphemeralStorage, n.allowedPodNumber]).toEqual([
        n.allocatable.milliCPU,
        n.allocatable.memory,
        n.allocatable.ephemeralStorage,
        n.allocatable.allowedPodNumber,
      ]);
      expect([n.reqMilliCPU, n.reqMemory, n.reqEphemeralStorage, n.podCount]).toEqual([n.requested.milliCPU, n.requested.memory, n.requested.ephemeralStorage, n.pods.length]);
      expect([n.nonZeroMilliCPU, n.nonZeroMemory]).toEqual([n.nonZeroRequested.milliCPU, n.nonZeroRequested.memory]);
    };
    check(ni);
    const pods = [makePod('a', { cpu: '500m', memory: '1Gi' }), makePod('b'), makePod('c', { cpu: '1' })].map((p) => new PodInfo(p));
    for (const p of pods) {
      ni.addPod(p);
      check(ni);
    }
    expect(ni.nonZeroMilliCPU).toBe(500 + 100 + 1000);
    const clone = ni.clone();
    ni.removePod('default/b');
    check(ni);
    check(clone);
    expect(clone.podCount).toBe(3);
    expect(ni.podCount).toBe(2);
    ni.setNode(makeNode('n', { cpu: '8' }));
    check(ni);
    expect(ni.unschedulable).toBe(false);
  });
});

describe('StatusMap', () => {
  it('answers like a Map, before and after its first lookup', () => {
    const m = new StatusMap();
    const a = newStatus(Code.Unschedulable, 'a');
    const b = newStatus(Code.UnschedulableAndUnresolvable, 'b');
    m.set('n1', a);
    m.set('n2', b);
    expect(m.size).toBe(2);
    expect(m.get('n1')).toBe(a);
    expect(m.get('n3')).toBeUndefined();
    m.set('n3', a);
    m.set('n1', b);
    expect(m.size).toBe(3);
    expect([...m.entries()]).toEqual([
      ['n1', b],
      ['n2', b],
      ['n3', a],
    ]);
    expect([...m.values()]).toEqual([b, b, a]);
    m.reset();
    expect(m.size).toBe(0);
    expect(m.get('n1')).toBeUndefined();
    m.set('n4', a);
    expect([...m.entries()]).toEqual([['n4', a]]);
  });

  it('a cycle that fails keeps its own statuses while later cycles run', () => {
    const nodes = [makeNode('small', { cpu: '1' }), makeNode('big', { cpu: '4' })];
    const snap = makeSnapshot(nodes);
    const [profile] = resolveProfiles({}, capabilities);
    const fwk = newFramework(profile, { snapshot: snap, pdbs: () => [] });
    const cycle = (p: Pod) => schedulePod(fwk, new CycleState(), new PodInfo(p), snap, { startIndex: { value: 0 }, random: () => 0 });
    let err: FitError | undefined;
    try {
      cycle(makePod('huge', { cpu: '8' }));
    } catch (e) {
      err = e as FitError;
    }
    const message = err!.fitMessage();
    expect(message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
    for (let i = 0; i < 3; i++) expect(cycle(makePod(`p${i}`, { cpu: '2' })).suggestedHost).toBe('big');
    expect(err!.fitMessage()).toBe(message);
    expect(err!.statuses.size).toBe(2);
  });
});

describe('confirming an assumed pod', () => {
  const nodes = [makeNode('n0', { labels: { [zone]: 'a' } }), makeNode('n1', { labels: { [zone]: 'b' } })];
  const bound = (p: Pod, nodeName: string): Pod => ({ ...p, spec: { ...p.spec!, nodeName } });

  it('keeps the assumed placement when the informer brings the same pod, bound', () => {
    const c = cacheOf(nodes, []);
    const p = makePod('web', { labels: { app: 'web' }, cpu: '1', affinity: antiOn({ app: 'web' }) });
    const assumed = new PodInfo(bound(p, 'n0'));
    c.assumePod(assumed, 'n0');
    // What the apiserver sends back: a fresh decode of the same pod, with a status.
    const confirmed: Pod = JSON.parse(JSON.stringify({ ...bound(p, 'n0'), status: { conditions: [{ type: 'PodScheduled', status: 'True' }] } }));
    c.addPod(confirmed);
    expect(c.isAssumed('default/web')).toBe(false);
    const ni = c.get('n0')!;
    expect(ni.pods).toHaveLength(1);
    expect(ni.pods[0]).toBe(assumed);
    expect(ni.pods[0].pod).toBe(confirmed);
    expect(ni.reqMilliCPU).toBe(1000);
    expect(rejected(c, makePod('other', { labels: { app: 'web' } }))).toEqual({ n0: ErrExisting });
  });

  it('re-places a pod whose labels changed', () => {
    // Another web pod came first, so it speaks for the web pods' group.
    const c = cacheOf(nodes, [makePod('first', { nodeName: 'n1', labels: { app: 'web' } })]);
    const p = makePod('web', { labels: { app: 'web' } });
    c.assumePod(new PodInfo(bound(p, 'n0')), 'n0');
    c.addPod(bound({ ...p, metadata: { ...p.metadata, labels: { app: 'db' } } }, 'n0'));
    expect(c.get('n0')!.pods[0].pod.metadata.labels).toEqual({ app: 'db' });
    // n0 now holds a db pod, not a web pod.
    expect(rejected(c, makePod('w', { affinity: antiOn({ app: 'web' }) }))).toEqual({ n1: ErrAnti });
    expect(rejected(c, makePod('d', { affinity: antiOn({ app: 'db' }) }))).toEqual({ n0: ErrAnti });
  });

  it('boundTo parses nothing again and equals a fresh PodInfo of the bound pod', () => {
    const p = makePod('web', { labels: { app: 'web' }, cpu: '250m', priority: 7, affinity: antiOn({ app: 'web' }, zone) });
    const queued = new PodInfo(p);
    const assumed = queued.boundTo('n1');
    const fresh = new PodInfo(bound(p, 'n1'));
    expect(assumed.pod.spec?.nodeName).toBe('n1');
    expect(queued.pod.spec?.nodeName).toBeUndefined();
    expect(assumed.requiredAntiAffinityTerms).toBe(queued.requiredAntiAffinityTerms);
    const fields = (pi: PodInfo) => ({ key: pi.key, pod: pi.pod, priority: pi.priority, requests: pi.requests, nonZero: pi.nonZeroRequests, anti: pi.requiredAntiAffinityTerms.map((t) => [t.topologyKey, [...t.namespaces], t.matches(p, {})]), err: pi.parseError });
    expect(fields(assumed)).toEqual(fields(fresh));
  });

  it('moves a pod the apiserver bound elsewhere', () => {
    const c = cacheOf(nodes, []);
    const p = makePod('web', { cpu: '1' });
    c.assumePod(new PodInfo(bound(p, 'n0')), 'n0');
    c.addPod(bound(p, 'n1'));
    expect(c.get('n0')!.podCount).toBe(0);
    expect(c.get('n1')!.reqMilliCPU).toBe(1000);
  });
});

describe('deepEqual', () => {
  const cases: Array<[unknown, unknown, boolean]> = [
    [{ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, true],
    [{ a: 1 }, { a: 1, b: null }, false],
    [[1, 2], [2, 1], false],
    [{ a: [] }, { a: {} }, false],
    [{ a: '1' }, { a: 1 }, false],
    [undefined, undefined, true],
    [undefined, {}, false],
  ];
  for (const [a, b, want] of cases) it(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`, () => expect(deepEqual(a, b)).toBe(want));
});

describe('Limiter', () => {
  it('runs at most limit calls at once, in order of arrival', async () => {
    const l = new Limiter(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const release: Array<() => void> = [];
    const calls = Array.from({ length: 6 }, (_, i) =>
      l.run(async () => {
        started.push(i);
        peak = Math.max(peak, ++active);
        await new Promise<void>((r) => release.push(r));
        active--;
        return i;
      }),
    );
    while (started.length < 6) {
      await new Promise((r) => setImmediate(r));
      expect(l.inFlight).toBeLessThanOrEqual(2);
      release.shift()?.();
    }
    release.forEach((r) => r());
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(l.inFlight).toBe(0);
    expect(l.pending).toBe(0);
  });

  it('frees the slot of a call that fails', async () => {
    const l = new Limiter(1);
    await expect(l.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await l.run(async () => 'next')).toBe('next');
  });
});
