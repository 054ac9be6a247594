// RollingUpdate (rolling.go): grow the new ReplicaSet up to replicas+maxSurge pods in all,
// shrink old ones while at least replicas-maxUnavailable pods stay available.
import type { ReplicaSet } from '@mk/api';
import type { DeploymentSync } from './sync.js';
import { byCreation, deploymentComplete, filterActive, maxUnavailable, newRSNewReplicas, replicas, sumAvailable, sumReplicas } from './util.js';

export async function rolloutRolling(s: DeploymentSync, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, true);
  const allRSs = [...oldRSs, newRS!];
  if (await reconcileNewReplicaSet(s, allRSs, newRS!)) return s.syncRolloutStatus(allRSs, newRS);
  if (await reconcileOldReplicaSets(s, allRSs, filterActive(oldRSs), newRS!)) return s.syncRolloutStatus(allRSs, newRS);
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanupDeployment(oldRSs);
  return s.syncRolloutStatus(allRSs, newRS);
}

async function reconcileNewReplicaSet(s: DeploymentSync, allRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  const want = replicas(s.d);
  if (replicas(newRS) === want) return false;
  if (replicas(newRS) > want) return s.scaleReplicaSetAndRecordEvent(newRS, want);
  return s.scaleReplicaSetAndRecordEvent(newRS, newRSNewReplicas(s.d, allRSs, newRS));
}

async function reconcileOldReplicaSets(s: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  if (sumReplicas(oldRSs) === 0) return false;
  const minAvailable = replicas(s.d) - maxUnavailable(s.d);
  const newRSUnavailable = replicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  // Old pods that may go now: never below minAvailable, counting unavailable new pods as gone.
  const maxScaledDown = sumReplicas(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = await cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaled = await scaleDownOldReplicaSetsForRollingUpdate(s, [...oldRSs, newRS], oldRSs);
  return cleaned + scaled > 0;
}

/** First drop old pods that are not available anyway: that costs no availability. */
async function cleanupUnhealthyReplicas(s: DeploymentSync, oldRSs: ReplicaSet[], maxCleanup: number): Promise<number> {
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= maxCleanup) break;
    const n = replicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (n === 0 || n === available) continue;
    const down = Math.min(maxCleanup - total, n - available);
    await s.scaleReplicaSetAndRecordEvent(rs, n - down);
    total += down;
  }
  return total;
}

async function scaleDownOldReplicaSetsForRollingUpdate(s: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): Promise<number> {
  const minAvailable = replicas(s.d) - maxUnavailable(s.d);
  const available = sumAvailable(allRSs);
  if (available <= minAvailable) return 0;
  const totalDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= totalDown) break;
    if (replicas(rs) === 0) continue;
    const down = Math.min(replicas(rs), totalDown - total);
    await s.scaleReplicaSetAndRecordEvent(rs, replicas(rs) - down);
    total += down;
  }
  return total;
}
