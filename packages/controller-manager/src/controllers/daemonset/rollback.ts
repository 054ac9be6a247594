// `kubectl rollout undo|history` for DaemonSets, client-side as kubectl 1.32 does: the
// ControllerRevisions owned by the DaemonSet hold each template; undo copies one back.
import type { ControllerRevision, DaemonSet, PodTemplateSpec } from '@mk/api';
import type { KubeClient } from '@mk/client';
import { canonicalJSON, clone, getControllerOf } from '../../util/owner.js';
import type { RollbackResult } from '../deployment/rollback.js';

export interface DaemonSetRevision {
  revision: number;
  controllerRevision: ControllerRevision;
  changeCause?: string;
}

function templateOf(rev: ControllerRevision): PodTemplateSpec | undefined {
  const t = (rev.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined)?.spec?.template;
  if (!t) return undefined;
  const { $patch: _ignored, ...rest } = t;
  return rest;
}

/** The DaemonSet's ControllerRevisions, oldest first (what `rollout history` lists). */
export async function daemonSetHistory(client: KubeClient, namespace: string, name: string): Promise<DaemonSetRevision[]> {
  const ds = await client.get<DaemonSet>('daemonsets.apps', namespace, name);
  const list = await client.list<ControllerRevision>('controllerrevisions.apps', { namespace });
  return list.items
    .filter((r) => getControllerOf(r)?.uid === ds.metadata.uid)
    .map((r) => ({ revision: r.revision, controllerRevision: r, changeCause: r.metadata.annotations?.['kubernetes.io/change-cause'] }))
    .sort((a, b) => a.revision - b.revision);
}

/** Roll a DaemonSet back to toRevision (0 or unset: the one before the current). */
export async function rollbackDaemonSet(client: KubeClient, namespace: string, name: string, toRevision = 0): Promise<RollbackResult> {
  const ds = await client.get<DaemonSet>('daemonsets.apps', namespace, name);
  const history = await daemonSetHistory(client, namespace, name);
  let target: DaemonSetRevision | undefined;
  if (toRevision > 0) {
    target = history.find((h) => h.revision === toRevision);
    if (!target) throw new Error(`unable to find specified revision ${toRevision} in history`);
  } else {
    target = history.length >= 2 ? history[history.length - 2] : undefined;
    if (!target) throw new Error(`no last revision to roll back to`);
  }
  const template = templateOf(target.controllerRevision);
  if (!template) throw new Error(`revision ${target.revision} of daemon set "${name}" holds no template`);
  if (canonicalJSON(template) === canonicalJSON(ds.spec?.template)) {
    return { message: `skipped rollback (current template already matches revision ${toRevision})`, revision: target.revision, rolledBack: false };
  }
  await client.patch('daemonsets.apps', namespace, name, [{ op: 'replace', path: '/spec/template', value: clone(template) }], 'json');
  return { message: 'rolled back', revision: target.revision, rolledBack: true };
}
