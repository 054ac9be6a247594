// applyDefaults: Kubernetes' SetObjectDefaults_<Kind> for every kind mk serves
// (pkg/apis/{core,apps,batch,...}/v1/defaults.go). Mutates; dispatches on obj.kind.
import type { KubeObject } from './meta.js';
import type { DaemonSet, Deployment, Job, CronJob, ReplicaSet } from './types/index.js';
import type { Node, Pod, Secret, Service, Endpoints, Namespace } from './types/core.js';
import type { EndpointSlice } from './types/misc.js';
import { applyPodDefaults, applyPodTemplateDefaults } from './defaults-pod.js';

export { applyPodDefaults, applyPodSpecDefaults, applyPodTemplateDefaults, defaultImagePullPolicy, podQOSClass } from './defaults-pod.js';

function isObj<T>(v: T | null | undefined): v is T & object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const unset = (v: unknown) => v === undefined || v === null;

function deploymentDefaults(d: Deployment): void {
  const spec = d.spec;
  if (!isObj(spec)) return;
  if (unset(spec.replicas)) spec.replicas = 1;
  spec.strategy ??= {};
  if (!spec.strategy.type) spec.strategy.type = 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    if (unset(spec.strategy.rollingUpdate.maxUnavailable)) spec.strategy.rollingUpdate.maxUnavailable = '25%';
    if (unset(spec.strategy.rollingUpdate.maxSurge)) spec.strategy.rollingUpdate.maxSurge = '25%';
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  if (unset(spec.progressDeadlineSeconds)) spec.progressDeadlineSeconds = 600;
  applyPodTemplateDefaults(spec.template);
}

function replicaSetDefaults(rs: ReplicaSet): void {
  if (!isObj(rs.spec)) return;
  if (unset(rs.spec.replicas)) rs.spec.replicas = 1;
  applyPodTemplateDefaults(rs.spec.template);
}

function daemonSetDefaults(ds: DaemonSet): void {
  const spec = ds.spec;
  if (!isObj(spec)) return;
  spec.updateStrategy ??= {};
  if (!spec.updateStrategy.type) spec.updateStrategy.type = 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    spec.updateStrategy.rollingUpdate ??= {};
    if (unset(spec.updateStrategy.rollingUpdate.maxUnavailable)) spec.updateStrategy.rollingUpdate.maxUnavailable = 1;
    if (unset(spec.updateStrategy.rollingUpdate.maxSurge)) spec.updateStrategy.rollingUpdate.maxSurge = 0;
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  applyPodTemplateDefaults(spec.template);
}

function jobDefaults(job: Job): void {
  const spec = job.spec;
  if (!isObj(spec)) return;
  if (unset(spec.completions) && unset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (unset(spec.parallelism)) spec.parallelism = 1;
  if (unset(spec.backoffLimit)) spec.backoffLimit = unset(spec.backoffLimitPerIndex) ? 6 : 2147483647;
  if (!spec.completionMode) spec.completionMode = 'NonIndexed';
  if (unset(spec.suspend)) spec.suspend = false;
  if (!spec.podReplacementPolicy) spec.podReplacementPolicy = spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  // A Job without labels takes its template's (SetDefaults_Job).
  const tl = spec.template?.metadata?.labels;
  if (tl && (!job.metadata.labels || Object.keys(job.metadata.labels).length === 0)) job.metadata.labels = { ...tl };
  applyPodTemplateDefaults(spec.template, false);
}

function cronJobDefaults(cj: CronJob): void {
  const spec = cj.spec;
  if (!isObj(spec)) return;
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  if (unset(spec.suspend)) spec.suspend = false;
  if (unset(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (unset(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  if (isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec)) applyPodTemplateDefaults(spec.jobTemplate.spec.template, false);
}

function serviceDefaults(svc: Service): void {
  const spec = svc.spec;
  if (!isObj(spec)) return;
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (!spec.type) spec.type = 'ClusterIP';
  if (spec.sessionAffinity === 'ClientIP') {
    spec.sessionAffinityConfig ??= {};
    spec.sessionAffinityConfig.clientIP ??= {};
    spec.sessionAffinityConfig.clientIP.timeoutSeconds ??= 10800;
  }
  if (Array.isArray(spec.ports)) {
    for (const p of spec.ports) {
      if (!isObj(p)) continue;
      if (!p.protocol) p.protocol = 'TCP';
      if (unset(p.targetPort) || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
    }
  }
  if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.type !== 'ExternalName') {
    if (!spec.internalTrafficPolicy) spec.internalTrafficPolicy = 'Cluster';
    if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = 'SingleStack';
    if (!spec.ipFamilies || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
  }
  if (spec.type === 'LoadBalancer' && unset(spec.allocateLoadBalancerNodePorts)) spec.allocateLoadBalancerNodePorts = true;
}

const DEFAULTERS: Record<string, (o: never) => void> = {
  Pod: (o: Pod) => applyPodDefaults(o),
  Deployment: deploymentDefaults,
  ReplicaSet: replicaSetDefaults,
  DaemonSet: daemonSetDefaults,
  Job: jobDefaults,
  CronJob: cronJobDefaults,
  Service: serviceDefaults,
  Secret: (s: Secret) => {
    if (!s.type) s.type = 'Opaque';
    // v1 -> internal conversion: stringData is write-only, merged into data (base64), winning on clashes.
    if (isObj(s.stringData)) {
      s.data = isObj(s.data) ? s.data : {};
      for (const [k, v] of Object.entries(s.stringData)) if (typeof v === 'string') s.data[k] = Buffer.from(v, 'utf8').toString('base64');
      delete s.stringData;
    }
  },
  Namespace: (ns: Namespace) => {
    // SetDefaults_Namespace: every namespace carries its own name as a label.
    if (ns.metadata.name) ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': ns.metadata.name };
    if (!isObj(ns.status)) ns.status = {};
    if (!ns.status.phase) ns.status.phase = 'Active';
  },
  Node: (n: Node) => {
    // SetDefaults_NodeStatus: allocatable defaults to capacity.
    if (isObj(n.status) && n.status.capacity && !n.status.allocatable) n.status.allocatable = { ...n.status.capacity };
  },
  Endpoints: (ep: Endpoints) => {
    for (const ss of Array.isArray(ep.subsets) ? ep.subsets : []) for (const p of ss?.ports ?? []) if (isObj(p) && !p.protocol) p.protocol = 'TCP';
  },
  EndpointSlice: (es: EndpointSlice) => {
    for (const p of Array.isArray(es.ports) ? es.ports : []) {
      if (!isObj(p)) continue;
      if (!p.protocol) p.protocol = 'TCP';
      if (unset(p.name)) p.name = '';
    }
  },
  PriorityClass: (pc: KubeObject) => {
    if (!pc.preemptionPolicy) pc.preemptionPolicy = 'PreemptLowerPriority';
  },
  PodDisruptionBudget: () => {},
};

/** Fill in Kubernetes' defaults for obj.kind, in place. Unknown kinds are left alone. */
export function applyDefaults(obj: KubeObject): void {
  if (!isObj<KubeObject>(obj) || !obj.kind) return;
  if (!isObj(obj.metadata)) return;
  const f = DEFAULTERS[obj.kind] as ((o: KubeObject) => void) | undefined;
  if (!f) return;
  try {
    f(obj);
  } catch (e) {
    // Defaulting a value of the wrong JSON type (a string where an object belongs) can fail
    // midway; typeErrors/validateObject report that field, so the object is rejected anyway.
    if (!(e instanceof TypeError)) throw e;
  }
}
