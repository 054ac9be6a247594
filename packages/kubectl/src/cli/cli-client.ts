// The CLI's KubeClient: every request/response call (all typed verbs go through requestRaw)
// runs on node:http, which a one-shot command starts far faster than undici; watches keep
// KubeClient's undici Pool (the bundle loads undici only when a watch starts).
import { KubeClient, NodeHttpTransport, connectionError, parseWarningHeader } from '@mk/client';
import type { KubeClientOptions, RawResponse } from '@mk/client';

export class CliKubeClient extends KubeClient {
  private readonly transport: NodeHttpTransport;
  private readonly baseHeaders: Record<string, string>;
  private readonly pathPrefix: string;
  private readonly warningHandler: ((message: string) => void) | undefined;

  constructor(opts: KubeClientOptions) {
    super(opts);
    this.transport = new NodeHttpTransport(opts);
    // The same headers and path prefix KubeClient sends.
    this.baseHeaders = { accept: 'application/json', 'user-agent': opts.userAgent ?? `mk-client/0.1.0 (${process.platform}/${process.arch})` };
    if (opts.token) this.baseHeaders.authorization = `Bearer ${opts.token}`;
    this.pathPrefix = new URL(opts.server).pathname.replace(/\/+$/, '');
    this.warningHandler = opts.onWarning;
  }

  override async requestRaw(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RawResponse> {
    const h: Record<string, string> = { ...this.baseHeaders };
    for (const [k, v] of Object.entries(headers ?? {})) h[k.toLowerCase()] = v;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    let res;
    try {
      res = await this.transport.request(method, this.pathPrefix + path, h, payload);
    } catch (err) {
      throw connectionError(err, this.host);
    }
    const warnings = parseWarningHeader(res.headers.warning);
    if (this.warningHandler) for (const w of warnings) this.warningHandler(w);
    return { statusCode: res.statusCode, headers: res.headers, body: res.body, warnings };
  }

  override async close(): Promise<void> {
    await Promise.all([super.close(), this.transport.close()]);
  }
}
