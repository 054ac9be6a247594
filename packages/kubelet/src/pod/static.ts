// Static pods from --pod-manifest-path, run as mirror pods named NAME-NODE. mk's kubelet runs
// every pod through the API, so a static pod is its mirror pod: created from the file, replaced
// when the file changes, removed when the file goes, recreated when someone deletes it.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Pod } from '@mk/api';
import type { KubeClient, Logger } from '@mk/client';
import { isAlreadyExists, isNotFound } from '@mk/client';

export const CONFIG_SOURCE = 'kubernetes.io/config.source';
export const CONFIG_HASH = 'kubernetes.io/config.hash';
export const CONFIG_MIRROR = 'kubernetes.io/config.mirror';
export const CONFIG_SEEN = 'kubernetes.io/config.seen';

/** The pods the manifest directory asks for, as mirror pods for nodeName. */
export function readStaticPods(dir: string, nodeName: string, nodeUid: string, logger: Logger): Pod[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.startsWith('.')).sort();
  } catch (e) {
    logger.warn(`reading pod manifests from ${dir} failed: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
  const out: Pod[] = [];
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) {
        logger.warn(`pod manifest ${f}: ${doc.errors[0].message}`);
        continue;
      }
      const obj = doc.toJS() as Pod | null;
      if (!obj || obj.kind !== 'Pod' || !obj.metadata?.name || !obj.spec) {
        if (obj) logger.warn(`pod manifest ${f}: not a Pod with metadata.name and spec`);
        continue;
      }
      const hash = createHash('md5').update(JSON.stringify(obj)).digest('hex');
      const annotations = { ...obj.metadata.annotations, [CONFIG_SOURCE]: 'file', [CONFIG_HASH]: hash, [CONFIG_MIRROR]: hash, [CONFIG_SEEN]: new Date().toISOString() };
      out.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          ...obj.metadata,
          name: `${obj.metadata.name}-${nodeName}`,
          namespace: obj.metadata.namespace ?? 'default',
          annotations,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid, controller: true }],
        },
        spec: {
          ...obj.spec,
          nodeName,
          // Static pods tolerate every NoExecute taint: the node's own pods are never evicted.
          tolerations: [...(obj.spec.tolerations ?? []), { operator: 'Exists', effect: 'NoExecute' }],
        },
      });
    }
  }
  return out;
}

/** Make the API's mirror pods match the manifests. */
export async function syncStaticPods(
  client: KubeClient,
  want: Pod[],
  existing: Pod[],
  logger: Logger,
): Promise<void> {
  const key = (p: Pod): string => `${p.metadata.namespace}/${p.metadata.name}`;
  const have = new Map(existing.filter((p) => p.metadata.annotations?.[CONFIG_MIRROR]).map((p) => [key(p), p]));
  for (const p of want) {
    const cur = have.get(key(p));
    have.delete(key(p));
    if (cur && cur.metadata.annotations?.[CONFIG_HASH] === p.metadata.annotations?.[CONFIG_HASH]) continue;
    try {
      if (cur) {
        // The manifest changed: the old pod goes first (graceful), the new one follows on a later pass.
        if (!cur.metadata.deletionTimestamp) await client.delete('pods', cur.metadata.namespace, cur.metadata.name!);
        continue;
      }
      await client.create('pods', p);
      logger.info(`created mirror pod ${key(p)}`);
    } catch (e) {
      if (!isAlreadyExists(e)) logger.warn(`mirror pod ${key(p)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const stale of have.values()) {
    if (stale.metadata.deletionTimestamp) continue;
    try {
      await client.delete('pods', stale.metadata.namespace, stale.metadata.name!);
    } catch (e) {
      if (!isNotFound(e)) logger.warn(`removing mirror pod ${key(stale)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
