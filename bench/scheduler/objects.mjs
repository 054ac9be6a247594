// The nodes and pods both scheduler benchmarks use: 4-CPU nodes in three zones, and pods
// asking for 100m and 500Mi (the extra labels, spec fields and uid each run adds).

export function nodeBody(i) {
  const res = { cpu: '4', memory: '32Gi', pods: '110' };
  const name = `node-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    status: { capacity: res, allocatable: res, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export function podBody(name, namespace, extra = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...(extra.uid ? { uid: extra.uid } : {}), labels: extra.labels ?? { app: 'bench' } },
    spec: {
      containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }],
      ...(extra.spec ?? {}),
    },
  };
}
