import { describe, it, expect } from 'vitest';
import { hasStrategicMeta, patchMetaFor } from './patchmeta.js';

describe('patchMetaFor', () => {
  const cases: [string, string[], ReturnType<typeof patchMetaFor>][] = [
    ['Pod', ['spec', 'containers'], { strategy: 'merge', mergeKey: 'name' }],
    ['Pod', ['spec', 'containers', 'env'], { strategy: 'merge', mergeKey: 'name' }],
    ['Pod', ['spec', 'initContainers', 'ports'], { strategy: 'merge', mergeKey: 'containerPort' }],
    ['Pod', ['spec', 'containers', 'volumeMounts'], { strategy: 'merge', mergeKey: 'mountPath' }],
    ['Pod', ['spec', 'volumes'], { strategy: 'merge,retainKeys', mergeKey: 'name' }],
    ['Pod', ['spec', 'tolerations'], {}],
    ['Pod', ['metadata', 'finalizers'], { strategy: 'merge' }],
    ['Pod', ['metadata', 'ownerReferences'], { strategy: 'merge', mergeKey: 'uid' }],
    ['Deployment', ['spec', 'template', 'spec', 'containers'], { strategy: 'merge', mergeKey: 'name' }],
    ['Deployment', ['spec', 'strategy'], { strategy: 'retainKeys' }],
    ['Deployment', ['status', 'conditions'], { strategy: 'merge', mergeKey: 'type' }],
    ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'imagePullSecrets'], { strategy: 'merge', mergeKey: 'name' }],
    ['Service', ['spec', 'ports'], { strategy: 'merge', mergeKey: 'port' }],
    ['Node', ['spec', 'taints'], {}],
    ['Node', ['status', 'addresses'], { strategy: 'merge', mergeKey: 'type' }],
    ['Widget', ['spec', 'items'], undefined],
  ];
  for (const [kind, path, want] of cases) {
    it(`${kind} ${path.join('.')}`, () => expect(patchMetaFor(kind, path)).toEqual(want));
  }
});

describe('hasStrategicMeta', () => {
  it('knows the built-in kinds and not custom ones', () => {
    expect(hasStrategicMeta('Deployment')).toBe(true);
    expect(hasStrategicMeta('ConfigMap')).toBe(true);
    expect(hasStrategicMeta('Widget')).toBe(false);
  });
});
