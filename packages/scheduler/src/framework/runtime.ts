// frameworkImpl: runs one profile's plugins at each extension point.
import type { ResolvedProfile } from './config.js';
import type {
  AnyPlugin,
  CycleState,
  FilterPlugin,
  Handle,
  NodeToStatus,
  PostFilterPlugin,
  PostFilterResult,
  PreFilterPlugin,
  PreScorePlugin,
  QueueSortPlugin,
  ReservePlugin,
  ScorePlugin,
} from './interface.js';
import { CycleState as State, MaxNodeScore } from './interface.js';
import type { NodeInfo } from './nodeinfo.js';
import type { PodInfo } from './podinfo.js';
import type { Snapshot } from './snapshot.js';
import { Code, newStatus, Status } from './status.js';

export interface PluginScores {
  plugin: string;
  weight: number;
  raw: number[];
  normalized: number[];
}

export class Framework {
  readonly profileName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly queueSort: QueueSortPlugin | undefined;
  readonly preFilter: PreFilterPlugin[];
  readonly filter: FilterPlugin[];
  readonly postFilter: PostFilterPlugin[];
  readonly preScore: PreScorePlugin[];
  readonly score: Array<{ plugin: ScorePlugin; weight: number }>;
  readonly reserve: ReservePlugin[];
  private totalsBuf: number[] = [];
  private scoresBuf: number[] = [];

  constructor(
    profile: ResolvedProfile,
    plugins: Map<string, AnyPlugin>,
    readonly handle: Handle,
  ) {
    this.profileName = profile.schedulerName;
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore;
    const pick = <T>(names: string[]): T[] => names.map((n) => plugins.get(n)).filter((p): p is AnyPlugin => !!p) as unknown as T[];
    this.queueSort = pick<QueueSortPlugin>(profile.points.queueSort)[0];
    this.preFilter = pick(profile.points.preFilter);
    this.filter = pick(profile.points.filter);
    this.postFilter = pick(profile.points.postFilter);
    this.preScore = pick(profile.points.preScore);
    this.score = pick<ScorePlugin>(profile.points.score).map((p) => ({ plugin: p, weight: profile.weights.get(p.name) ?? 1 }));
    this.reserve = pick(profile.points.reserve);
  }

  /** Runs preFilter plugins; a rejection carries the plugin's name. nodeNames narrows the nodes to try. */
  runPreFilter(state: CycleState, pod: PodInfo): { status: Status | null; nodeNames?: Set<string>; nodeNamesPlugins?: string[] } {
    let nodeNames: Set<string> | undefined;
    const nodeNamesPlugins: string[] = [];
    for (const p of this.preFilter) {
      const { status, result } = p.preFilter(state, pod);
      if (status?.isSkip()) {
        state.skipFilterPlugins.add(p.name);
        state.activeFilters = undefined;
        continue;
      }
      if (status && !status.isSuccess()) {
        if (status.isRejected()) return { status: status.withPlugin(p.name) };
        return { status: newStatus(Code.Error, `running PreFilter plugin "${p.name}": ${status.message()}`).withPlugin(p.name) };
      }
      if (result?.nodeNames) {
        nodeNamesPlugins.push(p.name);
        nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => result.nodeNames!.has(n))) : result.nodeNames;
        if (nodeNames.size === 0) {
          return { status: newStatus(Code.UnschedulableAndUnresolvable, 'node(s) didn\'t satisfy plugin(s) [' + p.name + '] simultaneously').withPlugin(p.name) };
        }
      }
    }
    return { status: null, nodeNames, nodeNamesPlugins };
  }

  /** The filter plugins this cycle runs: those whose preFilter did not skip them. */
  private activeFilters(state: CycleState): FilterPlugin[] {
    let active = state.activeFilters;
    if (!active) {
      const skip = state.skipFilterPlugins;
      active = skip.size ? this.filter.filter((p) => !skip.has(p.name)) : this.filter;
      state.activeFilters = active;
    }
    return active;
  }

  /** Runs filter plugins on one node, stopping at the first that rejects it. */
  runFilter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const active = this.activeFilters(state);
    for (let i = 0; i < active.length; i++) {
      const p = active[i];
      const s = p.filter(state, pod, node);
      if (s && !s.isSuccess()) {
        if (s.plugin === p.name) return s;
        // Plugins return shared statuses for common rejections: name them once, not per node.
        if (s.plugin === '') {
          s.plugin = p.name;
          return s;
        }
        return s.withPlugin(p.name);
      }
    }
    return null;
  }

  runPostFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): { status: Status; result?: PostFilterResult } {
    let last: { status: Status; result?: PostFilterResult } = { status: newStatus(Code.Unschedulable) };
    for (const p of this.postFilter) {
      const r = p.postFilter(state, pod, statuses);
      if (r.status.isSuccess()) return r;
      if (r.status.code !== Code.Unschedulable) return { status: r.status.withPlugin(p.name) };
      last = r;
    }
    return last;
  }

  runPreScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    for (const p of this.preScore) {
      const s = p.preScore(state, pod, nodes);
      if (s?.isSkip()) {
        state.skipScorePlugins.add(p.name);
        continue;
      }
      if (s && !s.isSuccess()) return newStatus(Code.Error, `running PreScore plugin "${p.name}": ${s.message()}`);
    }
    return null;
  }

  /** Scores nodes with every score plugin, normalises and weights them; totals align with nodes. */
  runScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], detail = false): { totals: number[]; plugins: PluginScores[] } {
    const n = nodes.length;
    // Without detail the buffers are reused: totals live until the host is picked, before the next cycle.
    const totals = detail ? new Array<number>(n) : this.totalsBuf;
    if (totals.length !== n) totals.length = n;
    totals.fill(0);
    const out: PluginScores[] = [];
    for (const { plugin, weight } of this.score) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      const scores = detail ? new Array<number>(n) : this.scoresBuf;
      if (scores.length !== n) scores.length = n;
      scores.fill(0);
      if (plugin.scoreNodes) plugin.scoreNodes(state, pod, nodes, scores);
      else for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i]);
      const raw = detail ? scores.slice() : [];
      plugin.normalizeScore?.(state, pod, scores, nodes);
      for (let i = 0; i < nodes.length; i++) {
        const s = scores[i];
        if (s > MaxNodeScore || s < 0) throw new Error(`plugin "${plugin.name}" returns an invalid score ${s}, it should in the range of [0, ${MaxNodeScore}] after normalizing`);
        totals[i] += s * weight;
      }
      if (detail) out.push({ plugin: plugin.name, weight, raw, normalized: scores });
    }
    return { totals, plugins: out };
  }

  runReserve(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    for (const p of this.reserve) {
      const s = p.reserve(state, pod, nodeName);
      if (s && !s.isSuccess()) return s.withPlugin(p.name);
    }
    return null;
  }

  runUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reserve.length - 1; i >= 0; i--) this.reserve[i].unreserve(state, pod, nodeName);
  }

  /** preFilter + filter for one node under another snapshot (preemption's dry runs). */
  filterWithSnapshot(snapshot: Snapshot, pod: PodInfo, node: NodeInfo): Status | null {
    const saved = this.handle.snapshot;
    this.handle.snapshot = snapshot;
    try {
      const state = new State();
      const pre = this.runPreFilter(state, pod);
      if (pre.status) return pre.status;
      if (pre.nodeNames && !pre.nodeNames.has(node.name)) return newStatus(Code.UnschedulableAndUnresolvable, 'node is not in the PreFilter result');
      return this.runFilter(state, pod, node);
    } finally {
      this.handle.snapshot = saved;
    }
  }
}

export { Status };
