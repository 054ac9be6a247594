// Discovery: what kubectl and client libraries read before anything else. /api, /apis and the
// group-version documents (plain, or aggregated apidiscovery.k8s.io/v2 when the client asks),
// /version, and the OpenAPI documents.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RESOURCES, newStatus, type ResourceInfo } from '@mk/api';
import { registerOpenAPI } from '../openapi/index.js';
import { Discovery } from './documents.js';
import { versionInfo, type VersionInfo } from './version.js';

export { Discovery, type APIGroup, type APIResource, type GroupVersionForDiscovery } from './documents.js';
export { versionInfo, KUBERNETES_VERSION, type VersionInfo } from './version.js';

export interface DiscoveryOptions {
  /** Overrides for /version (defaults: 1.32, gitVersion v1.32.0+mk). */
  version?: Partial<VersionInfo>;
  /** The resources to advertise; defaults to every built-in resource. */
  resources?: readonly ResourceInfo[];
}

type Aggregated = 'v2' | 'v2beta1';

/**
 * The aggregated discovery version the Accept header asks for, if any. kubectl 1.32 sends
 * `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,...;v=v2beta1...,application/json`;
 * the first acceptable entry wins.
 */
export function aggregatedVersion(accept: string | undefined): Aggregated | undefined {
  if (!accept) return undefined;
  for (const entry of accept.split(',')) {
    const [type, ...paramParts] = entry.split(';').map((s) => s.trim());
    const params = new Map(paramParts.map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
    if (params.get('as') === 'APIGroupDiscoveryList' && params.get('g') === 'apidiscovery.k8s.io' && (type === 'application/json' || type === '*/*')) {
      const v = params.get('v');
      if (v === 'v2' || v === 'v2beta1') return v;
      continue;
    }
    if (type === 'application/json' || type === '*/*' || type === 'application/*' || type === 'application/yaml') return undefined;
  }
  return undefined;
}

const aggregatedType = (v: Aggregated) => `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;

function sendJSON(reply: FastifyReply, body: unknown, type = 'application/json'): FastifyReply {
  // A Buffer, so fastify keeps the media type as written (it re-formats parameters of strings).
  return reply.header('Vary', 'Accept').header('Content-Type', type).send(Buffer.from(JSON.stringify(body)));
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).type('application/json').send(JSON.stringify(newStatus(404, 'NotFound', 'the server could not find the requested resource')));
}

function serverAddress(req: FastifyRequest): string {
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  return host;
}

/** Registers /api, /apis, /apis/{group}, /api/v1, /apis/{group}/{version}, /version and /openapi/*. */
export function registerDiscovery(app: FastifyInstance, opts: DiscoveryOptions = {}): void {
  const discovery = new Discovery(opts.resources ?? RESOURCES);
  const version = versionInfo(opts.version);

  app.get('/api', (req, reply) => {
    const agg = aggregatedVersion(req.headers.accept);
    if (agg) return sendJSON(reply, discovery.aggregated('core', agg), aggregatedType(agg));
    return sendJSON(reply, {
      kind: 'APIVersions',
      versions: discovery.coreVersions(),
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: serverAddress(req) }],
    });
  });

  app.get('/apis', (req, reply) => {
    const agg = aggregatedVersion(req.headers.accept);
    if (agg) return sendJSON(reply, discovery.aggregated('groups', agg), aggregatedType(agg));
    return sendJSON(reply, { kind: 'APIGroupList', apiVersion: 'v1', groups: discovery.groups() });
  });

  app.get('/api/:version', (req, reply) => {
    const { version: v } = req.params as { version: string };
    const list = discovery.apiResourceList('', v);
    return list ? sendJSON(reply, list) : notFound(reply);
  });

  app.get('/apis/:group', (req, reply) => {
    const { group } = req.params as { group: string };
    const g = discovery.group(group);
    return g ? sendJSON(reply, { kind: 'APIGroup', apiVersion: 'v1', ...g }) : notFound(reply);
  });

  app.get('/apis/:group/:version', (req, reply) => {
    const { group, version: v } = req.params as { group: string; version: string };
    const list = discovery.apiResourceList(group, v);
    return list ? sendJSON(reply, list) : notFound(reply);
  });

  app.get('/version', (_req, reply) => sendJSON(reply, version));

  registerOpenAPI(app, discovery.resources);
}
