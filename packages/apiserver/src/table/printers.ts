// Column definitions and row cells for each kind mk serves, as Kubernetes' printers
// (pkg/printers/internalversion/printers.go). Rows are always generated "wide", as the
// apiserver does; kubectl hides priority-1 columns unless `-o wide`.
import type { KubeObject, LabelSelector } from '@mk/api';
import { humanDuration, since } from './duration.js';
import { containerCells, formatLabels, formatLabelSelector, intOrString, joinHostPort, listWithMore, selectorString } from './format.js';
import { podReadinessGates, summarizePod, type PodLike } from './pod.js';
import type { TableCell, TableColumnDefinition, TableRowCondition } from './types.js';

export interface Printer {
  columns: TableColumnDefinition[];
  cells(obj: KubeObject, now: Date): TableCell[];
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

function col(name: string, type: TableColumnDefinition['type'], description: string, priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}
const NAME = col('Name', 'string', NAME_DOC, 0, 'name');
const AGE = col('Age', 'string', AGE_DOC);
const CONTAINERS = col('Containers', 'string', 'Names of each container in the template.', 1);
const IMAGES = col('Images', 'string', 'Images referenced by each container in the template.', 1);
const SELECTOR = (doc: string) => col('Selector', 'string', doc, 1);

// Loose views of the fields each printer reads.
type Obj<T> = KubeObject & T;
const name = (o: KubeObject) => o.metadata.name ?? '';
const age = (o: KubeObject, now: Date) => since(o.metadata.creationTimestamp, now);
type PodTemplate = { spec?: { containers?: Array<{ name?: string; image?: string }>; nodeSelector?: Record<string, string> } };

const podPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    col('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    col('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
    col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
    col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells(o, now) {
    const pod = o as unknown as PodLike;
    const s = summarizePod(pod);
    const restarts = s.restarts !== 0 && s.lastRestart ? `${s.restarts} (${since(s.lastRestart, now)} ago)` : String(s.restarts);
    // podIPs[0] as kubectl; podIP when a writer set only the singular field.
    const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
    return [
      name(o),
      `${s.ready}/${s.total}`,
      s.reason,
      restarts,
      age(o, now),
      ip,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      podReadinessGates(pod),
    ];
  },
  conditions(o) {
    const phase = (o as unknown as PodLike).status?.phase;
    if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};

type NodeObj = Obj<{
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: Array<{ type: string; status: string }>;
    addresses?: Array<{ type: string; address: string }>;
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
  };
}>;

/** findNodeRoles: node-role.kubernetes.io/<role> labels and the legacy kubernetes.io/role label. */
export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort();
}

/** STATUS of `kubectl get nodes`: Ready, NotReady, Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: KubeObject): string {
  const n = node as NodeObj;
  const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
  const status: string[] = [];
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  else status.push('Unknown');
  if (n.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

const nodePrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells(o, now) {
    const n = o as NodeObj;
    const info = n.status?.nodeInfo ?? {};
    const addr = (t: string) => n.status?.addresses?.find((a) => a.type === t)?.address || '<none>';
    return [
      name(o),
      nodeStatus(o),
      nodeRoles(o.metadata.labels).join(',') || '<none>',
      age(o, now),
      info.kubeletVersion ?? '',
      addr('InternalIP'),
      addr('ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

type ServiceObj = Obj<{
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    selector?: Record<string, string>;
    ports?: Array<{ port: number; nodePort?: number; protocol?: string }>;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}>;

function loadBalancerIPs(svc: ServiceObj, wide: boolean): string {
  const set = new Set<string>();
  for (const i of svc.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  let r = [...set].sort().join(',');
  if (!wide && r.length > 16) r = `${r.slice(0, 13)}...`;
  return r;
}

/** EXTERNAL-IP of `kubectl get svc`. */
export function serviceExternalIP(o: KubeObject, wide = true): string {
  const svc = o as ServiceObj;
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIPs(svc, wide);
      if (external.length) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
  }
  return '<unknown>';
}

/** PORT(S) of `kubectl get svc`: `80/TCP`, `80:30080/TCP`. */
export function servicePorts(o: KubeObject): string {
  const ports = (o as ServiceObj).spec?.ports ?? [];
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

const servicePrinter: Printer = {
  columns: [
    NAME,
    col('Type', 'string', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE,
    SELECTOR('Route service traffic to pods with label keys and values matching this selector.'),
  ],
  cells(o, now) {
    const svc = o as ServiceObj;
    const clusterIP = svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP ?? '<none>';
    return [
      name(o),
      svc.spec?.type ?? '',
      clusterIP || '<none>',
      serviceExternalIP(o, true),
      servicePorts(o) || '<none>',
      age(o, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};

type EndpointsObj = Obj<{
  subsets?: Array<{ addresses?: Array<{ ip: string }>; ports?: Array<{ port: number; name?: string }> }>;
}>;

/** ENDPOINTS of `kubectl get endpoints`: `10.0.0.1:80,10.0.0.2:80 + 1 more...`. */
export function formatEndpoints(o: KubeObject): string {
  const subsets = (o as EndpointsObj).subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if (!ss.ports?.length) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

const endpointsPrinter: Printer = {
  columns: [NAME, col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'), AGE],
  cells: (o, now) => [name(o), formatEndpoints(o), age(o, now)],
};

type EndpointSliceObj = Obj<{
  addressType?: string;
  ports?: Array<{ port?: number; name?: string }>;
  endpoints?: Array<{ addresses?: string[] }>;
}>;

const endpointSlicePrinter: Printer = {
  columns: [
    NAME,
    col('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
    col('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
    AGE,
  ],
  cells(o, now) {
    const es = o as EndpointSliceObj;
    const max = 3;
    const ports: string[] = [];
    let pc = 0;
    let pmore = false;
    for (const p of es.ports ?? []) {
      if (ports.length < max) ports.push(p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? '*'));
      else pmore = true;
      pc++;
    }
    const addrs: string[] = [];
    let ac = 0;
    let amore = false;
    for (const e of es.endpoints ?? []) {
      for (const a of e.addresses ?? []) {
        if (addrs.length < max) addrs.push(a);
        else amore = true;
        ac++;
      }
    }
    return [name(o), es.addressType ?? '', listWithMore(ports, pmore, pc, max), listWithMore(addrs, amore, ac, max), age(o, now)];
  },
};

type DeploymentObj = Obj<{
  spec?: { replicas?: number; selector?: LabelSelector; template?: PodTemplate };
  status?: { updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; replicas?: number };
}>;

const deploymentPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR('Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
  ],
  cells(o, now) {
    const d = o as DeploymentObj;
    const [cs, is] = containerCells(d.spec?.template?.spec?.containers);
    return [
      name(o),
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      age(o, now),
      cs,
      is,
      selectorString(d.spec?.selector),
    ];
  },
};

const replicaSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'Replicas is the number of desired pods.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR('Selector is a label query over pods that should match the replica count.'),
  ],
  cells(o, now) {
    const r = o as DeploymentObj;
    const [cs, is] = containerCells(r.spec?.template?.spec?.containers);
    return [name(o), r.spec?.replicas ?? 0, r.status?.replicas ?? 0, r.status?.readyReplicas ?? 0, age(o, now), cs, is, selectorString(r.spec?.selector)];
  },
};

type DaemonSetObj = Obj<{
  spec?: { selector?: LabelSelector; template?: PodTemplate };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
  };
}>;

const daemonSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
    col('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node."),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR('A label query over pods that are managed by the daemon set.'),
  ],
  cells(o, now) {
    const d = o as DaemonSetObj;
    const s = d.status ?? {};
    const [cs, is] = containerCells(d.spec?.template?.spec?.containers);
    return [
      name(o),
      s.desiredNumberScheduled ?? 0,
      s.currentNumberScheduled ?? 0,
      s.numberReady ?? 0,
      s.updatedNumberScheduled ?? 0,
      s.numberAvailable ?? 0,
      formatLabels(d.spec?.template?.spec?.nodeSelector),
      age(o, now),
      cs,
      is,
      selectorString(d.spec?.selector),
    ];
  },
};

type JobObj = Obj<{
  spec?: { completions?: number; parallelism?: number; selector?: LabelSelector; template?: PodTemplate };
  status?: { succeeded?: number; startTime?: string; completionTime?: string; conditions?: Array<{ type: string; status: string }> };
}>;

/** STATUS of `kubectl get jobs` (1.32). */
export function jobStatus(o: KubeObject): string {
  const j = o as JobObj;
  const has = (t: string) => (j.status?.conditions ?? []).some((c) => c.type === t && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  if (has('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

const jobPrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR('A label query over pods that should match the pod count.'),
  ],
  cells(o, now) {
    const j = o as JobObj;
    const succeeded = j.status?.succeeded ?? 0;
    let completions: string;
    if (j.spec?.completions !== undefined && j.spec.completions !== null) completions = `${succeeded}/${j.spec.completions}`;
    else if ((j.spec?.parallelism ?? 0) > 1) completions = `${succeeded}/1 of ${j.spec?.parallelism}`;
    else completions = `${succeeded}/1`;
    let duration = '';
    const start = j.status?.startTime;
    const end = j.status?.completionTime;
    if (start && !end) duration = since(start, now);
    else if (start && end) duration = humanDuration(Date.parse(end) - Date.parse(start));
    const [cs, is] = containerCells(j.spec?.template?.spec?.containers);
    return [name(o), jobStatus(o), completions, duration, age(o, now), cs, is, selectorString(j.spec?.selector)];
  },
};

type CronJobObj = Obj<{
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    jobTemplate?: { spec?: { selector?: LabelSelector; template?: PodTemplate } };
  };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}>;

const boolPtr = (v: boolean | undefined | null) => (v === undefined || v === null ? '<unset>' : v ? 'True' : 'False');

const cronJobPrinter: Printer = {
  columns: [
    NAME,
    col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR('A label query over pods that should match the pod count.'),
  ],
  cells(o, now) {
    const c = o as CronJobObj;
    const jt = c.spec?.jobTemplate?.spec;
    const [cs, is] = containerCells(jt?.template?.spec?.containers);
    return [
      name(o),
      c.spec?.schedule ?? '',
      c.spec?.timeZone ?? '<none>',
      boolPtr(c.spec?.suspend),
      c.status?.active?.length ?? 0,
      c.status?.lastScheduleTime ? since(c.status.lastScheduleTime, now) : '<none>',
      age(o, now),
      cs,
      is,
      formatLabelSelector(jt?.selector),
    ];
  },
};

const namespacePrinter: Printer = {
  columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
  cells: (o, now) => [name(o), (o as Obj<{ status?: { phase?: string } }>).status?.phase ?? '', age(o, now)],
};

const configMapPrinter: Printer = {
  columns: [NAME, col('Data', 'string', 'Data contains the configuration data.'), AGE],
  cells(o, now) {
    const c = o as Obj<{ data?: Record<string, string>; binaryData?: Record<string, string> }>;
    return [name(o), Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length, age(o, now)];
  },
};

const secretPrinter: Printer = {
  columns: [NAME, col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'string', 'Data contains the secret data.'), AGE],
  cells(o, now) {
    const s = o as Obj<{ type?: string; data?: Record<string, string> }>;
    return [name(o), s.type ?? '', Object.keys(s.data ?? {}).length, age(o, now)];
  },
};

const serviceAccountPrinter: Printer = {
  columns: [NAME, col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE],
  cells: (o, now) => [name(o), (o as Obj<{ secrets?: unknown[] }>).secrets?.length ?? 0, age(o, now)],
};

type EventObj = Obj<{
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}>;

const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    col('Object', 'string', 'The object that this event is about.'),
    col('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go-field access statement.', 1),
    col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    col('Name', 'string', NAME_DOC, 1, 'name'),
  ],
  cells(o, now) {
    const e = o as EventObj;
    const first = e.firstTimestamp ? since(e.firstTimestamp, now) : since(e.eventTime, now);
    let last = e.lastTimestamp ? since(e.lastTimestamp, now) : first;
    let count = e.count ?? 0;
    if (e.series) {
      last = since(e.series.lastObservedTime, now);
      count = e.series.count ?? 0;
    } else if (count === 0) count = 1;
    const kind = (e.involvedObject?.kind ?? '').toLowerCase();
    const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
    const component = e.source?.component || e.reportingComponent || '';
    const instance = e.source?.host || e.reportingInstance || '';
    const source = instance ? `${component}, ${instance}` : component;
    return [last, e.type ?? '', e.reason ?? '', target, e.involvedObject?.fieldPath ?? '', source, (e.message ?? '').trim(), first, count, name(o)];
  },
};

const leasePrinter: Printer = {
  columns: [NAME, col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE],
  cells: (o, now) => [name(o), (o as Obj<{ spec?: { holderIdentity?: string } }>).spec?.holderIdentity ?? '', age(o, now)],
};

const priorityClassPrinter: Printer = {
  columns: [
    NAME,
    col('Value', 'integer', 'value represents the integer value of this priority class.'),
    col('Global-Default', 'boolean', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.'),
    AGE,
    col('PreemptionPolicy', 'string', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  cells(o, now) {
    const p = o as Obj<{ value?: number; globalDefault?: boolean; preemptionPolicy?: string }>;
    return [name(o), p.value ?? 0, p.globalDefault ?? false, age(o, now), p.preemptionPolicy ?? ''];
  },
};

const pdbPrinter: Printer = {
  columns: [
    NAME,
    col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE,
  ],
  cells(o, now) {
    const p = o as Obj<{ spec?: { minAvailable?: number | string; maxUnavailable?: number | string }; status?: { disruptionsAllowed?: number } }>;
    const min = p.spec?.minAvailable;
    const max = p.spec?.maxUnavailable;
    return [
      name(o),
      min === undefined || min === null ? 'N/A' : intOrString(min),
      max === undefined || max === null ? 'N/A' : intOrString(max),
      p.status?.disruptionsAllowed ?? 0,
      age(o, now),
    ];
  },
};

const controllerRevisionPrinter: Printer = {
  columns: [NAME, col('Controller', 'string', 'Controller of the object'), col('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'), AGE],
  cells(o, now) {
    const ref = o.metadata.ownerReferences?.find((r) => r.controller);
    let controller = '<none>';
    if (ref) {
      const slash = ref.apiVersion.indexOf('/');
      const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : '';
      const gk = group ? `${ref.kind}.${group}` : ref.kind;
      controller = gk ? `${gk.toLowerCase()}/${ref.name}` : ref.name;
    }
    return [name(o), controller, (o as Obj<{ revision?: number }>).revision ?? 0, age(o, now)];
  },
};

/** Printers by kind, for every kind in RESOURCES. */
export const PRINTERS: Readonly<Record<string, Printer>> = {
  Pod: podPrinter,
  Node: nodePrinter,
  Service: servicePrinter,
  Endpoints: endpointsPrinter,
  EndpointSlice: endpointSlicePrinter,
  Deployment: deploymentPrinter,
  ReplicaSet: replicaSetPrinter,
  DaemonSet: daemonSetPrinter,
  Job: jobPrinter,
  CronJob: cronJobPrinter,
  Namespace: namespacePrinter,
  ConfigMap: configMapPrinter,
  Secret: secretPrinter,
  ServiceAccount: serviceAccountPrinter,
  Event: eventPrinter,
  Lease: leasePrinter,
  PriorityClass: priorityClassPrinter,
  PodDisruptionBudget: pdbPrinter,
  ControllerRevision: controllerRevisionPrinter,
};

/** The apiserver's default for kinds without a printer: NAME and CREATED AT. */
export const DEFAULT_PRINTER: Printer = {
  columns: [NAME, col('Created At', 'date', AGE_DOC)],
  cells: (o) => [name(o), o.metadata.creationTimestamp ?? null],
};
