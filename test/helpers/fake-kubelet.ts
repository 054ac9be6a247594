// TEST-ONLY stand-in for the kubelet (issue 6) and its simulated runtime, which do not exist
// yet. It plays their part through the API, as a kubelet would: places unscheduled pods on
// one of its node names (pods/binding, the scheduler's part), reports them Running with
// Ready=True and a podIP (pods/status), and finishes graceful deletions with grace period 0.
// Nothing outside test/ uses it; replace it with the simulated kubelet once that lands.
import { Informer, silentLogger } from '@mk/client';
import type { KubeClient } from '@mk/client';
import type { Pod } from '@mk/api';

export interface FakeKubeletOptions {
  /** Nodes to place unscheduled pods on, round robin (a function: the list may change). */
  nodes?: string[] | (() => string[]);
  /** Whether the kubelet of a node is up (default: all); a dead one does nothing for its pods. */
  alive?: (nodeName: string) => boolean;
  /** Whether a pod ever becomes ready (default: always). Unready pods still run. */
  ready?: (pod: Pod) => boolean;
  /** For run-to-completion pods: the phase a pod ends in (undefined: it keeps running). */
  finish?: (pod: Pod) => 'Succeeded' | 'Failed' | undefined;
}

/** The node a pod's required node affinity pins it to (how DaemonSet pods are placed). */
function pinnedNode(pod: Pod): string | undefined {
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

export interface FakeKubelet {
  stop(): void;
}

let ipCounter = 0;

function nextIP(): string {
  ipCounter++;
  return `10.244.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 2}`;
}

export function startFakeKubelet(client: KubeClient, opts: FakeKubeletOptions = {}): FakeKubelet {
  const nodeList = (): string[] => (typeof opts.nodes === 'function' ? opts.nodes() : (opts.nodes ?? ['node-1']));
  const inf = new Informer<Pod>(client, 'pods', { logger: silentLogger });
  const busy = new Set<string>();
  let rr = 0;
  let stopped = false;

  const sync = async (pod: Pod): Promise<void> => {
    const ns = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    if (pod.spec?.nodeName && opts.alive && !opts.alive(pod.spec.nodeName)) return;
    if (pod.metadata.deletionTimestamp) {
      if (pod.spec?.nodeName) await client.delete('pods', ns, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      return;
    }
    if (!pod.spec?.nodeName) {
      const nodes = nodeList();
      await client.bind(pod, pinnedNode(pod) ?? nodes[rr++ % nodes.length]);
      return; // the binding's MODIFIED event brings it back
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    const end = opts.finish?.(pod);
    if (phase === 'Running' && !end) return;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const ready = opts.ready ? opts.ready(pod) : true;
    const ip = nextIP();
    if (end) {
      const exitCode = end === 'Succeeded' ? 0 : 1;
      const done = {
        phase: end,
        hostIP: '192.168.0.10',
        startTime: now,
        conditions: [
          { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
          { type: 'Ready', status: 'False', lastTransitionTime: now, reason: 'PodCompleted' },
        ],
        containerStatuses: (pod.spec.containers ?? []).map((c) => ({
          name: c.name,
          image: c.image ?? '',
          imageID: '',
          ready: false,
          restartCount: 0,
          started: false,
          state: { terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed', startedAt: now, finishedAt: now } },
        })),
      };
      await client.patch('pods', ns, name, { status: done }, 'merge', { subresource: 'status' });
      return;
    }
    const status = {
      phase: 'Running',
      hostIP: '192.168.0.10',
      podIP: ip,
      podIPs: [{ ip }],
      startTime: now,
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: now },
        { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now },
      ],
      containerStatuses: (pod.spec.containers ?? []).map((c) => ({
        name: c.name,
        image: c.image ?? '',
        imageID: '',
        ready,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: now } },
      })),
    };
    await client.patch('pods', ns, name, { status }, 'merge', { subresource: 'status' });
  };

  const kick = (pod: Pod): void => {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (stopped || busy.has(key)) return;
    busy.add(key);
    sync(pod)
      .catch(() => {})
      .finally(() => {
        busy.delete(key);
        // Level-based: look at the latest state once more.
        const cur = inf.get(key);
        if (cur && cur.metadata.resourceVersion !== pod.metadata.resourceVersion) kick(cur);
      });
  };
  inf.addEventHandler({ onAdd: kick, onUpdate: (_o, n) => kick(n) });
  inf.start();
  return {
    stop() {
      stopped = true;
      inf.stop();
    },
  };
}
