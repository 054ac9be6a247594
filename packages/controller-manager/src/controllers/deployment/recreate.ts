// Recreate (recreate.go): scale every old ReplicaSet to zero, wait until their pods are
// gone, then create and scale up the new one.
import type { Pod, ReplicaSet } from '@mk/api';
import type { DeploymentSync } from './sync.js';
import { deploymentComplete, filterActive, replicas } from './util.js';

export async function rolloutRecreate(s: DeploymentSync, rsList: ReplicaSet[], podsByRS: Map<string, Pod[]>): Promise<void> {
  let { newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, false);
  let allRSs = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if (await s.scaleReplicaSetAndRecordEvent(rs, 0)) scaledDown = true;
  if (scaledDown) return s.syncRolloutStatus(allRSs, newRS);
  if (oldPodsRunning(newRS, oldRSs, podsByRS)) return s.syncRolloutStatus(allRSs, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = await s.getAllReplicaSetsAndSyncRevision(rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS && replicas(newRS) !== replicas(s.d)) await s.scaleReplicaSetAndRecordEvent(newRS, replicas(s.d));
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanupDeployment(oldRSs);
  return s.syncRolloutStatus(allRSs, newRS);
}

function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], podsByRS: Map<string, Pod[]>): boolean {
  if (oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
  for (const [uid, pods] of podsByRS) {
    if (newRS && uid === newRS.metadata.uid) continue;
    for (const p of pods) {
      const phase = p.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
