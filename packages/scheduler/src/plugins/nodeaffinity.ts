// NodeAffinity: nodeSelector and required node affinity filter; preferred terms score.
import { stateKey, type CycleState, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/nodeinfo.js';
import type { PodInfo } from '../framework/podinfo.js';
import { Code, newStatus, SKIP, type Status } from '../framework/status.js';
import type { NodeSelector, NodeSelectorTerm, PreferredSchedulingTerm } from '../framework/types.js';
import { defaultNormalizeScore, MaxNodeScore } from './helper.js';
import * as names from './names.js';
import { compileTerm, compileTerms, RequiredNodeAffinity } from './nodeselector.js';

export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
export const ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
export const ErrReasonConflict = 'pod affinity terms conflict';

export interface NodeAffinityArgs {
  addedAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
    preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
  };
}

const preFilterKey = stateKey('PreFilter' + names.NodeAffinity);
const preScoreKey = stateKey('PreScore' + names.NodeAffinity);

type Preferred = Array<{ weight: number; match: (l: Record<string, string>, n: string) => boolean }>;

function compilePreferred(terms: readonly PreferredSchedulingTerm[] | undefined): Preferred {
  return (terms ?? []).filter((t) => t.weight !== 0).map((t) => ({ weight: t.weight, match: compileTerm(t.preference) }));
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = names.NodeAffinity;
  private addedRequired: ((l: Record<string, string>, n: string) => boolean) | null;
  private addedPreferred: Preferred;
  private static readonly podStatus = newStatus(Code.UnschedulableAndUnresolvable, ErrReasonPod);
  private static readonly enforcedStatus = newStatus(Code.UnschedulableAndUnresolvable, ErrReasonEnforced);

  constructor(args: NodeAffinityArgs = {}) {
    const req = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.addedRequired = req ? compileTerms(req.nodeSelectorTerms ?? []) : null;
    this.addedPreferred = compilePreferred(args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  }

  preFilter(state: CycleState, pod: PodInfo): { status: Status | null; result?: { nodeNames?: Set<string> } } {
    const required = new RequiredNodeAffinity(pod.pod);
    state.write(preFilterKey, required);
    if (required.empty && !this.addedRequired) return { status: SKIP };
    const terms = pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (!terms?.length) return { status: null };
    // If every term names nodes through matchFields metadata.name In, only those nodes can match.
    let nodeNames: Set<string> | null = null;
    for (const t of terms) {
      const names = termNodeNames(t);
      if (!names) return { status: null };
      nodeNames ??= new Set();
      for (const n of names) nodeNames.add(n);
    }
    if (nodeNames && nodeNames.size === 0) return { status: newStatus(Code.UnschedulableAndUnresolvable, ErrReasonConflict) };
    return { status: null, result: nodeNames ? { nodeNames } : undefined };
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    if (this.addedRequired && !this.addedRequired(node.labels, node.name)) return NodeAffinity.enforcedStatus;
    let required = state.read<RequiredNodeAffinity>(preFilterKey);
    if (!required) required = new RequiredNodeAffinity(pod.pod);
    if (!required.match(node)) return NodeAffinity.podStatus;
    return null;
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    const preferred = compilePreferred(pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    if (preferred.length === 0 && this.addedPreferred.length === 0) return SKIP;
    state.write(preScoreKey, preferred);
    return null;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    let count = 0;
    for (const t of this.addedPreferred) if (t.match(node.labels, node.name)) count += t.weight;
    const preferred =
      state.read<Preferred>(preScoreKey) ?? compilePreferred(pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    for (const t of preferred) if (t.match(node.labels, node.name)) count += t.weight;
    return count;
  }

  normalizeScore(_s: CycleState, _p: PodInfo, scores: number[]): void {
    defaultNormalizeScore(MaxNodeScore, false, scores);
  }
}

/** The node names a term pins through matchFields metadata.name In, or null if it pins none. */
function termNodeNames(t: NodeSelectorTerm): string[] | null {
  let out: string[] | undefined;
  for (const r of t.matchFields ?? []) {
    if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
    const vals = r.values ?? [];
    out = out === undefined ? [...vals] : out.filter((v) => vals.includes(v));
  }
  return out ?? null;
}
