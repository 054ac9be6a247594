// exec and attach over SPDY/3.1 (Kubernetes' remotecommand, httpstream.go): what kubectl before
// 1.30 speaks. The client upgrades with `Upgrade: SPDY/3.1` and the protocols it knows in
// X-Stream-Protocol-Version; then it opens one stream per stdio with a `streamType` header
// (error, stdin, stdout, stderr, resize). Once every expected stream is there the process
// starts; at the end stdout and stderr get FIN and the error stream the final Status (v4: the
// Status as JSON, whose ExitCode cause kubectl exits with; v1-v3: the message of a failure only).
// The session itself (which container, which process) is the caller's: the same as over WebSocket.
import type { ExecIO, ExecSession } from '../runtime/types.js';
import { SpdyServerSession } from './spdy.js';

/** What the kubelet speaks over SPDY, most preferred first (SupportedStreamingProtocols). */
export const SPDY_STREAM_PROTOCOLS = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

/** The final Status of an exec or attach session, as written on the error stream or channel 3. */
export interface StreamStatus {
  metadata: object;
  status: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: Array<{ reason?: string; message?: string }> };
}

/** Where a session's output goes, whatever carries it. */
export interface StreamOutput {
  stdout(d: Buffer): void;
  stderr(d: Buffer): void;
}

/**
 * Input from the client, whatever carries it: held until the process exists (a client may
 * write stdin before it does), then delivered to the runtime's session.
 */
export class StreamInput {
  private held: Array<(s: ExecSession) => void> = [];
  private session?: ExecSession;
  private stdinOpen = false;

  stdin(d: Buffer): void {
    if (d.length) this.do((s) => this.stdinOpen && s.write(d));
  }
  stdinEnd(): void {
    this.do((s) => s.end());
  }
  resize(width: number, height: number): void {
    // A failed resize does not end the session, as in the kubelet.
    this.do((s) => void s.resize(width, height).catch(() => undefined));
  }
  /** The client went away: ends an exec's process; for attach it detaches (the container runs on). */
  hangUp(): void {
    this.do((s) => s.kill());
  }
  bind(session: ExecSession, io: ExecIO): void {
    this.session = session;
    this.stdinOpen = io.stdin;
    for (const f of this.held.splice(0)) f(session);
  }
  private do(f: (s: ExecSession) => void): void {
    if (this.session) f(this.session);
    else this.held.push(f);
  }
}

/** Terminal sizes as the resize stream carries them: JSON objects one after another. */
export class ResizeDecoder {
  private buf = '';
  constructor(private readonly onSize: (width: number, height: number) => void) {}
  write(d: Buffer): void {
    this.buf += d.toString('utf8');
    for (let end = this.buf.indexOf('}'); end >= 0; end = this.buf.indexOf('}')) {
      const text = this.buf.slice(0, end + 1);
      this.buf = this.buf.slice(end + 1);
      try {
        const { Width, Height } = JSON.parse(text) as { Width?: unknown; Height?: unknown };
        if (typeof Width === 'number' && typeof Height === 'number') this.onSize(Width, Height);
      } catch {
        // The kubelet stops reading sizes at the first bad one; a later good one is harmless.
      }
    }
  }
}

/**
 * httpstream.Handshake: the first of the client's protocols the kubelet speaks. The header may
 * come several times (Node joins them with ", ").
 */
export function negotiateStreamProtocol(header: string | string[] | undefined): { protocol: string } | { code: number; message: string } {
  const client = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (client.length === 0) return { code: 400, message: 'unable to upgrade: X-Stream-Protocol-Version is required' };
  const protocol = client.find((p) => SPDY_STREAM_PROTOCOLS.includes(p));
  if (protocol) return { protocol };
  return {
    code: 403,
    message: `unable to upgrade: unable to negotiate protocol: client supports [${client.join(' ')}], server accepts [${SPDY_STREAM_PROTOCOLS.join(' ')}]`,
  };
}

/** remotecommand.NewOptions: which stdio the client asked for; a TTY has no separate stderr. */
export function streamOptions(q: URLSearchParams): ExecIO {
  const one = (k: string): boolean => ['1', 'true'].includes(q.get(k) ?? '');
  const tty = one('tty');
  const io = { stdin: one('stdin'), stdout: one('stdout'), stderr: one('stderr') && !tty, tty };
  if (!io.stdin && !io.stdout && !io.stderr) throw new Error('you must specify at least 1 of stdin, stdout, stderr');
  return io;
}

export interface SpdyRemoteCommandOptions {
  protocol: string;
  io: ExecIO;
  /** Runs the session: starts the process, binds input, writes output; resolves with the final Status. */
  run(input: StreamInput, out: StreamOutput): Promise<StreamStatus>;
  /** A Status for an error thrown by run (it never gets a process). */
  errorStatus(e: unknown): StreamStatus;
  write(d: Buffer): void;
  /** Close the connection. */
  hangUp(): void;
  /** How long the client has to open its streams (the kubelet's streamCreationTimeout). */
  streamCreationTimeoutMs?: number;
}

/** One exec or attach over a SPDY connection: feed() what arrives, close() when the connection closes. */
export function spdyRemoteCommand(o: SpdyRemoteCommandOptions): { feed(d: Buffer): void; close(): void } {
  const v4 = o.protocol === 'v4.channel.k8s.io';
  const resizable = v4 || o.protocol === 'v3.channel.k8s.io';
  const expected = 1 + Number(o.io.stdin) + Number(o.io.stdout) + Number(o.io.stderr) + Number(o.io.tty && resizable);
  const streams = new Map<string, number>();
  const types = new Map<number, string>();
  const input = new StreamInput();
  const resize = new ResizeDecoder((w, h) => input.resize(w, h));
  let started = false;
  let finished = false;
  let clientGone = false;

  const timer = setTimeout(() => {
    // As the kubelet: the client never opened its streams; nothing to report them on.
    if (!started) o.hangUp();
  }, o.streamCreationTimeoutMs ?? 30_000);

  const finish = async (status: StreamStatus): Promise<void> => {
    finished = true;
    for (const t of ['stdout', 'stderr', 'stdin', 'resize']) {
      const id = streams.get(t);
      if (id !== undefined) session.data(id, Buffer.alloc(0), true);
    }
    const err = streams.get('error');
    if (err !== undefined) {
      // v1-v3 carry only a failure's message; v4 the Status itself.
      const body = v4 ? JSON.stringify(status) : status.status === 'Success' ? '' : (status.message ?? '');
      session.data(err, Buffer.from(body), true);
    }
    await session.drain();
    // Every stream has its FIN: the client reads to the end and closes the connection; close it
    // here should it not.
    if (!clientGone) setTimeout(o.hangUp, 5_000).unref();
  };

  const start = (): void => {
    started = true;
    clearTimeout(timer);
    const out = (type: string) => (d: Buffer) => {
      const id = streams.get(type);
      if (id !== undefined && !finished) session.data(id, d);
    };
    if (o.protocol === 'channel.k8s.io') input.stdinEnd(); // v1 closed stdin at once (v1ProtocolHandler)
    void o
      .run(input, { stdout: out('stdout'), stderr: out('stderr') })
      .catch((e: unknown) => o.errorStatus(e))
      .then(finish)
      .catch(() => o.hangUp());
  };

  const session: SpdyServerSession = new SpdyServerSession(
    o.write,
    {
      onStream(id, headers, fin) {
        session.reply(id);
        const type = headers.get('streamtype') ?? '';
        // Unknown stream types are accepted and ignored, as the kubelet does.
        if (!['error', 'stdin', 'stdout', 'stderr', 'resize'].includes(type) || started) return;
        streams.set(type, id);
        types.set(id, type);
        if (fin && type === 'stdin') input.stdinEnd();
        if (streams.size === expected) start();
      },
      onData(id, data, fin) {
        const type = types.get(id);
        if (type === 'stdin') {
          input.stdin(data);
          // The client closed its stdin (kubectl does at the end of piped input).
          if (fin) input.stdinEnd();
        } else if (type === 'resize') resize.write(data);
      },
      onReset(id) {
        if (types.get(id) === 'stdin') input.stdinEnd();
      },
      onGoAway: () => o.hangUp(),
    },
    () => o.hangUp(),
  );

  return {
    feed: (d) => session.feed(d),
    close: () => {
      clientGone = true;
      clearTimeout(timer);
      session.close();
      input.hangUp();
    },
  };
}
