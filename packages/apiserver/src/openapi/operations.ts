// The REST operations of each resource, described once and rendered both as OpenAPI v2 and v3.
// kubectl reads the PATCH operations: one that carries the kind's x-kubernetes-group-version-kind
// and a `fieldValidation` query parameter makes kubectl leave validation to the server
// (QueryParamVerifier), and one that accepts application/strategic-merge-patch+json makes
// `kubectl apply` compute strategic merge patches from the schema.
import { hasStrategicMeta, resourcePath, type ResourceInfo } from '@mk/api';
import { definitionName, STATUS_DEF, SUBRESOURCE_KINDS } from './schemas.js';

export type ParamType = 'string' | 'boolean' | 'integer';

export interface QueryParam {
  name: string;
  type: ParamType;
  description: string;
}

export type Action = 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection';
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Operation {
  method: Method;
  action: Action;
  operationId: string;
  description: string;
  gvk: { group: string; version: string; kind: string };
  query: QueryParam[];
  /** Definition name of the request body, or 'patch' for PATCH bodies. */
  body?: string | 'patch';
  strategicMerge?: boolean;
  /** Definition name of the 200 response. */
  response: string;
  /** Extra success codes beyond 200. */
  codes?: number[];
}

export interface PathItem {
  path: string;
  /** Path parameters, in order. */
  pathParams: string[];
  operations: Operation[];
}

const q = (name: string, type: ParamType, description: string): QueryParam => ({ name, type, description });

const DRY_RUN = q(
  'dryRun',
  'string',
  'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed',
);
const FIELD_MANAGER = q(
  'fieldManager',
  'string',
  'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.',
);
const FIELD_VALIDATION = q(
  'fieldValidation',
  'string',
  'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.',
);
const FORCE = q(
  'force',
  'boolean',
  'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
);
const LIST_PARAMS: QueryParam[] = [
  q('allowWatchBookmarks', 'boolean', 'allowWatchBookmarks requests watch events with type "BOOKMARK".'),
  q('continue', 'string', 'The continue option should be set when retrieving more results from the server.'),
  q('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  q('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  q('limit', 'integer', 'limit is a maximum number of responses to return for a list call.'),
  q('resourceVersion', 'string', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  q('resourceVersionMatch', 'string', 'resourceVersionMatch determines how resourceVersion is applied to list calls.'),
  q('sendInitialEvents', 'boolean', 'sendInitialEvents=true may be set together with watch=true.'),
  q('timeoutSeconds', 'integer', 'Timeout for the list/watch call.'),
  q('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.'),
];
const DELETE_PARAMS: QueryParam[] = [
  DRY_RUN,
  q('gracePeriodSeconds', 'integer', 'The duration in seconds before the object should be deleted. Value must be non-negative integer.'),
  q('orphanDependents', 'boolean', 'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7.'),
  q('propagationPolicy', 'string', "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Dependents', and 'Background'."),
];
const WRITE_PARAMS = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
const PATCH_PARAMS = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE];

export const PRETTY = q('pretty', 'string', "If 'true', then the output is pretty printed.");

/** Kubernetes-style operation ids: readCoreV1NamespacedPod, patchAppsV1NamespacedDeploymentScale. */
function opId(verb: string, r: ResourceInfo, namespaced: boolean, suffix = ''): string {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const group = r.group === '' ? 'Core' : r.group.split('.').map(cap).join('');
  return `${verb}${group}${cap(r.version)}${namespaced ? 'Namespaced' : ''}${r.kind}${suffix}`;
}

/** Every path of one resource with its operations. */
export function resourcePaths(r: ResourceInfo): PathItem[] {
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const def = definitionName(r.group, r.version, r.kind);
  const listDef = `${def}List`;
  const ns = r.namespaced;
  const verbs = new Set(r.verbs ?? []);
  const collection = resourcePath(r, ns ? '{namespace}' : undefined).replace('%7Bnamespace%7D', '{namespace}');
  const nsParams = ns ? ['namespace'] : [];
  const items: PathItem[] = [];

  const collectionOps: Operation[] = [];
  if (verbs.has('list'))
    collectionOps.push({ method: 'get', action: 'list', operationId: opId('list', r, ns), description: `list or watch objects of kind ${r.kind}`, gvk, query: LIST_PARAMS, response: listDef });
  if (verbs.has('create'))
    collectionOps.push({ method: 'post', action: 'post', operationId: opId('create', r, ns), description: `create a ${r.kind}`, gvk, query: WRITE_PARAMS, body: def, response: def, codes: [201, 202] });
  if (verbs.has('deletecollection'))
    collectionOps.push({
      method: 'delete',
      action: 'deletecollection',
      operationId: opId('deleteCollection', r, ns),
      description: `delete collection of ${r.kind}`,
      gvk,
      query: [...DELETE_PARAMS, ...LIST_PARAMS.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks')],
      response: STATUS_DEF,
    });
  items.push({ path: collection, pathParams: nsParams, operations: collectionOps });

  const smp = hasStrategicMeta(r.kind);
  const objectOps: Operation[] = [];
  if (verbs.has('get')) objectOps.push({ method: 'get', action: 'get', operationId: opId('read', r, ns), description: `read the specified ${r.kind}`, gvk, query: [], response: def });
  if (verbs.has('update'))
    objectOps.push({ method: 'put', action: 'put', operationId: opId('replace', r, ns), description: `replace the specified ${r.kind}`, gvk, query: WRITE_PARAMS, body: def, response: def, codes: [201] });
  if (verbs.has('patch'))
    objectOps.push({
      method: 'patch',
      action: 'patch',
      operationId: opId('patch', r, ns),
      description: `partially update the specified ${r.kind}`,
      gvk,
      query: PATCH_PARAMS,
      body: 'patch',
      strategicMerge: smp,
      response: def,
      codes: [201],
    });
  if (verbs.has('delete'))
    objectOps.push({ method: 'delete', action: 'delete', operationId: opId('delete', r, ns), description: `delete a ${r.kind}`, gvk, query: DELETE_PARAMS, response: STATUS_DEF, codes: [202] });
  items.push({ path: `${collection}/{name}`, pathParams: ['name', ...nsParams], operations: objectOps });

  if (ns && verbs.has('list')) {
    const all = resourcePath(r);
    items.push({
      path: all,
      pathParams: [],
      operations: [{ method: 'get', action: 'list', operationId: opId('list', r, false, 'ForAllNamespaces'), description: `list or watch objects of kind ${r.kind}`, gvk, query: LIST_PARAMS, response: listDef }],
    });
  }

  for (const sub of r.subresources ?? []) {
    const path = `${collection}/{name}/${sub}`;
    const pathParams = ['name', ...nsParams];
    if (sub === 'status') {
      items.push({
        path,
        pathParams,
        operations: [
          { method: 'get', action: 'get', operationId: opId('read', r, ns, 'Status'), description: `read status of the specified ${r.kind}`, gvk, query: [], response: def },
          { method: 'put', action: 'put', operationId: opId('replace', r, ns, 'Status'), description: `replace status of the specified ${r.kind}`, gvk, query: WRITE_PARAMS, body: def, response: def, codes: [201] },
          {
            method: 'patch',
            action: 'patch',
            operationId: opId('patch', r, ns, 'Status'),
            description: `partially update status of the specified ${r.kind}`,
            gvk,
            query: PATCH_PARAMS,
            body: 'patch',
            strategicMerge: smp,
            response: def,
            codes: [201],
          },
        ],
      });
    } else if (sub === 'scale') {
      const k = SUBRESOURCE_KINDS.scale;
      const sgvk = { group: k.group, version: k.version, kind: k.kind };
      const sdef = definitionName(k.group, k.version, k.kind);
      items.push({
        path,
        pathParams,
        operations: [
          { method: 'get', action: 'get', operationId: opId('read', r, ns, 'Scale'), description: `read scale of the specified ${r.kind}`, gvk: sgvk, query: [], response: sdef },
          { method: 'put', action: 'put', operationId: opId('replace', r, ns, 'Scale'), description: `replace scale of the specified ${r.kind}`, gvk: sgvk, query: WRITE_PARAMS, body: sdef, response: sdef, codes: [201] },
          {
            method: 'patch',
            action: 'patch',
            operationId: opId('patch', r, ns, 'Scale'),
            description: `partially update scale of the specified ${r.kind}`,
            gvk: sgvk,
            query: PATCH_PARAMS,
            body: 'patch',
            strategicMerge: true,
            response: sdef,
            codes: [201],
          },
        ],
      });
    } else if (sub === 'binding' || sub === 'eviction') {
      const k = SUBRESOURCE_KINDS[sub];
      const sdef = definitionName(k.group, k.version, k.kind);
      items.push({
        path,
        pathParams,
        operations: [
          {
            method: 'post',
            action: 'post',
            operationId: opId('create', r, ns, k.kind),
            description: `create ${k.kind} of a ${r.kind}`,
            gvk: { group: k.group, version: k.version, kind: k.kind },
            query: WRITE_PARAMS,
            body: sdef,
            response: sdef,
            codes: [201, 202],
          },
        ],
      });
    }
  }
  return items.filter((p) => p.operations.length > 0);
}
