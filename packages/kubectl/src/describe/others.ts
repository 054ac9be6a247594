// describe for deployments, replicasets, daemonsets, services, endpoints, namespaces,
// configmaps, secrets, nodes, and a generic fallback; the layouts follow kubectl's describers.
import { parseQuantity, Quantity } from '@mk/api';
import type {
  ConfigMap, DaemonSet, Deployment, EndpointSlice, Endpoints, KubeObject, LabelSelector, Lease, Namespace, Node, Pod, ReplicaSet, Secret, Service,
} from '@mk/api';
import {
  LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter, controlledBy, describeEvents, printAnnotationsMultiline,
  printLabelsMultiline, printTaintsMultiline, rfc1123z, since, type CoreEvent, type Taint,
} from './writer.js';
import { describePodTemplate } from './pod.js';
import { formatLabels } from '../printers/table.js';
import { toYaml } from '../printers/serialize.js';

/** A condition as every kind's status carries it. */
interface Condition {
  type: string;
  status: string;
  reason?: string;
}

function header(w: PrefixWriter, o: KubeObject, withNamespace = true): void {
  w.write(LEVEL_0, `Name:\t${o.metadata.name}\n`);
  if (withNamespace) w.write(LEVEL_0, `Namespace:\t${o.metadata.namespace ?? ''}\n`);
}

export function selectorString(sel: LabelSelector | undefined): string {
  if (!sel) return '<none>';
  const parts: string[] = [];
  for (const k of Object.keys(sel.matchLabels ?? {}).sort()) parts.push(`${k}=${sel.matchLabels![k]}`);
  for (const e of sel.matchExpressions ?? []) {
    const op = String(e.operator).toLowerCase();
    if (op === 'exists') parts.push(e.key);
    else if (op === 'doesnotexist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

export interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

export function podStatusLine(pods: KubeObject[]): string {
  const c: PodCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const p of pods) {
    const phase = (p as Pod).status?.phase;
    if (phase === 'Running') c.running++;
    else if (phase === 'Pending') c.waiting++;
    else if (phase === 'Succeeded') c.succeeded++;
    else if (phase === 'Failed') c.failed++;
  }
  return `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;
}

function conditionsTable(w: PrefixWriter, conditions: Condition[] | undefined): void {
  if (!conditions?.length) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

export function describeDeployment(d: KubeObject, newRS: KubeObject | undefined, oldRSs: KubeObject[], events: CoreEvent[] | undefined): string {
  const o = d as Deployment;
  const spec: Partial<NonNullable<Deployment['spec']>> = o.spec ?? {};
  const st: NonNullable<Deployment['status']> = o.status ?? {};
  const w = new PrefixWriter();
  header(w, d);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
  w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? 'RollingUpdate'}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge\n`);
  describePodTemplate(w, spec.template);
  conditionsTable(w, st.conditions);
  const rsLine = (rs: KubeObject): string => `${rs.metadata.name} (${(rs as ReplicaSet).status?.replicas ?? 0}/${(rs as ReplicaSet).spec?.replicas ?? 0} replicas created)`;
  // kubectl prints these only once the deployment has ReplicaSets.
  if (newRS || oldRSs.length) {
    w.write(LEVEL_0, `OldReplicaSets:\t${oldRSs.length ? oldRSs.map(rsLine).join(', ') : '<none>'}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${newRS ? rsLine(newRS) : '<none>'}\n`);
  }
  describeEvents(w, events);
  return w.toString();
}

export function describeReplicaSet(rs: KubeObject, pods: KubeObject[], events: CoreEvent[] | undefined): string {
  const o = rs as ReplicaSet;
  const w = new PrefixWriter();
  header(w, rs);
  w.write(LEVEL_0, `Selector:\t${selectorString(o.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const ctl = controlledBy(rs);
  if (ctl) w.write(LEVEL_0, `Controlled By:\t${ctl}\n`);
  w.write(LEVEL_0, `Replicas:\t${o.status?.replicas ?? 0} current / ${o.spec?.replicas ?? 1} desired\n`);
  w.write(LEVEL_0, `Pods Status:\t${podStatusLine(pods)}\n`);
  describePodTemplate(w, o.spec?.template);
  if (o.status?.conditions?.length) conditionsTable(w, o.status.conditions);
  describeEvents(w, events);
  return w.toString();
}

export function describeDaemonSet(ds: KubeObject, pods: KubeObject[], events: CoreEvent[] | undefined): string {
  const o = ds as DaemonSet;
  const st: Partial<NonNullable<DaemonSet['status']>> = o.status ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${ds.metadata.namespace}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorString(o.spec?.selector)}\n`);
  w.write(LEVEL_0, `Node-Selector:\t${formatLabels(o.spec?.template?.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
  w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
  w.write(LEVEL_0, `Pods Status:\t${podStatusLine(pods)}\n`);
  describePodTemplate(w, o.spec?.template);
  describeEvents(w, events);
  return w.toString();
}

/**
 * Ready endpoints for one service port from its EndpointSlices, as kubectl 1.32 lists them
 * (at most 3, then "+ N more..."); `<none>` when the service has no slices.
 */
export function formatEndpointSlices(slices: KubeObject[], portName: string): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  const add = (s: string): void => {
    if (list.length < 3) list.push(s);
    count++;
  };
  for (const sl of slices as EndpointSlice[]) {
    const ports = sl.ports ?? [];
    const ready = (sl.endpoints ?? []).filter((e) => e.conditions?.ready !== false && e.addresses?.length);
    if (!ports.length) {
      for (const e of ready) add(e.addresses[0]);
      continue;
    }
    for (const p of ports) {
      if ((p.name ?? '') !== portName) continue;
      for (const e of ready) add(String(e.addresses[0]).includes(':') ? `[${e.addresses[0]}]:${p.port}` : `${e.addresses[0]}:${p.port}`);
    }
  }
  const ret = list.join(',');
  return count > 3 ? `${ret} + ${count - 3} more...` : ret;
}

export function describeService(svc: KubeObject, slices: KubeObject[], events: CoreEvent[] | undefined): string {
  const o = svc as Service;
  const spec: NonNullable<Service['spec']> = o.spec ?? {};
  const w = new PrefixWriter();
  header(w, svc);
  printLabelsMultiline(w, 'Labels', svc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(LEVEL_0, `Type:\t${spec.type ?? 'ClusterIP'}\n`);
  if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(LEVEL_0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
  w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(LEVEL_0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
  if (spec.externalIPs?.length) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
  const ingress = o.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingress.map((i) => i.ip ?? i.hostname).join(', ')}\n`);
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    const proto = p.protocol ?? 'TCP';
    w.write(LEVEL_0, `Port:\t${name}\t${p.port}/${proto}\n`);
    w.write(LEVEL_0, `TargetPort:\t${p.targetPort ?? p.port}/${proto}\n`);
    if (p.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${p.nodePort}/${proto}\n`);
    w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, p.name ?? '')}\n`);
  }
  w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`);
  if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  describeEvents(w, events);
  return w.toString();
}

export function describeEndpoints(ep: KubeObject, events: CoreEvent[] | undefined): string {
  const w = new PrefixWriter();
  header(w, ep);
  printLabelsMultiline(w, 'Labels', ep.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
  w.write(LEVEL_0, 'Subsets:\n');
  for (const ss of (ep as Endpoints).subsets ?? []) {
    const ready = (ss.addresses ?? []).map((a) => a.ip).join(',');
    const notReady = (ss.notReadyAddresses ?? []).map((a) => a.ip).join(',');
    w.write(LEVEL_1, `Addresses:\t${ready || '<none>'}\n`);
    w.write(LEVEL_1, `NotReadyAddresses:\t${notReady || '<none>'}\n`);
    if (ss.ports?.length) {
      w.write(LEVEL_1, 'Ports:\n');
      w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_2, '----\t----\t--------\n');
      for (const p of ss.ports) w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`);
    }
    w.write(LEVEL_0, '\n');
  }
  describeEvents(w, events);
  return w.toString();
}

export function describeNamespace(ns: KubeObject): string {
  const w = new PrefixWriter();
  header(w, ns, false);
  printLabelsMultiline(w, 'Labels', ns.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(LEVEL_0, `Status:\t${(ns as Namespace).status?.phase ?? 'Active'}\n`);
  // kubectl adds resource quota and LimitRange sections only where the server serves those
  // resources; mk does not, so like kubectl against mk there are none.
  return w.toString();
}

export function describeConfigMap(cm: KubeObject, events: CoreEvent[] | undefined): string {
  const o = cm as ConfigMap;
  const w = new PrefixWriter();
  header(w, cm);
  printLabelsMultiline(w, 'Labels', cm.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = o.data ?? {};
  for (const k of Object.keys(data).sort()) {
    w.write(LEVEL_0, `${k}:\n----\n`);
    w.write(LEVEL_0, `${data[k]}\n\n`);
  }
  w.write(LEVEL_0, '\nBinaryData\n====\n');
  const binaryData = o.binaryData ?? {};
  for (const k of Object.keys(binaryData).sort()) w.write(LEVEL_0, `${k}: ${Buffer.from(binaryData[k]!, 'base64').length} bytes\n`);
  w.write(LEVEL_0, '\n');
  describeEvents(w, events);
  return w.toString();
}

export function describeSecret(secret: KubeObject): string {
  const o = secret as Secret;
  const w = new PrefixWriter();
  header(w, secret);
  printLabelsMultiline(w, 'Labels', secret.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', secret.metadata.annotations);
  w.write(LEVEL_0, `\nType:\t${o.type ?? 'Opaque'}\n`);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = o.data ?? {};
  for (const k of Object.keys(data).sort()) {
    const bytes = Buffer.from(String(data[k]), 'base64');
    if (k === 'token' && o.type === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${bytes.toString('utf8')}\n`);
    else w.write(LEVEL_0, `${k}:\t${bytes.length} bytes\n`);
  }
  return w.toString();
}

function q(v: string | undefined): Quantity {
  try {
    return parseQuantity(v ?? '0');
  } catch {
    return parseQuantity('0');
  }
}

function pct(part: Quantity, total: Quantity, milli: boolean): string {
  const t = milli ? total.milliValue() : total.value();
  if (t === 0) return '0';
  const p = milli ? part.milliValue() : part.value();
  return String(Math.trunc((p * 100) / t));
}

function podRequestsLimits(pod: Pod): { req: Record<string, Quantity>; lim: Record<string, Quantity> } {
  const req: Record<string, Quantity> = {};
  const lim: Record<string, Quantity> = {};
  for (const c of pod.spec?.containers ?? []) {
    for (const [k, v] of Object.entries((c.resources?.requests ?? {}) as Record<string, string>)) req[k] = (req[k] ?? q('0')).add(q(v));
    for (const [k, v] of Object.entries((c.resources?.limits ?? {}) as Record<string, string>)) lim[k] = (lim[k] ?? q('0')).add(q(v));
  }
  // Init containers run one at a time: the effective request is the max of each and the sum.
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [k, v] of Object.entries((c.resources?.requests ?? {}) as Record<string, string>)) if (q(v).cmp(req[k] ?? q('0')) > 0) req[k] = q(v);
    for (const [k, v] of Object.entries((c.resources?.limits ?? {}) as Record<string, string>)) if (q(v).cmp(lim[k] ?? q('0')) > 0) lim[k] = q(v);
  }
  for (const [k, v] of Object.entries((pod.spec?.overhead ?? {}) as Record<string, string>)) req[k] = (req[k] ?? q('0')).add(q(v));
  return { req, lim };
}

export function describeNode(node: KubeObject, pods: KubeObject[], lease: KubeObject | undefined, events: CoreEvent[] | undefined): string {
  const o = node as Node;
  const spec: NonNullable<Node['spec']> = o.spec ?? {};
  const st: NonNullable<Node['status']> = o.status ?? {};
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${node.metadata.name}\n`);
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .concat(node.metadata.labels?.['kubernetes.io/role'] ? [node.metadata.labels['kubernetes.io/role']] : [])
    .sort();
  w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', spec.taints as Taint[] | undefined);
  w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
  if (lease) {
    const ls = (lease as Lease | undefined)?.spec ?? {};
    w.write(LEVEL_0, 'Lease:\n');
    w.write(LEVEL_1, `HolderIdentity:\t${ls.holderIdentity ?? '<unset>'}\n`);
    w.write(LEVEL_1, `AcquireTime:\t${ls.acquireTime ? rfc1123z(ls.acquireTime) : '<unset>'}\n`);
    w.write(LEVEL_1, `RenewTime:\t${ls.renewTime ? rfc1123z(ls.renewTime) : '<unset>'}\n`);
  }
  const conds = st.conditions ?? [];
  if (conds.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conds) w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of st.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
  const printResources = (title: string, m: Record<string, string | number> | undefined): void => {
    if (!m || !Object.keys(m).length) return;
    w.write(LEVEL_0, `${title}:\n`);
    for (const k of Object.keys(m).sort()) w.write(LEVEL_1, `${k}:\t${m[k]}\n`);
  };
  printResources('Capacity', st.capacity);
  printResources('Allocatable', st.allocatable);
  const ni: Partial<NonNullable<NonNullable<Node['status']>['nodeInfo']>> = st.nodeInfo ?? {};
  w.write(LEVEL_0, 'System Info:\n');
  w.write(LEVEL_0, `  Machine ID:\t${ni.machineID ?? ''}\n`);
  w.write(LEVEL_0, `  System UUID:\t${ni.systemUUID ?? ''}\n`);
  w.write(LEVEL_0, `  Boot ID:\t${ni.bootID ?? ''}\n`);
  w.write(LEVEL_0, `  Kernel Version:\t${ni.kernelVersion ?? ''}\n`);
  w.write(LEVEL_0, `  OS Image:\t${ni.osImage ?? ''}\n`);
  w.write(LEVEL_0, `  Operating System:\t${ni.operatingSystem ?? ''}\n`);
  w.write(LEVEL_0, `  Architecture:\t${ni.architecture ?? ''}\n`);
  w.write(LEVEL_0, `  Container Runtime Version:\t${ni.containerRuntimeVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kubelet Version:\t${ni.kubeletVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kube-Proxy Version:\t${ni.kubeProxyVersion ?? ''}\n`);
  if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
  if (spec.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
  if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
  const running = pods.filter((p) => !['Succeeded', 'Failed'].includes((p as Pod).status?.phase ?? ''));
  const alloc = (st.allocatable ?? st.capacity ?? {}) as Record<string, string>;
  const cpuA = q(alloc.cpu);
  const memA = q(alloc.memory);
  w.write(LEVEL_0, `Non-terminated Pods:\t(${running.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const totReq: Record<string, Quantity> = {};
  const totLim: Record<string, Quantity> = {};
  for (const p of running) {
    const { req, lim } = podRequestsLimits(p as Pod);
    for (const [k, v] of Object.entries(req)) totReq[k] = (totReq[k] ?? q('0')).add(v);
    for (const [k, v] of Object.entries(lim)) totLim[k] = (totLim[k] ?? q('0')).add(v);
    const cr = req.cpu ?? q('0');
    const cl = lim.cpu ?? q('0');
    const mr = req.memory ?? q('0');
    const ml = lim.memory ?? q('0');
    w.write(
      LEVEL_1,
      `${p.metadata.namespace}\t${p.metadata.name}\t\t${cr.toString()} (${pct(cr, cpuA, true)}%)\t${cl.toString()} (${pct(cl, cpuA, true)}%)\t${mr.toString()} (${pct(mr, memA, false)}%)\t${ml.toString()} (${pct(ml, memA, false)}%)\t${since(p.metadata.creationTimestamp)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  for (const [name, total, milli] of [['cpu', cpuA, true], ['memory', memA, false], ['ephemeral-storage', q(alloc['ephemeral-storage']), false]] as const) {
    const r = totReq[name] ?? q('0');
    const l = totLim[name] ?? q('0');
    w.write(LEVEL_1, `${name}\t${r.toString()} (${pct(r, total, milli)}%)\t${l.toString()} (${pct(l, total, milli)}%)\n`);
  }
  describeEvents(w, events);
  return w.toString();
}

/** Kinds without a dedicated describer: metadata, then the rest of the object as YAML. */
export function describeGeneric(obj: KubeObject, events: CoreEvent[] | undefined): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${obj.metadata.name}\n`);
  if (obj.metadata.namespace) w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
  w.write(LEVEL_0, `API Version:\t${obj.apiVersion ?? ''}\n`);
  w.write(LEVEL_0, `Kind:\t${obj.kind ?? ''}\n`);
  const rest: Record<string, unknown> = { ...obj };
  delete rest.apiVersion;
  delete rest.kind;
  delete rest.metadata;
  const text = toYaml(rest).trimEnd();
  if (text && text !== '{}') for (const line of text.split('\n')) w.write(LEVEL_0, `${line}\n`);
  describeEvents(w, events ?? []);
  return w.toString();
}
