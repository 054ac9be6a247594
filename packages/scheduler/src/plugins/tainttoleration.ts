// TaintToleration: filter NoSchedule/NoExecute taints, score PreferNoSchedule ones.
import { stateKey, type CycleState, type FilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/nodeinfo.js';
import type { PodInfo } from '../framework/podinfo.js';
import { Code, newStatus, type Status } from '../framework/status.js';
import type { Toleration } from '../framework/types.js';
import { defaultNormalizeScore, MaxNodeScore } from './helper.js';
import * as names from './names.js';
import { doNotScheduleTaints, findMatchingUntoleratedTaint, tolerationsTolerateTaint } from './taints.js';

const preScoreKey = stateKey('PreScore' + names.TaintToleration);

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = names.TaintToleration;

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    if (node.taints.length === 0) return null;
    const taint = findMatchingUntoleratedTaint(node.taints, pod.pod.spec?.tolerations, doNotScheduleTaints);
    if (!taint) return null;
    return newStatus(Code.UnschedulableAndUnresolvable, `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    // Only tolerations with effect PreferNoSchedule or empty count for scoring.
    const tols = (pod.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(preScoreKey, tols);
    return null;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const tols = state.read<Toleration[]>(preScoreKey) ?? [];
    let n = 0;
    for (const t of node.taints) {
      if (t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tols, t)) n++;
    }
    return n;
  }

  scoreNodes(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
    const tols = state.read<Toleration[]>(preScoreKey) ?? [];
    for (let i = 0; i < nodes.length; i++) {
      const taints = nodes[i].taints;
      let n = 0;
      for (let j = 0; j < taints.length; j++) {
        const t = taints[j];
        if (t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tols, t)) n++;
      }
      scores[i] = n;
    }
  }

  normalizeScore(_s: CycleState, _p: PodInfo, scores: number[]): void {
    defaultNormalizeScore(MaxNodeScore, true, scores);
  }
}
