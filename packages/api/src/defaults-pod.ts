// Pod defaulting: k8s.io/kubernetes/pkg/apis/core/v1/defaults.go (SetDefaults_Pod, _PodSpec,
// _Container, _Probe, _HTTPGetAction, _Volume ...), plus the values the Priority and
// ServiceAccount admission plugins fill in on create.
import type { Container, HTTPGetAction, Pod, PodSpec, PodTemplateSpec, Probe, ResourceRequirements, Volume } from './types/core.js';
import { canonicalQuantity, tryParseQuantity } from './quantity.js';

const DEFAULT_MODE = 0o644;

/** Always for `:latest` or untagged images, IfNotPresent otherwise (digests count as pinned). */
export function defaultImagePullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  if (!image) return 'Always';
  if (image.includes('@')) return 'IfNotPresent';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHTTPGet(h: HTTPGetAction | undefined): void {
  if (!h) return;
  if (!h.path) h.path = '/';
  if (!h.scheme) h.scheme = 'HTTP';
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHTTPGet(p.httpGet);
}

function canonicalResources(r: ResourceRequirements): void {
  for (const list of [r.limits, r.requests]) {
    if (!list) continue;
    for (const k in list) list[k] = canonicalQuantity(list[k]);
  }
}

function defaultContainer(c: Container, hostNetwork: boolean): void {
  if (c === null || typeof c !== 'object') return;
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultImagePullPolicy(c.image);
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  if (!c.resources) c.resources = {};
  else canonicalResources(c.resources);
  if (c.ports) {
    for (const p of c.ports) {
      if (!p || typeof p !== 'object') continue;
      if (!p.protocol) p.protocol = 'TCP';
      if (hostNetwork && !p.hostPort) p.hostPort = p.containerPort;
    }
  }
  for (const e of c.env ?? []) {
    if (e?.valueFrom?.fieldRef && !e.valueFrom.fieldRef.apiVersion) e.valueFrom.fieldRef.apiVersion = 'v1';
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (c.lifecycle) {
    defaultHTTPGet(c.lifecycle.postStart?.httpGet);
    defaultHTTPGet(c.lifecycle.preStop?.httpGet);
  }
}

function defaultVolume(v: Volume): void {
  if (!v || typeof v !== 'object') return;
  if (
    !v.emptyDir &&
    !v.hostPath &&
    !v.configMap &&
    !v.secret &&
    !v.downwardAPI &&
    !v.projected &&
    !v.persistentVolumeClaim &&
    !v.nfs &&
    Object.keys(v).length === 1
  ) {
    v.emptyDir = {};
  }
  if (v.hostPath && v.hostPath.type === undefined) v.hostPath.type = '';
  if (v.configMap && v.configMap.defaultMode === undefined) v.configMap.defaultMode = DEFAULT_MODE;
  if (v.secret && v.secret.defaultMode === undefined) v.secret.defaultMode = DEFAULT_MODE;
  if (v.downwardAPI) {
    if (v.downwardAPI.defaultMode === undefined) v.downwardAPI.defaultMode = DEFAULT_MODE;
    for (const f of v.downwardAPI.items ?? []) if (f?.fieldRef && !f.fieldRef.apiVersion) f.fieldRef.apiVersion = 'v1';
  }
  if (v.projected) {
    if (v.projected.defaultMode === undefined) v.projected.defaultMode = DEFAULT_MODE;
    for (const s of v.projected.sources ?? []) {
      for (const f of s?.downwardAPI?.items ?? []) if (f?.fieldRef && !f.fieldRef.apiVersion) f.fieldRef.apiVersion = 'v1';
      const t = s?.serviceAccountToken;
      if (t && t.expirationSeconds === undefined) t.expirationSeconds = 3600;
    }
  }
}

/** SetDefaults_PodSpec and the container/volume defaults: what templates get too. */
export function applyPodSpecDefaults(spec: PodSpec | undefined, defaultRestartPolicy = true): void {
  if (!spec || typeof spec !== 'object') return;
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy && defaultRestartPolicy) spec.restartPolicy = 'Always';
  if (!spec.securityContext) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  const hn = spec.hostNetwork === true;
  if (Array.isArray(spec.containers)) for (const c of spec.containers) defaultContainer(c, hn);
  if (Array.isArray(spec.initContainers)) for (const c of spec.initContainers) defaultContainer(c, hn);
  if (Array.isArray(spec.ephemeralContainers)) for (const c of spec.ephemeralContainers) defaultContainer(c, hn);
  if (Array.isArray(spec.volumes)) for (const v of spec.volumes) defaultVolume(v);
}

/** Job templates keep restartPolicy as given: Kubernetes makes the user choose OnFailure or Never. */
export function applyPodTemplateDefaults(t: PodTemplateSpec | undefined, defaultRestartPolicy = true): void {
  if (!t || typeof t !== 'object') return;
  applyPodSpecDefaults(t.spec, defaultRestartPolicy);
}

/**
 * A Pod's defaults: the template defaults plus SetDefaults_Pod (requests default to limits,
 * enableServiceLinks) and what the Priority and ServiceAccount admission plugins set on create.
 */
export function applyPodDefaults(pod: Pod): void {
  const spec = pod.spec;
  if (!spec || typeof spec !== 'object') return;
  applyPodSpecDefaults(spec);
  for (const list of [spec.containers, spec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      const r = c?.resources;
      if (!r?.limits) continue;
      for (const k in r.limits) {
        r.requests ??= {};
        if (!(k in r.requests)) r.requests[k] = r.limits[k];
      }
    }
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.priority === undefined || spec.priority === null) spec.priority = 0;
  if (!spec.preemptionPolicy) spec.preemptionPolicy = 'PreemptLowerPriority';
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
  // The deprecated alias is written back on every read in Kubernetes; keep them equal.
  spec.serviceAccount = spec.serviceAccountName;
}

/**
 * status.qosClass as Kubernetes computes it (pkg/apis/core/helper/qos). A request left out
 * counts as its limit, as defaulting makes it, so a pod not yet defaulted classifies the same.
 */
export function podQOSClass(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let isGuaranteed = true;
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  for (const c of all) {
    const r = c.resources ?? {};
    for (const [name, v] of Object.entries({ ...r.limits, ...r.requests })) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const q = tryParseQuantity(v);
      if (typeof q === 'string' || q.isZero()) continue;
      requests.set(name, (requests.get(name) ?? 0n) + q.nanos);
    }
    const seen = new Set<string>();
    for (const [name, v] of Object.entries(r.limits ?? {})) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const q = tryParseQuantity(v);
      if (typeof q === 'string' || q.isZero()) continue;
      seen.add(name);
      limits.set(name, (limits.get(name) ?? 0n) + q.nanos);
    }
    if (!seen.has('cpu') || !seen.has('memory')) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (isGuaranteed) {
    for (const [name, v] of requests) if (limits.get(name) !== v) isGuaranteed = false;
  }
  return isGuaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
