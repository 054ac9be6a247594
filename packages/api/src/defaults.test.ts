import { describe, it, expect } from 'vitest';
import { applyDefaults, defaultImagePullPolicy, podQOSClass } from './defaults.js';
import type { KubeObject } from './meta.js';
import type { Pod, Service, Deployment, DaemonSet, Job, CronJob, Secret, Namespace, ReplicaSet } from './types/index.js';

const pod = (spec: object): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: spec as Pod['spec'] });

describe('imagePullPolicy default', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v1', 'IfNotPresent'],
    ['nginx@sha256:abcd', 'IfNotPresent'],
  ])('%s -> %s', (image, want) => expect(defaultImagePullPolicy(image)).toBe(want));
});

describe('Pod defaults', () => {
  it('fills pod and container defaults as Kubernetes does', () => {
    const p = pod({
      containers: [
        {
          name: 'web',
          image: 'nginx:1.25',
          ports: [{ containerPort: 80 }],
          livenessProbe: { httpGet: { port: 80 } },
          resources: { limits: { cpu: '0.5', memory: '1.5Gi' } },
        },
      ],
      initContainers: [{ name: 'init', image: 'busybox' }],
    });
    applyDefaults(p);
    const s = p.spec!;
    expect(s.restartPolicy).toBe('Always');
    expect(s.terminationGracePeriodSeconds).toBe(30);
    expect(s.dnsPolicy).toBe('ClusterFirst');
    expect(s.schedulerName).toBe('default-scheduler');
    expect(s.securityContext).toEqual({});
    expect(s.enableServiceLinks).toBe(true);
    expect(s.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(s.priority).toBe(0);
    expect(s.serviceAccountName).toBe('default');
    expect(s.tolerations).toBeUndefined();
    const c = s.containers[0];
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.terminationMessagePath).toBe('/dev/termination-log');
    expect(c.terminationMessagePolicy).toBe('File');
    expect(c.ports![0].protocol).toBe('TCP');
    expect(c.livenessProbe).toEqual({ httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    // Quantities print canonically, and requests default to limits.
    expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '1536Mi' }, requests: { cpu: '500m', memory: '1536Mi' } });
    expect(s.initContainers![0].imagePullPolicy).toBe('Always');
  });

  it('keeps what the user set', () => {
    const p = pod({ restartPolicy: 'Never', terminationGracePeriodSeconds: 0, containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Never' }] });
    applyDefaults(p);
    expect(p.spec!.restartPolicy).toBe('Never');
    expect(p.spec!.terminationGracePeriodSeconds).toBe(0);
    expect(p.spec!.containers[0].imagePullPolicy).toBe('Never');
  });

  it('defaults hostPort to containerPort on the host network, and volume modes', () => {
    const p = pod({
      hostNetwork: true,
      containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 8080 }] }],
      volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'scratch' }],
    });
    applyDefaults(p);
    expect(p.spec!.containers[0].ports![0].hostPort).toBe(8080);
    expect(p.spec!.volumes![0].configMap!.defaultMode).toBe(420);
    expect(p.spec!.volumes![1].emptyDir).toEqual({});
  });
});

describe('workload defaults', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
  it('Deployment', () => {
    const d: Deployment = { kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'web' } }, template: structuredClone(template) } };
    applyDefaults(d);
    expect(d.spec!.replicas).toBe(1);
    expect(d.spec!.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec!.revisionHistoryLimit).toBe(10);
    expect(d.spec!.progressDeadlineSeconds).toBe(600);
    const ts = d.spec!.template.spec!;
    expect(ts.restartPolicy).toBe('Always');
    expect(ts.containers[0].imagePullPolicy).toBe('Always');
    // Admission-time values are not template defaults.
    expect(ts.serviceAccountName).toBeUndefined();
    expect(ts.priority).toBeUndefined();
  });
  it('Recreate gets no rollingUpdate', () => {
    const d: Deployment = { kind: 'Deployment', metadata: { name: 'd' }, spec: { strategy: { type: 'Recreate' }, selector: {}, template: structuredClone(template) } };
    applyDefaults(d);
    expect(d.spec!.strategy).toEqual({ type: 'Recreate' });
  });
  it('ReplicaSet and DaemonSet', () => {
    const rs: ReplicaSet = { kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { selector: {}, template: structuredClone(template) } };
    applyDefaults(rs);
    expect(rs.spec!.replicas).toBe(1);
    const ds: DaemonSet = { kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: {}, template: structuredClone(template) } };
    applyDefaults(ds);
    expect(ds.spec!.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec!.revisionHistoryLimit).toBe(10);
  });
  it('Job keeps the template restartPolicy as given', () => {
    const j: Job = { kind: 'Job', metadata: { name: 'j' }, spec: { template: structuredClone(template) } };
    applyDefaults(j);
    expect(j.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false });
    expect(j.spec!.template.spec!.restartPolicy).toBeUndefined();
    expect(j.metadata.labels).toEqual({ app: 'web' });
    const j2: Job = { kind: 'Job', metadata: { name: 'j' }, spec: { completions: 5, template: structuredClone(template) } };
    applyDefaults(j2);
    expect(j2.spec!.parallelism).toBe(1);
    expect(j2.spec!.completions).toBe(5);
  });
  it('CronJob', () => {
    const cj: CronJob = { kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: structuredClone(template) } } } };
    applyDefaults(cj);
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec!.jobTemplate.spec!.template.spec!.dnsPolicy).toBe('ClusterFirst');
  });
});

describe('Service, Secret, Namespace defaults', () => {
  it('Service ClusterIP', () => {
    const s: Service = { kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443, targetPort: 'https' }] } };
    applyDefaults(s);
    expect(s.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    expect(s.spec!.ports![0]).toEqual({ port: 80, protocol: 'TCP', targetPort: 80 });
    expect(s.spec!.ports![1].targetPort).toBe('https');
    expect(s.spec!.externalTrafficPolicy).toBeUndefined();
  });
  it('Service NodePort gets externalTrafficPolicy', () => {
    const s: Service = { kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } };
    applyDefaults(s);
    expect(s.spec!.externalTrafficPolicy).toBe('Cluster');
  });
  it('Secret and Namespace', () => {
    const sec: Secret = { kind: 'Secret', metadata: { name: 's' } };
    applyDefaults(sec);
    expect(sec.type).toBe('Opaque');
    const withString: Secret = { kind: 'Secret', metadata: { name: 's' }, data: { a: 'eA==', b: 'eA==' }, stringData: { b: 'hello' } };
    applyDefaults(withString);
    expect(withString.data).toEqual({ a: 'eA==', b: 'aGVsbG8=' });
    expect(withString.stringData).toBeUndefined();
    const ns: Namespace = { kind: 'Namespace', metadata: { name: 'n' } };
    applyDefaults(ns);
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'n' });
  });
  it('leaves unknown kinds and malformed specs alone', () => {
    const o: KubeObject = { kind: 'Widget', metadata: {} };
    applyDefaults(o);
    expect(o).toEqual({ kind: 'Widget', metadata: {} });
    const bad: KubeObject = { kind: 'Pod', metadata: {}, spec: 'nope' };
    expect(() => applyDefaults(bad)).not.toThrow();
    const badStrategy: KubeObject = { kind: 'Deployment', metadata: {}, spec: { strategy: 'fast', template: { spec: { containers: 'x' } } } };
    expect(() => applyDefaults(badStrategy)).not.toThrow();
  });
});

describe('podQOSClass', () => {
  it.each([
    [[{ name: 'a' }], 'BestEffort'],
    [[{ name: 'a', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }], 'Guaranteed'],
    [[{ name: 'a', resources: { requests: { cpu: '100m' } } }], 'Burstable'],
    [[{ name: 'a', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } } }], 'Burstable'],
  ])('%j -> %s', (containers, want) => expect(podQOSClass({ containers } as never)).toBe(want));
});
