import { describe, expect, it } from 'vitest';
import { RESOURCES, resolveResource, type KubeObject, type ResourceInfo } from '@mk/api';
import { toTable } from './index.js';

const NOW = new Date('2025-01-01T12:00:00Z');
const ago = (sec: number) => new Date(NOW.getTime() - sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const res = (typed: string): ResourceInfo => resolveResource(typed)!;
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'default',
  uid: `uid-${name}`,
  resourceVersion: '42',
  creationTimestamp: ago(3 * 60 + 12),
  ...extra,
});

/** What kubectl prints: header names upper-cased, with or without -o wide. */
function view(r: ResourceInfo, objs: KubeObject[], wide = false) {
  const t = toTable(r, objs, { now: NOW });
  const keep = t.columnDefinitions.map((c, i) => (wide || c.priority === 0 ? i : -1)).filter((i) => i >= 0);
  return {
    header: keep.map((i) => t.columnDefinitions[i].name.toUpperCase()),
    rows: t.rows.map((row) => keep.map((i) => row.cells[i])),
  };
}

describe('toTable', () => {
  it('has a printer for every resource mk serves (no default NAME/CREATED AT table)', () => {
    for (const r of RESOURCES) {
      const t = toTable(r, [{ apiVersion: 'v1', kind: r.kind, metadata: meta('x') }], { now: NOW });
      expect(t.columnDefinitions.map((c) => c.name), r.kind).not.toContain('Created At');
      expect(t.rows[0].cells.length, r.kind).toBe(t.columnDefinitions.length);
    }
  });

  it('is a meta.k8s.io/v1 Table with PartialObjectMetadata rows by default', () => {
    const p: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: meta('web'), spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } };
    const t = toTable(res('pods'), [p], { now: NOW, listMeta: { resourceVersion: '99' } });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '99' });
    expect(t.columnDefinitions[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 });
    expect(t.rows[0].object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: p.metadata });
    expect(toTable(res('pods'), [p], { includeObject: 'Object' }).rows[0].object).toBe(p);
    expect(toTable(res('pods'), [p], { includeObject: 'None' }).rows[0].object).toBeNull();
    // Watch events after the first carry rows only.
    const later = toTable(res('pods'), [p], { now: NOW, noHeaders: true });
    expect(later.columnDefinitions).toEqual([]);
    expect(later.rows[0].cells[0]).toBe('web');
  });

  it('pods: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES', () => {
    const p: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('web-7d4b9c-x2x9z'),
      spec: { nodeName: 'k8s-node01', containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      status: {
        phase: 'Running',
        podIP: '10.244.1.5',
        podIPs: [{ ip: '10.244.1.5' }],
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'nginx', ready: true, restartCount: 0, state: { running: { startedAt: ago(100) } } }],
      },
    };
    expect(view(res('po'), [p])).toEqual({
      header: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      rows: [['web-7d4b9c-x2x9z', '1/1', 'Running', '0', '3m12s']],
    });
    expect(view(res('po'), [p], true)).toEqual({
      header: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
      rows: [['web-7d4b9c-x2x9z', '1/1', 'Running', '0', '3m12s', '10.244.1.5', 'k8s-node01', '<none>', '<none>']],
    });
    const done = toTable(res('po'), [{ ...p, status: { phase: 'Succeeded' } }], { now: NOW });
    expect(done.rows[0].conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  });

  it('nodes: STATUS Ready/NotReady/SchedulingDisabled, ROLES from labels', () => {
    const node = (name: string, ready: string, labels: Record<string, string>, unschedulable = false): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { ...meta(name), namespace: undefined, labels },
      spec: unschedulable ? { unschedulable: true } : {},
      status: {
        conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }],
        addresses: [{ type: 'InternalIP', address: '192.168.1.10' }, { type: 'Hostname', address: name }],
        nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '5.15.0-105-generic', containerRuntimeVersion: 'docker://24.0.7' },
      },
    });
    const v = view(
      res('nodes'),
      [
        node('k8s-master', 'True', { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' }),
        node('k8s-node01', 'False', {}),
        node('k8s-node02', 'True', { 'kubernetes.io/role': 'worker' }, true),
      ],
      true,
    );
    expect(v.header).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
    expect(v.rows).toEqual([
      ['k8s-master', 'Ready', 'control-plane,master', '3m12s', 'v1.32.0', '192.168.1.10', '<none>', 'Ubuntu 22.04.4 LTS', '5.15.0-105-generic', 'docker://24.0.7'],
      ['k8s-node01', 'NotReady', '<none>', '3m12s', 'v1.32.0', '192.168.1.10', '<none>', 'Ubuntu 22.04.4 LTS', '5.15.0-105-generic', 'docker://24.0.7'],
      ['k8s-node02', 'Ready,SchedulingDisabled', 'worker', '3m12s', 'v1.32.0', '192.168.1.10', '<none>', 'Ubuntu 22.04.4 LTS', '5.15.0-105-generic', 'docker://24.0.7'],
    ]);
    const bare = view(res('no'), [{ apiVersion: 'v1', kind: 'Node', metadata: meta('new') }]);
    expect(bare.rows[0]).toEqual(['new', 'Unknown', '<none>', '3m12s', '']);
  });

  it('services: TYPE CLUSTER-IP EXTERNAL-IP PORT(S), wide SELECTOR', () => {
    const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(name),
      spec,
      status,
    });
    const v = view(
      res('svc'),
      [
        svc('kubernetes', { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }),
        svc('myapp', {
          type: 'NodePort',
          clusterIPs: ['10.96.12.7'],
          selector: { app: 'myapp', release: 'canary' },
          ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }],
        }),
        svc('lb', { type: 'LoadBalancer', clusterIPs: ['10.96.0.9'], ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }, { port: 53, protocol: 'UDP', nodePort: 31001 }] }),
        svc('lb-ready', { type: 'LoadBalancer', clusterIPs: ['10.96.0.10'], ports: [] }, { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } }),
        svc('headless', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' } }),
        svc('ext', { type: 'ExternalName', externalName: 'db.example.com' }),
      ],
      true,
    );
    expect(v.header).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
    expect(v.rows).toEqual([
      ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '3m12s', '<none>'],
      ['myapp', 'NodePort', '10.96.12.7', '<none>', '80:30080/TCP', '3m12s', 'app=myapp,release=canary'],
      ['lb', 'LoadBalancer', '10.96.0.9', '<pending>', '80:31000/TCP,53:31001/UDP', '3m12s', '<none>'],
      ['lb-ready', 'LoadBalancer', '10.96.0.10', '203.0.113.9', '<none>', '3m12s', '<none>'],
      ['headless', 'ClusterIP', 'None', '<none>', '<none>', '3m12s', 'app=db'],
      ['ext', 'ExternalName', '<none>', 'db.example.com', '<none>', '3m12s', '<none>'],
    ]);
  });

  it('endpoints: first three host:port pairs, then "+ N more..."', () => {
    const ep = (name: string, subsets?: unknown[]): KubeObject => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: meta(name), ...(subsets ? { subsets } : {}) });
    const v = view(res('ep'), [
      ep('four', [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }, { ip: '10.0.0.4' }], ports: [{ port: 80, protocol: 'TCP' }] }]),
      ep('two', [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }] }]),
      ep('none'),
      ep('headless', [{ addresses: [{ ip: '10.0.0.7' }] }]),
    ]);
    expect(v.header).toEqual(['NAME', 'ENDPOINTS', 'AGE']);
    expect(v.rows).toEqual([
      ['four', '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...', '3m12s'],
      ['two', '10.0.0.1:80,10.0.0.2:80', '3m12s'],
      ['none', '<none>', '3m12s'],
      ['headless', '10.0.0.7', '3m12s'],
    ]);
  });

  it('endpointslices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE', () => {
    const v = view(res('endpointslices'), [
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: meta('myapp-abc12'),
        addressType: 'IPv4',
        ports: [{ name: '', port: 80, protocol: 'TCP' }],
        endpoints: [{ addresses: ['10.244.1.5'] }, { addresses: ['10.244.2.6'] }],
      },
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta('empty'), addressType: 'IPv4', endpoints: [] },
    ]);
    expect(v.header).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    expect(v.rows).toEqual([
      ['myapp-abc12', 'IPv4', '80', '10.244.1.5,10.244.2.6', '3m12s'],
      ['empty', 'IPv4', '<unset>', '<unset>', '3m12s'],
    ]);
  });

  const template = { metadata: { labels: { app: 'myapp' } }, spec: { containers: [{ name: 'myapp', image: 'ikubernetes/myapp:v1' }, { name: 'sidecar', image: 'busybox' }] } };
  const selector = { matchLabels: { app: 'myapp' }, matchExpressions: [{ key: 'release', operator: 'In', values: ['stable', 'canary'] }] };

  it('deployments: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR', () => {
    const v = view(
      res('deploy'),
      [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: meta('myapp'),
          spec: { replicas: 3, selector, template },
          status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
        },
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('new'), spec: { replicas: 1, selector: { matchLabels: { app: 'x' } }, template } },
      ],
      true,
    );
    expect(v.header).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(v.rows).toEqual([
      ['myapp', '2/3', 3, 2, '3m12s', 'myapp,sidecar', 'ikubernetes/myapp:v1,busybox', 'app=myapp,release in (canary,stable)'],
      ['new', '0/1', 0, 0, '3m12s', 'myapp,sidecar', 'ikubernetes/myapp:v1,busybox', 'app=x'],
    ]);
  });

  it('replicasets: NAME DESIRED CURRENT READY AGE', () => {
    const v = view(res('rs'), [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('myapp-5d8b6c'), spec: { replicas: 3, selector, template }, status: { replicas: 3, readyReplicas: 1 } },
    ]);
    expect(v).toEqual({ header: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], rows: [['myapp-5d8b6c', 3, 3, 1, '3m12s']] });
  });

  it('daemonsets: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE', () => {
    const ds = (name: string, nodeSelector?: Record<string, string>): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta(name),
      spec: { selector, template: { ...template, spec: { ...template.spec, ...(nodeSelector ? { nodeSelector } : {}) } } },
      status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 },
    });
    const v = view(res('ds'), [ds('fluentd'), ds('ssd', { disktype: 'ssd', 'kubernetes.io/os': 'linux' })]);
    expect(v.header).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
    expect(v.rows).toEqual([
      ['fluentd', 2, 2, 1, 2, 1, '<none>', '3m12s'],
      ['ssd', 2, 2, 1, 2, 1, 'disktype=ssd,kubernetes.io/os=linux', '3m12s'],
    ]);
  });

  it('jobs: NAME STATUS COMPLETIONS DURATION AGE (1.32)', () => {
    const job = (name: string, spec: Record<string, unknown>, status: Record<string, unknown>, m: Record<string, unknown> = {}): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta(name, m),
      spec: { template, ...spec },
      status,
    });
    const v = view(res('jobs'), [
      job('pi', { completions: 1, parallelism: 1 }, { succeeded: 1, startTime: ago(190), completionTime: ago(150), conditions: [{ type: 'Complete', status: 'True' }] }),
      job('running', { completions: 5 }, { succeeded: 2, startTime: ago(70) }),
      job('work-queue', { parallelism: 3 }, { startTime: ago(10) }),
      job('failed', { completions: 1 }, { failed: 6, startTime: ago(100), conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }] }),
      job('suspended', { completions: 1, suspend: true }, { conditions: [{ type: 'Suspended', status: 'True' }] }),
      job('going', { completions: 1 }, { startTime: ago(5) }, { deletionTimestamp: ago(1) }),
    ]);
    expect(v.header).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(v.rows).toEqual([
      ['pi', 'Complete', '1/1', '40s', '3m12s'],
      ['running', 'Running', '2/5', '70s', '3m12s'],
      ['work-queue', 'Running', '0/1 of 3', '10s', '3m12s'],
      ['failed', 'Failed', '0/1', '100s', '3m12s'],
      ['suspended', 'Suspended', '0/1', '', '3m12s'],
      ['going', 'Terminating', '0/1', '5s', '3m12s'],
    ]);
  });

  it('cronjobs: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE', () => {
    const v = view(res('cj'), [
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: meta('hello'),
        spec: { schedule: '*/1 * * * *', suspend: false, jobTemplate: { spec: { template } } },
        status: { active: [{ name: 'hello-123' }], lastScheduleTime: ago(20) },
      },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('tz'), spec: { schedule: '0 0 * * *', timeZone: 'Asia/Shanghai', jobTemplate: { spec: { template } } } },
    ]);
    expect(v.header).toEqual(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    expect(v.rows).toEqual([
      ['hello', '*/1 * * * *', '<none>', 'False', 1, '20s', '3m12s'],
      ['tz', '0 0 * * *', 'Asia/Shanghai', '<unset>', 0, '<none>', '3m12s'],
    ]);
  });

  it('namespaces, configmaps, secrets, serviceaccounts', () => {
    expect(view(res('ns'), [{ apiVersion: 'v1', kind: 'Namespace', metadata: meta('kube-system'), status: { phase: 'Active' } }])).toEqual({
      header: ['NAME', 'STATUS', 'AGE'],
      rows: [['kube-system', 'Active', '3m12s']],
    });
    expect(view(res('cm'), [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }])).toEqual({
      header: ['NAME', 'DATA', 'AGE'],
      rows: [['cfg', 3, '3m12s']],
    });
    expect(view(res('secrets'), [{ apiVersion: 'v1', kind: 'Secret', metadata: meta('mysecret'), type: 'Opaque', data: { username: 'YWRtaW4=', password: 'MTIzNDU2' } }])).toEqual({
      header: ['NAME', 'TYPE', 'DATA', 'AGE'],
      rows: [['mysecret', 'Opaque', 2, '3m12s']],
    });
    expect(view(res('sa'), [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default') }])).toEqual({
      header: ['NAME', 'SECRETS', 'AGE'],
      rows: [['default', 0, '3m12s']],
    });
  });

  it('events: LAST SEEN TYPE REASON OBJECT MESSAGE', () => {
    const ev = (name: string, extra: Record<string, unknown>): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta(name),
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', fieldPath: 'spec.containers{nginx}' },
      type: 'Normal',
      reason: 'Pulled',
      message: 'Container image "nginx" already present on machine ',
      source: { component: 'kubelet', host: 'k8s-node01' },
      ...extra,
    });
    const v = view(res('ev'), [
      ev('web.1', { firstTimestamp: ago(120), lastTimestamp: ago(30), count: 3 }),
      ev('web.2', { eventTime: ago(8), reportingComponent: 'default-scheduler', source: {}, involvedObject: { kind: 'Pod', name: 'web' }, reason: 'Scheduled', message: 'ok' }),
    ]);
    expect(v.header).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(v.rows).toEqual([
      ['30s', 'Normal', 'Pulled', 'pod/web', 'Container image "nginx" already present on machine'],
      ['8s', 'Normal', 'Scheduled', 'pod/web', 'ok'],
    ]);
    const wide = view(res('ev'), [ev('web.1', { firstTimestamp: ago(120), lastTimestamp: ago(30), count: 3 })], true);
    expect(wide.header).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME']);
    expect(wide.rows[0]).toEqual(['30s', 'Normal', 'Pulled', 'pod/web', 'spec.containers{nginx}', 'kubelet, k8s-node01', 'Container image "nginx" already present on machine', '2m', 3, 'web.1']);
  });

  it('leases, priorityclasses, poddisruptionbudgets, controllerrevisions', () => {
    expect(view(res('leases'), [{ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta('k8s-node01'), spec: { holderIdentity: 'k8s-node01' } }])).toEqual({
      header: ['NAME', 'HOLDER', 'AGE'],
      rows: [['k8s-node01', 'k8s-node01', '3m12s']],
    });
    expect(
      view(res('pc'), [{ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta('high'), value: 1000000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' }]),
    ).toEqual({ header: ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY'], rows: [['high', 1000000, false, '3m12s', 'PreemptLowerPriority']] });
    expect(
      view(res('pdb'), [
        { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('a'), spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } },
        { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('b'), spec: { maxUnavailable: '25%' }, status: {} },
      ]),
    ).toEqual({
      header: ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
      rows: [
        ['a', '2', 'N/A', 1, '3m12s'],
        ['b', 'N/A', '25%', 0, '3m12s'],
      ],
    });
    expect(
      view(res('controllerrevisions'), [
        {
          apiVersion: 'apps/v1',
          kind: 'ControllerRevision',
          metadata: meta('fluentd-6c8f', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid: 'u', controller: true }] }),
          revision: 2,
        },
        { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: meta('orphan'), revision: 1 },
      ]),
    ).toEqual({
      header: ['NAME', 'CONTROLLER', 'REVISION', 'AGE'],
      rows: [
        ['fluentd-6c8f', 'daemonset.apps/fluentd', 2, '3m12s'],
        ['orphan', '<none>', 1, '3m12s'],
      ],
    });
  });
});
