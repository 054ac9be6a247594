import { describe, it, expect } from 'vitest';
import { createThreeWayMergePatch, createTwoWayMergePatch } from './diff.js';
import { applyStrategicMergePatch } from './strategic.js';

const deployment = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers } }, ...extra },
});

describe('createTwoWayMergePatch', () => {
  const cases: { name: string; kind: string; original: unknown; modified: unknown; want: unknown }[] = [
    {
      name: 'label added and changed (kubectl label --overwrite)',
      kind: 'Pod',
      original: { metadata: { labels: { a: '1' } } },
      modified: { metadata: { labels: { a: '2', b: '3' } } },
      want: { metadata: { labels: { a: '2', b: '3' } } },
    },
    {
      name: 'label removed (kubectl label a-)',
      kind: 'Pod',
      original: { metadata: { labels: { a: '1', b: '2' } } },
      modified: { metadata: { labels: { b: '2' } } },
      want: { metadata: { labels: { a: null } } },
    },
    {
      name: 'set image: only the changed container, plus its order',
      kind: 'Deployment',
      original: deployment([{ name: 'nginx', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }]),
      modified: deployment([{ name: 'nginx', image: 'nginx:1.26' }, { name: 'side', image: 'busybox' }]),
      want: {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'side' }],
              containers: [{ name: 'nginx', image: 'nginx:1.26' }],
            },
          },
        },
      },
    },
    {
      name: 'a removed container becomes $patch: delete',
      kind: 'Pod',
      original: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
      modified: { spec: { containers: [{ name: 'a' }] } },
      want: { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'b', $patch: 'delete' }] } },
    },
    {
      name: 'a removed finalizer goes to $deleteFromPrimitiveList',
      kind: 'Pod',
      original: { metadata: { finalizers: ['a', 'b'] } },
      modified: { metadata: { finalizers: ['a'] } },
      want: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'], '$setElementOrder/finalizers': ['a'] } },
    },
    {
      name: 'a changed strategy type carries $retainKeys',
      kind: 'Deployment',
      original: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
      modified: { spec: { strategy: { type: 'Recreate' } } },
      want: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
    },
    {
      name: 'atomic lists (tolerations) are sent whole',
      kind: 'Pod',
      original: { spec: { tolerations: [{ key: 'a' }, { key: 'b' }] } },
      modified: { spec: { tolerations: [{ key: 'a' }] } },
      want: { spec: { tolerations: [{ key: 'a' }] } },
    },
    {
      name: 'taints are sent whole (kubectl taint)',
      kind: 'Node',
      original: { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } },
      modified: { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }] } },
      want: { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }] } },
    },
    {
      name: 'equal objects give {}',
      kind: 'Deployment',
      original: deployment([{ name: 'a', env: [{ name: 'X', value: '1' }] }]),
      modified: deployment([{ name: 'a', env: [{ name: 'X', value: '1' }] }]),
      want: {},
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = JSON.stringify([c.original, c.modified]);
      const patch = createTwoWayMergePatch(c.original, c.modified, c.kind);
      expect(patch).toEqual(c.want);
      expect(JSON.stringify([c.original, c.modified])).toBe(before);
      // Applying the patch to original must give modified.
      expect(applyStrategicMergePatch(c.original, patch, c.kind)).toEqual(c.modified);
    });
  }

  it('round-trips reordered and mixed list changes', () => {
    const original = {
      metadata: { finalizers: ['x', 'y', 'z'], labels: { a: '1' } },
      spec: {
        containers: [
          { name: 'a', image: 'a', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80 }] },
          { name: 'b', image: 'b' },
          { name: 'c', image: 'c' },
        ],
        volumes: [{ name: 'v', hostPath: { path: '/x' } }],
      },
    };
    const modified = {
      metadata: { finalizers: ['z', 'x', 'w'], labels: { b: '2' } },
      spec: {
        containers: [
          { name: 'c', image: 'c2' },
          { name: 'a', image: 'a', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }], ports: [{ containerPort: 8080 }] },
          { name: 'd', image: 'd' },
        ],
        volumes: [{ name: 'v', emptyDir: {} }],
      },
    };
    const patch = createTwoWayMergePatch(original, modified, 'Pod');
    expect(applyStrategicMergePatch(original, patch, 'Pod')).toEqual(modified);
  });
});

describe('createThreeWayMergePatch (kubectl apply)', () => {
  it('a field removed from the file is removed', () => {
    const original = deployment([{ name: 'a', image: 'a:1' }], { minReadySeconds: 5 });
    const modified = deployment([{ name: 'a', image: 'a:1' }]);
    const current = { ...deployment([{ name: 'a', image: 'a:1', imagePullPolicy: 'IfNotPresent' }], { minReadySeconds: 5, replicas: 1 }), status: { replicas: 1 } };
    const patch = createThreeWayMergePatch(original, modified, current, 'Deployment');
    expect(patch).toEqual({ spec: { minReadySeconds: null } });
    const live = applyStrategicMergePatch(current, patch, 'Deployment') as typeof current;
    expect(live.spec).not.toHaveProperty('minReadySeconds');
  });

  it('fields set by controllers and defaults survive: status, spec.replicas absent from the file', () => {
    const file = deployment([{ name: 'a', image: 'a:1' }]);
    const current = {
      ...deployment([{ name: 'a', image: 'a:1', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' }], {
        replicas: 5, // scaled by an HPA or `mk scale`
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      }),
      status: { replicas: 5, readyReplicas: 5 },
    };
    expect(createThreeWayMergePatch(file, file, current, 'Deployment')).toEqual({});
  });

  it('unchanged gives {}', () => {
    const file = deployment([{ name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }] }]);
    expect(createThreeWayMergePatch(file, file, file, 'Deployment')).toEqual({});
  });

  it('a container removed from the file is deleted while another container keeps the env someone added', () => {
    const original = deployment([{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }]);
    const modified = deployment([{ name: 'a', image: 'a:1' }]);
    const current = deployment([
      { name: 'a', image: 'a:1', env: [{ name: 'ADDED', value: 'by kubectl set env' }] },
      { name: 'b', image: 'b:1' },
    ]);
    const patch = createThreeWayMergePatch(original, modified, current, 'Deployment');
    expect(patch).toEqual({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'a' }],
            containers: [{ name: 'b', $patch: 'delete' }],
          },
        },
      },
    });
    const live = applyStrategicMergePatch(current, patch, 'Deployment');
    expect(live).toEqual(deployment([{ name: 'a', image: 'a:1', env: [{ name: 'ADDED', value: 'by kubectl set env' }] }]));
  });

  it('a live change to a field the file sets is reverted to the file', () => {
    const file = deployment([{ name: 'a', image: 'a:1' }], { replicas: 2 });
    const current = deployment([{ name: 'a', image: 'a:2' }], { replicas: 7 });
    const patch = createThreeWayMergePatch(file, file, current, 'Deployment');
    expect(patch).toEqual({
      spec: {
        replicas: 2,
        template: { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'a', image: 'a:1' }] } },
      },
    });
    expect(applyStrategicMergePatch(current, patch, 'Deployment')).toEqual(file);
  });

  it('first apply over an existing object (no last-applied) only adds and changes', () => {
    const modified = { metadata: { name: 'cm', labels: { a: '1' } }, data: { k: 'v' } };
    const current = { metadata: { name: 'cm', labels: { other: 'x' }, uid: 'u' }, data: { k: 'old', extra: 'kept' } };
    expect(createThreeWayMergePatch(undefined, modified, current, 'ConfigMap')).toEqual({ metadata: { labels: { a: '1' } }, data: { k: 'v' } });
  });

  it('a finalizer removed from the file is removed, one added by a controller stays', () => {
    const original = { metadata: { name: 'p', finalizers: ['a', 'b'] } };
    const modified = { metadata: { name: 'p', finalizers: ['a'] } };
    const current = { metadata: { name: 'p', finalizers: ['a', 'b', 'ctrl'] } };
    const patch = createThreeWayMergePatch(original, modified, current, 'Pod');
    expect(patch).toEqual({ metadata: { '$deleteFromPrimitiveList/finalizers': ['b'], '$setElementOrder/finalizers': ['a'] } });
    expect(applyStrategicMergePatch(current, patch, 'Pod')).toEqual({ metadata: { name: 'p', finalizers: ['a', 'ctrl'] } });
  });

  it('switching the Deployment strategy clears rollingUpdate with $retainKeys', () => {
    const original = deployment([{ name: 'a' }], { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } });
    const modified = deployment([{ name: 'a' }], { strategy: { type: 'Recreate' } });
    const patch = createThreeWayMergePatch(original, modified, original, 'Deployment');
    expect(patch).toEqual({ spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } });
    expect(applyStrategicMergePatch(original, patch, 'Deployment')).toEqual(modified);
  });

  it('a removed env var and an added one in the same container', () => {
    const original = deployment([{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }]);
    const modified = deployment([{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Z', value: '3' }] }]);
    const current = deployment([{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }]);
    const patch = createThreeWayMergePatch(original, modified, current, 'Deployment');
    expect(applyStrategicMergePatch(current, patch, 'Deployment')).toEqual(modified);
  });

  it('keeps Kubernetes item order when one apply deletes a container and adds another beside a server-only one', () => {
    // apimachinery orders with the live list as rewritten in place by the deletion, so the
    // injected sidecar stays between the kept and the new container, as on a real cluster.
    const original = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    const modified = { spec: { containers: [{ name: 'b' }, { name: 'c' }] } };
    const current = { spec: { containers: [{ name: 'a' }, { name: 'b', image: 'b' }, { name: 'sidecar', image: 's' }] } };
    const patch = createThreeWayMergePatch(original, modified, current, 'Pod');
    expect(patch).toEqual({
      spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'c' }], containers: [{ name: 'c' }, { name: 'a', $patch: 'delete' }] },
    });
    expect(applyStrategicMergePatch(current, patch, 'Pod')).toEqual({
      spec: { containers: [{ name: 'b', image: 'b' }, { name: 'sidecar', image: 's' }, { name: 'c' }] },
    });
  });

  it('does not change its inputs', () => {
    const original = deployment([{ name: 'a' }, { name: 'b' }]);
    const modified = deployment([{ name: 'a', image: 'x' }]);
    const current = deployment([{ name: 'b' }, { name: 'a' }]);
    const before = JSON.stringify([original, modified, current]);
    createThreeWayMergePatch(original, modified, current, 'Deployment');
    expect(JSON.stringify([original, modified, current])).toBe(before);
  });
});
