// Pod and PodSpec validation (k8s.io/kubernetes/pkg/apis/core/validation: ValidatePodSpec,
// validateContainers, validateProbe, ValidateResourceRequirements, validateTolerations, ...).
import type {
  Affinity,
  Container,
  HTTPGetAction,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  PodAffinityTerm,
  PodSpec,
  Probe,
  ResourceRequirements,
  Toleration,
  TopologySpreadConstraint,
  Volume,
} from '../types/core.js';
import { tryParseQuantity, type Quantity } from '../quantity.js';
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from './errors.js';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isQualifiedName, isValidLabelValue, isValidPortName, isValidPortNum } from './names.js';
import { jsonEqual, nonNegative, validateLabels } from './meta.js';
import { validateLabelSelectorShape } from './selector.js';

export interface PodSpecOptions {
  /** Pods need an image; workload templates may leave it to config management. */
  requireImage: boolean;
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TERMINATION_MESSAGE_POLICIES = ['FallbackToLogsOnError', 'File'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

const isSet = (v: unknown) => v !== undefined && v !== null;

/** A port number (1-65535) or an IANA service name, as for probes and targetPort. */
export function validatePortNumOrName(port: unknown, path: string, errs: FieldError[]): void {
  if (typeof port === 'number') {
    for (const msg of isValidPortNum(port)) errs.push(invalid(path, port, msg));
  } else if (typeof port === 'string') {
    if (port.length === 0) errs.push(required(path));
    else for (const msg of isValidPortName(port)) errs.push(invalid(path, port, msg));
  } else if (!isSet(port)) {
    errs.push(required(path));
  }
}

function validateHTTPGet(h: HTTPGetAction, path: string, errs: FieldError[]): void {
  if (!h.path && h.path !== undefined) errs.push(required(`${path}.path`));
  validatePortNumOrName(h.port, `${path}.port`, errs);
  if (h.scheme && h.scheme !== 'HTTP' && h.scheme !== 'HTTPS') errs.push(notSupported(`${path}.scheme`, h.scheme, ['HTTP', 'HTTPS']));
  (h.httpHeaders ?? []).forEach((hd, i) => {
    if (hd && !/^[-A-Za-z0-9!#$%&'*+.^_`|~]+$/.test(hd.name ?? '')) {
      errs.push(invalid(`${path}.httpHeaders[${i}].name`, hd.name, 'a valid HTTP header must consist of alphanumeric characters or \'-\' (e.g. \'X-Header-Name\', regex used for validation is \'[-A-Za-z0-9]+\')'));
    }
  });
}

function validateHandler(h: Record<string, unknown>, kinds: string[], path: string, errs: FieldError[]): void {
  const set = kinds.filter((k) => isSet(h[k]));
  if (set.length === 0) {
    errs.push(required(path, 'must specify a handler type'));
    return;
  }
  for (const k of set.slice(1)) errs.push(forbidden(`${path}.${k}`, 'may not specify more than 1 handler type'));
  const k = set[0];
  const p = `${path}.${k}`;
  if (k === 'exec') {
    const cmd = (h.exec as { command?: string[] }).command;
    if (!cmd || cmd.length === 0) errs.push(required(`${p}.command`));
  } else if (k === 'httpGet') validateHTTPGet(h.httpGet as HTTPGetAction, p, errs);
  else if (k === 'tcpSocket') validatePortNumOrName((h.tcpSocket as { port: unknown }).port, `${p}.port`, errs);
  else if (k === 'grpc') validatePortNumOrName((h.grpc as { port: unknown }).port, `${p}.port`, errs);
  else if (k === 'sleep') {
    const s = (h.sleep as { seconds?: number }).seconds;
    if (typeof s === 'number' && s < 0) errs.push(invalid(`${p}.seconds`, s, 'must be greater than or equal to 0'));
  }
}

function validateProbe(p: Probe | undefined, path: string, errs: FieldError[], kind: 'liveness' | 'readiness' | 'startup'): void {
  if (!p || typeof p !== 'object') return;
  validateHandler(p as Record<string, unknown>, ['exec', 'httpGet', 'tcpSocket', 'grpc'], path, errs);
  nonNegative(p.initialDelaySeconds, `${path}.initialDelaySeconds`, errs);
  nonNegative(p.timeoutSeconds, `${path}.timeoutSeconds`, errs);
  nonNegative(p.periodSeconds, `${path}.periodSeconds`, errs);
  nonNegative(p.successThreshold, `${path}.successThreshold`, errs);
  nonNegative(p.failureThreshold, `${path}.failureThreshold`, errs);
  if (isSet(p.terminationGracePeriodSeconds) && (p.terminationGracePeriodSeconds as number) <= 0) {
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, p.terminationGracePeriodSeconds, 'must be greater than 0'));
  }
  if (kind !== 'readiness' && isSet(p.successThreshold) && p.successThreshold !== 1) {
    errs.push(invalid(`${path}.successThreshold`, p.successThreshold, 'must be 1'));
  }
  if (kind === 'readiness' && isSet(p.terminationGracePeriodSeconds)) {
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, p.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
}

function validateResourceName(name: string, path: string, errs: FieldError[]): void {
  if (STANDARD_CONTAINER_RESOURCES.has(name) || name.startsWith('hugepages-')) return;
  const qn = isQualifiedName(name);
  if (qn.length) for (const msg of qn) errs.push(invalid(path, name, msg));
  else if (!name.includes('/')) errs.push(invalid(path, name, 'must be a standard resource for containers'));
}

/** ValidateResourceRequirements: quantity syntax, non-negative, requests <= limits. */
export function validateResources(r: ResourceRequirements | undefined, path: string, errs: FieldError[]): void {
  if (!r || typeof r !== 'object') return;
  const parsed: Record<'limits' | 'requests', Map<string, Quantity>> = { limits: new Map(), requests: new Map() };
  for (const which of ['limits', 'requests'] as const) {
    const list = r[which];
    if (!list || typeof list !== 'object') continue;
    for (const name in list) {
      const p = `${path}.${which}[${name}]`;
      validateResourceName(name, p, errs);
      const q = tryParseQuantity(list[name]);
      if (typeof q === 'string') {
        errs.push(invalid(p, list[name], q));
        continue;
      }
      if (q.sign() < 0) errs.push(invalid(p, q.toString(), 'must be greater than or equal to 0'));
      if (name.startsWith('hugepages-') && which === 'requests' && !r.limits?.[name]) errs.push(forbidden(`${path}.limits`, `HugePages require cpu or memory`));
      parsed[which].set(name, q);
    }
  }
  for (const [name, req] of parsed.requests) {
    const lim = parsed.limits.get(name);
    if (lim && req.cmp(lim) > 0) {
      errs.push(invalid(`${path}.requests`, req.toString(), `must be less than or equal to ${name} limit of ${lim.toString()}`));
    }
  }
}

function validateEnv(c: Container, path: string, errs: FieldError[]): void {
  (c.env ?? []).forEach((e, i) => {
    const p = `${path}.env[${i}]`;
    if (!e || typeof e !== 'object') return;
    if (!e.name) errs.push(required(`${p}.name`));
    else for (const msg of isEnvVarName(e.name)) errs.push(invalid(`${p}.name`, e.name, msg));
    const vf = e.valueFrom;
    if (vf && typeof vf === 'object') {
      const kinds = (['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const).filter((k) => isSet(vf[k]));
      if (e.value) errs.push(invalid(`${p}.valueFrom`, '', 'may not be specified when `value` is not empty'));
      if (kinds.length === 0) errs.push(invalid(`${p}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
      else if (kinds.length > 1) errs.push(invalid(`${p}.valueFrom`, '', 'may not have more than one field specified at a time'));
      if (vf.fieldRef && !vf.fieldRef.fieldPath) errs.push(required(`${p}.valueFrom.fieldRef.fieldPath`));
      for (const k of ['configMapKeyRef', 'secretKeyRef'] as const) {
        const ref = vf[k];
        if (!ref) continue;
        if (!ref.key) errs.push(required(`${p}.valueFrom.${k}.key`));
        else for (const msg of isConfigMapKey(ref.key)) errs.push(invalid(`${p}.valueFrom.${k}.key`, ref.key, msg));
      }
    }
  });
}

function validateContainer(
  c: Container,
  path: string,
  errs: FieldError[],
  opts: PodSpecOptions,
  volumes: Set<string>,
  hostNetwork: boolean,
  init: boolean,
): void {
  if (!c || typeof c !== 'object') return;
  if (!c.name) errs.push(required(`${path}.name`));
  else for (const msg of isDNS1123Label(c.name)) errs.push(invalid(`${path}.name`, c.name, msg));
  if (!c.image) {
    if (opts.requireImage) errs.push(required(`${path}.image`));
  } else if (c.image.trim() !== c.image) {
    errs.push(invalid(`${path}.image`, c.image, 'must not have leading or trailing whitespace'));
  }
  if (c.imagePullPolicy && !PULL_POLICIES.includes(c.imagePullPolicy)) errs.push(notSupported(`${path}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  if (c.terminationMessagePolicy && !TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy)) {
    errs.push(notSupported(`${path}.terminationMessagePolicy`, c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES));
  }
  if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
    if (!init) errs.push(forbidden(`${path}.restartPolicy`, 'may not be set for non-init containers'));
    else if (c.restartPolicy !== 'Always') errs.push(notSupported(`${path}.restartPolicy`, c.restartPolicy, ['Always']));
  }
  // Ports
  const portNames = new Set<string>();
  (c.ports ?? []).forEach((port, i) => {
    const p = `${path}.ports[${i}]`;
    if (!port || typeof port !== 'object') return;
    if (port.name) {
      for (const msg of isValidPortName(port.name)) errs.push(invalid(`${p}.name`, port.name, msg));
      if (portNames.has(port.name)) errs.push(duplicate(`${p}.name`, port.name));
      portNames.add(port.name);
    }
    if (!port.containerPort) errs.push(required(`${p}.containerPort`));
    else for (const msg of isValidPortNum(port.containerPort)) errs.push(invalid(`${p}.containerPort`, port.containerPort, msg));
    if (port.hostPort) for (const msg of isValidPortNum(port.hostPort)) errs.push(invalid(`${p}.hostPort`, port.hostPort, msg));
    if (hostNetwork && port.hostPort && port.hostPort !== port.containerPort) {
      errs.push(invalid(`${p}.hostPort`, port.hostPort, 'must match `containerPort` when `hostNetwork` is true'));
    }
    if (port.protocol && !PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
  });
  validateEnv(c, path, errs);
  validateResources(c.resources, `${path}.resources`, errs);
  // Volume mounts must name a volume of the pod, at unique paths.
  const mountPaths = new Set<string>();
  (c.volumeMounts ?? []).forEach((m, i) => {
    const p = `${path}.volumeMounts[${i}]`;
    if (!m || typeof m !== 'object') return;
    if (!m.name) errs.push(required(`${p}.name`));
    else if (!volumes.has(m.name)) errs.push({ type: 'FieldValueNotFound', field: `${p}.name`, badValue: m.name });
    if (!m.mountPath) errs.push(required(`${p}.mountPath`));
    else {
      if (mountPaths.has(m.mountPath)) errs.push(invalid(`${p}.mountPath`, m.mountPath, 'must be unique'));
      mountPaths.add(m.mountPath);
    }
    if (m.subPath && (m.subPath.startsWith('/') || m.subPath.split('/').includes('..'))) {
      errs.push(invalid(`${p}.subPath`, m.subPath, m.subPath.startsWith('/') ? 'must be a relative path' : "must not contain '..'"));
    }
    if (m.mountPropagation && !['None', 'HostToContainer', 'Bidirectional'].includes(m.mountPropagation)) {
      errs.push(notSupported(`${p}.mountPropagation`, m.mountPropagation, ['Bidirectional', 'HostToContainer', 'None']));
    }
  });
  if (init && c.restartPolicy !== 'Always') {
    for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      if (c[k]) errs.push(forbidden(`${path}.${k}`, 'may not be set for init containers without restartPolicy=Always'));
    }
    if (c.lifecycle) errs.push(forbidden(`${path}.lifecycle`, 'may not be set for init containers without restartPolicy=Always'));
  } else {
    validateProbe(c.livenessProbe, `${path}.livenessProbe`, errs, 'liveness');
    validateProbe(c.readinessProbe, `${path}.readinessProbe`, errs, 'readiness');
    validateProbe(c.startupProbe, `${path}.startupProbe`, errs, 'startup');
    if (c.lifecycle && typeof c.lifecycle === 'object') {
      for (const k of ['postStart', 'preStop'] as const) {
        const h = c.lifecycle[k];
        if (h && typeof h === 'object') validateHandler(h as Record<string, unknown>, ['exec', 'httpGet', 'tcpSocket', 'sleep'], `${path}.lifecycle.${k}`, errs);
      }
    }
  }
}

const VOLUME_SOURCES = ['emptyDir', 'hostPath', 'configMap', 'secret', 'downwardAPI', 'projected', 'persistentVolumeClaim', 'nfs'] as const;

function validateVolume(v: Volume, path: string, errs: FieldError[]): void {
  if (!v.name) errs.push(required(`${path}.name`));
  else for (const msg of isDNS1123Label(v.name)) errs.push(invalid(`${path}.name`, v.name, msg));
  const set = VOLUME_SOURCES.filter((k) => isSet(v[k]));
  if (set.length === 0) {
    errs.push(required(path, 'must specify a volume type'));
    return;
  }
  for (const k of set.slice(1)) errs.push(forbidden(`${path}.${k}`, 'may not specify more than 1 volume type'));
  const mode = (m: unknown, p: string) => {
    if (typeof m === 'number' && (m < 0 || m > 0o777)) errs.push(invalid(p, m, 'must be a number between 0 and 0777 (octal), both inclusive'));
  };
  const items = (list: Array<{ key: string; path: string; mode?: number }> | undefined, p: string) =>
    (list ?? []).forEach((it, i) => {
      if (!it) return;
      if (!it.key) errs.push(required(`${p}[${i}].key`));
      if (!it.path) errs.push(required(`${p}[${i}].path`));
      else if (it.path.startsWith('/')) errs.push(invalid(`${p}[${i}].path`, it.path, 'must be a relative path'));
      else if (it.path.split('/').includes('..')) errs.push(invalid(`${p}[${i}].path`, it.path, "must not contain '..'"));
      mode(it.mode, `${p}[${i}].mode`);
    });
  if (v.hostPath) {
    if (!v.hostPath.path) errs.push(required(`${path}.hostPath.path`));
    const types = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];
    if (v.hostPath.type !== undefined && !types.includes(v.hostPath.type)) errs.push(notSupported(`${path}.hostPath.type`, v.hostPath.type, types));
  }
  if (v.emptyDir?.medium !== undefined && !['', 'Memory', 'HugePages'].includes(v.emptyDir.medium)) {
    errs.push(notSupported(`${path}.emptyDir.medium`, v.emptyDir.medium, ['', 'HugePages', 'Memory']));
  }
  if (v.emptyDir?.sizeLimit !== undefined) {
    const q = tryParseQuantity(v.emptyDir.sizeLimit);
    if (typeof q === 'string') errs.push(invalid(`${path}.emptyDir.sizeLimit`, v.emptyDir.sizeLimit, q));
  }
  if (v.configMap) {
    if (!v.configMap.name) errs.push(required(`${path}.configMap.name`));
    items(v.configMap.items, `${path}.configMap.items`);
    mode(v.configMap.defaultMode, `${path}.configMap.defaultMode`);
  }
  if (v.secret) {
    if (!v.secret.secretName) errs.push(required(`${path}.secret.secretName`));
    items(v.secret.items, `${path}.secret.items`);
    mode(v.secret.defaultMode, `${path}.secret.defaultMode`);
  }
  if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) errs.push(required(`${path}.persistentVolumeClaim.claimName`));
  if (v.nfs) {
    if (!v.nfs.server) errs.push(required(`${path}.nfs.server`));
    if (!v.nfs.path) errs.push(required(`${path}.nfs.path`));
    else if (!v.nfs.path.startsWith('/')) errs.push(invalid(`${path}.nfs.path`, v.nfs.path, 'must be an absolute path'));
  }
  if (v.downwardAPI) {
    (v.downwardAPI.items ?? []).forEach((it, i) => {
      if (it && !it.path) errs.push(required(`${path}.downwardAPI.items[${i}].path`));
    });
  }
}

function validateNodeSelectorRequirement(r: NodeSelectorRequirement, path: string, errs: FieldError[]): void {
  if (!r || typeof r !== 'object') return;
  const n = r.values?.length ?? 0;
  switch (r.operator as string) {
    case 'In':
    case 'NotIn':
      if (n === 0) errs.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (n > 0) errs.push(forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (n !== 1) errs.push(required(`${path}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(`${path}.operator`, r.operator, 'not a valid selector operator'));
  }
  for (const msg of isQualifiedName(r.key ?? '')) errs.push(invalid(`${path}.key`, r.key ?? '', msg));
}

function validateNodeSelectorTerm(t: NodeSelectorTerm, path: string, errs: FieldError[]): void {
  if (!t || typeof t !== 'object') return;
  (t.matchExpressions ?? []).forEach((r, i) => validateNodeSelectorRequirement(r, `${path}.matchExpressions[${i}]`, errs));
  (t.matchFields ?? []).forEach((r, i) => {
    const p = `${path}.matchFields[${i}]`;
    if (r?.key !== 'metadata.name') errs.push(invalid(`${p}.key`, r?.key, 'not a valid field selector key'));
    else if (r.operator !== 'In' && r.operator !== 'NotIn') errs.push(invalid(`${p}.operator`, r.operator, 'not a valid selector operator'));
    else if (r.values?.length !== 1) errs.push(required(`${p}.values`, 'must be only one value when `operator` is \'In\' or \'NotIn\' for node field selector'));
  });
}

function validatePodAffinityTerm(t: PodAffinityTerm, path: string, errs: FieldError[]): void {
  if (!t || typeof t !== 'object') return;
  errs.push(...validateLabelSelectorShape(t.labelSelector, `${path}.labelSelector`));
  errs.push(...validateLabelSelectorShape(t.namespaceSelector, `${path}.namespaceSelector`));
  for (const ns of t.namespaces ?? []) for (const msg of isDNS1123Label(ns)) errs.push(invalid(`${path}.namespace`, ns, msg));
  if (!t.topologyKey) errs.push(required(`${path}.topologyKey`, 'can not be empty'));
  else for (const msg of isQualifiedName(t.topologyKey)) errs.push(invalid(`${path}.topologyKey`, t.topologyKey, msg));
}

function validateWeight(w: unknown, path: string, errs: FieldError[]): void {
  if (typeof w !== 'number' || w < 1 || w > 100) errs.push(invalid(path, w ?? 0, 'must be in the range 1-100'));
}

function validateAffinity(a: Affinity | undefined, path: string, errs: FieldError[]): void {
  if (!a || typeof a !== 'object') return;
  const na = a.nodeAffinity;
  if (na) {
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (req) {
      const rp = `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`;
      if (!req.nodeSelectorTerms?.length) errs.push(required(`${rp}.nodeSelectorTerms`, 'must have at least one node selector term'));
      (req.nodeSelectorTerms ?? []).forEach((t, i) => validateNodeSelectorTerm(t, `${rp}.nodeSelectorTerms[${i}]`, errs));
    }
    (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const p = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      validateWeight(t?.weight, `${p}.weight`, errs);
      if (t?.preference) validateNodeSelectorTerm(t.preference, `${p}.preference`, errs);
    });
  }
  for (const k of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = a[k];
    if (!pa) continue;
    (pa.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) =>
      validatePodAffinityTerm(t, `${path}.${k}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, errs),
    );
    (pa.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const p = `${path}.${k}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      validateWeight(t?.weight, `${p}.weight`, errs);
      validatePodAffinityTerm(t?.podAffinityTerm, `${p}.podAffinityTerm`, errs);
    });
  }
}

/** validateTolerations: operator/effect enums, Exists takes no value, tolerationSeconds needs NoExecute. */
export function validateTolerations(tols: Toleration[] | undefined, path: string, errs: FieldError[]): void {
  (tols ?? []).forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (!t || typeof t !== 'object') return;
    if (t.key) for (const msg of isQualifiedName(t.key)) errs.push(invalid(`${p}.key`, t.key, msg));
    if (!t.key && t.operator !== 'Exists') {
      errs.push(invalid(`${p}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (isSet(t.tolerationSeconds) && t.effect !== 'NoExecute') {
      errs.push(invalid(`${p}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (t.operator) {
      case undefined:
      case null as unknown as undefined:
      case 'Equal':
        if (t.value) for (const msg of isValidLabelValue(t.value)) errs.push(invalid(`${p}.value`, t.value, msg));
        break;
      case 'Exists':
        if (t.value) errs.push(invalid(`${p}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(`${p}.operator`, t.operator, ['Equal', 'Exists']));
    }
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
  });
}

export function validateTaintEffect(effect: unknown, allowEmpty: boolean, path: string, errs: FieldError[]): void {
  if (!effect) {
    if (!allowEmpty) errs.push(required(path));
    return;
  }
  if (!TAINT_EFFECTS.includes(effect as string)) errs.push(notSupported(path, effect, TAINT_EFFECTS));
}

function validateTopologySpread(cs: TopologySpreadConstraint[] | undefined, path: string, errs: FieldError[]): void {
  const seen = new Set<string>();
  (cs ?? []).forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c || typeof c !== 'object') return;
    if (typeof c.maxSkew !== 'number' || c.maxSkew <= 0) errs.push(invalid(`${p}.maxSkew`, c.maxSkew ?? 0, 'must be greater than zero'));
    if (!c.topologyKey) errs.push(required(`${p}.topologyKey`, 'can not be empty'));
    else for (const msg of isQualifiedName(c.topologyKey)) errs.push(invalid(`${p}.topologyKey`, c.topologyKey, msg));
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(c.whenUnsatisfiable)) {
      errs.push(notSupported(`${p}.whenUnsatisfiable`, c.whenUnsatisfiable ?? '', ['DoNotSchedule', 'ScheduleAnyway']));
    }
    if (isSet(c.minDomains)) {
      if ((c.minDomains as number) <= 0) errs.push(invalid(`${p}.minDomains`, c.minDomains, 'must be greater than 0'));
      else if (c.whenUnsatisfiable !== 'DoNotSchedule') errs.push(invalid(`${p}.minDomains`, c.minDomains, 'can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway'));
    }
    const key = `${c.topologyKey}/${c.whenUnsatisfiable}`;
    if (seen.has(key)) errs.push(duplicate(`${p}.{topologyKey, whenUnsatisfiable}`, `{${c.topologyKey}, ${c.whenUnsatisfiable}}`));
    seen.add(key);
    errs.push(...validateLabelSelectorShape(c.labelSelector, `${p}.labelSelector`));
  });
}

/** ValidatePodSpec: everything about a pod's desired state, at `path` (`spec` or `spec.template.spec`). */
export function validatePodSpec(spec: PodSpec | undefined, path: string, opts: PodSpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec || typeof spec !== 'object') {
    errs.push(required(`${path}.containers`));
    return errs;
  }
  // Volumes first: mounts refer to them.
  const volumes = new Set<string>();
  (spec.volumes ?? []).forEach((v, i) => {
    if (!v || typeof v !== 'object') return;
    validateVolume(v, `${path}.volumes[${i}]`, errs);
    if (v.name) {
      if (volumes.has(v.name)) errs.push(duplicate(`${path}.volumes[${i}].name`, v.name));
      volumes.add(v.name);
    }
  });
  const hostNetwork = spec.hostNetwork === true;
  const names = new Set<string>();
  const checkName = (c: Container, p: string) => {
    if (!c?.name) return;
    if (names.has(c.name)) errs.push(duplicate(`${p}.name`, c.name));
    names.add(c.name);
  };
  (spec.initContainers ?? []).forEach((c, i) => {
    validateContainer(c, `${path}.initContainers[${i}]`, errs, opts, volumes, hostNetwork, true);
    checkName(c, `${path}.initContainers[${i}]`);
  });
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) errs.push(required(`${path}.containers`));
  else
    spec.containers.forEach((c, i) => {
      validateContainer(c, `${path}.containers[${i}]`, errs, opts, volumes, hostNetwork, false);
      checkName(c, `${path}.containers[${i}]`);
    });
  if (spec.restartPolicy && !RESTART_POLICIES.includes(spec.restartPolicy)) errs.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  if (spec.dnsPolicy && !DNS_POLICIES.includes(spec.dnsPolicy)) errs.push(notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  if (spec.dnsPolicy === 'None' && !spec.dnsConfig) errs.push(required(`${path}.dnsConfig`, "must provide `dnsConfig` when `dnsPolicy` is None"));
  validateLabels(spec.nodeSelector, `${path}.nodeSelector`, errs);
  if (spec.nodeName) for (const msg of isDNS1123Subdomain(spec.nodeName)) errs.push(invalid(`${path}.nodeName`, spec.nodeName, msg));
  if (spec.serviceAccountName) for (const msg of isDNS1123Subdomain(spec.serviceAccountName)) errs.push(invalid(`${path}.serviceAccountName`, spec.serviceAccountName, msg));
  if (spec.schedulerName) for (const msg of isDNS1123Subdomain(spec.schedulerName)) errs.push(invalid(`${path}.schedulerName`, spec.schedulerName, msg));
  if (spec.priorityClassName) for (const msg of isDNS1123Subdomain(spec.priorityClassName)) errs.push(invalid(`${path}.priorityClassName`, spec.priorityClassName, msg));
  if (spec.hostname) for (const msg of isDNS1123Label(spec.hostname)) errs.push(invalid(`${path}.hostname`, spec.hostname, msg));
  if (spec.subdomain) for (const msg of isDNS1123Label(spec.subdomain)) errs.push(invalid(`${path}.subdomain`, spec.subdomain, msg));
  nonNegative(spec.terminationGracePeriodSeconds, `${path}.terminationGracePeriodSeconds`, errs);
  if (isSet(spec.activeDeadlineSeconds)) {
    const v = spec.activeDeadlineSeconds as number;
    if (v < 1 || v > 2147483647) errs.push(invalid(`${path}.activeDeadlineSeconds`, v, 'must be between 1 and 2147483647, inclusive'));
  }
  if (spec.preemptionPolicy && !['Never', 'PreemptLowerPriority'].includes(spec.preemptionPolicy)) {
    errs.push(notSupported(`${path}.preemptionPolicy`, spec.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
  }
  validateAffinity(spec.affinity, `${path}.affinity`, errs);
  validateTolerations(spec.tolerations, `${path}.tolerations`, errs);
  validateTopologySpread(spec.topologySpreadConstraints, `${path}.topologySpreadConstraints`, errs);
  (spec.imagePullSecrets ?? []).forEach((s, i) => {
    if (s && !s.name) errs.push(required(`${path}.imagePullSecrets[${i}].name`));
  });
  if (spec.os && !['linux', 'windows'].includes(spec.os.name)) errs.push(notSupported(`${path}.os.name`, spec.os.name, ['linux', 'windows']));
  return errs;
}

export function validatePod(pod: Pod): FieldError[] {
  return validatePodSpec(pod.spec, 'spec', { requireImage: true });
}

const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** ValidatePodUpdate: only images, activeDeadlineSeconds, added tolerations (and metadata) may change. */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs: FieldError[] = [];
  const ns = pod.spec;
  const os = old.spec;
  if (!ns || !os) return errs;
  // activeDeadlineSeconds may be set or lowered, never raised or removed.
  const na = ns.activeDeadlineSeconds;
  const oa = os.activeDeadlineSeconds;
  if (isSet(oa)) {
    if (!isSet(na)) errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
    else if ((na as number) > (oa as number)) errs.push(invalid('spec.activeDeadlineSeconds', na, 'must be less than or equal to previous value'));
  }
  // Existing tolerations must all be kept (tolerationSeconds may only shrink); new ones may be added.
  const tolKey = (t: Toleration) => JSON.stringify([t.key ?? '', t.operator ?? 'Equal', t.value ?? '', t.effect ?? '']);
  const newTols = new Map((ns.tolerations ?? []).map((t) => [tolKey(t), t]));
  let tolsOK = true;
  for (const t of os.tolerations ?? []) if (!newTols.has(tolKey(t))) tolsOK = false;
  // Compare everything else with the mutable parts masked.
  const mask = (s: PodSpec, imagesFrom?: PodSpec): PodSpec => {
    const c: PodSpec = { ...s };
    c.containers = (s.containers ?? []).map((x, i) => ({ ...x, image: imagesFrom?.containers?.[i]?.image ?? x.image }));
    if (s.initContainers) c.initContainers = s.initContainers.map((x, i) => ({ ...x, image: imagesFrom?.initContainers?.[i]?.image ?? x.image }));
    delete c.activeDeadlineSeconds;
    delete c.tolerations;
    if (imagesFrom && typeof imagesFrom.terminationGracePeriodSeconds === 'number' && imagesFrom.terminationGracePeriodSeconds < 0 && s.terminationGracePeriodSeconds === 1) {
      c.terminationGracePeriodSeconds = imagesFrom.terminationGracePeriodSeconds;
    }
    return c;
  };
  if (!tolsOK || !jsonEqual(mask(ns, os), mask(os))) errs.push(forbidden('spec', POD_UPDATE_FORBIDDEN));
  return errs;
}
