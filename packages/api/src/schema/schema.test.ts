import { describe, it, expect } from 'vitest';
import type { KubeObject } from '../meta.js';
import { checkShape, findUnknownFields, schemaFor, typeErrors, unknownFieldWarning } from './index.js';

const pod = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '1', memory: 512 } } }],
    tolerations: [{ key: 'k', operator: 'Exists' }],
  },
});

describe('unknown fields', () => {
  it('finds none in a valid pod', () => expect(findUnknownFields(pod())).toEqual([]));

  it.each([
    [(p: KubeObject) => ((p.spec as { containers: Array<Record<string, unknown>> }).containers[0].imagePullPolice = 'Always'), 'spec.containers[0].imagePullPolice'],
    [(p: KubeObject) => ((p as Record<string, unknown>).env = []), 'env'],
    [(p: KubeObject) => ((p.metadata as Record<string, unknown>).label = {}), 'metadata.label'],
    [(p: KubeObject) => ((p.spec as Record<string, unknown>).tolerations = [{ key: 'k', operater: 'Exists' }]), 'spec.tolerations[0].operater'],
  ])('%#: reports %s', (mutate, path) => {
    const p = pod();
    mutate(p);
    expect(findUnknownFields(p)).toEqual([path]);
    expect(unknownFieldWarning(path)).toBe(`unknown field "${path}"`);
  });

  it('works for Deployment templates and strategy typos', () => {
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        strategy: { rollingUpdate: { maxUnavaliable: 1 } },
        template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'b', imagePullPolice: 'Always' }] } },
      },
    };
    expect(findUnknownFields(d)).toEqual(['spec.strategy.rollingUpdate.maxUnavaliable', 'spec.template.spec.containers[0].imagePullPolice']);
  });

  it('knows every kind mk serves', () => {
    for (const kind of ['Namespace', 'Pod', 'Node', 'Service', 'Endpoints', 'ConfigMap', 'Secret', 'Event', 'ServiceAccount', 'Deployment', 'ReplicaSet', 'DaemonSet', 'ControllerRevision', 'Job', 'CronJob', 'Lease', 'EndpointSlice', 'PriorityClass', 'PodDisruptionBudget', 'Eviction', 'Scale', 'Binding']) {
      expect(schemaFor(kind), kind).toBeDefined();
    }
    expect(schemaFor('Widget')).toBeUndefined();
  });
});

describe('wrong types', () => {
  it.each([
    [{ kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 'three' } }, 'spec.replicas'],
    [{ kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 1.5 } }, 'spec.replicas'],
    [{ kind: 'Pod', metadata: { name: 'p', labels: { a: 1 } } }, 'metadata.labels[a]'],
    [{ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: { name: 'x' } } }, 'spec.containers'],
    [{ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'x', ports: [{ containerPort: '80' }] }] } }, 'spec.containers[0].ports[0].containerPort'],
    [{ kind: 'Pod', metadata: { name: 'p' }, spec: { hostNetwork: 'yes' } }, 'spec.hostNetwork'],
    [{ kind: 'Pod', metadata: 'p' }, 'metadata'],
  ])('%j -> %s', (obj, field) => {
    const errs = typeErrors(obj as KubeObject);
    expect(errs.map((e) => e.field)).toEqual([field]);
    expect(errs[0].type).toBe('FieldValueTypeInvalid');
  });

  it('accepts null anywhere and int-or-string where Kubernetes does', () => {
    const d = {
      kind: 'Deployment',
      metadata: { name: 'd', labels: null },
      spec: { replicas: null, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } },
    } as unknown as KubeObject;
    expect(checkShape(d)).toEqual({ unknown: [], types: [] });
  });

  it('zod schemas agree', () => {
    const z = schemaFor('Pod')!;
    expect(z.safeParse(pod()).success).toBe(true);
    const bad = pod();
    (bad.spec as Record<string, unknown>).restartPolicy = 5;
    expect(z.safeParse(bad).success).toBe(false);
    const unknown = pod();
    (unknown as Record<string, unknown>).env = [];
    expect(z.safeParse(unknown).success).toBe(false);
  });
});
