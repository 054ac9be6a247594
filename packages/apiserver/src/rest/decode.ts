// Request body decoding (JSON or YAML) and the checks Kubernetes' decoder makes before an
// object reaches the registry: it is an object, its apiVersion/kind fit the endpoint.
import { parse as parseYaml } from 'yaml';
import { badRequest, groupVersion, type KubeObject, type ResourceInfo } from '@mk/api';
import { statusError } from './errors.js';
import { decodeProtobuf } from './protobuf.js';

export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export function tooLarge(): Error {
  return statusError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_REQUEST_BODY_BYTES}`);
}

const GO_TYPEMETA = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'object';
}

export function isYamlContentType(contentType: string | undefined): boolean {
  return !!contentType && (contentType.startsWith('application/yaml') || contentType.startsWith('application/apply-patch+yaml'));
}

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/**
 * Parses a body: protobuf (a Buffer, see protobuf.ts), YAML for YAML media types, else JSON.
 * Throws 400 BadRequest. Fields a protobuf body had that mk does not know go to onSkipped.
 */
export function parseBody(body: string | Buffer, contentType: string | undefined, onSkipped?: (fields: string[]) => void): unknown {
  if (typeof body !== 'string') {
    if (contentType?.startsWith(PROTOBUF_CONTENT_TYPE)) {
      const { object, skipped } = decodeProtobuf(body);
      if (skipped.length) onSkipped?.(skipped);
      return object;
    }
    body = body.toString('utf8');
  }
  if (body.length === 0) throw badRequest('Object \'Kind\' is missing in \'\'');
  if (isYamlContentType(contentType)) {
    try {
      return parseYaml(body, { uniqueKeys: true, schema: 'core' });
    } catch (e) {
      throw badRequest(`error converting YAML to JSON: yaml: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  try {
    return JSON.parse(body);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

/**
 * The body as an object for resource r: missing apiVersion/kind default to the endpoint's
 * (as Kubernetes' decoder defaults them); a different group/version or kind is a 400.
 */
export function asObjectFor(parsed: unknown, r: ResourceInfo, rawBody: string | Buffer): KubeObject {
  const body = typeof rawBody === 'string' ? rawBody : '<protobuf>';
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    if (parsed === null) throw badRequest(`Object 'Kind' is missing in '${body.slice(0, 100)}'`);
    throw badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${goTypeName(parsed)} into Go value of type ${GO_TYPEMETA}`);
  }
  const obj = parsed as Record<string, unknown>;
  const gv = groupVersion(r);
  if (obj.apiVersion !== undefined && typeof obj.apiVersion !== 'string') {
    throw badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${goTypeName(obj.apiVersion)} into Go struct field .apiVersion of type string`);
  }
  if (obj.kind !== undefined && typeof obj.kind !== 'string') {
    throw badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${goTypeName(obj.kind)} into Go struct field .kind of type string`);
  }
  const apiVersion = (obj.apiVersion as string | undefined) || gv;
  const kind = (obj.kind as string | undefined) || r.kind;
  if (kind !== r.kind) {
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${r.kind}: no kind "${kind}" is registered for version "${apiVersion}" in this endpoint`);
  }
  if (apiVersion !== gv) {
    throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${gv})`);
  }
  obj.apiVersion = apiVersion;
  obj.kind = kind;
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  else if (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) {
    throw badRequest(
      `${kind} in version "${r.version}" cannot be handled as a ${r.kind}: json: cannot unmarshal ${goTypeName(obj.metadata)} into Go struct field ${r.kind}.metadata of type v1.ObjectMeta`,
    );
  }
  return obj as KubeObject;
}
