// `kubectl rollout undo` and `rollout history` for Deployments, done client-side as kubectl
// 1.32 does: find the ReplicaSet of the wanted revision and copy its template back.
import type { Deployment, ReplicaSet } from '@mk/api';
import { labelSelectorFromObject } from '@mk/api';
import type { KubeClient } from '@mk/client';
import { clone, getControllerOf } from '../../util/owner.js';
import { ANNOTATIONS_TO_SKIP, DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, equalIgnoreHash, revisionOf } from './util.js';

export interface RollbackResult {
  /** kubectl's words after `deployment.apps/NAME `: "rolled back" or "skipped rollback (...)". */
  message: string;
  /** The revision whose template was restored. */
  revision: number;
  rolledBack: boolean;
}

export interface DeploymentRevision {
  revision: number;
  replicaSet: ReplicaSet;
  /** The kubernetes.io/change-cause annotation, if any. */
  changeCause?: string;
}

/** The Deployment's ReplicaSets by revision, oldest first (what `rollout history` lists). */
export async function deploymentHistory(client: KubeClient, namespace: string, name: string): Promise<DeploymentRevision[]> {
  const d = await client.get<Deployment>('deployments.apps', namespace, name);
  const rss = await ownedReplicaSets(client, d);
  return rss
    .map((rs) => ({ revision: revisionOf(rs), replicaSet: rs, changeCause: rs.metadata.annotations?.['kubernetes.io/change-cause'] }))
    .filter((r) => r.revision > 0)
    .sort((a, b) => a.revision - b.revision);
}

async function ownedReplicaSets(client: KubeClient, d: Deployment): Promise<ReplicaSet[]> {
  const selector = labelSelectorFromObject(d.spec?.selector);
  const list = await client.list<ReplicaSet>('replicasets.apps', { namespace: d.metadata.namespace, labelSelector: selector.toString() || undefined });
  return list.items.filter((rs) => getControllerOf(rs)?.uid === d.metadata.uid);
}

/** Roll a Deployment back to toRevision (0 or unset: the revision before the current one). */
export async function rollbackDeployment(client: KubeClient, namespace: string, name: string, toRevision = 0): Promise<RollbackResult> {
  const d = await client.get<Deployment>('deployments.apps', namespace, name);
  if (d.spec?.paused) {
    throw new Error(`you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again`);
  }
  const rss = await ownedReplicaSets(client, d);
  let target: ReplicaSet | undefined;
  if (toRevision > 0) {
    target = rss.find((rs) => revisionOf(rs) === toRevision);
    if (!target) throw new Error(`unable to find specified revision ${toRevision} in history`);
  } else {
    let latest: ReplicaSet | undefined;
    let previous: ReplicaSet | undefined;
    for (const rs of rss) {
      const v = revisionOf(rs);
      if (!latest || v > revisionOf(latest)) {
        previous = latest;
        latest = rs;
      } else if (!previous || v > revisionOf(previous)) previous = rs;
    }
    target = previous;
    if (!target) throw new Error(`no rollout history found for deployment "${name}"`);
  }
  const revision = revisionOf(target);
  if (equalIgnoreHash(target.spec?.template, d.spec?.template)) {
    return { message: `skipped rollback (current template already matches revision ${toRevision})`, revision, rolledBack: false };
  }
  const template = clone(target.spec!.template!);
  if (template.metadata?.labels) delete template.metadata.labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
  const annotations: Record<string, string> = {};
  for (const k of ANNOTATIONS_TO_SKIP) {
    const v = d.metadata.annotations?.[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const patch = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  await client.patch('deployments.apps', namespace, name, patch, 'json');
  return { message: 'rolled back', revision, rolledBack: true };
}
