// pods/exec and pods/attach over a WebSocket with Kubernetes' channel protocol
// (v5.channel.k8s.io, else v4), as kubectl's WebSocket executor speaks it: each message's first
// byte is the stream (0 stdin, 1 stdout, 2 stderr, 3 the final Status, 4 resize; v5 adds 255 to
// close a stream). exec and attach differ only in the query they send and in what they make of
// the final Status.
import WebSocket from 'ws';
import { statusError } from '../commands/logs.js';
import type { Session } from './session.js';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** The Status the server sends on channel 3 when the stream ends. */
export interface StreamStatus {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: Array<{ reason?: string; message?: string }> };
}

export interface ChannelStreamOptions {
  subresource: 'exec' | 'attach';
  namespace: string;
  pod: string;
  query: URLSearchParams;
  /** Send our stdin on channel 0. */
  stdin: boolean;
  /** Put our terminal in raw mode and send its size on channel 4. */
  raw: boolean;
  /** Send width+1 before the real size, so a re-attached screen redraws (kubectl attach). */
  redraw?: boolean;
  /** When our stdin ends, close the remote one (v5 only; kubectl exec). */
  closeStdinOnEnd?: boolean;
}

/** Runs the stream until the server closes it; resolves the final Status, if one came. */
export function runChannelStream(s: Session, o: ChannelStreamOptions): Promise<StreamStatus | undefined> {
  const base = s.config.server.replace(/\/+$/, '').replace(/^http/, 'ws');
  const url = `${base}/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods/${encodeURIComponent(o.pod)}/${o.subresource}?${o.query.toString()}`;
  const headers: Record<string, string> = {};
  if (s.config.token) headers.authorization = `Bearer ${s.config.token}`;
  const ws = new WebSocket(url, PROTOCOLS, { headers, ca: s.config.caData, rejectUnauthorized: !s.config.insecureSkipTlsVerify });

  return new Promise<StreamStatus | undefined>((resolve, reject) => {
    let status: StreamStatus | undefined;
    let rawMode = false;
    const restore = (): void => {
      if (rawMode) process.stdin.setRawMode(false);
      process.stdin.pause();
    };
    const send = (channel: number, data: Buffer): void => {
      if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
    };
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => reject(statusError(res.statusCode ?? 0, body)));
    });
    ws.on('error', (e) => reject(e));
    ws.on('open', () => {
      if (!o.stdin) return;
      if (o.raw) {
        process.stdin.setRawMode(true);
        rawMode = true;
        const size = (extra: number): Buffer =>
          Buffer.from(JSON.stringify({ Width: (process.stdout.columns ?? 80) + extra, Height: (process.stdout.rows ?? 24) + extra }));
        if (o.redraw) send(4, size(1));
        send(4, size(0));
        process.stdout.on('resize', () => send(4, size(0)));
      }
      process.stdin.on('data', (d: Buffer) => send(0, d));
      process.stdin.on('end', () => {
        // v5 can close the remote stdin; v4 has no way to say so.
        if (o.closeStdinOnEnd && ws.protocol === 'v5.channel.k8s.io') send(255, Buffer.from([0]));
      });
      process.stdin.resume();
    });
    ws.on('message', (raw: Buffer) => {
      const data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer);
      if (!data.length) return;
      const body = data.subarray(1);
      if (data[0] === 1) process.stdout.write(body);
      else if (data[0] === 2) process.stderr.write(body);
      else if (data[0] === 3) {
        try {
          status = JSON.parse(body.toString('utf8')) as StreamStatus;
        } catch {
          status = { status: 'Failure', message: body.toString('utf8') };
        }
      }
    });
    ws.on('close', () => {
      restore();
      resolve(status);
    });
  });
}

/** A failed final Status as the error kubectl prints for it. */
export function streamStatusError(status: StreamStatus): Error {
  return Object.assign(new Error(status.message ?? 'unknown error'), { status: { kind: 'Status', ...status } });
}
