// KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) and its defaults.
import { readFileSync } from 'node:fs';
import { parse as parseYAML } from 'yaml';

export interface PluginRef {
  name: string;
  weight?: number;
}

export interface PluginSet {
  enabled?: PluginRef[];
  disabled?: PluginRef[];
}

export const ExtensionPoints = ['queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'preBind', 'bind', 'postBind'] as const;
export type ExtensionPoint = (typeof ExtensionPoints)[number];

export type Plugins = Partial<Record<ExtensionPoint | 'multiPoint', PluginSet>>;

export interface PluginConfig {
  name: string;
  args?: Record<string, unknown>;
}

export interface KubeSchedulerProfile {
  schedulerName?: string;
  percentageOfNodesToScore?: number;
  plugins?: Plugins;
  pluginConfig?: PluginConfig[];
}

export interface KubeSchedulerConfiguration {
  apiVersion?: string;
  kind?: string;
  percentageOfNodesToScore?: number;
  podInitialBackoffSeconds?: number;
  podMaxBackoffSeconds?: number;
  leaderElection?: { leaderElect?: boolean; leaseDuration?: string; renewDeadline?: string; retryPeriod?: string; resourceNamespace?: string; resourceName?: string };
  profiles?: KubeSchedulerProfile[];
}

export const DefaultSchedulerName = 'default-scheduler';

/** The v1 default plugins (multiPoint), in order, with their default score weights. */
export const DefaultPlugins: PluginRef[] = [
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];

/** A profile resolved to the plugins enabled at each extension point. */
export interface ResolvedProfile {
  schedulerName: string;
  percentageOfNodesToScore?: number;
  /** Plugin names per extension point, in order. */
  points: Record<ExtensionPoint, string[]>;
  /** Score weights by plugin name. */
  weights: Map<string, number>;
  args: Map<string, Record<string, unknown>>;
}

export class ConfigError extends Error {}

export const ConfigAPIVersion = 'kubescheduler.config.k8s.io/v1';

export function parseConfig(text: string): KubeSchedulerConfiguration {
  let obj: unknown;
  try {
    obj = parseYAML(text);
  } catch (e) {
    throw new ConfigError(`couldn't decode as KubeSchedulerConfiguration: ${(e as Error).message}`);
  }
  if (!obj || typeof obj !== 'object') throw new ConfigError("couldn't decode as KubeSchedulerConfiguration: not an object");
  const c = obj as KubeSchedulerConfiguration;
  if (c.kind !== 'KubeSchedulerConfiguration') throw new ConfigError(`no kind "${c.kind ?? ''}" is registered for version "${c.apiVersion ?? ''}"`);
  if (c.apiVersion !== ConfigAPIVersion) throw new ConfigError(`no kind "KubeSchedulerConfiguration" is registered for version "${c.apiVersion ?? ''}"`);
  validateConfig(c);
  return c;
}

export function loadConfigFile(path: string): KubeSchedulerConfiguration {
  return parseConfig(readFileSync(path, 'utf8'));
}

function validateConfig(c: KubeSchedulerConfiguration): void {
  const pct = c.percentageOfNodesToScore;
  if (pct !== undefined && (pct < 0 || pct > 100)) {
    throw new ConfigError(`percentageOfNodesToScore: Invalid value: ${pct}: not in valid range [0-100]`);
  }
  const seen = new Set<string>();
  (c.profiles ?? []).forEach((p, i) => {
    const name = p.schedulerName ?? DefaultSchedulerName;
    if (seen.has(name)) throw new ConfigError(`profiles[${i}].schedulerName: Duplicate value: "${name}"`);
    seen.add(name);
    for (const [point, set] of Object.entries(p.plugins ?? {})) {
      for (const ref of set?.enabled ?? []) {
        if (ref.weight !== undefined && (ref.weight < 0 || ref.weight > 100) && point !== 'queueSort') {
          throw new ConfigError(`profiles[${i}].plugins.${point}.enabled[${ref.name}].weight: Invalid value: ${ref.weight}: must be in the range [0, 100]`);
        }
      }
    }
  });
}

/** Which extension points each plugin implements. */
export type Capabilities = (name: string) => ReadonlySet<ExtensionPoint> | undefined;

/** Resolves the profiles of a configuration (an empty one gives the default profile). */
export function resolveProfiles(c: KubeSchedulerConfiguration, caps: Capabilities): ResolvedProfile[] {
  const profiles = c.profiles?.length ? c.profiles : [{}];
  return profiles.map((p) => resolveProfile(p, caps));
}

export function resolveProfile(p: KubeSchedulerProfile, caps: Capabilities): ResolvedProfile {
  const plugins = p.plugins ?? {};
  const points = Object.fromEntries(ExtensionPoints.map((e) => [e, [] as string[]])) as Record<ExtensionPoint, string[]>;
  const weights = new Map<string, number>();
  const disabledIn = (set: PluginSet | undefined, name: string): boolean =>
    !!set?.disabled?.some((d) => d.name === '*' || d.name === name);

  // multiPoint: the defaults (unless disabled) then the profile's own, at every point each implements.
  const multi: PluginRef[] = [];
  for (const ref of DefaultPlugins) if (!disabledIn(plugins.multiPoint, ref.name)) multi.push(ref);
  for (const ref of plugins.multiPoint?.enabled ?? []) {
    const i = multi.findIndex((m) => m.name === ref.name);
    if (i >= 0) multi.splice(i, 1);
    multi.push(ref);
  }
  for (const ref of multi) {
    const cap = caps(ref.name);
    if (!cap) throw new ConfigError(`plugin "${ref.name}" does not exist`);
    for (const e of cap) {
      // A plugin named explicitly at a point keeps that position (added below).
      if (disabledIn(plugins[e], ref.name) || plugins[e]?.enabled?.some((x) => x.name === ref.name)) continue;
      points[e].push(ref.name);
    }
    if (cap.has('score') && ref.weight !== undefined) weights.set(ref.name, ref.weight);
  }
  for (const e of ExtensionPoints) {
    for (const ref of plugins[e]?.enabled ?? []) {
      const cap = caps(ref.name);
      if (!cap) throw new ConfigError(`plugin "${ref.name}" does not exist`);
      if (!cap.has(e)) throw new ConfigError(`plugin "${ref.name}" does not extend ${e} plugin`);
      if (!points[e].includes(ref.name)) points[e].push(ref.name);
      if (e === 'score' && ref.weight !== undefined) weights.set(ref.name, ref.weight);
    }
  }
  for (const name of points.score) {
    if (!weights.has(name) || weights.get(name) === 0) weights.set(name, DefaultPlugins.find((d) => d.name === name)?.weight ?? 1);
  }
  if (points.queueSort.length > 1) points.queueSort = points.queueSort.slice(-1);
  const args = new Map<string, Record<string, unknown>>();
  for (const pc of p.pluginConfig ?? []) args.set(pc.name, pc.args ?? {});
  return { schedulerName: p.schedulerName ?? DefaultSchedulerName, percentageOfNodesToScore: p.percentageOfNodesToScore, points, weights, args };
}
