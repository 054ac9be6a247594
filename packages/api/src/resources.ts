// The built-in resources mk serves: the vocabulary shared by the apiserver (routes,
// discovery), the client (paths) and the CLI (short names, `type/name`).

export interface ResourceInfo {
  group: string; // '' for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources served under .../{name}/{sub}. */
  subresources?: Array<'status' | 'scale' | 'binding' | 'eviction' | 'log' | 'exec'>;
  /** Verbs for discovery. Defaults to the full CRUD + watch set. */
  verbs?: string[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const BUILTIN: ResourceInfo[] = [
  // core/v1
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'], subresources: ['status'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'], subresources: ['status', 'binding', 'eviction', 'log', 'exec'] },
  { group: '', version: 'v1', kind: 'Node', plural: 'nodes', singular: 'node', namespaced: false, shortNames: ['no'], subresources: ['status'] },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', singular: 'service', namespaced: true, shortNames: ['svc'], categories: ['all'], subresources: ['status'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
  { group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', namespaced: true, shortNames: ['ep'] },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', singular: 'configmap', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', singular: 'secret', namespaced: true },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', namespaced: true, shortNames: ['ev'] },
  { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', singular: 'serviceaccount', namespaced: true, shortNames: ['sa'] },
  // apps/v1
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', singular: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'] },
  { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', singular: 'replicaset', namespaced: true, shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'] },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', singular: 'daemonset', namespaced: true, shortNames: ['ds'], categories: ['all'], subresources: ['status'] },
  { group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions', singular: 'controllerrevision', namespaced: true },
  // batch/v1
  { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', singular: 'job', namespaced: true, categories: ['all'], subresources: ['status'] },
  { group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', singular: 'cronjob', namespaced: true, shortNames: ['cj'], categories: ['all'], subresources: ['status'] },
  // coordination.k8s.io/v1
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', singular: 'lease', namespaced: true },
  // discovery.k8s.io/v1
  { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', singular: 'endpointslice', namespaced: true },
  // scheduling.k8s.io/v1
  { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', singular: 'priorityclass', namespaced: false, shortNames: ['pc'] },
  // policy/v1
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', singular: 'poddisruptionbudget', namespaced: true, shortNames: ['pdb'], subresources: ['status'] },
];

export const RESOURCES: readonly ResourceInfo[] = BUILTIN.map((r) => ({ verbs: CRUD, ...r }));

export function groupVersion(r: Pick<ResourceInfo, 'group' | 'version'>): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

/** The resource for an object's apiVersion and kind, or undefined if mk does not serve it. */
export function resourceForKind(apiVersion: string | undefined, kind: string | undefined): ResourceInfo | undefined {
  if (!apiVersion || !kind) return undefined;
  return RESOURCES.find((r) => groupVersion(r) === apiVersion && r.kind === kind);
}

/** The resource served at /api(s)/{group}/{version}/.../{plural}. */
/** RESOURCES by `group/version/plural`: every API request looks its resource up. */
const BY_PATH = new Map<string, ResourceInfo>();
for (const r of RESOURCES) {
  const key = `${r.group}/${r.version}/${r.plural}`;
  if (!BY_PATH.has(key)) BY_PATH.set(key, r);
}

export function resourceForPath(group: string, version: string, plural: string): ResourceInfo | undefined {
  return BY_PATH.get(`${group}/${version}/${plural}`);
}

/**
 * Resolve what a user typed (`po`, `pods`, `Pod`, `deployments.apps`, `deploy`) to a resource,
 * as kubectl's RESTMapper does.
 */
export function resolveResource(typed: string): ResourceInfo | undefined {
  const [name, ...groupParts] = typed.split('.');
  const group = groupParts.length ? groupParts.join('.') : undefined;
  const lower = name.toLowerCase();
  return RESOURCES.find(
    (r) =>
      (group === undefined || r.group === group) &&
      (r.plural === lower || r.singular === lower || r.kind.toLowerCase() === lower || r.shortNames?.includes(lower)),
  );
}

/** The URL path of a resource collection, or of one object when name is given. */
export function resourcePath(r: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  let p = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.plural}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}
