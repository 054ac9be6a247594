import { describe, it, expect } from 'vitest';
import { parseConfig, resolveProfiles, ConfigError } from './config.js';
import { capabilities } from './registry.js';

describe('KubeSchedulerConfiguration', () => {
  it('defaults to one profile with the default plugins and weights', () => {
    const [p] = resolveProfiles({}, capabilities);
    expect(p.schedulerName).toBe('default-scheduler');
    expect(p.points.filter).toEqual(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity']);
    expect(Object.fromEntries(p.weights)).toEqual({
      TaintToleration: 3,
      NodeAffinity: 2,
      NodeResourcesFit: 1,
      PodTopologySpread: 2,
      InterPodAffinity: 2,
      NodeResourcesBalancedAllocation: 1,
      ImageLocality: 1,
    });
    expect(p.points.postFilter).toEqual(['DefaultPreemption']);
    expect(p.points.queueSort).toEqual(['PrioritySort']);
  });

  it('parses profiles with plugins disabled, weights and args', () => {
    const c = parseConfig(`
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 50
profiles:
- schedulerName: default-scheduler
- schedulerName: no-scoring
  plugins:
    score:
      disabled:
      - name: '*'
      enabled:
      - name: NodeResourcesFit
        weight: 5
    filter:
      disabled:
      - name: TaintToleration
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
`);
    expect(c.percentageOfNodesToScore).toBe(50);
    const [, p] = resolveProfiles(c, capabilities);
    expect(p.schedulerName).toBe('no-scoring');
    expect(p.points.score).toEqual(['NodeResourcesFit']);
    expect(p.weights.get('NodeResourcesFit')).toBe(5);
    expect(p.points.filter).not.toContain('TaintToleration');
    expect(p.args.get('NodeResourcesFit')).toEqual({ scoringStrategy: { type: 'MostAllocated' } });
  });

  it('rejects bad input clearly', () => {
    expect(() => parseConfig('kind: KubeSchedulerConfiguration\napiVersion: kubescheduler.config.k8s.io/v1beta9\n')).toThrow(
      'no kind "KubeSchedulerConfiguration" is registered for version "kubescheduler.config.k8s.io/v1beta9"',
    );
    expect(() => parseConfig('{')).toThrow(ConfigError);
    expect(() => parseConfig('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npercentageOfNodesToScore: 120\n')).toThrow(
      'percentageOfNodesToScore: Invalid value: 120: not in valid range [0-100]',
    );
    expect(() => resolveProfiles({ profiles: [{ plugins: { filter: { enabled: [{ name: 'NoSuchPlugin' }] } } }] }, capabilities)).toThrow('plugin "NoSuchPlugin" does not exist');
    expect(() =>
      parseConfig('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: a\n- schedulerName: a\n'),
    ).toThrow('profiles[1].schedulerName: Duplicate value: "a"');
  });
});
