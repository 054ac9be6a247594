// Request bodies: the raw body, its media type, and decoding into an object of the target resource.
import type { FastifyRequest } from 'fastify';
import { badRequest, type KubeObject, type ResourceInfo } from '@mk/api';
import type { ApiContext, WriteOptions } from './context.js';
import { asObjectFor, parseBody } from './decode.js';
import { checkDecodedFields } from './fields.js';
import type { RequestTarget } from './path.js';

export const NAMESPACE_MISMATCH = 'the namespace of the provided object does not match the namespace sent on the request';

export function bodyOf(req: FastifyRequest): string | Buffer {
  const b = req.body;
  return typeof b === 'string' || Buffer.isBuffer(b) ? b : b === undefined || b === null ? '' : String(b);
}

/** Patch bodies are text. */
export function textOf(req: FastifyRequest): string {
  const b = bodyOf(req);
  return typeof b === 'string' ? b : b.toString('utf8');
}

export function contentType(req: FastifyRequest): string {
  return mediaTypeOf(req.headers['content-type']);
}

/** Decodes the body as an object of resource r and applies fieldValidation. */
export function decodeObject(req: FastifyRequest, r: ResourceInfo, wo: WriteOptions, log?: ApiContext['log']): KubeObject {
  return decodeBody(bodyOf(req), contentType(req), r, wo, log);
}

/** decodeObject for a body already read (mediaType lower-cased, without parameters). */
export function decodeBody(body: string | Buffer, mediaType: string, r: ResourceInfo, wo: WriteOptions, log?: ApiContext['log']): KubeObject {
  const obj = asObjectFor(parseBody(body, mediaType, (skipped) => log?.warn({ skipped }, 'protobuf fields mk does not read were dropped')), r, body);
  checkDecodedFields(r, obj, wo);
  return obj;
}

/** The media type of a Content-Type header value: lower-cased, without parameters. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? 'application/json').split(';')[0].trim().toLowerCase();
}

export function setNamespace(t: RequestTarget, obj: KubeObject): void {
  if (!t.r.namespaced) return;
  const ns = obj.metadata.namespace;
  if (ns !== undefined && ns !== '' && ns !== t.namespace) throw badRequest(NAMESPACE_MISMATCH);
  obj.metadata.namespace = t.namespace;
}

export function checkName(t: RequestTarget, obj: KubeObject): void {
  if (obj.metadata.name !== t.name) {
    throw badRequest(`the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${t.name})`);
  }
}
