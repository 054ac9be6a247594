// Printers of configuration and cluster bookkeeping kinds: Namespace, ConfigMap, Secret,
// ServiceAccount, Event, Lease, PriorityClass, PodDisruptionBudget, ControllerRevision.
import { since } from './duration.js';
import { intOrString } from './format.js';
import { AGE, NAME, NAME_DOC, age, col, name, type Obj, type Printer } from './columns.js';

export const namespacePrinter: Printer = {
  columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
  cells: (o, now) => [name(o), (o as Obj<{ status?: { phase?: string } }>).status?.phase ?? '', age(o, now)],
};

export const configMapPrinter: Printer = {
  columns: [NAME, col('Data', 'string', 'Data contains the configuration data.'), AGE],
  cells(o, now) {
    const c = o as Obj<{ data?: Record<string, string>; binaryData?: Record<string, string> }>;
    return [name(o), Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length, age(o, now)];
  },
};

export const secretPrinter: Printer = {
  columns: [NAME, col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'string', 'Data contains the secret data.'), AGE],
  cells(o, now) {
    const s = o as Obj<{ type?: string; data?: Record<string, string> }>;
    return [name(o), s.type ?? '', Object.keys(s.data ?? {}).length, age(o, now)];
  },
};

export const serviceAccountPrinter: Printer = {
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

export const eventPrinter: Printer = {
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

export const leasePrinter: Printer = {
  columns: [NAME, col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE],
  cells: (o, now) => [name(o), (o as Obj<{ spec?: { holderIdentity?: string } }>).spec?.holderIdentity ?? '', age(o, now)],
};

export const priorityClassPrinter: Printer = {
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

export const pdbPrinter: Printer = {
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

export const controllerRevisionPrinter: Printer = {
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

