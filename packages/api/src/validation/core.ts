// Validation for the non-workload kinds: Service, Node, Secret, ConfigMap, Event, Endpoints,
// EndpointSlice, Lease, PriorityClass, PodDisruptionBudget, ControllerRevision.
import type { ConfigMap, Endpoints, Event, Node, Secret, Service } from '../types/core.js';
import type { EndpointSlice, Lease, PodDisruptionBudget, PriorityClass } from '../types/misc.js';
import type { ControllerRevision } from '../types/apps.js';
import { duplicate, forbidden, invalid, notSupported, required, tooLong, type FieldError } from './errors.js';
import { intOrPercent, nonNegative, positive, validateLabels } from './meta.js';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPortNum } from './names.js';
import { validatePortNumOrName, validateTaintEffect } from './pod.js';
import { validateLabelSelectorShape } from './selector.js';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const MAX_SECRET_SIZE = 1024 * 1024;

function isIP(s: string): boolean {
  return IPV4_RE.test(s) || (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));
}

export function validateService(svc: Service): FieldError[] {
  const errs: FieldError[] = [];
  const spec = svc.spec;
  if (!spec || typeof spec !== 'object') return [required('spec.ports')];
  const type = spec.type ?? 'ClusterIP';
  if (!SERVICE_TYPES.includes(type)) errs.push(notSupported('spec.type', type, SERVICE_TYPES));
  const headless = spec.clusterIP === 'None';
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  const names = new Set<string>();
  const portProto = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    if (!p || typeof p !== 'object') return;
    if (ports.length > 1 && !p.name) errs.push(required(`${path}.name`));
    if (p.name) {
      for (const msg of isDNS1123Label(p.name)) errs.push(invalid(`${path}.name`, p.name, msg));
      if (names.has(p.name)) errs.push(duplicate(`${path}.name`, p.name));
      names.add(p.name);
    }
    for (const msg of isValidPortNum(p.port ?? 0)) errs.push(invalid(`${path}.port`, p.port ?? 0, msg));
    if (!p.protocol) errs.push(required(`${path}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
    if (p.targetPort !== undefined && p.targetPort !== null) validatePortNumOrName(p.targetPort, `${path}.targetPort`, errs);
    if (p.nodePort) {
      for (const msg of isValidPortNum(p.nodePort)) errs.push(invalid(`${path}.nodePort`, p.nodePort, msg));
      if (type === 'ClusterIP') errs.push(forbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
    const key = `${p.port}/${p.protocol}`;
    if (portProto.has(key)) errs.push(duplicate(path, { port: p.port, protocol: p.protocol }));
    portProto.add(key);
  });
  if (spec.sessionAffinity && !['ClientIP', 'None'].includes(spec.sessionAffinity)) {
    errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  }
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (typeof timeout === 'number' && (timeout <= 0 || timeout > 86400)) {
    errs.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400'));
  }
  if (type === 'ExternalName') {
    if (!spec.externalName) errs.push(required('spec.externalName'));
    else for (const msg of isDNS1123Subdomain(spec.externalName.replace(/\.$/, ''))) errs.push(invalid('spec.externalName', spec.externalName, msg));
  }
  if (spec.clusterIP && spec.clusterIP !== 'None' && !isIP(spec.clusterIP)) {
    errs.push(invalid('spec.clusterIPs[0]', spec.clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  }
  for (const [k, allowed] of [
    ['externalTrafficPolicy', ['Cluster', 'Local']],
    ['internalTrafficPolicy', ['Cluster', 'Local']],
    ['ipFamilyPolicy', ['PreferDualStack', 'RequireDualStack', 'SingleStack']],
  ] as const) {
    const v = spec[k];
    if (v && !(allowed as readonly string[]).includes(v)) errs.push(notSupported(`spec.${k}`, v, allowed));
  }
  if (spec.externalTrafficPolicy && type !== 'NodePort' && type !== 'LoadBalancer') {
    errs.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set when `type` is \'NodePort\' or \'LoadBalancer\''));
  }
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(notSupported(`spec.ipFamilies[${i}]`, f, ['IPv4', 'IPv6']));
  });
  validateLabels(spec.selector, 'spec.selector', errs);
  return errs;
}

export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const errs: FieldError[] = [];
  const o = old.spec?.clusterIP;
  const n = svc.spec?.clusterIP;
  if (o && o !== 'None' && svc.spec?.type !== 'ExternalName' && old.spec?.type !== 'ExternalName' && n !== o) {
    errs.push(invalid('spec.clusterIPs[0]', n ?? '', 'may not change once set'));
  }
  return errs;
}

export function validateNode(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (node.spec?.taints ?? []).forEach((t, i) => {
    const p = `spec.taints[${i}]`;
    if (!t || typeof t !== 'object') return;
    if (!t.key) errs.push(required(`${p}.key`));
    else for (const msg of isQualifiedName(t.key)) errs.push(invalid(`${p}.key`, t.key, msg));
    if (t.value) for (const msg of isValidLabelValue(t.value)) errs.push(invalid(`${p}.value`, t.value, msg));
    validateTaintEffect(t.effect, false, `${p}.effect`, errs);
    const key = `${t.key}:${t.effect}`;
    if (seen.has(key)) errs.push(duplicate(p, t.key + ':' + t.effect));
    seen.add(key);
  });
  (node.spec?.podCIDRs ?? []).forEach((c, i) => {
    if (!/^[0-9a-fA-F:.]+\/\d+$/.test(c)) errs.push(invalid(`spec.podCIDRs[${i}]`, c, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
  });
  return errs;
}

function validateDataKeys(data: Record<string, unknown> | undefined, path: string, errs: FieldError[]): void {
  for (const k in data ?? {}) for (const msg of isConfigMapKey(k)) errs.push(invalid(`${path}[${k}]`, k, msg));
}

/** Go's encoding/base64 StdEncoding: the byte offset of the first bad input, or -1. */
export function base64ErrorOffset(s: string): number {
  if (s.length % 4 !== 0) {
    const bad = s.search(/[^A-Za-z0-9+/=]/);
    return bad >= 0 ? bad : s.length - (s.length % 4);
  }
  const m = /^[A-Za-z0-9+/]*={0,2}$/.exec(s);
  if (m) return -1;
  const bad = s.search(/[^A-Za-z0-9+/=]/);
  return bad >= 0 ? bad : s.indexOf('=');
}

export function validateSecret(sec: Secret): FieldError[] {
  const errs: FieldError[] = [];
  validateDataKeys(sec.data, 'data', errs);
  validateDataKeys(sec.stringData, 'stringData', errs);
  let size = 0;
  for (const [k, v] of Object.entries(sec.data ?? {})) {
    if (typeof v !== 'string') continue;
    const off = base64ErrorOffset(v);
    if (off >= 0) errs.push(invalid(`data[${k}]`, '<secret contents redacted>', `illegal base64 data at input byte ${off}`));
    size += Math.floor((v.length * 3) / 4);
  }
  if (size > MAX_SECRET_SIZE) errs.push(tooLong('data', '', MAX_SECRET_SIZE));
  const has = (k: string) => (sec.data && k in sec.data) || (sec.stringData && k in sec.stringData);
  switch (sec.type) {
    case 'kubernetes.io/service-account-token':
      if (!sec.metadata.annotations?.['kubernetes.io/service-account.name']) errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
      break;
    case 'kubernetes.io/dockercfg':
      if (!has('.dockercfg')) errs.push(required('data[.dockercfg]'));
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!has('.dockerconfigjson')) errs.push(required('data[.dockerconfigjson]'));
      break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) errs.push(required('data[username]'), required('data[password]'));
      break;
    case 'kubernetes.io/ssh-auth':
      if (!has('ssh-privatekey')) errs.push(required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(required('data[tls.crt]'));
      if (!has('tls.key')) errs.push(required('data[tls.key]'));
      break;
  }
  return errs;
}

/** Secret and ConfigMap updates: `type` is fixed; `immutable` freezes data. */
export function validateDataUpdate(kind: 'Secret' | 'ConfigMap', obj: Secret | ConfigMap, old: Secret | ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  if (kind === 'Secret' && (old as Secret).type !== undefined && (obj as Secret).type !== (old as Secret).type) {
    errs.push(invalid('type', (obj as Secret).type ?? '', 'field is immutable'));
  }
  if (old.immutable === true) {
    if (obj.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (JSON.stringify(obj.data ?? {}) !== JSON.stringify(old.data ?? {})) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
    if (kind === 'ConfigMap' && JSON.stringify((obj as ConfigMap).binaryData ?? {}) !== JSON.stringify((old as ConfigMap).binaryData ?? {})) {
      errs.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
    }
  }
  return errs;
}

export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  validateDataKeys(cm.data, 'data', errs);
  validateDataKeys(cm.binaryData, 'binaryData', errs);
  for (const k in cm.binaryData ?? {}) if (cm.data && k in cm.data) errs.push(invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
  let size = 0;
  for (const v of Object.values(cm.data ?? {})) if (typeof v === 'string') size += v.length;
  for (const v of Object.values(cm.binaryData ?? {})) if (typeof v === 'string') size += Math.floor((v.length * 3) / 4);
  if (size > MAX_SECRET_SIZE) errs.push(tooLong('', '', MAX_SECRET_SIZE));
  return errs;
}

export function validateEvent(ev: Event): FieldError[] {
  const errs: FieldError[] = [];
  const io = ev.involvedObject;
  if (!io || typeof io !== 'object') errs.push(required('involvedObject'));
  else if (io.namespace && ev.metadata.namespace && io.namespace !== ev.metadata.namespace) {
    errs.push(invalid('involvedObject.namespace', io.namespace, 'does not match event.namespace'));
  }
  if (ev.type && ev.type !== 'Normal' && ev.type !== 'Warning' && ev.reportingComponent) {
    errs.push(notSupported('type', ev.type, ['Normal', 'Warning']));
  }
  nonNegative(ev.count, 'count', errs);
  return errs;
}

export function validateEndpoints(ep: Endpoints): FieldError[] {
  const errs: FieldError[] = [];
  (ep.subsets ?? []).forEach((ss, i) => {
    const p = `subsets[${i}]`;
    for (const k of ['addresses', 'notReadyAddresses'] as const) {
      (ss?.[k] ?? []).forEach((a, j) => {
        if (!a?.ip) errs.push(required(`${p}.${k}[${j}].ip`));
        else if (!isIP(a.ip)) errs.push(invalid(`${p}.${k}[${j}].ip`, a.ip, 'must be a valid IP address'));
      });
    }
    (ss?.ports ?? []).forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      for (const msg of isValidPortNum(port?.port ?? 0)) errs.push(invalid(`${pp}.port`, port?.port ?? 0, msg));
      if (port?.protocol && !PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${pp}.protocol`, port.protocol, PROTOCOLS));
      if (port?.name) for (const msg of isDNS1123Label(port.name)) errs.push(invalid(`${pp}.name`, port.name, msg));
    });
  });
  return errs;
}

export function validateEndpointSlice(es: EndpointSlice): FieldError[] {
  const errs: FieldError[] = [];
  const types = ['IPv4', 'IPv6', 'FQDN'];
  if (!es.addressType) errs.push(required('addressType'));
  else if (!types.includes(es.addressType)) errs.push(notSupported('addressType', es.addressType, types));
  if (Array.isArray(es.endpoints) && es.endpoints.length > 1000) errs.push({ type: 'FieldValueTooMany', field: 'endpoints', badValue: es.endpoints.length, detail: 'must have at most 1000 items' });
  (es.endpoints ?? []).forEach((e, i) => {
    const p = `endpoints[${i}]`;
    if (!e) return;
    const addrs = e.addresses ?? [];
    if (addrs.length === 0) errs.push(required(`${p}.addresses`, 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push({ type: 'FieldValueTooMany', field: `${p}.addresses`, badValue: addrs.length, detail: 'must have at most 100 items' });
    addrs.forEach((a, j) => {
      if (es.addressType === 'IPv4' && !IPV4_RE.test(a)) errs.push(invalid(`${p}.addresses[${j}]`, a, 'must be a valid IPv4 address'));
      if (es.addressType === 'FQDN') for (const msg of isDNS1123Subdomain(a)) errs.push(invalid(`${p}.addresses[${j}]`, a, msg));
    });
    if (e.hostname) for (const msg of isDNS1123Label(e.hostname)) errs.push(invalid(`${p}.hostname`, e.hostname, msg));
    if (e.nodeName) for (const msg of isDNS1123Subdomain(e.nodeName)) errs.push(invalid(`${p}.nodeName`, e.nodeName, msg));
  });
  const names = new Set<string>();
  (es.ports ?? []).forEach((port, i) => {
    const p = `ports[${i}]`;
    if (!port) return;
    if (port.name) for (const msg of isDNS1123Label(port.name)) errs.push(invalid(`${p}.name`, port.name, msg));
    if (names.has(port.name ?? '')) errs.push(duplicate(`${p}.name`, port.name ?? ''));
    names.add(port.name ?? '');
    if (port.port !== undefined && port.port !== null) for (const msg of isValidPortNum(port.port)) errs.push(invalid(`${p}.port`, port.port, msg));
    if (port.protocol && !PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
  });
  return errs;
}

export function validateLease(l: Lease): FieldError[] {
  const errs: FieldError[] = [];
  positive(l.spec?.leaseDurationSeconds, 'spec.leaseDurationSeconds', errs);
  nonNegative(l.spec?.leaseTransitions, 'spec.leaseTransitions', errs);
  return errs;
}

const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = { 'system-node-critical': 2_000_001_000, 'system-cluster-critical': 2_000_000_000 };

export function validatePriorityClass(pc: PriorityClass): FieldError[] {
  const errs: FieldError[] = [];
  const name = pc.metadata.name ?? '';
  if (name in SYSTEM_PRIORITY_CLASSES) {
    if (pc.value !== SYSTEM_PRIORITY_CLASSES[name]) errs.push(forbidden('metadata.name', `${name} is a system priority class and its value must be ${SYSTEM_PRIORITY_CLASSES[name]}`));
  } else {
    if (name.startsWith('system-')) errs.push(forbidden('metadata.name', "priority class names with 'system-' prefix are reserved for system use only"));
    if (typeof pc.value === 'number' && pc.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
      errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
    }
  }
  if (pc.preemptionPolicy && !['Never', 'PreemptLowerPriority'].includes(pc.preemptionPolicy)) {
    errs.push(notSupported('preemptionPolicy', pc.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
  }
  return errs;
}

export function validatePriorityClassUpdate(pc: PriorityClass, old: PriorityClass): FieldError[] {
  const errs: FieldError[] = [];
  if (pc.value !== old.value) errs.push(forbidden('value', 'may not be changed in an update.'));
  if ((pc.preemptionPolicy ?? 'PreemptLowerPriority') !== (old.preemptionPolicy ?? 'PreemptLowerPriority')) {
    errs.push(invalid('preemptionPolicy', pc.preemptionPolicy ?? '', 'field is immutable'));
  }
  return errs;
}

export function validatePDB(pdb: PodDisruptionBudget): FieldError[] {
  const errs: FieldError[] = [];
  const spec = pdb.spec;
  if (!spec || typeof spec !== 'object') return errs;
  const has = (v: unknown) => v !== undefined && v !== null;
  if (has(spec.minAvailable) && has(spec.maxUnavailable)) errs.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  intOrPercent(spec.minAvailable, 'spec.minAvailable', errs);
  intOrPercent(spec.maxUnavailable, 'spec.maxUnavailable', errs);
  errs.push(...validateLabelSelectorShape(spec.selector, 'spec.selector'));
  if (spec.unhealthyPodEvictionPolicy && !['AlwaysAllow', 'IfHealthyBudget'].includes(spec.unhealthyPodEvictionPolicy)) {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return errs;
}

export function validateControllerRevision(cr: ControllerRevision): FieldError[] {
  const errs: FieldError[] = [];
  nonNegative(cr.revision, 'revision', errs);
  return errs;
}
