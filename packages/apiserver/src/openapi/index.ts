// /openapi/v2 and /openapi/v3: the schemas kubectl uses for `explain`, `apply` (strategic merge
// patch metadata) and to decide that validation is left to the server (fieldValidation).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RESOURCES, newStatus, type ResourceInfo } from '@mk/api';
import { documentHash, openAPIV2, openAPIV3, v3PathOf, type JSONObject } from './documents.js';
import { encodeOpenAPIV2 } from './proto.js';

export { openAPIV2, openAPIV3, v3PathOf, documentHash, type JSONObject, type JSONValue } from './documents.js';
export { encodeOpenAPIV2 } from './proto.js';
export { kindSchema, definitionName, type OpenAPISchema } from './schemas.js';

const PROTO_V2 = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

interface Rendered {
  json: string;
  hash: string;
}

/** The documents for a set of resources, rendered once (the resources never change at run time). */
export class OpenAPIDocuments {
  private v2?: { json: string; proto: Buffer; hash: string; protoHash: string };
  private readonly v3 = new Map<string, Rendered | null>();
  constructor(private readonly resources: readonly ResourceInfo[] = RESOURCES) {}

  /** `api/v1`, `apis/apps/v1`, ... in discovery order. */
  v3Paths(): string[] {
    return [...new Set(this.resources.map(v3PathOf))];
  }

  v2Document(): { json: string; proto: Buffer; hash: string; protoHash: string } {
    if (!this.v2) {
      const doc = openAPIV2(this.resources);
      const json = JSON.stringify(doc);
      const proto = encodeOpenAPIV2(doc);
      // Each encoding has its own ETag, so caches never answer one with the other.
      this.v2 = { json, proto, hash: documentHash(json), protoHash: documentHash(proto) };
    }
    return this.v2;
  }

  v3Document(path: string): Rendered | undefined {
    if (!this.v3.has(path)) {
      const m = /^api\/([^/]+)$/.exec(path) ?? /^apis\/([^/]+)\/([^/]+)$/.exec(path);
      let doc: JSONObject | undefined;
      if (m && m.length === 2) doc = openAPIV3(this.resources, '', m[1]);
      else if (m) doc = openAPIV3(this.resources, m[1], m[2]);
      const json = doc ? JSON.stringify(doc) : undefined;
      this.v3.set(path, json ? { json, hash: documentHash(json) } : null);
    }
    return this.v3.get(path) ?? undefined;
  }

  /** The /openapi/v3 discovery document: each group version's URL, with its hash for caching. */
  v3Root(): JSONObject {
    const paths: JSONObject = {};
    for (const p of this.v3Paths()) {
      const d = this.v3Document(p);
      if (d) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` };
    }
    return { paths };
  }
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).type('application/json').send(JSON.stringify(newStatus(404, 'NotFound', 'the server could not find the requested resource')));
}

/** Serves a document, immutable when asked for by its current hash (as kube-openapi does). */
function sendCached(req: FastifyRequest, reply: FastifyReply, body: string | Buffer, hash: string, type: string): FastifyReply {
  const etag = `"${hash}"`;
  reply.header('ETag', etag).header('Vary', 'Accept');
  const asked = (req.query as Record<string, string | undefined>).hash;
  if (asked && asked === hash) reply.header('Cache-Control', 'public, immutable').header('Expires', new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString());
  else reply.header('Cache-Control', 'no-cache, private');
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type(type).send(body);
}

export function registerOpenAPI(app: FastifyInstance, resources: readonly ResourceInfo[] = RESOURCES): OpenAPIDocuments {
  const docs = new OpenAPIDocuments(resources);

  app.get('/openapi/v2', (req, reply) => {
    const d = docs.v2Document();
    const accept = req.headers.accept ?? '';
    if (accept.includes('protobuf')) return sendCached(req, reply, d.proto, d.protoHash, PROTO_V2);
    return sendCached(req, reply, d.json, d.hash, 'application/json');
  });

  app.get('/openapi/v3', (_req, reply) => reply.type('application/json').send(JSON.stringify(docs.v3Root())));

  app.get('/openapi/v3/*', (req, reply) => {
    const path = (req.params as { '*': string })['*'].replace(/\/+$/, '');
    const d = docs.v3Document(path);
    if (!d) return notFound(reply);
    const accept = req.headers.accept ?? '';
    // mk renders v3 as JSON only; a client that accepts nothing else is told so.
    if (accept && !/json|\*\/\*/.test(accept)) {
      return reply.code(406).type('application/json').send(JSON.stringify(newStatus(406, 'NotAcceptable', `only the following media types are accepted: application/json`)));
    }
    return sendCached(req, reply, d.json, d.hash, 'application/json');
  });

  return docs;
}
