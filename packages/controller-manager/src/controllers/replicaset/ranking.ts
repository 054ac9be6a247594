// Which pods a ReplicaSet deletes first when scaling down (controller.ActivePodsWithRanks):
// unscheduled before scheduled, Pending before Unknown before Running, not ready before
// ready, pods doubled up on a node before lonely ones, ready for less time before longer,
// more restarts before fewer, newer before older.
import type { Pod } from '@mk/api';
import { isPodReady, podCondition, podRestarts } from '../../util/pod.js';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function phaseRank(p: Pod): number {
  return PHASE_ORDER[p.status?.phase ?? 'Pending'] ?? 0;
}

function time(s: string | undefined): number {
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? t : 0;
}

/** Negative when a should be deleted before b. ranks: pods of related controllers on the same node. */
export function comparePodsForDeletion(a: Pod, b: Pod, rankA = 0, rankB = 0): number {
  const aAssigned = !!a.spec?.nodeName;
  const bAssigned = !!b.spec?.nodeName;
  if (aAssigned !== bAssigned) return aAssigned ? 1 : -1;
  if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
  const aReady = isPodReady(a);
  const bReady = isPodReady(b);
  if (aReady !== bReady) return aReady ? 1 : -1;
  if (rankA !== rankB) return rankB - rankA;
  if (aReady && bReady) {
    const ta = time(podCondition(a, 'Ready')?.lastTransitionTime);
    const tb = time(podCondition(b, 'Ready')?.lastTransitionTime);
    if (ta !== tb) return tb - ta; // ready more recently goes first
  }
  const ra = podRestarts(a);
  const rb = podRestarts(b);
  if (ra !== rb) return rb - ra;
  const ca = time(a.metadata.creationTimestamp);
  const cb = time(b.metadata.creationTimestamp);
  if (ca !== cb) return cb - ca;
  return 0;
}

/**
 * The n pods to delete. A pod's rank is how many of the related pods share its node, so a
 * node with two pods gives one up before a node with one.
 */
export function podsToDelete(filtered: Pod[], related: Pod[], n: number): Pod[] {
  if (n >= filtered.length) return [...filtered];
  const perNode = new Map<string, number>();
  for (const p of related) {
    const node = p.spec?.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const rank = (p: Pod): number => (p.spec?.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0);
  const ranked = filtered.map((p) => ({ p, r: rank(p) }));
  ranked.sort((x, y) => comparePodsForDeletion(x.p, y.p, x.r, y.r));
  return ranked.slice(0, n).map((x) => x.p);
}
