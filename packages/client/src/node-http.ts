// A request/response transport on node:http(s) with a keep-alive Agent, for short-lived
// processes such as the CLI: it needs no module beyond Node's own (undici's WASM HTTP
// parser costs a one-shot command more than its requests). Long-running components keep
// KubeClient's undici Pool. https is loaded only for https servers.
import type { Agent as HttpAgent, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';

export interface NodeHttpTransportOptions {
  /** `http://127.0.0.1:6443` or `https://10.0.0.1:6443` (any path is ignored: callers send full paths). */
  server: string;
  /** PEM CA bundle the server certificate must chain to. */
  ca?: string;
  /** PEM client certificate and key, for x509 client authentication. */
  cert?: string;
  key?: string;
  insecureSkipTLSVerify?: boolean;
}

export interface NodeHttpResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

type RequestFn = (opts: RequestOptions, cb: (res: IncomingMessage) => void) => import('node:http').ClientRequest;

export class NodeHttpTransport {
  private readonly url: URL;
  private readonly opts: NodeHttpTransportOptions;
  private conn: Promise<{ request: RequestFn; agent: HttpAgent }> | undefined;

  constructor(opts: NodeHttpTransportOptions) {
    this.url = new URL(opts.server);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new Error(`server ${JSON.stringify(opts.server)} must be an http:// or https:// URL`);
    }
    this.opts = opts;
  }

  private connection(): Promise<{ request: RequestFn; agent: HttpAgent }> {
    this.conn ??= (async () => {
      if (this.url.protocol === 'https:') {
        const https = await import('node:https');
        const o = this.opts;
        const agent = new https.Agent({ keepAlive: true, ca: o.ca, cert: o.cert, key: o.key, rejectUnauthorized: !o.insecureSkipTLSVerify });
        return { request: https.request as RequestFn, agent };
      }
      const http = await import('node:http');
      return { request: http.request as RequestFn, agent: new http.Agent({ keepAlive: true }) };
    })();
    return this.conn;
  }

  /** One request; resolves with the whole body as text, whatever the status. Rejects on transport errors. */
  async request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<NodeHttpResponse> {
    const { request, agent } = await this.connection();
    const h: Record<string, string | number> = { ...headers };
    if (body !== undefined) h['content-length'] = Buffer.byteLength(body);
    return new Promise<NodeHttpResponse>((resolve, reject) => {
      const req = request(
        { protocol: this.url.protocol, hostname: this.url.hostname.replace(/^\[(.*)\]$/, '$1'), port: this.url.port, method, path, headers: h, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Close idle keep-alive sockets. */
  async close(): Promise<void> {
    if (!this.conn) return;
    (await this.conn).agent.destroy();
  }
}
