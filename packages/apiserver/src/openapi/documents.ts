// The OpenAPI documents: one Swagger 2.0 document for /openapi/v2, and one OpenAPI 3.0
// document per group version for /openapi/v3/{api/v1 | apis/group/version}.
import { createHash } from 'node:crypto';
import { groupVersion, type ResourceInfo } from '@mk/api';
import { KUBERNETES_VERSION } from '../discovery/version.js';
import { PRETTY, resourcePaths, type Operation, type PathItem, type QueryParam } from './operations.js';
import { COMMON_DEFINITIONS, definitionName, INT_OR_STRING_DEF, kindSchema, listSchema, PATCH_DEF, QUANTITY_DEF, REF, sharedDefinitions, SUBRESOURCE_KINDS, type OpenAPISchema } from './schemas.js';

export type JSONValue = string | number | boolean | null | JSONValue[] | { [k: string]: JSONValue };
export type JSONObject = { [k: string]: JSONValue };

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];
const PATH_PARAM_DOC: Record<string, string> = {
  name: 'name of the object',
  namespace: 'object name and auth scope, such as for teams and projects',
};

/** Definitions (schemas) needed by a set of resources: each kind, its list, and what they reference. */
function definitions(resources: readonly ResourceInfo[]): Record<string, OpenAPISchema> {
  const all: Record<string, OpenAPISchema> = { ...COMMON_DEFINITIONS, ...sharedDefinitions() };
  const roots = Object.keys(COMMON_DEFINITIONS);
  for (const r of resources) {
    const name = definitionName(r.group, r.version, r.kind);
    all[name] = kindSchema(r);
    all[`${name}List`] = listSchema(r);
    roots.push(name, `${name}List`);
    for (const sub of r.subresources ?? []) {
      const k = SUBRESOURCE_KINDS[sub];
      if (!k) continue;
      const subName = definitionName(k.group, k.version, k.kind);
      all[subName] = k.schema;
      roots.push(subName);
    }
  }
  // Only what the roots reach: a group version's document carries no other group's structs.
  const keep = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string' && x.startsWith(REF)) mark(x.slice(REF.length));
        else visit(x);
      }
    }
  };
  const mark = (name: string): void => {
    if (keep.has(name) || !all[name]) return;
    keep.add(name);
    visit(all[name]);
  };
  roots.forEach(mark);
  return Object.fromEntries([...keep].sort().map((n) => [n, all[n]]));
}

/**
 * Rewrites $ref placeholders for the target dialect (deep copy). Swagger 2.0 has no allOf
 * wrapper around a described reference: there the reference stands in the schema itself.
 */
function withRefs(value: unknown, prefix: string, flattenAllOf: boolean): JSONValue {
  if (Array.isArray(value)) return value.map((v) => withRefs(v, prefix, flattenAllOf));
  if (value && typeof value === 'object') {
    let src = value as Record<string, unknown>;
    const allOf = src.allOf;
    if (flattenAllOf && Array.isArray(allOf) && allOf.length === 1 && !src.properties) {
      const rest: Record<string, unknown> = { ...src };
      delete rest.allOf;
      src = { ...(allOf[0] as Record<string, unknown>), ...rest };
    }
    const out: JSONObject = {};
    for (const [k, v] of Object.entries(src)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith(REF) ? prefix + v.slice(REF.length) : withRefs(v, prefix, flattenAllOf);
    }
    return out;
  }
  return value as JSONValue;
}

const gvkExt = (op: Operation): JSONObject => ({ group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version });

// ---- v2 -------------------------------------------------------------------------------------

function v2Query(p: QueryParam): JSONObject {
  return { uniqueItems: true, type: p.type, description: p.description, name: p.name, in: 'query' };
}

function v2Operation(op: Operation): JSONObject {
  const parameters: JSONValue[] = [];
  if (op.body) {
    parameters.push({ name: 'body', in: 'body', required: true, schema: { $ref: `#/definitions/${op.body === 'patch' ? PATCH_DEF : op.body}` } });
  }
  parameters.push(...op.query.map(v2Query));
  const responses: JSONObject = { '200': { description: 'OK', schema: { $ref: `#/definitions/${op.response}` } } };
  for (const c of op.codes ?? []) responses[String(c)] = { description: c === 201 ? 'Created' : 'Accepted', schema: { $ref: `#/definitions/${op.response}` } };
  responses['401'] = { description: 'Unauthorized' };
  const consumes = op.body === 'patch' ? PATCH_TYPES.filter((t) => op.strategicMerge || t !== 'application/strategic-merge-patch+json') : ['*/*'];
  return {
    description: op.description,
    consumes,
    produces: ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
    schemes: ['https'],
    tags: [op.gvk.group === '' ? 'core_v1' : `${op.gvk.group.split('.')[0]}_${op.gvk.version}`],
    operationId: op.operationId,
    parameters,
    responses,
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': gvkExt(op),
  };
}

function v2PathItem(p: PathItem): JSONObject {
  const item: JSONObject = {};
  for (const op of p.operations) item[op.method] = v2Operation(op);
  item.parameters = [
    ...p.pathParams.map((n) => ({ uniqueItems: true, type: 'string', description: PATH_PARAM_DOC[n] ?? n, name: n, in: 'path', required: true })),
    v2Query(PRETTY),
  ];
  return item;
}

/** The Swagger 2.0 document of every resource (what /openapi/v2 serves). */
export function openAPIV2(resources: readonly ResourceInfo[]): JSONObject {
  const paths: JSONObject = {};
  for (const r of resources) for (const p of resourcePaths(r)) paths[p.path] = v2PathItem(p);
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION.gitVersion },
    paths,
    definitions: withRefs(definitions(resources), '#/definitions/', true),
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', type: 'apiKey', name: 'authorization', in: 'header' } },
    security: [{ BearerToken: [] }],
  };
}

// ---- v3 -------------------------------------------------------------------------------------

function v3Query(p: QueryParam): JSONObject {
  return { name: p.name, in: 'query', description: p.description, schema: { type: p.type, uniqueItems: true } };
}

function v3Content(ref: string): JSONObject {
  const schema = { $ref: `#/components/schemas/${ref}` };
  return { 'application/json': { schema }, 'application/yaml': { schema }, 'application/vnd.kubernetes.protobuf': { schema } };
}

function v3Operation(op: Operation): JSONObject {
  const out: JSONObject = {
    tags: [op.gvk.group === '' ? 'core_v1' : `${op.gvk.group.split('.')[0]}_${op.gvk.version}`],
    description: op.description,
    operationId: op.operationId,
  };
  if (op.query.length) out.parameters = op.query.map(v3Query);
  if (op.body === 'patch') {
    const content: JSONObject = {};
    for (const t of PATCH_TYPES) {
      if (t === 'application/strategic-merge-patch+json' && !op.strategicMerge) continue;
      content[t] = { schema: { $ref: `#/components/schemas/${PATCH_DEF}` } };
    }
    out.requestBody = { content, required: true };
  } else if (op.body) {
    out.requestBody = { content: { '*/*': { schema: { $ref: `#/components/schemas/${op.body}` } } }, required: true };
  }
  const responses: JSONObject = { '200': { description: 'OK', content: v3Content(op.response) } };
  for (const c of op.codes ?? []) responses[String(c)] = { description: c === 201 ? 'Created' : 'Accepted', content: v3Content(op.response) };
  responses['401'] = { description: 'Unauthorized' };
  out.responses = responses;
  out['x-kubernetes-action'] = op.action;
  out['x-kubernetes-group-version-kind'] = gvkExt(op);
  return out;
}

function v3PathItem(p: PathItem): JSONObject {
  const item: JSONObject = {};
  for (const op of p.operations) item[op.method] = v3Operation(op);
  item.parameters = [
    ...p.pathParams.map((n) => ({ name: n, in: 'path', description: PATH_PARAM_DOC[n] ?? n, required: true, schema: { type: 'string', uniqueItems: true } })),
    v3Query(PRETTY),
  ];
  return item;
}

/** The OpenAPI 3.0 document of one group version (what /openapi/v3/api/v1 etc. serve). */
export function openAPIV3(resources: readonly ResourceInfo[], group: string, version: string): JSONObject | undefined {
  const rs = resources.filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const paths: JSONObject = {};
  for (const r of rs) for (const p of resourcePaths(r)) paths[p.path] = v3PathItem(p);
  const schemas = withRefs(definitions(rs), '#/components/schemas/', false) as JSONObject;
  // OpenAPI v3 says what these are without a single `type`, as kube-openapi does; kubectl
  // explain then shows their names (<IntOrString>, <map[string]Quantity>).
  const intOrString = schemas[INT_OR_STRING_DEF] as JSONObject | undefined;
  if (intOrString) schemas[INT_OR_STRING_DEF] = { description: intOrString.description, anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };
  const quantity = schemas[QUANTITY_DEF] as JSONObject | undefined;
  if (quantity) schemas[QUANTITY_DEF] = { description: quantity.description, oneOf: [{ type: 'string' }, { type: 'number' }] };
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION.gitVersion },
    paths,
    components: {
      schemas,
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
  };
}

/** The `/openapi/v3` path of a group version: `api/v1`, `apis/apps/v1`. */
export function v3PathOf(r: Pick<ResourceInfo, 'group' | 'version'>): string {
  return r.group === '' ? `api/${r.version}` : `apis/${groupVersion(r)}`;
}

/** Kubernetes' cache-busting hash of a document: SHA-512, upper-case hex. */
export function documentHash(json: string | Buffer): string {
  return createHash('sha512').update(json).digest('hex').toUpperCase();
}
