// KubeClient: typed REST calls against an mk (or Kubernetes) apiserver over one undici Pool
// (keep-alive, no pipelining: a slow response never blocks the requests behind it).
import { Pool } from 'undici';
import { StatusError, resourcePath } from '@mk/api';
import type { KubeList, KubeObject, ObjectMeta, ResourceInfo, Status, WatchEvent } from '@mk/api';
import { connectionError, statusErrorFromResponse } from './errors.js';
import { TokenBucket } from './flowcontrol.js';
import { toResource } from './resource.js';
import type { ResourceRef } from './resource.js';
import { parseWarningHeader } from './warnings.js';
import { exchange } from './transport.js';
import { startWatch } from './watch.js';
import type { WatchHandle, WatchOptions } from './watch.js';

export interface KubeClientOptions {
  /** `http://127.0.0.1:6443` or `https://10.0.0.1:6443`. */
  server: string;
  /** Bearer token. */
  token?: string;
  /** PEM CA bundle the server certificate must chain to. */
  ca?: string;
  /** PEM client certificate and key, for x509 client authentication. */
  cert?: string;
  key?: string;
  insecureSkipTLSVerify?: boolean;
  userAgent?: string;
  /** Requests per second (client-go's QPS); unlimited when unset. */
  qps?: number;
  /** Requests allowed at once above qps; defaults to 2 × qps. */
  burst?: number;
  /** Called with the text of every `Warning` response header, e.g. `unknown field "spec.foo"`. */
  onWarning?: (message: string) => void;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface WriteOptions {
  /** Validate and admit without persisting (`dryRun=All`). */
  dryRun?: boolean;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  fieldManager?: string;
}

export interface CreateOptions extends WriteOptions {
  /** Namespace to create in when the object names none (default `default`). */
  namespace?: string;
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  /** Server-side apply: take ownership of conflicting fields. */
  force?: boolean;
  /** Patch a subresource such as `status` or `scale`. */
  subresource?: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface DeleteCollectionOptions extends DeleteOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

/** autoscaling/v1 Scale, served at .../{name}/scale. */
export interface Scale extends KubeObject {
  spec: { replicas?: number };
  status?: { replicas: number; selector?: string };
}

/** A response as received, for callers of requestRaw. */
export interface RawResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  warnings: string[];
}

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

type Query = Record<string, string | number | boolean | undefined>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class KubeClient {
  readonly server: string;
  /** `127.0.0.1:6443`: how kubectl names the server in connection errors. */
  readonly host: string;
  private readonly pool: Pool;
  private readonly headers: Record<string, string>;
  /** The same headers with `content-type`, built once rather than per request. */
  private readonly jsonHeaders: Record<string, string>;
  private readonly patchHeaders: Record<PatchType, Record<string, string>>;
  /**
   * Typed verbs go straight to the pool unless a subclass replaced requestRaw (the CLI sends
   * every request over node:http): then they keep going through requestRaw.
   */
  private readonly direct: boolean;
  private readonly limiter: TokenBucket | undefined;
  private readonly onWarning: ((message: string) => void) | undefined;

  constructor(opts: KubeClientOptions) {
    const url = new URL(opts.server);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`server ${JSON.stringify(opts.server)} must be an http:// or https:// URL`);
    }
    this.server = url.origin;
    this.host = url.host;
    // Any path prefix in the server URL is kept for every request, as kubectl does.
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      pipelining: 1,
      connect:
        url.protocol === 'https:'
          ? { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: !opts.insecureSkipTLSVerify }
          : undefined,
    });
    this.headers = {
      accept: 'application/json',
      'user-agent': opts.userAgent ?? `mk-client/0.1.0 (${process.platform}/${process.arch})`,
    };
    if (opts.token) this.headers.authorization = `Bearer ${opts.token}`;
    this.jsonHeaders = { ...this.headers, 'content-type': 'application/json' };
    this.patchHeaders = {
      merge: { ...this.headers, 'content-type': PATCH_CONTENT_TYPES.merge },
      json: { ...this.headers, 'content-type': PATCH_CONTENT_TYPES.json },
      strategic: { ...this.headers, 'content-type': PATCH_CONTENT_TYPES.strategic },
      apply: { ...this.headers, 'content-type': PATCH_CONTENT_TYPES.apply },
    };
    this.direct = this.requestRaw === KubeClient.prototype.requestRaw;
    this.limiter = opts.qps ? new TokenBucket(opts.qps, opts.burst ?? Math.max(1, Math.round(opts.qps * 2))) : undefined;
    this.onWarning = opts.onWarning;
  }

  private readonly prefix: string;

  // ---- typed verbs -------------------------------------------------------------------

  async get<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
    const r = toResource(ref);
    return this.call<T>('GET', resourcePath(r, ns(r, namespace), name));
  }

  async list<T extends KubeObject = KubeObject>(ref: ResourceRef, opts: ListOptions = {}): Promise<KubeList<T>> {
    const r = toResource(ref);
    const { namespace, ...query } = opts;
    const list = await this.call<KubeList<T>>('GET', resourcePath(r, namespace), query);
    // Lists may omit kind/apiVersion on items; set them so items are self-describing.
    for (const item of list.items ?? []) fillTypeMeta(r, item);
    return list;
  }

  async create<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T, opts: CreateOptions = {}): Promise<T> {
    const r = toResource(ref);
    const path = resourcePath(r, ns(r, obj.metadata?.namespace ?? opts.namespace));
    return this.call<T>('POST', path, writeQuery(opts), obj);
  }

  async update<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T, opts: WriteOptions = {}): Promise<T> {
    const r = toResource(ref);
    return this.call<T>('PUT', resourcePath(r, ns(r, obj.metadata.namespace), nameOf(obj)), writeQuery(opts), obj);
  }

  async updateStatus<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T, opts: WriteOptions = {}): Promise<T> {
    const r = toResource(ref);
    const path = resourcePath(r, ns(r, obj.metadata.namespace), nameOf(obj), 'status');
    return this.call<T>('PUT', path, writeQuery(opts), obj);
  }

  async patch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type: PatchType = 'merge',
    opts: PatchOptions = {},
  ): Promise<T> {
    const r = toResource(ref);
    const { force, subresource } = opts;
    let query = writeQuery(opts);
    if (force !== undefined) (query ??= {}).force = force;
    const path = resourcePath(r, ns(r, namespace), name, subresource);
    return this.call<T>('PATCH', path, query, patch, type);
  }

  /** Returns the object while finalizers or graceful deletion keep it, else a Success Status. */
  async delete<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): Promise<T | Status> {
    const r = toResource(ref);
    return this.call<T | Status>('DELETE', resourcePath(r, ns(r, namespace), name), {}, deleteBody(opts));
  }

  async deleteCollection(
    ref: ResourceRef,
    namespace: string | undefined,
    opts: DeleteCollectionOptions = {},
  ): Promise<KubeList | Status> {
    const r = toResource(ref);
    const { labelSelector, fieldSelector, ...del } = opts;
    const path = resourcePath(r, r.namespaced ? namespace : undefined);
    return this.call<KubeList | Status>('DELETE', path, { labelSelector, fieldSelector }, deleteBody(del));
  }

  /** POST pods/binding: what the scheduler does to place a pod on a node. */
  async bind(pod: { metadata: ObjectMeta }, nodeName: string): Promise<Status> {
    const { name, namespace, uid } = pod.metadata;
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: uid ? { name, namespace: namespace ?? 'default', uid } : { name, namespace: namespace ?? 'default' },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    };
    const path = resourcePath(toResource('pods'), namespace ?? 'default', nameOf(pod), 'binding');
    return this.call<Status>('POST', path, undefined, binding);
  }

  /** POST pods/eviction: a delete that respects PodDisruptionBudgets. */
  async evict(namespace: string, name: string, deleteOptions?: DeleteOptions): Promise<Status> {
    const eviction: Record<string, unknown> = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name, namespace },
    };
    if (deleteOptions) eviction.deleteOptions = deleteBody(deleteOptions);
    return this.call<Status>('POST', resourcePath(toResource('pods'), namespace, name, 'eviction'), {}, eviction);
  }

  async getScale(ref: ResourceRef, namespace: string, name: string): Promise<Scale> {
    const r = toResource(ref);
    return this.call<Scale>('GET', resourcePath(r, namespace, name, 'scale'));
  }

  /** PUT .../scale; a number sets spec.replicas on the current Scale. */
  async updateScale(ref: ResourceRef, namespace: string, name: string, scale: number | Scale): Promise<Scale> {
    const r = toResource(ref);
    let body: Scale;
    if (typeof scale === 'number') {
      const current = await this.getScale(r, namespace, name);
      body = { ...current, spec: { ...current.spec, replicas: scale } };
    } else body = scale;
    return this.call<Scale>('PUT', resourcePath(r, namespace, name, 'scale'), {}, body);
  }

  /**
   * Stream watch events (`?watch=1`). onEvent gets ADDED/MODIFIED/DELETED/BOOKMARK; onDone is
   * called once when the stream ends by itself: with undefined when the server closed it
   * (e.g. after timeoutSeconds), with a StatusError for an ERROR event (410 Expired: relist),
   * or with a ConnectionError. It is not called after stop().
   */
  watch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onDone: (err: Error | undefined) => void,
  ): WatchHandle {
    const r = toResource(ref);
    const { namespace, ...rest } = opts;
    const path = this.prefix + resourcePath(r, namespace) + queryString({ ...rest, watch: 1 });
    return startWatch<T>(
      {
        pool: this.pool,
        path,
        headers: this.headers,
        host: this.host,
        beforeRequest: this.limiter ? () => this.limiter!.wait() : undefined,
        onWarnings: (w) => this.warn(w),
        fillTypeMeta: (obj) => fillTypeMeta(r, obj),
      },
      onEvent,
      onDone,
    );
  }

  // ---- escape hatches ----------------------------------------------------------------

  /**
   * Any request by path (`/api/v1/pods?limit=5`). Returns the parsed JSON body (or the text
   * when the server sent no JSON); throws StatusError for non-2xx responses.
   */
  async request<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const res = await this.requestRaw(method, path, body, headers);
    return parseBody(res) as T;
  }

  /** Like request, but returns status, headers and text without parsing or throwing on non-2xx. */
  async requestRaw(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RawResponse> {
    if (this.limiter) await this.limiter.wait();
    const h: Record<string, string> = { ...this.headers, ...lowerKeys(headers) };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    let res;
    try {
      res = await this.pool.request({ method: method as 'GET', path: this.prefix + path, headers: h, body: payload });
    } catch (err) {
      throw connectionError(err, this.host);
    }
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      throw connectionError(err, this.host);
    }
    const warnings = parseWarningHeader(res.headers.warning);
    this.warn(warnings);
    return { statusCode: res.statusCode, headers: res.headers, body: text, warnings };
  }

  /** Close idle connections and end open watches. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }

  private warn(warnings: string[]): void {
    if (!this.onWarning) return;
    for (const w of warnings) this.onWarning(w);
  }

  private async call<T>(method: Method, path: string, query?: Query, body?: unknown, patchType?: PatchType): Promise<T> {
    if (query !== undefined) path += queryString(query);
    let text: string;
    let statusCode: number;
    if (this.direct) {
      if (this.limiter) await this.limiter.wait();
      let payload: string | undefined;
      let headers = this.headers;
      if (body !== undefined) {
        payload = typeof body === 'string' ? body : JSON.stringify(body);
        headers = patchType ? this.patchHeaders[patchType] : this.jsonHeaders;
      }
      let res;
      try {
        res = await exchange(this.pool, method, this.prefix + path, headers, payload);
      } catch (err) {
        throw connectionError(err, this.host);
      }
      if (res.warning !== undefined && this.onWarning) this.warn(parseWarningHeader(res.warning));
      statusCode = res.statusCode;
      text = res.text();
    } else {
      const headers = patchType ? { 'content-type': PATCH_CONTENT_TYPES[patchType] } : undefined;
      const res = await this.requestRaw(method, path, body, headers);
      statusCode = res.statusCode;
      text = res.body;
    }
    if (statusCode < 200 || statusCode > 299) throw statusErrorFromResponse(statusCode, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`the server sent a response that is not JSON: ${text.slice(0, 200)}`);
    }
  }
}

function parseBody(res: RawResponse): unknown {
  if (res.statusCode < 200 || res.statusCode > 299) throw statusErrorFromResponse(res.statusCode, res.body);
  const ct = res.headers['content-type'];
  const isJson = (Array.isArray(ct) ? ct.join(',') : (ct ?? '')).includes('json');
  if (isJson && res.body.length) return JSON.parse(res.body);
  return res.body;
}

/** The namespace to address: namespaced resources default to `default`, cluster-scoped have none. */
function ns(r: ResourceInfo, namespace: string | undefined): string | undefined {
  return r.namespaced ? namespace || 'default' : undefined;
}

function nameOf(obj: { metadata: ObjectMeta }): string {
  const name = obj.metadata?.name;
  if (!name) throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'BadRequest', code: 400, message: 'resource name may not be empty' });
  return name;
}

function fillTypeMeta(r: ResourceInfo, obj: KubeObject): void {
  if (obj.kind === undefined) obj.kind = r.kind;
  if (obj.apiVersion === undefined) obj.apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
}

/** The query of a write; undefined when it has none (the common case: no object to build). */
function writeQuery(opts: WriteOptions): Query | undefined {
  if (!opts.dryRun && !opts.fieldValidation && !opts.fieldManager) return undefined;
  return {
    dryRun: opts.dryRun ? 'All' : undefined,
    fieldValidation: opts.fieldValidation,
    fieldManager: opts.fieldManager,
  };
}

function deleteBody(opts: DeleteOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (opts.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
  if (opts.propagationPolicy) body.propagationPolicy = opts.propagationPolicy;
  if (opts.preconditions) body.preconditions = opts.preconditions;
  if (opts.dryRun) body.dryRun = ['All'];
  return body;
}

export function queryString(query: Query): string {
  let params: URLSearchParams | undefined;
  for (const k in query) {
    const v = query[k];
    if (v === undefined || v === '') continue;
    (params ??= new URLSearchParams()).set(k, String(v));
  }
  // Most calls carry no parameters: no URLSearchParams for them.
  if (params === undefined) return '';
  const s = params.toString();
  return s ? `?${s}` : '';
}

function lowerKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}
