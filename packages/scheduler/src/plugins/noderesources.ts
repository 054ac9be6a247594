// NodeResourcesFit and NodeResourcesBalancedAllocation (plugins/noderesources).
import { stateKey, type CycleState, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interface.js';
import { MaxNodeScore } from '../framework/interface.js';
import type { NodeInfo } from '../framework/nodeinfo.js';
import type { PodInfo } from '../framework/podinfo.js';
import { isExtendedResourceName, isScalarResourceName, type Resource } from '../framework/resource.js';
import { Code, newStatus, SKIP, type Status } from '../framework/status.js';
import * as names from './names.js';

export interface ResourceSpec {
  name: string;
  weight: number;
}

export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

export interface NodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: {
    type?: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
    resources?: ResourceSpec[];
    requestedToCapacityRatio?: { shape?: UtilizationShapePoint[] };
  };
}

export interface NodeResourcesBalancedAllocationArgs {
  resources?: ResourceSpec[];
}

const defaultResources: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** The request exceeds the node's allocatable: evicting pods cannot help. */
  unresolvable: boolean;
}

/** fitsRequest: which of the pod's requests the node cannot hold. */
const none: InsufficientResource[] = [];

export function fitsRequest(req: Resource, node: NodeInfo, ignored?: Set<string>, ignoredGroups?: Set<string>): InsufficientResource[] {
  const podCount = node.podCount;
  // The common case, a fit, allocates nothing and reads only the NodeInfo itself.
  if (
    podCount + 1 <= node.allowedPodNumber &&
    req.milliCPU <= node.allocMilliCPU - node.reqMilliCPU &&
    req.memory <= node.allocMemory - node.reqMemory &&
    req.ephemeralStorage <= node.allocEphemeralStorage - node.reqEphemeralStorage &&
    (!req.scalar || req.scalar.size === 0)
  ) {
    return none;
  }
  const alloc = node.allocatable;
  const used = node.requested;
  const out: InsufficientResource[] = [];
  if (podCount + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: podCount, capacity: alloc.allowedPodNumber, unresolvable: false });
  }
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && (!req.scalar || req.scalar.size === 0)) return out;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) {
    out.push({ resourceName: 'cpu', reason: 'Insufficient cpu', requested: req.milliCPU, used: used.milliCPU, capacity: alloc.milliCPU, unresolvable: req.milliCPU > alloc.milliCPU });
  }
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
    out.push({ resourceName: 'memory', reason: 'Insufficient memory', requested: req.memory, used: used.memory, capacity: alloc.memory, unresolvable: req.memory > alloc.memory });
  }
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push({
      resourceName: 'ephemeral-storage',
      reason: 'Insufficient ephemeral-storage',
      requested: req.ephemeralStorage,
      used: used.ephemeralStorage,
      capacity: alloc.ephemeralStorage,
      unresolvable: req.ephemeralStorage > alloc.ephemeralStorage,
    });
  }
  if (req.scalar) {
    for (const [name, q] of req.scalar) {
      if (q === 0) continue;
      if (isExtendedResourceName(name)) {
        if (ignored?.has(name)) continue;
        const slash = name.indexOf('/');
        if (ignoredGroups?.has(name.slice(0, slash))) continue;
      }
      const a = alloc.getScalar(name);
      const u = used.getScalar(name);
      if (q > a - u) out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: q, used: u, capacity: a, unresolvable: q > a });
    }
  }
  return out;
}

const fitKey = stateKey('PreFilter' + names.NodeResourcesFit);

type Scorer = (requested: number[], allocatable: number[]) => number;
/** The same scorer for exactly two resources, cpu then memory, without arrays. */
type Scorer2 = (r0: number, a0: number, r1: number, a1: number) => number;

function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MaxNodeScore) / capacity);
}

function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) requested = capacity;
  return Math.trunc((requested * MaxNodeScore) / capacity);
}

function weighted(resources: ResourceSpec[], f: (r: number, c: number) => number): Scorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i].weight;
      nodeScore += f(requested[i], allocatable[i]) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

function weighted2(resources: ResourceSpec[], f: (r: number, c: number) => number): Scorer2 {
  const w0 = resources[0].weight;
  const w1 = resources[1].weight;
  return (r0, a0, r1, a1) => {
    let nodeScore = 0;
    let weightSum = 0;
    if (a0 !== 0) {
      nodeScore += f(r0, a0) * w0;
      weightSum += w0;
    }
    if (a1 !== 0) {
      nodeScore += f(r1, a1) * w1;
      weightSum += w1;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

/** helper.BuildBrokenLinearFunction. */
export function brokenLinear(shape: UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i].utilization) {
        if (i === 0) return shape[0].score;
        return shape[i - 1].score + Math.trunc(((shape[i].score - shape[i - 1].score) * (p - shape[i - 1].utilization)) / (shape[i].utilization - shape[i - 1].utilization));
      }
    }
    return shape[shape.length - 1].score;
  };
}

function requestedToCapacityRatioScorer(resources: ResourceSpec[], shapeIn: UtilizationShapePoint[]): Scorer {
  // Shape scores are 0-10 in the configuration; node scores are 0-100.
  const f = brokenLinear(shapeIn.map((p) => ({ utilization: p.utilization, score: p.score * (MaxNodeScore / 10) })));
  const resourceScore = (r: number, c: number): number => (c === 0 || r > c ? f(100) : f(Math.trunc((r * 100) / c)));
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i].weight;
      const s = resourceScore(requested[i], allocatable[i]);
      if (s > 0) {
        nodeScore += s * w;
        weightSum += w;
      }
    }
    return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
  };
}

/** resourceAllocationScorer: feeds a scorer the node's requested (with the pod) and allocatable. */
class AllocationScorer {
  /** The resources are cpu then memory (the default): read them from the NodeInfo's own fields. */
  private readonly cpuMemory: boolean;

  constructor(
    readonly resources: ResourceSpec[],
    private useRequested: boolean,
    private scorer: Scorer,
    private scorer2?: Scorer2,
  ) {
    this.cpuMemory = resources.length === 2 && resources[0].name === 'cpu' && resources[1].name === 'memory';
  }

  /** score for every node; the same numbers, without a lookup by resource name per node. */
  scoreNodes(nodes: readonly NodeInfo[], podReq: number[], out: number[]): void {
    if (!this.cpuMemory) {
      for (let i = 0; i < nodes.length; i++) out[i] = this.score(nodes[i], podReq);
      return;
    }
    const useRequested = this.useRequested;
    const scorer2 = this.scorer2;
    if (scorer2) {
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        const cpu = node.allocMilliCPU;
        const mem = node.allocMemory;
        out[i] = scorer2(
          cpu === 0 ? 0 : (useRequested ? node.reqMilliCPU : node.nonZeroMilliCPU) + podReq[0],
          cpu,
          mem === 0 ? 0 : (useRequested ? node.reqMemory : node.nonZeroMemory) + podReq[1],
          mem,
        );
      }
      return;
    }
    const requested = this.requested;
    const allocatable = this.allocatable;
    requested.length = 2;
    allocatable.length = 2;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const cpu = node.allocMilliCPU;
      const mem = node.allocMemory;
      allocatable[0] = cpu;
      allocatable[1] = mem;
      requested[0] = cpu === 0 ? 0 : (useRequested ? node.reqMilliCPU : node.nonZeroMilliCPU) + podReq[0];
      requested[1] = mem === 0 ? 0 : (useRequested ? node.reqMemory : node.nonZeroMemory) + podReq[1];
      out[i] = this.scorer(requested, allocatable);
    }
  }

  podRequests(pod: PodInfo): number[] {
    const src = this.useRequested ? pod.requests : pod.nonZeroRequests;
    return this.resources.map((r) => {
      if (!this.useRequested && (r.name === 'cpu' || r.name === 'memory')) return src.get(r.name);
      return pod.requests.get(r.name);
    });
  }

  // Reused across calls: scoring is synchronous, and this runs once per node per cycle.
  private requested: number[] = [];
  private allocatable: number[] = [];

  score(node: NodeInfo, podReq: number[]): number {
    const n = this.resources.length;
    const requested = this.requested;
    const allocatable = this.allocatable;
    for (let i = 0; i < n; i++) {
      requested[i] = 0;
      allocatable[i] = 0;
    }
    const nodeReq = this.useRequested ? node.requested : node.nonZeroRequested;
    for (let i = 0; i < n; i++) {
      const name = this.resources[i].name;
      let alloc = 0;
      let req = 0;
      if (podReq[i] === 0 && isScalarResourceName(name)) continue;
      switch (name) {
        case 'cpu':
          alloc = node.allocatable.milliCPU;
          req = nodeReq.milliCPU + podReq[i];
          break;
        case 'memory':
          alloc = node.allocatable.memory;
          req = nodeReq.memory + podReq[i];
          break;
        case 'ephemeral-storage':
          alloc = node.allocatable.ephemeralStorage;
          req = node.requested.ephemeralStorage + podReq[i];
          break;
        default:
          if (node.allocatable.scalar?.has(name)) {
            alloc = node.allocatable.getScalar(name);
            req = node.requested.getScalar(name) + podReq[i];
          }
      }
      if (alloc === 0) continue;
      allocatable[i] = alloc;
      requested[i] = req;
    }
    return this.scorer(requested, allocatable);
  }
}

export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = names.NodeResourcesFit;
  private ignored: Set<string>;
  private ignoredGroups: Set<string>;
  private scorer: AllocationScorer;
  private scoreKey = stateKey('PreScore' + names.NodeResourcesFit);

  constructor(args: NodeResourcesFitArgs = {}) {
    this.ignored = new Set(args.ignoredResources ?? []);
    this.ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
    const st = args.scoringStrategy ?? {};
    const resources = st.resources?.length ? st.resources : defaultResources;
    switch (st.type ?? 'LeastAllocated') {
      case 'MostAllocated':
        this.scorer = new AllocationScorer(resources, false, weighted(resources, mostRequestedScore), weighted2(resources, mostRequestedScore));
        break;
      case 'RequestedToCapacityRatio': {
        const shape = st.requestedToCapacityRatio?.shape ?? [
          { utilization: 0, score: 10 },
          { utilization: 100, score: 0 },
        ];
        this.scorer = new AllocationScorer(resources, true, requestedToCapacityRatioScorer(resources, shape));
        break;
      }
      default:
        this.scorer = new AllocationScorer(resources, false, weighted(resources, leastRequestedScore), weighted2(resources, leastRequestedScore));
    }
  }

  preFilter(state: CycleState, pod: PodInfo): { status: Status | null } {
    state.write(fitKey, pod.requests);
    return { status: null };
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const req = state.read<Resource>(fitKey) ?? pod.requests;
    const insufficient = fitsRequest(req, node, this.ignored, this.ignoredGroups);
    if (insufficient.length === 0) return null;
    let code = Code.Unschedulable;
    const reasons: string[] = [];
    for (const r of insufficient) {
      reasons.push(r.reason);
      if (r.unresolvable) code = Code.UnschedulableAndUnresolvable;
    }
    return newStatus(code, ...reasons);
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    state.write(this.scoreKey, this.scorer.podRequests(pod));
    return null;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const req = state.read<number[]>(this.scoreKey) ?? this.scorer.podRequests(pod);
    return this.scorer.score(node, req);
  }

  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
    this.scorer.scoreNodes(nodes, state.read<number[]>(this.scoreKey) ?? this.scorer.podRequests(pod), scores);
  }
}

/** balancedResourceScorer for cpu and memory: one resource or none leaves nothing to unbalance. */
function balancedResourceScorer2(r0: number, a0: number, r1: number, a1: number): number {
  if (a0 === 0 || a1 === 0) return MaxNodeScore;
  const f0 = Math.min(r0 / a0, 1);
  const f1 = Math.min(r1 / a1, 1);
  return Math.trunc((1 - Math.abs((f0 - f1) / 2)) * MaxNodeScore);
}

function balancedResourceScorer(requested: number[], allocatable: number[]): number {
  // cpu and memory, the usual pair: std = |f1 - f2| / 2 without allocating.
  if (requested.length === 2 && allocatable[0] !== 0 && allocatable[1] !== 0) {
    const f0 = Math.min(requested[0] / allocatable[0], 1);
    const f1 = Math.min(requested[1] / allocatable[1], 1);
    return Math.trunc((1 - Math.abs((f0 - f1) / 2)) * MaxNodeScore);
  }
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    let f = requested[i] / allocatable[i];
    if (f > 1) f = 1;
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0] - fractions[1]) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MaxNodeScore);
}

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = names.NodeResourcesBalancedAllocation;
  private scorer: AllocationScorer;
  private key = stateKey('PreScore' + names.NodeResourcesBalancedAllocation);

  constructor(args: NodeResourcesBalancedAllocationArgs = {}) {
    const resources = args.resources?.length ? args.resources : defaultResources;
    this.scorer = new AllocationScorer(resources, true, balancedResourceScorer, balancedResourceScorer2);
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    // A pod that requests nothing cannot unbalance a node.
    if (pod.requests.isZero()) return SKIP;
    state.write(this.key, this.scorer.podRequests(pod));
    return null;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    return this.scorer.score(node, state.read<number[]>(this.key) ?? this.scorer.podRequests(pod));
  }

  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
    this.scorer.scoreNodes(nodes, state.read<number[]>(this.key) ?? this.scorer.podRequests(pod), scores);
  }
}
