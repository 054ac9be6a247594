// Explains one scheduling decision over a given cluster state: which filter rejected each
// node and why, each score plugin's raw, normalised and weighted scores, and the winner.
// `mk debug scheduling POD` prints this; plugin tests use it to run whole cycles.
import { resolveProfiles, type KubeSchedulerConfiguration } from './framework/config.js';
import { CycleState, type Handle } from './framework/interface.js';
import { PodInfo } from './framework/podinfo.js';
import { capabilities, newFramework } from './framework/registry.js';
import { snapshotFromObjects, type Snapshot } from './framework/snapshot.js';
import type { Node, Pod, PodDisruptionBudget } from './framework/types.js';
import { FitError, runPostFilter, schedulePod, type Explanation } from './schedule.js';

export interface NodeExplanation {
  node: string;
  /** Set when a filter rejected the node. */
  filter?: { plugin: string; reasons: string[]; code: string };
  scores?: Array<{ plugin: string; raw: number; normalized: number; weight: number; weighted: number }>;
  total?: number;
}

export interface SchedulingExplanation {
  pod: string;
  profile: string;
  /** The chosen node, when one fits. */
  selectedNode?: string;
  /** The FailedScheduling message when none fits. */
  message?: string;
  /** Preemption's choice, when it found one. */
  nominatedNodeName?: string;
  victims?: string[];
  nodes: NodeExplanation[];
}

export interface ExplainOptions {
  config?: KubeSchedulerConfiguration;
  pdbs?: PodDisruptionBudget[];
  namespaceLabels?: Record<string, Record<string, string>>;
  random?: () => number;
}

/**
 * Decides where pod would go given nodes and the pods on them (by spec.nodeName),
 * evaluating every node. A pod already bound is explained as if it were pending.
 */
export function explainScheduling(pod: Pod, nodes: Node[], pods: Pod[], o: ExplainOptions = {}): SchedulingExplanation {
  const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const others = pods.filter((p) => `${p.metadata.namespace}/${p.metadata.name}` !== key);
  const pending: Pod = { ...pod, spec: { ...pod.spec!, nodeName: undefined } };
  return explainOnSnapshot(pending, snapshotFromObjects(nodes, others, o.namespaceLabels), o);
}

export function explainOnSnapshot(pod: Pod, snapshot: Snapshot, o: ExplainOptions = {}): SchedulingExplanation {
  const profiles = resolveProfiles(o.config ?? {}, capabilities);
  const schedulerName = pod.spec?.schedulerName ?? 'default-scheduler';
  const profile = profiles.find((p) => p.schedulerName === schedulerName) ?? profiles[0];
  const handle: Handle = { snapshot, pdbs: () => o.pdbs ?? [] };
  const fwk = newFramework(profile, handle);
  const pi = new PodInfo(pod);
  const state = new CycleState();
  const ex: Explanation = { filtered: [], feasible: [], scores: [], totals: {} };
  const out: SchedulingExplanation = { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, profile: profile.schedulerName, nodes: [] };
  try {
    const r = schedulePod(fwk, state, pi, snapshot, { startIndex: { value: 0 }, explain: true, random: o.random }, ex);
    out.selectedNode = r.suggestedHost;
  } catch (e) {
    if (!(e instanceof FitError)) throw e;
    const result = runPostFilter(fwk, state, pi, e);
    out.message = e.fitMessage();
    if (result?.nominatedNodeName) {
      out.nominatedNodeName = result.nominatedNodeName;
      out.victims = (result.victims ?? []).map((v) => `${v.metadata.namespace}/${v.metadata.name}`);
    }
  }
  const filtered = new Map(ex.filtered.map((f) => [f.node, f]));
  const feasibleIdx = new Map(ex.feasible.map((n, i) => [n, i]));
  for (const ni of snapshot.nodeInfoList) {
    const ne: NodeExplanation = { node: ni.name };
    const f = filtered.get(ni.name);
    if (f) ne.filter = { plugin: f.plugin, reasons: f.reasons, code: f.code };
    const i = feasibleIdx.get(ni.name);
    if (i !== undefined) {
      ne.scores = ex.scores.map((s) => ({ plugin: s.plugin, raw: s.raw[i], normalized: s.normalized[i], weight: s.weight, weighted: s.normalized[i] * s.weight }));
      ne.total = ex.totals[ni.name] ?? 0;
    }
    out.nodes.push(ne);
  }
  return out;
}
