// Plugin interfaces, one per extension point (framework/interface.go).
import type { NodeInfo } from './nodeinfo.js';
import type { PodInfo } from './podinfo.js';
import type { Snapshot } from './snapshot.js';
import type { Status } from './status.js';
import type { Pod, PodDisruptionBudget } from './types.js';

export const MaxNodeScore = 100;
export const MinNodeScore = 0;

/** A key into CycleState: a small number, so the per-node reads of filters and scores are array loads. */
export type StateKey = number & { readonly __stateKey: unique symbol };
const stateKeys = new Map<string, StateKey>();

/** The slot for a state name (one per plugin and extension point, e.g. "PreFilterNodePorts"). */
export function stateKey(name: string): StateKey {
  let k = stateKeys.get(name);
  if (k === undefined) stateKeys.set(name, (k = stateKeys.size as StateKey));
  return k;
}

/** Per-cycle scratch space shared by a profile's plugins. */
export class CycleState {
  private data: unknown[] = [];
  skipFilterPlugins = new Set<string>();
  skipScorePlugins = new Set<string>();
  /** The filters this cycle runs, worked out once after preFilter (framework-internal). */
  activeFilters: FilterPlugin[] | undefined = undefined;
  write(key: StateKey, v: unknown): void {
    this.data[key] = v;
  }
  read<T>(key: StateKey): T | undefined {
    return this.data[key] as T | undefined;
  }
  clone(): CycleState {
    const c = new CycleState();
    c.data = this.data.slice();
    c.skipFilterPlugins = new Set(this.skipFilterPlugins);
    c.skipScorePlugins = new Set(this.skipScorePlugins);
    return c;
  }
}

/** What plugins can see beyond their arguments: the cycle's snapshot and PDBs. */
export interface Handle {
  snapshot: Snapshot;
  pdbs(): readonly PodDisruptionBudget[];
  /** Runs the profile's preFilter + filter for pod on one node (preemption dry runs). */
  runFilterWithSnapshot?(snapshot: Snapshot, pod: PodInfo, node: NodeInfo): Status | null;
}

export interface Plugin {
  readonly name: string;
}

export interface PreFilterResult {
  /** When set, only these nodes are evaluated. */
  nodeNames?: Set<string>;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

export interface PreFilterPlugin extends Plugin {
  /** null/Success to go on; Skip to skip this plugin's filter; anything else rejects the pod. */
  preFilter(state: CycleState, pod: PodInfo): { status: Status | null; result?: PreFilterResult };
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null;
}

export interface NodeToStatus {
  get(nodeName: string): Status | undefined;
  entries(): Iterable<[string, Status]>;
  readonly size: number;
}

export interface PostFilterResult {
  nominatedNodeName?: string;
  /** Pods to evict so that the preemptor fits on nominatedNodeName. */
  victims?: Pod[];
  /** Lower-priority pods nominated to that node whose nomination must be cleared. */
  clearNominated?: Pod[];
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): { status: Status; result?: PostFilterResult };
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Scores every node at once (same results as score per node, without a call and state read per node). */
  scoreNodes?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void;
  /** Rewrites scores (aligned with nodes) into [0, MaxNodeScore]. */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: number[], nodes: readonly NodeInfo[]): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** A pod waiting in the scheduling queue. */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was added to the queue (ms). */
  timestamp: number;
  attempts: number;
  initialAttemptTimestamp?: number;
  unschedulablePlugins: Set<string>;
}

export type AnyPlugin = Plugin &
  Partial<Omit<QueueSortPlugin, 'name'>> &
  Partial<Omit<PreFilterPlugin, 'name'>> &
  Partial<Omit<FilterPlugin, 'name'>> &
  Partial<Omit<PostFilterPlugin, 'name'>> &
  Partial<Omit<PreScorePlugin, 'name'>> &
  Partial<Omit<ScorePlugin, 'name'>> &
  Partial<Omit<ReservePlugin, 'name'>>;
