// DefaultPreemption (plugins/defaultpreemption + framework/preemption): find the node where
// evicting the fewest, least important lower-priority pods lets the pod fit.
import type { CycleState, Handle, NodeToStatus, PostFilterPlugin, PostFilterResult } from '../framework/interface.js';
import type { NodeInfo } from '../framework/nodeinfo.js';
import type { PodInfo } from '../framework/podinfo.js';
import { selectorFromLabelSelector } from '../framework/selector.js';
import { overlaySnapshot } from '../framework/snapshot.js';
import { Code, newStatus, Status } from '../framework/status.js';
import type { Pod, PodDisruptionBudget } from '../framework/types.js';
import { fitErrorMessage } from '../framework/fiterror.js';
import * as names from './names.js';

export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage?: number;
  minCandidateNodesAbsolute?: number;
}

export const ErrPreemptionNotHelpful = 'Preemption is not helpful for scheduling';
export const ErrNoVictims = 'No preemption victims found for incoming pod';

interface Candidate {
  node: string;
  victims: Pod[];
  numPDBViolations: number;
}

function priorityOf(p: Pod): number {
  return p.spec?.priority ?? 0;
}

function startTime(p: Pod): number {
  const t = p.status?.startTime ?? p.metadata.creationTimestamp;
  return t ? Date.parse(t) : Number.MAX_SAFE_INTEGER;
}

/** util.MoreImportantPod: higher priority, then earlier start. */
function moreImportant(a: Pod, b: Pod): boolean {
  const pa = priorityOf(a);
  const pb = priorityOf(b);
  if (pa !== pb) return pa > pb;
  return startTime(a) < startTime(b);
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = names.DefaultPreemption;
  private pct: number;
  private abs: number;

  constructor(
    private handle: Handle,
    args: DefaultPreemptionArgs = {},
    private random: () => number = Math.random,
  ) {
    this.pct = args.minCandidateNodesPercentage ?? 10;
    this.abs = args.minCandidateNodesAbsolute ?? 100;
  }

  postFilter(_state: CycleState, pod: PodInfo, statuses: NodeToStatus): { status: Status; result?: PostFilterResult } {
    const r = this.preempt(pod, statuses);
    if (r.status.isSuccess()) return r;
    const msg = r.status.message();
    return { status: msg ? newStatus(r.status.code, 'preemption: ' + msg) : r.status, result: r.result };
  }

  private eligible(pod: PodInfo, statuses: NodeToStatus): string | null {
    if (pod.pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
    const nom = pod.pod.status?.nominatedNodeName;
    if (nom) {
      if (statuses.get(nom)?.code === Code.UnschedulableAndUnresolvable) return null;
      const ni = this.handle.snapshot.get(nom);
      if (ni) {
        for (const p of ni.pods) {
          if (p.pod.metadata.deletionTimestamp && p.priority < pod.priority) return 'not eligible due to a terminating pod on the nominated node.';
        }
      }
    }
    return null;
  }

  preempt(pod: PodInfo, statuses: NodeToStatus): { status: Status; result?: PostFilterResult } {
    const notEligible = this.eligible(pod, statuses);
    if (notEligible) return { status: newStatus(Code.Unschedulable, notEligible) };
    const snap = this.handle.snapshot;
    const all = snap.nodeInfoList;
    if (all.length === 0) return { status: newStatus(Code.Error, 'no nodes available') };
    const outcome = new Map<string, Status>();
    const potential: NodeInfo[] = [];
    const notHelpful = newStatus(Code.UnschedulableAndUnresolvable, ErrPreemptionNotHelpful);
    for (const ni of all) {
      if (statuses.get(ni.name)?.code === Code.UnschedulableAndUnresolvable) outcome.set(ni.name, notHelpful);
      else potential.push(ni);
    }
    const candidates: Candidate[] = [];
    if (potential.length) {
      const pdbs = this.handle.pdbs();
      let numCandidates = Math.max(Math.trunc((potential.length * this.pct) / 100), this.abs);
      if (numCandidates > potential.length) numCandidates = potential.length;
      const offset = Math.floor(this.random() * potential.length);
      let nonViolating = 0;
      for (let i = 0; i < potential.length; i++) {
        const ni = potential[(offset + i) % potential.length];
        const r = this.selectVictimsOnNode(pod, ni, pdbs);
        if (r.status.isSuccess() && r.victims.length > 0) {
          candidates.push({ node: ni.name, victims: r.victims, numPDBViolations: r.numViolating });
          if (r.numViolating === 0) nonViolating++;
          if (nonViolating > 0 && candidates.length >= numCandidates) break;
        } else {
          outcome.set(ni.name, r.status.isSuccess() ? newStatus(Code.UnschedulableAndUnresolvable, ErrNoVictims) : r.status);
        }
      }
    }
    if (candidates.length === 0) {
      return { status: newStatus(Code.Unschedulable, fitErrorMessage(outcome.size, outcome.values())) };
    }
    const best = pickOneNodeForPreemption(candidates);
    return { status: new Status(Code.Success), result: { nominatedNodeName: best.node, victims: best.victims } };
  }

  /** Removes lower-priority pods, then reprieves as many as still let the pod fit, PDB-violating ones first. */
  selectVictimsOnNode(pod: PodInfo, original: NodeInfo, pdbs: readonly PodDisruptionBudget[]): { victims: Pod[]; numViolating: number; status: Status } {
    const ni = original.clone();
    const potential: PodInfo[] = [];
    for (const p of original.pods) {
      if (p.priority < pod.priority) {
        potential.push(p);
        ni.removePod(p.key);
      }
    }
    if (potential.length === 0) return { victims: [], numViolating: 0, status: newStatus(Code.UnschedulableAndUnresolvable, ErrNoVictims) };
    const base = this.handle.snapshot;
    const fits = (): Status | null => this.handle.runFilterWithSnapshot!(overlaySnapshot(base, ni), pod, ni);
    const st = fits();
    if (st) return { victims: [], numViolating: 0, status: st };
    potential.sort((a, b) => (moreImportant(a.pod, b.pod) ? -1 : moreImportant(b.pod, a.pod) ? 1 : 0));
    const [violating, nonViolating] = filterPodsWithPDBViolation(potential, pdbs);
    const victims: Pod[] = [];
    let numViolating = 0;
    const reprieve = (p: PodInfo): boolean => {
      ni.addPod(p);
      if (fits() === null) return true;
      ni.removePod(p.key);
      victims.push(p.pod);
      return false;
    };
    for (const p of violating) if (!reprieve(p)) numViolating++;
    for (const p of nonViolating) reprieve(p);
    return { victims, numViolating, status: new Status(Code.Success) };
  }
}

/** Splits pods into those whose eviction would exceed a PDB's allowed disruptions and the rest. */
export function filterPodsWithPDBViolation(pods: PodInfo[], pdbs: readonly PodDisruptionBudget[]): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p) => {
    try {
      return selectorFromLabelSelector(p.spec?.selector);
    } catch {
      return null;
    }
  });
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of pods) {
    const pod = pi.pod;
    let violated = false;
    if (pod.metadata.labels && Object.keys(pod.metadata.labels).length) {
      for (let i = 0; i < pdbs.length; i++) {
        const pdb = pdbs[i];
        if (pdb.metadata.namespace !== pod.metadata.namespace) continue;
        const sel = selectors[i];
        // An empty selector matches nothing for PDBs.
        if (!sel || sel.empty || !sel.matches(pod.metadata.labels)) continue;
        if (pdb.status?.disruptedPods?.[pod.metadata.name ?? '']) continue;
        allowed[i]--;
        if (allowed[i] < 0) violated = true;
      }
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return [violating, nonViolating];
}

/** pickOneNodeForPreemption's criteria, in order. */
export function pickOneNodeForPreemption(cs: Candidate[]): Candidate {
  const highest = (c: Candidate): number => (c.victims.length ? Math.max(...c.victims.map(priorityOf)) : -Infinity);
  const sumPrio = (c: Candidate): number => c.victims.reduce((s, v) => s + priorityOf(v) + 2147483647 + 1, 0);
  const latestStartOfHighest = (c: Candidate): number => {
    const h = highest(c);
    let earliest = Infinity;
    for (const v of c.victims) if (priorityOf(v) === h) earliest = Math.min(earliest, startTime(v));
    return earliest;
  };
  const criteria: Array<(c: Candidate) => number> = [
    (c) => -c.numPDBViolations,
    (c) => -highest(c),
    (c) => -sumPrio(c),
    (c) => -c.victims.length,
    (c) => latestStartOfHighest(c),
  ];
  let pool = cs;
  for (const f of criteria) {
    if (pool.length === 1) break;
    let best = -Infinity;
    for (const c of pool) best = Math.max(best, f(c));
    pool = pool.filter((c) => f(c) === best);
  }
  return pool[0];
}
