import { describe, it, expect } from 'vitest';
import { StatusError } from '../status.js';
import { applyStrategicMergePatch } from './strategic.js';

interface Case {
  name: string;
  kind: string;
  doc: unknown;
  patch: unknown;
  want: unknown;
}

// Cases follow apimachinery's strategicpatch tests and the behaviour documented in
// "Update API Objects in Place Using kubectl patch" and the strategic-merge-patch design doc.
const cases: Case[] = [
  {
    // As in the kubectl patch task page: the patch's new container comes first.
    name: 'containers merge by name: new container added, existing one kept',
    kind: 'Pod',
    doc: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
    patch: { spec: { containers: [{ name: 'log-tailer', image: 'log-tailer' }] } },
    want: { spec: { containers: [{ name: 'log-tailer', image: 'log-tailer' }, { name: 'nginx', image: 'nginx' }] } },
  },
  {
    name: 'a container is patched in place by name, other fields kept',
    kind: 'Pod',
    doc: { spec: { containers: [{ name: 'a', image: 'a:1', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'b:1' }] } },
    patch: { spec: { containers: [{ name: 'b', image: 'b:2' }] } },
    want: { spec: { containers: [{ name: 'a', image: 'a:1', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'b:2' }] } },
  },
  {
    name: 'env merges by name inside a Deployment pod template',
    kind: 'Deployment',
    doc: { spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'A', value: '1' }, { name: 'B', value: '1' }] }] } } } },
    patch: { spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '2' }, { name: 'C', value: '3' }] }] } } } },
    want: {
      spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'C', value: '3' }] }] } } },
    },
  },
  {
    name: 'container ports merge by containerPort',
    kind: 'Pod',
    doc: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, name: 'http' }] }] } },
    patch: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }] }] } },
    want: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 443 }] }] } },
  },
  {
    name: 'volumeMounts merge by mountPath, volumes by name',
    kind: 'Pod',
    doc: { spec: { volumes: [{ name: 'data', emptyDir: {} }], containers: [{ name: 'a', volumeMounts: [{ mountPath: '/data', name: 'data' }] }] } },
    patch: { spec: { volumes: [{ name: 'cfg', configMap: { name: 'c' } }], containers: [{ name: 'a', volumeMounts: [{ mountPath: '/etc/cfg', name: 'cfg' }] }] } },
    want: {
      spec: {
        volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'data', emptyDir: {} }],
        containers: [{ name: 'a', volumeMounts: [{ mountPath: '/etc/cfg', name: 'cfg' }, { mountPath: '/data', name: 'data' }] }],
      },
    },
  },
  {
    name: '$patch: delete removes a list item by merge key',
    kind: 'Pod',
    doc: { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } },
    patch: { spec: { containers: [{ name: 'b', $patch: 'delete' }] } },
    want: { spec: { containers: [{ name: 'a' }, { name: 'c' }] } },
  },
  {
    name: '$patch: replace in a list replaces the whole list',
    kind: 'Pod',
    doc: { spec: { containers: [{ name: 'a', image: 'a' }, { name: 'b' }] } },
    patch: { spec: { containers: [{ name: 'c', image: 'c' }, { $patch: 'replace' }] } },
    want: { spec: { containers: [{ name: 'c', image: 'c' }] } },
  },
  {
    name: '$patch: replace in a map replaces the map',
    kind: 'Pod',
    doc: { metadata: { labels: { a: '1', b: '2' } } },
    patch: { metadata: { labels: { $patch: 'replace', c: '3' } } },
    want: { metadata: { labels: { c: '3' } } },
  },
  {
    name: '$patch: delete in a map empties it',
    kind: 'Pod',
    doc: { spec: { securityContext: { runAsUser: 1000 }, hostNetwork: true } },
    patch: { spec: { securityContext: { $patch: 'delete' } } },
    want: { spec: { securityContext: {}, hostNetwork: true } },
  },
  {
    name: 'null deletes a field; a null for a missing field is ignored',
    kind: 'Pod',
    doc: { metadata: { labels: { a: '1', b: '2' } }, spec: { nodeName: 'n1' } },
    patch: { metadata: { labels: { a: null, zz: null } }, spec: { nodeName: null } },
    want: { metadata: { labels: { b: '2' } }, spec: {} },
  },
  {
    name: '$retainKeys clears the fields it does not list (Deployment strategy)',
    kind: 'Deployment',
    doc: { spec: { replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } },
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    want: { spec: { replicas: 2, strategy: { type: 'Recreate' } } },
  },
  {
    name: '$retainKeys on a volume switches its source',
    kind: 'Pod',
    doc: { spec: { volumes: [{ name: 'v', hostPath: { path: '/tmp' } }, { name: 'w', emptyDir: {} }] } },
    patch: { spec: { volumes: [{ $retainKeys: ['emptyDir', 'name'], name: 'v', emptyDir: {} }] } },
    want: { spec: { volumes: [{ name: 'v', emptyDir: {} }, { name: 'w', emptyDir: {} }] } },
  },
  {
    name: 'finalizers are a merged list of primitives',
    kind: 'ConfigMap',
    doc: { metadata: { finalizers: ['a', 'b'] } },
    patch: { metadata: { finalizers: ['b', 'c'] } },
    want: { metadata: { finalizers: ['a', 'b', 'c'] } },
  },
  {
    name: '$deleteFromPrimitiveList removes finalizers',
    kind: 'Pod',
    doc: { metadata: { finalizers: ['a', 'b', 'c'] } },
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'zz'] } },
    want: { metadata: { finalizers: ['a', 'c'] } },
  },
  {
    name: '$deleteFromPrimitiveList on an absent list changes nothing',
    kind: 'Pod',
    doc: { metadata: { name: 'p' } },
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } },
    want: { metadata: { name: 'p' } },
  },
  {
    name: '$setElementOrder orders merged items',
    kind: 'Pod',
    doc: { spec: { containers: [{ name: 'a', env: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] }] } },
    patch: {
      spec: {
        containers: [{ name: 'a', env: [{ name: 'D', value: 'd' }], '$setElementOrder/env': [{ name: 'A' }, { name: 'D' }, { name: 'B' }, { name: 'C' }] }],
      },
    },
    want: { spec: { containers: [{ name: 'a', env: [{ name: 'A' }, { name: 'D', value: 'd' }, { name: 'B' }, { name: 'C' }] }] } },
  },
  {
    name: '$setElementOrder on pod status conditions (what the kubelet sends)',
    kind: 'Pod',
    doc: {
      status: {
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'False' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    },
    patch: {
      status: {
        '$setElementOrder/conditions': [{ type: 'Initialized' }, { type: 'Ready' }, { type: 'PodScheduled' }],
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
    want: {
      status: {
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'True' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    },
  },
  {
    name: 'tolerations are atomic: the patch replaces the list',
    kind: 'Pod',
    doc: { spec: { tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] } },
    patch: { spec: { tolerations: [{ key: 'c', operator: 'Exists' }] } },
    want: { spec: { tolerations: [{ key: 'c', operator: 'Exists' }] } },
  },
  {
    // k8s.io/api NodeSpec.Taints carries no patchStrategy, so Kubernetes replaces the list;
    // `kubectl taint` sends the full new list.
    name: 'node taints are replaced as a whole, and [] removes them all',
    kind: 'Node',
    doc: { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoSchedule' }] } },
    patch: { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } },
    want: { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } },
  },
  {
    name: 'node status conditions merge by type, addresses by type',
    kind: 'Node',
    doc: {
      status: {
        conditions: [{ type: 'Ready', status: 'False' }, { type: 'MemoryPressure', status: 'False' }],
        addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
      },
    },
    patch: { status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'Hostname', address: 'n1' }] } },
    want: {
      status: {
        conditions: [{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'False' }],
        addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '10.0.0.1' }],
      },
    },
  },
  {
    name: 'Service ports merge by port',
    kind: 'Service',
    doc: { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } },
    patch: { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
    want: { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443, targetPort: 8443 }] } },
  },
  {
    name: 'ownerReferences merge by uid',
    kind: 'ReplicaSet',
    doc: { metadata: { ownerReferences: [{ uid: '1', name: 'd', kind: 'Deployment', apiVersion: 'apps/v1' }] } },
    patch: { metadata: { ownerReferences: [{ uid: '1', controller: true }, { uid: '2', name: 'e', kind: 'Deployment', apiVersion: 'apps/v1' }] } },
    want: {
      metadata: {
        ownerReferences: [
          { uid: '1', name: 'd', kind: 'Deployment', apiVersion: 'apps/v1', controller: true },
          { uid: '2', name: 'e', kind: 'Deployment', apiVersion: 'apps/v1' },
        ],
      },
    },
  },
  {
    name: 'CronJob jobTemplate pod template merges containers by name',
    kind: 'CronJob',
    doc: { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b' }] } } } } } },
    patch: { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } } } } } },
    want: { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:2' }, { name: 'b' }] } } } } } },
  },
  {
    name: 'StatefulSet replicas and partition (what students patch)',
    kind: 'StatefulSet',
    doc: { spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate' }, template: { spec: { containers: [{ name: 'a' }] } } } },
    patch: { spec: { replicas: 2, updateStrategy: { rollingUpdate: { partition: 2 } } } },
    want: { spec: { replicas: 2, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } }, template: { spec: { containers: [{ name: 'a' }] } } } },
  },
  {
    name: 'a kind without metadata gets merge-patch semantics (lists replaced)',
    kind: 'Widget',
    doc: { spec: { items: [{ name: 'a' }], keep: 1 } },
    patch: { spec: { items: [{ name: 'b' }], drop: null } },
    want: { spec: { items: [{ name: 'b' }], keep: 1 } },
  },
  {
    name: 'nulls inside a new value are dropped',
    kind: 'Pod',
    doc: { spec: {} },
    patch: { spec: { securityContext: { runAsNonRoot: true, runAsUser: null } } },
    want: { spec: { securityContext: { runAsNonRoot: true } } },
  },
];

describe('applyStrategicMergePatch', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = JSON.stringify([c.doc, c.patch]);
      expect(applyStrategicMergePatch(c.doc, c.patch, c.kind)).toEqual(c.want);
      expect(JSON.stringify([c.doc, c.patch])).toBe(before); // inputs untouched
    });
  }

  it('a null patch changes nothing', () => {
    expect(applyStrategicMergePatch({ a: 1 }, null, 'Pod')).toEqual({ a: 1 });
  });
});

describe('applyStrategicMergePatch: errors', () => {
  function err(fn: () => unknown): StatusError {
    try {
      fn();
    } catch (e) {
      if (e instanceof StatusError) return e;
      throw e;
    }
    throw new Error('expected a StatusError');
  }

  it('a list item without its merge key fails like the apiserver (500, Go message)', () => {
    const e = err(() => applyStrategicMergePatch({ spec: { containers: [{ name: 'a' }] } }, { spec: { containers: [{ image: 'foo' }] } }, 'Pod'));
    expect(e.code).toBe(500);
    expect(e.message).toBe('map: map[image:foo] does not contain declared merge key: name');
  });

  it('an unknown $patch directive is rejected', () => {
    const e = err(() => applyStrategicMergePatch({ metadata: { labels: {} } }, { metadata: { labels: { $patch: 'frob' } } }, 'Pod'));
    expect(e.message).toBe('unknown patch type: frob in map: map[$patch:frob]');
  });

  it('a field missing from $retainKeys is 400', () => {
    const e = err(() => applyStrategicMergePatch({ spec: { strategy: {} } }, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, 'Deployment'));
    expect(e.code).toBe(400);
    expect(e.message).toBe('invalid patch format of retainKeys');
  });

  it('a patch that is not an object is 400', () => {
    const e = err(() => applyStrategicMergePatch({}, [1], 'Pod'));
    expect(e.code).toBe(400);
    expect(e.message).toBe('json: cannot unmarshal array into Go value of type map[string]interface {}');
  });

  it('lists of lists are 422', () => {
    const e = err(() => applyStrategicMergePatch({ metadata: {} }, { metadata: { finalizers: [['b']] } }, 'Pod'));
    expect(e.code).toBe(422);
  });
});
