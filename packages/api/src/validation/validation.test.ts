import { describe, it, expect } from 'vitest';
import { applyDefaults } from '../defaults.js';
import type { KubeObject } from '../meta.js';
import { invalid as invalidStatus } from '../status.js';
import { fieldErrorMessage, fieldErrorsToCauses, validateObject } from './index.js';

const clone = <T>(o: T): T => structuredClone(o);

function pod(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', ...meta },
    spec: { containers: [{ name: 'web', image: 'nginx:1.25' }], ...spec },
  };
}

/** Default, validate, and return Kubernetes' messages. */
function errorsOf(o: KubeObject, old?: KubeObject): string[] {
  applyDefaults(o);
  if (old) applyDefaults(old);
  return validateObject(o, old).map(fieldErrorMessage);
}

const DNS_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('metadata', () => {
  it.each([
    [{ name: 'Web' }, `metadata.name: Invalid value: "Web": ${DNS_SUBDOMAIN_MSG}`],
    [{ name: '' }, 'metadata.name: Required value: name or generateName is required'],
    [{ labels: { app: 'x'.repeat(64) } }, `metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`],
    [{ labels: { 'a b': 'x' } }, 'metadata.labels: Invalid value: "a b": name part must consist of alphanumeric characters'],
    [{ annotations: { big: 'x'.repeat(300000) } }, 'metadata.annotations: Too long: may not be more than 262144 bytes'],
    [{ namespace: '' }, 'metadata.namespace: Required value'],
  ])('%j', (meta, want) => {
    const msgs = errorsOf(pod({}, meta));
    expect(msgs.some((m) => m.startsWith(want))).toBe(true);
  });

  it('accepts generateName without name', () => {
    expect(errorsOf(pod({}, { name: undefined, generateName: 'web-' }))).toEqual([]);
  });

  it('uses DNS-1123 labels for Namespace and DNS-1035 labels for Service', () => {
    expect(errorsOf({ kind: 'Namespace', metadata: { name: 'a.b' } })[0]).toMatch(/^metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist of/);
    const svc = { kind: 'Service', metadata: { name: '1web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } };
    expect(errorsOf(svc)[0]).toMatch(/^metadata.name: Invalid value: "1web": a DNS-1035 label must consist of/);
    expect(errorsOf({ kind: 'Namespace', metadata: { name: 'ok', namespace: 'x' } })).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });
});

describe('Pod', () => {
  it('a plain pod is valid', () => expect(errorsOf(pod())).toEqual([]));

  it.each([
    [{ containers: [] }, 'spec.containers: Required value'],
    [{ containers: [{ name: 'web' }] }, 'spec.containers[0].image: Required value'],
    [{ containers: [{ name: 'web', image: 'x', ports: [{ containerPort: 70000 }] }] }, 'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    [{ containers: [{ name: 'web', image: 'x', ports: [{ containerPort: 80, protocol: 'HTTP' }] }] }, 'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    [{ restartPolicy: 'onFailure' }, 'spec.restartPolicy: Unsupported value: "onFailure": supported values: "Always", "OnFailure", "Never"'],
    [{ restartPolicy: 'Sometimes' }, 'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    [{ dnsPolicy: 'Cluster' }, 'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"'],
    [{ containers: [{ name: 'web', image: 'x', imagePullPolicy: 'Sometimes' }] }, 'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'],
    [{ containers: [{ name: 'web', image: 'x' }, { name: 'web', image: 'y' }] }, 'spec.containers[1].name: Duplicate value: "web"'],
    [{ initContainers: [{ name: 'web', image: 'x' }] }, 'spec.containers[0].name: Duplicate value: "web"'],
    [{ containers: [{ name: 'Web', image: 'x' }] }, 'spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of'],
    [{ containers: [{ name: 'web', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] }, 'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    [{ containers: [{ name: 'web', image: 'x', resources: { limits: { memory: '1GB' } } }] }, "spec.containers[0].resources.limits[memory]: Invalid value: \"1GB\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    [{ containers: [{ name: 'web', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] }, 'spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    [{ volumes: [{ name: 'a', emptyDir: {} }, { name: 'a', emptyDir: {} }] }, 'spec.volumes[1].name: Duplicate value: "a"'],
    [{ containers: [{ name: 'web', image: 'x', livenessProbe: { periodSeconds: 5 } }] }, 'spec.containers[0].livenessProbe: Required value: must specify a handler type'],
    [{ containers: [{ name: 'web', image: 'x', livenessProbe: { exec: { command: ['true'] }, successThreshold: 2 } }] }, 'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
    [{ tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }, "spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'"],
    [{ tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'Noexecute' }] }, 'spec.tolerations[0].effect: Unsupported value: "Noexecute": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    [{ tolerations: [{ key: 'k', operator: 'Equals' }] }, 'spec.tolerations[0].operator: Unsupported value: "Equals": supported values: "Equal", "Exists"'],
    [{ tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }] }, "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"],
    [{ nodeSelector: { 'kubetnetes.io/hostname': 'bad value!' } }, 'spec.nodeSelector: Invalid value: "bad value!": a valid label must be an empty string'],
    [
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Like', values: ['a'] }] }] } } } },
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "Like": not a valid selector operator',
    ],
    [
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['1', '2'] }] }] } } } },
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
    ],
    [{ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { a: 'b' } } }] } } }, 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty'],
    [{ topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] }, 'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero'],
  ])('%j', (spec, want) => {
    const msgs = errorsOf(pod(spec));
    expect(msgs.some((m) => m.startsWith(want)), `got ${JSON.stringify(msgs)}`).toBe(true);
  });

  it('accepts the affinity operators Kubernetes knows', () => {
    const exprs = ['In', 'NotIn', 'Gt', 'Lt'].map((operator) => ({ key: 'k', operator, values: ['1'] }));
    exprs.push({ key: 'k', operator: 'Exists' } as never, { key: 'k', operator: 'DoesNotExist' } as never);
    const spec = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: exprs }] } } } };
    expect(errorsOf(pod(spec))).toEqual([]);
  });

  describe('update', () => {
    const base = () => {
      const p = pod({ tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }] });
      applyDefaults(p);
      return p;
    };
    it('allows image, labels and added tolerations', () => {
      const old = base();
      const next = clone(old);
      (next.spec as { containers: Array<{ image: string }> }).containers[0].image = 'nginx:1.26';
      next.metadata.labels = { x: 'y' };
      (next.spec as { tolerations: unknown[] }).tolerations.push({ key: 'b', operator: 'Exists' });
      expect(errorsOf(next, old)).toEqual([]);
    });
    it('forbids other changes with Kubernetes text', () => {
      const old = base();
      const next = clone(old);
      (next.spec as { containers: Array<{ ports?: unknown[] }> }).containers[0].ports = [{ containerPort: 80, protocol: 'TCP' }];
      expect(errorsOf(next, old)[0]).toBe(
        'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      );
      const removed = clone(old);
      (removed.spec as { tolerations: unknown[] }).tolerations = [];
      expect(errorsOf(removed, old)).toHaveLength(1);
    });
    it('name is immutable', () => {
      const old = base();
      const next = clone(old);
      next.metadata.name = 'other';
      expect(errorsOf(next, old)).toContain('metadata.name: Invalid value: "other": field is immutable');
    });
  });
});

function deployment(spec: Record<string, unknown> = {}, tplSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }], ...tplSpec } },
      ...spec,
    },
  };
}

describe('Deployment, ReplicaSet, DaemonSet', () => {
  it('a plain deployment is valid', () => expect(errorsOf(deployment())).toEqual([]));
  it.each([
    [deployment({ selector: undefined }), 'spec.selector: Required value'],
    [deployment({ selector: { matchLabels: { app: 'x' } } }), 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
    [deployment({}, { restartPolicy: 'Never' }), 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    [deployment({ strategy: { type: 'RollingUpdates' } }), 'spec.strategy.type: Unsupported value: "RollingUpdates": supported values: "Recreate", "RollingUpdate"'],
    [deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }), 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
    [deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '120%' } } }), 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "120%": must not be greater than 100%'],
    [
      deployment({ template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } }),
      'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
    ],
    [deployment({ replicas: -1 }), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    [deployment({ selector: {} }), 'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
  ])('%#: %s', (obj, want) => {
    const msgs = errorsOf(obj);
    expect(msgs.some((m) => m.startsWith(want)), `got ${JSON.stringify(msgs)}`).toBe(true);
  });

  it('selector is immutable on update', () => {
    const old = deployment();
    const next = deployment({ selector: { matchLabels: { app: 'web', v: '2' } } });
    (next.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels.v = '2';
    expect(errorsOf(next, old)).toContain(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it('ReplicaSet and DaemonSet check template labels and restartPolicy too', () => {
    const rs = { ...deployment(), kind: 'ReplicaSet' };
    (rs.spec as { selector: unknown }).selector = { matchLabels: { tier: 'nginx' } };
    expect(errorsOf(rs)).toContain('spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`');
    const ds = { ...deployment({}, { restartPolicy: 'OnFailure' }), kind: 'DaemonSet' };
    expect(errorsOf(ds)).toContain('spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"');
    const ds2 = { ...deployment({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }), kind: 'DaemonSet' };
    expect(errorsOf(ds2)).toContain('spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0');
  });
});

describe('Job and CronJob', () => {
  const job = (tpl: Record<string, unknown>): KubeObject => ({
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default' },
    spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }], ...tpl } } },
  });
  it('needs OnFailure or Never', () => {
    expect(errorsOf(job({ restartPolicy: 'Never' }))).toEqual([]);
    expect(errorsOf(job({}))).toEqual(['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
    expect(errorsOf(job({ restartPolicy: 'Always' }))).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']);
  });
  it('CronJob needs a schedule and a valid concurrencyPolicy', () => {
    const cj = (spec: Record<string, unknown>): KubeObject => ({
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'default' },
      spec: { jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'a', image: 'b' }] } } } }, ...spec },
    });
    expect(errorsOf(cj({ schedule: '*/5 * * * *' }))).toEqual([]);
    expect(errorsOf(cj({}))).toEqual(['spec.schedule: Required value']);
    expect(errorsOf(cj({ schedule: 'every minute' }))[0]).toMatch(/^spec.schedule: Invalid value: "every minute": /);
    expect(errorsOf(cj({ schedule: '@hourly', concurrencyPolicy: 'Sometimes' }))).toEqual([
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    ]);
    expect(errorsOf(cj({ schedule: '0 9 * * *', timeZone: 'Asia/Shanghai' }))).toEqual([]);
    expect(errorsOf(cj({ schedule: '0 9 * * *', timeZone: 'Mars/Olympus' }))).toEqual([
      'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
    ]);
    expect(errorsOf(cj({ schedule: '0 9 * * *', timeZone: 'Local' }))).toEqual([
      'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    ]);
    expect(errorsOf(cj({ schedule: 'CRON_TZ=UTC 0 9 * * *', timeZone: 'Etc/UTC' }))[0]).toMatch(/cannot use both timeZone field and TZ or CRON_TZ in schedule/);
  });
});

describe('Service', () => {
  const svc = (spec: Record<string, unknown>): KubeObject => ({ kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec });
  it.each([
    [{ ports: [{ port: 80 }] }, []],
    [{ clusterIP: 'None' }, []],
    [{ type: 'ExternalName', externalName: 'example.com' }, []],
    [{}, ['spec.ports: Required value']],
    [
      { ports: [{ port: 0 }] },
      ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive', 'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive'],
    ],
    [{ ports: [{ port: 80 }, { port: 81 }] }, ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']],
    [{ ports: [{ name: 'web', port: 80 }, { name: 'web', port: 81 }] }, ['spec.ports[1].name: Duplicate value: "web"']],
    [{ type: 'Cluster', ports: [{ port: 80 }] }, ['spec.type: Unsupported value: "Cluster": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
    [{ sessionAffinity: 'Sticky', ports: [{ port: 80 }] }, ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"']],
    [{ type: 'NodePort', ports: [{ port: 80, nodePort: 70000 }] }, ['spec.ports[0].nodePort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
  ])('%j -> %j', (spec, want) => expect(errorsOf(svc(spec))).toEqual(want));
});

describe('other kinds', () => {
  it('Node taints', () => {
    const node = { kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'Noexecute' }, { key: 'a b', effect: 'NoSchedule' }] } };
    const msgs = errorsOf(node);
    expect(msgs[0]).toBe('spec.taints[0].effect: Unsupported value: "Noexecute": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"');
    expect(msgs[1]).toMatch(/^spec.taints\[1\].key: Invalid value: "a b": name part must consist/);
  });
  it('Secret data must be base64 with valid keys', () => {
    const s = { kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { 'ok.key': 'aGVsbG8=', 'bad key': 'aGVsbG8=', raw: 'not base64!' } };
    const msgs = errorsOf(s);
    expect(msgs).toContain("data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
    expect(msgs.some((m) => m.startsWith('data[raw]: Invalid value: ') && m.includes('illegal base64 data at input byte 3'))).toBe(true);
  });
  it('ConfigMap keys', () => {
    expect(errorsOf({ kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { '..x': 'y' } })).toContain("data[..x]: Invalid value: \"..x\": must not start with '..'");
  });
  it('PriorityClass value limit', () => {
    expect(errorsOf({ kind: 'PriorityClass', metadata: { name: 'high' }, value: 2_000_000_000 })).toEqual([
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
    expect(errorsOf({ kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 })).toEqual([]);
  });
  it('PDB minAvailable xor maxUnavailable', () => {
    const pdb = { kind: 'PodDisruptionBudget', metadata: { name: 'p', namespace: 'default' }, spec: { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: { a: 'b' } } } };
    expect(errorsOf(pdb)[0]).toMatch(/^spec: Invalid value: .*: minAvailable and maxUnavailable cannot be both set$/);
  });
  it('Lease, EndpointSlice, ServiceAccount, Event, ControllerRevision', () => {
    expect(errorsOf({ kind: 'Lease', metadata: { name: 'l', namespace: 'kube-node-lease' }, spec: { leaseDurationSeconds: 0 } })).toEqual([
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    ]);
    expect(errorsOf({ kind: 'EndpointSlice', metadata: { name: 'e', namespace: 'default' }, addressType: 'IPv5', endpoints: [] })).toEqual([
      'addressType: Unsupported value: "IPv5": supported values: "IPv4", "IPv6", "FQDN"',
    ]);
    expect(errorsOf({ kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } })).toEqual([]);
    expect(
      errorsOf({ kind: 'Event', metadata: { name: 'e.1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' } }),
    ).toEqual(['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
    expect(errorsOf({ kind: 'ControllerRevision', metadata: { name: 'c', namespace: 'default' }, revision: -1 })).toEqual([
      'revision: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });
});

describe('wrong types', () => {
  it('are reported alone, before validation', () => {
    const d = deployment({ replicas: 'three' });
    const errs = validateObject(d);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ type: 'FieldValueTypeInvalid', field: 'spec.replicas', badValue: 'three' });
    expect(fieldErrorMessage(errs[0])).toBe('spec.replicas: Invalid value: "three": must be of type int32, not string');
  });
});

describe('Status for invalid objects', () => {
  it('builds Kubernetes messages and causes', () => {
    const errs = validateObject(pod({ containers: [{ name: 'web' }] }));
    const causes = fieldErrorsToCauses(errs);
    expect(causes).toEqual([{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' }]);
    const st = invalidStatus('Pod', 'web', causes).status;
    expect(st.message).toBe('Pod "web" is invalid: spec.containers[0].image: Required value');
    expect(st.code).toBe(422);
    const two = validateObject(pod({ restartPolicy: 'Sometimes', containers: [{ name: 'web' }] }));
    expect(invalidStatus('Pod', 'web', fieldErrorsToCauses(two)).status.message).toBe(
      'Pod "web" is invalid: [spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]',
    );
    expect(invalidStatus('Deployment', 'd', causes, 'apps').status.message).toMatch(/^Deployment\.apps "d" is invalid: /);
    expect(invalidStatus('Deployment.apps', 'd', causes, 'apps').status.details?.kind).toBe('Deployment');
  });
});

describe('malformed input never throws', () => {
  const paths = [
    ['spec'],
    ['spec', 'selector'],
    ['spec', 'strategy'],
    ['spec', 'template'],
    ['spec', 'template', 'spec'],
    ['spec', 'template', 'spec', 'containers'],
    ['spec', 'template', 'spec', 'containers', 0],
    ['spec', 'template', 'spec', 'containers', 0, 'ports'],
    ['spec', 'template', 'spec', 'tolerations'],
    ['spec', 'template', 'metadata', 'labels'],
    ['metadata'],
    ['metadata', 'labels'],
  ];
  for (const p of paths) {
    for (const bad of ['x', 5, [], null, true, {}]) {
      it(`${p.join('.')} = ${JSON.stringify(bad)}`, () => {
        const d = deployment() as Record<string, unknown>;
        let cur = d as Record<string | number, unknown>;
        for (const k of p.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
        cur[p[p.length - 1]] = bad;
        expect(() => {
          applyDefaults(d as KubeObject);
          validateObject(d as KubeObject);
        }).not.toThrow();
      });
    }
  }
});
