// One scheduling cycle's algorithm (schedule_one.go): filter nodes, score the feasible ones,
// pick the best. Pure over a snapshot, so `explain` shows exactly what a cycle decides.
import { CycleState, type NodeToStatus, type PostFilterResult } from './framework/interface.js';
import type { NodeInfo } from './framework/nodeinfo.js';
import type { PodInfo } from './framework/podinfo.js';
import type { Framework, PluginScores } from './framework/runtime.js';
import type { Snapshot } from './framework/snapshot.js';
import { Code, newStatus, Status } from './framework/status.js';
import { fitErrorMessage } from './framework/fiterror.js';

export const minFeasibleNodesToFind = 100;
export const minFeasibleNodesPercentageToFind = 5;
export const ErrNoNodesAvailable = 'no nodes available to schedule pods';

/** numFeasibleNodesToFind: all nodes below 100, else a percentage (adaptive when 0/unset). */
export function numFeasibleNodesToFind(percentage: number | undefined, numAllNodes: number): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let pct = percentage ?? 0;
  if (pct === 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < minFeasibleNodesPercentageToFind) pct = minFeasibleNodesPercentageToFind;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < minFeasibleNodesToFind ? minFeasibleNodesToFind : n;
}

/**
 * The filter statuses of a cycle's rejected nodes (NodeToStatus). A cycle that finds nodes
 * never reads them, so set() only appends; the map by name is built on the first lookup.
 */
export class StatusMap implements NodeToStatus {
  private names: string[] = [];
  private statuses: Status[] = [];
  private m: Map<string, Status> | undefined;
  set(n: string, s: Status): void {
    if (this.m) {
      if (!this.m.has(n)) {
        this.names.push(n);
        this.statuses.push(s);
      } else this.statuses[this.names.indexOf(n)] = s;
      this.m.set(n, s);
      return;
    }
    this.names.push(n);
    this.statuses.push(s);
  }
  private map(): Map<string, Status> {
    if (!this.m) {
      this.m = new Map();
      for (let i = 0; i < this.names.length; i++) this.m.set(this.names[i], this.statuses[i]);
    }
    return this.m;
  }
  get(n: string): Status | undefined {
    return this.map().get(n);
  }
  entries(): Iterable<[string, Status]> {
    return this.map().entries();
  }
  values(): Iterable<Status> {
    return this.map().values();
  }
  get size(): number {
    return this.m ? this.m.size : this.names.length;
  }
  /** Empties the map for another cycle, keeping its arrays' room. */
  reset(): void {
    this.names.length = 0;
    this.statuses.length = 0;
    this.m = undefined;
  }
}

/** The StatusMap of the last cycle that found a node: nobody holds it, so the next cycle reuses it. */
let spareStatuses: StatusMap | undefined;

export class FitError extends Error {
  constructor(
    readonly numAllNodes: number,
    readonly statuses: StatusMap,
    readonly preFilterMsg: string,
    public postFilterMsg = '',
    readonly unschedulablePlugins = new Set<string>(),
  ) {
    super('no node fits the pod');
  }
  /** The FailedScheduling message (FitError.Error()). */
  fitMessage(): string {
    return fitErrorMessage(this.numAllNodes, this.statuses.values(), this.preFilterMsg, this.postFilterMsg);
  }
}

export interface ScheduleResult {
  suggestedHost: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

export interface ScheduleOptions {
  /** Where the round-robin over nodes starts; updated after the cycle. */
  startIndex: { value: number };
  /** Evaluate and score every node, recording details (explain). */
  explain?: boolean;
  random?: () => number;
  /** Pods nominated to a node by an earlier preemption (PodNominator). */
  nominatedPods?: (nodeName: string) => readonly PodInfo[] | undefined;
}

export interface Explanation {
  filtered: Array<{ node: string; plugin: string; reasons: string[]; code: string }>;
  feasible: string[];
  scores: PluginScores[];
  totals: Record<string, number>;
}

export class SchedulingError extends Error {}

/**
 * Runs filters and scores for pod. Returns the chosen node, or throws FitError
 * (after postFilter, whose result is attached) when no node fits.
 */
export function schedulePod(
  fwk: Framework,
  state: CycleState,
  pod: PodInfo,
  snapshot: Snapshot,
  opts: ScheduleOptions,
  explain?: Explanation,
): ScheduleResult {
  const all = snapshot.nodeInfoList;
  if (all.length === 0) throw new SchedulingError(ErrNoNodesAvailable);
  const { feasible, statuses, preFilterMsg, unschedulablePlugins } = findNodesThatFitPod(fwk, state, pod, snapshot, opts, explain);
  if (feasible.length === 0) throw new FitError(all.length, statuses, preFilterMsg, '', unschedulablePlugins);
  if (explain) explain.feasible = feasible.map((n) => n.name);
  if (feasible.length === 1 && !explain) {
    const evaluatedNodes = 1 + statuses.size;
    spareStatuses = statuses;
    return { suggestedHost: feasible[0].name, evaluatedNodes, feasibleNodes: 1 };
  }
  const pre = fwk.runPreScore(state, pod, feasible);
  if (pre) throw new SchedulingError(pre.message());
  const { totals, plugins } = fwk.runScore(state, pod, feasible, !!explain);
  if (explain) {
    explain.scores = plugins;
    for (let i = 0; i < feasible.length; i++) explain.totals[feasible[i].name] = totals[i];
  }
  const evaluatedNodes = feasible.length + statuses.size;
  spareStatuses = statuses;
  return { suggestedHost: selectHost(feasible, totals, opts.random ?? Math.random), evaluatedNodes, feasibleNodes: feasible.length };
}

/** The highest total wins; ties are broken uniformly at random (reservoir sampling). */
export function selectHost(nodes: readonly NodeInfo[], totals: number[], random: () => number): string {
  let best = 0;
  let cnt = 1;
  for (let i = 1; i < nodes.length; i++) {
    if (totals[i] > totals[best]) {
      best = i;
      cnt = 1;
    } else if (totals[i] === totals[best]) {
      cnt++;
      if (random() * cnt < 1) best = i;
    }
  }
  return nodes[best].name;
}

function findNodesThatFitPod(
  fwk: Framework,
  state: CycleState,
  pod: PodInfo,
  snapshot: Snapshot,
  opts: ScheduleOptions,
  explain?: Explanation,
): { feasible: NodeInfo[]; statuses: StatusMap; preFilterMsg: string; unschedulablePlugins: Set<string> } {
  const all = snapshot.nodeInfoList;
  let statuses = spareStatuses;
  spareStatuses = undefined;
  if (statuses) statuses.reset();
  else statuses = new StatusMap();
  const unschedulablePlugins = new Set<string>();
  if (pod.parseError) {
    const s = newStatus(Code.UnschedulableAndUnresolvable, pod.parseError);
    for (const n of all) statuses.set(n.name, s);
    return { feasible: [], statuses, preFilterMsg: pod.parseError, unschedulablePlugins };
  }
  const pre = fwk.runPreFilter(state, pod);
  if (pre.status) {
    if (pre.status.code === Code.Error) throw new SchedulingError(pre.status.message());
    // A preFilter rejection applies to every node.
    for (const n of all) statuses.set(n.name, pre.status);
    if (explain) for (const n of all) explain.filtered.push({ node: n.name, plugin: pre.status.plugin, reasons: [...pre.status.reasons], code: Code[pre.status.code] });
    unschedulablePlugins.add(pre.status.plugin);
    return { feasible: [], statuses, preFilterMsg: pre.status.message(), unschedulablePlugins };
  }
  // A nominated node (from an earlier preemption) is tried first.
  const nominated = pod.pod.status?.nominatedNodeName;
  if (nominated && !explain) {
    const ni = snapshot.get(nominated);
    const fits = ni && (!pre.nodeNames || pre.nodeNames.has(nominated)) && (opts.nominatedPods ? filterWithNominatedPods(fwk, state, pod, ni, opts.nominatedPods) : fwk.runFilter(state, pod, ni)) === null;
    if (ni && fits) {
      return { feasible: [ni], statuses, preFilterMsg: '', unschedulablePlugins };
    }
  }
  let nodes: readonly NodeInfo[] = all;
  if (pre.nodeNames) nodes = [...pre.nodeNames].map((n) => snapshot.get(n)).filter((n): n is NodeInfo => !!n);
  const numToFind = explain ? nodes.length : numFeasibleNodesToFind(fwk.percentageOfNodesToScore, nodes.length);
  const feasible: NodeInfo[] = [];
  const n = nodes.length;
  const start = pre.nodeNames ? 0 : opts.startIndex.value % Math.max(n, 1);
  let processed = 0;
  const nominatedPods = opts.nominatedPods;
  let lastPlugin = '';
  for (let i = 0, j = start; i < n; i++, j = j + 1 === n ? 0 : j + 1) {
    const ni = nodes[j];
    processed++;
    const s = nominatedPods ? filterWithNominatedPods(fwk, state, pod, ni, nominatedPods) : fwk.runFilter(state, pod, ni);
    if (s === null) {
      feasible.push(ni);
      if (feasible.length >= numToFind) break;
    } else {
      if (s.code === Code.Error) throw new SchedulingError(s.message());
      statuses.set(ni.name, s);
      if (s.plugin !== lastPlugin) unschedulablePlugins.add((lastPlugin = s.plugin));
      if (explain) explain.filtered.push({ node: ni.name, plugin: s.plugin, reasons: [...s.reasons], code: Code[s.code] });
    }
  }
  // Nodes excluded by a preFilter's node list count as unresolvable for them.
  if (pre.nodeNames) {
    const s = newStatus(Code.UnschedulableAndUnresolvable, `node(s) didn't satisfy plugin(s) [${(pre.nodeNamesPlugins ?? []).sort().join(' ')}]`);
    for (const ni of all) if (!pre.nodeNames.has(ni.name) && !statuses.get(ni.name)) statuses.set(ni.name, s);
  }
  if (!pre.nodeNames && n > 0) opts.startIndex.value = (start + processed) % n;
  return { feasible, statuses, preFilterMsg: '', unschedulablePlugins };
}

/** Runs postFilter (preemption) for a FitError, recording its message on the error. */
export function runPostFilter(fwk: Framework, state: CycleState, pod: PodInfo, err: FitError): PostFilterResult | undefined {
  const { status, result } = fwk.runPostFilter(state, pod, err.statuses);
  const msg = status.message();
  if (msg) err.postFilterMsg = msg;
  return status.isSuccess() ? result : undefined;
}

export { CycleState, Status };

/**
 * RunFilterPluginsWithNominatedPods: a node must fit the pod both with the pods nominated
 * to it (of equal or higher priority) added and without them. The nominated pods count for
 * resources, ports and the like; preFilter states are not updated for them.
 */
function filterWithNominatedPods(
  fwk: Framework,
  state: CycleState,
  pod: PodInfo,
  ni: NodeInfo,
  nominated: (nodeName: string) => readonly PodInfo[] | undefined,
): Status | null {
  const list = nominated(ni.name);
  if (list && list.length) {
    let clone: NodeInfo | undefined;
    for (const p of list) {
      if (p.key === pod.key || p.priority < pod.priority) continue;
      clone ??= ni.clone();
      clone.addPod(p);
    }
    if (clone) {
      const s = fwk.runFilter(state, pod, clone);
      if (s) return s;
    }
  }
  return fwk.runFilter(state, pod, ni);
}
