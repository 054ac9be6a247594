// The in-tree plugin registry: name -> factory, and which points each plugin extends.
import type { ExtensionPoint, ResolvedProfile } from './config.js';
import type { AnyPlugin, Handle } from './interface.js';
import { Framework } from './runtime.js';
import { PrioritySort, NodeUnschedulable, NodeName } from '../plugins/simple.js';
import { TaintToleration } from '../plugins/tainttoleration.js';
import { NodeAffinity, type NodeAffinityArgs } from '../plugins/nodeaffinity.js';
import { NodePorts } from '../plugins/nodeports.js';
import { NodeResourcesFit, NodeResourcesBalancedAllocation, type NodeResourcesFitArgs, type NodeResourcesBalancedAllocationArgs } from '../plugins/noderesources.js';
import { ImageLocality } from '../plugins/imagelocality.js';
import { InterPodAffinity, type InterPodAffinityArgs } from '../plugins/interpodaffinity.js';
import { PodTopologySpread, type PodTopologySpreadArgs } from '../plugins/podtopologyspread.js';
import { DefaultPreemption, type DefaultPreemptionArgs } from '../plugins/defaultpreemption.js';

type Factory = (args: Record<string, unknown>, h: Handle) => AnyPlugin;

const snap = (h: Handle) => () => h.snapshot;

export const registry: Record<string, { factory: Factory; points: ExtensionPoint[] }> = {
  PrioritySort: { factory: () => new PrioritySort(), points: ['queueSort'] },
  NodeUnschedulable: { factory: () => new NodeUnschedulable(), points: ['filter'] },
  NodeName: { factory: () => new NodeName(), points: ['preFilter', 'filter'] },
  TaintToleration: { factory: () => new TaintToleration(), points: ['filter', 'preScore', 'score'] },
  NodeAffinity: { factory: (a) => new NodeAffinity(a as NodeAffinityArgs), points: ['preFilter', 'filter', 'preScore', 'score'] },
  NodePorts: { factory: () => new NodePorts(), points: ['preFilter', 'filter'] },
  NodeResourcesFit: { factory: (a) => new NodeResourcesFit(a as NodeResourcesFitArgs), points: ['preFilter', 'filter', 'preScore', 'score'] },
  NodeResourcesBalancedAllocation: {
    factory: (a) => new NodeResourcesBalancedAllocation(a as NodeResourcesBalancedAllocationArgs),
    points: ['preScore', 'score'],
  },
  ImageLocality: { factory: (_a, h) => new ImageLocality(snap(h)), points: ['score'] },
  InterPodAffinity: { factory: (a, h) => new InterPodAffinity(snap(h), a as InterPodAffinityArgs), points: ['preFilter', 'filter', 'preScore', 'score'] },
  PodTopologySpread: { factory: (a, h) => new PodTopologySpread(snap(h), a as PodTopologySpreadArgs), points: ['preFilter', 'filter', 'preScore', 'score'] },
  DefaultPreemption: { factory: (a, h) => new DefaultPreemption(h, a as DefaultPreemptionArgs), points: ['postFilter'] },
  // Binding is done by the scheduler itself through pods/binding.
  DefaultBinder: { factory: () => ({ name: 'DefaultBinder' }), points: ['bind'] },
};

export function capabilities(name: string): ReadonlySet<ExtensionPoint> | undefined {
  const r = registry[name];
  return r ? new Set(r.points) : undefined;
}

/** Instantiates a profile's plugins against a handle. */
export function newFramework(profile: ResolvedProfile, handle: Handle): Framework {
  const plugins = new Map<string, AnyPlugin>();
  const names = new Set(Object.values(profile.points).flat());
  for (const name of names) {
    const r = registry[name];
    if (!r) throw new Error(`plugin "${name}" does not exist`);
    plugins.set(name, r.factory(profile.args.get(name) ?? {}, handle));
  }
  const fwk = new Framework(profile, plugins, handle);
  handle.runFilterWithSnapshot ??= (s, p, n) => fwk.filterWithSnapshot(s, p, n);
  return fwk;
}
