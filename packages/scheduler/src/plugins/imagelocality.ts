// ImageLocality: prefer nodes that already have the pod's images, scaled by how widely spread they are.
import type { CycleState, ScorePlugin } from '../framework/interface.js';
import { MaxNodeScore } from '../framework/interface.js';
import type { NodeInfo } from '../framework/nodeinfo.js';
import type { PodInfo } from '../framework/podinfo.js';
import type { Snapshot } from '../framework/snapshot.js';
import * as names from './names.js';

const mb = 1024 * 1024;
const minThreshold = 23 * mb;
const maxContainerThreshold = 1000 * mb;

/** Images without a tag or digest mean :latest, as the node reports them. */
export function normalizedImageName(name: string): string {
  const lastSlash = name.lastIndexOf('/');
  const tail = name.slice(lastSlash + 1);
  if (tail.includes(':') || name.includes('@')) return name;
  return name + ':latest';
}

export class ImageLocality implements ScorePlugin {
  readonly name = names.ImageLocality;
  constructor(private snapshot: () => Snapshot) {}

  score(_s: CycleState, pod: PodInfo, node: NodeInfo): number {
    if (node.imageStates.size === 0) return calculatePriority(0, 1);
    const total = this.snapshot().nodeInfoList.length;
    const spec = pod.pod.spec;
    let sum = 0;
    let n = 0;
    for (const list of [spec?.initContainers ?? [], spec?.containers ?? []]) {
      for (const c of list) {
        n++;
        const st = c.image ? node.imageStates.get(normalizedImageName(c.image)) : undefined;
        if (st) sum += Math.trunc(st.size * (st.nodes.size / total));
      }
    }
    return calculatePriority(sum, n);
  }
}

function calculatePriority(sum: number, numContainers: number): number {
  const maxThreshold = maxContainerThreshold * numContainers;
  if (sum < minThreshold) sum = minThreshold;
  else if (sum > maxThreshold) sum = maxThreshold;
  return Math.trunc((MaxNodeScore * (sum - minThreshold)) / (maxThreshold - minThreshold));
}
