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
    return scoreImages(podImages(pod), node, this.snapshot().nodeInfoList.length);
  }

  scoreNodes(_s: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
    const snap = this.snapshot();
    // No node reports images: every node scores what a node without images does.
    if (snap.imageCount === 0) {
      scores.fill(calculatePriority(0, 1));
      return;
    }
    const images = podImages(pod);
    const total = snap.nodeInfoList.length;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      scores[i] = node.imageStates.size === 0 ? calculatePriority(0, 1) : scoreImages(images, node, total);
    }
  }
}

/** The normalized image of every init and regular container ('' when it names none). */
function podImages(pod: PodInfo): string[] {
  const spec = pod.pod.spec;
  const out: string[] = [];
  for (const list of [spec?.initContainers ?? [], spec?.containers ?? []]) for (const c of list) out.push(c.image ? normalizedImageName(c.image) : '');
  return out;
}

function scoreImages(images: readonly string[], node: NodeInfo, total: number): number {
  let sum = 0;
  for (const img of images) {
    const st = img ? node.imageStates.get(img) : undefined;
    if (st) sum += Math.trunc(st.size * (st.nodes.size / total));
  }
  return calculatePriority(sum, images.length);
}

function calculatePriority(sum: number, numContainers: number): number {
  const maxThreshold = maxContainerThreshold * numContainers;
  if (sum < minThreshold) sum = minThreshold;
  else if (sum > maxThreshold) sum = maxThreshold;
  return Math.trunc((MaxNodeScore * (sum - minThreshold)) / (maxThreshold - minThreshold));
}
