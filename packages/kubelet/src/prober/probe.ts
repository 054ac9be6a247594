// One probe attempt: exec (exit 0), httpGet (status 200-399), tcpSocket (connection opens).
// Failure output is worded as the kubelet words it, since it lands in `describe` Events.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { Container, HTTPGetAction, IntOrString, LifecycleHandler, Probe } from '@mk/api';
import type { ContainerRuntime } from '../runtime/types.js';

export interface ProbeTarget {
  runtime: ContainerRuntime;
  containerId: string;
  container: Container;
  podIP: string;
}

export interface ProbeOutcome {
  ok: boolean;
  output: string;
}

/** Named ports resolve through the container's ports list. */
export function resolvePort(port: IntOrString, c: Container): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const p = c.ports?.find((x) => x.name === port);
  if (!p) throw new Error(`couldn't find port: ${port} in ${JSON.stringify(c.ports ?? [])}`);
  return p.containerPort;
}

export async function runProbe(probe: Probe | LifecycleHandler, t: ProbeTarget, timeoutSeconds = 1): Promise<ProbeOutcome> {
  try {
    if (probe.exec) {
      const r = await withTimeout(t.runtime.exec(t.containerId, probe.exec.command ?? [], timeoutSeconds), timeoutSeconds, () =>
        `command ${JSON.stringify((probe.exec?.command ?? []).join(' '))} timed out`,
      );
      return { ok: r.exitCode === 0, output: r.output.trim() };
    }
    if (probe.httpGet) return await httpProbe(probe.httpGet, t, timeoutSeconds);
    if (probe.tcpSocket) {
      const host = probe.tcpSocket.host || t.podIP;
      const port = resolvePort(probe.tcpSocket.port, t.container);
      return await tcpProbe(host, port, timeoutSeconds);
    }
    return { ok: false, output: 'missing probe handler' };
  } catch (e) {
    return { ok: false, output: e instanceof Error ? e.message : String(e) };
  }
}

function withTimeout<T>(p: Promise<T>, seconds: number, message: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message())), seconds * 1000);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

function httpProbe(a: HTTPGetAction, t: ProbeTarget, timeoutSeconds: number): Promise<ProbeOutcome> {
  const scheme = (a.scheme ?? 'HTTP').toLowerCase();
  const host = a.host || t.podIP;
  const port = resolvePort(a.port, t.container);
  const path = a.path ? (a.path.startsWith('/') ? a.path : `/${a.path}`) : '/';
  const url = `${scheme}://${host}:${port}${path}`;
  const headers: Record<string, string> = { 'user-agent': 'kube-probe/1.32', accept: '*/*' };
  for (const h of a.httpHeaders ?? []) headers[h.name.toLowerCase()] = h.value;
  return new Promise((resolve) => {
    const req = (scheme === 'https' ? httpsRequest : httpRequest)(
      url,
      { method: 'GET', headers, timeout: timeoutSeconds * 1000, rejectUnauthorized: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (body.length < 10_240) body += d;
        });
        res.on('end', () => {
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 400) resolve({ ok: true, output: body });
          else resolve({ ok: false, output: `HTTP probe failed with statuscode: ${code}` });
        });
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({
        ok: false,
        output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, output: `Get "${url}": ${dialError(host, port, e)}` }));
    req.end();
  });
}

function dialError(host: string, port: number, e: NodeJS.ErrnoException): string {
  if (e.code === 'ECONNREFUSED') return `dial tcp ${host}:${port}: connect: connection refused`;
  if (e.code === 'EHOSTUNREACH') return `dial tcp ${host}:${port}: connect: no route to host`;
  return e.message;
}

function tcpProbe(host: string, port: number, timeoutSeconds: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: timeoutSeconds * 1000 });
    s.on('connect', () => {
      s.destroy();
      resolve({ ok: true, output: '' });
    });
    s.on('timeout', () => {
      s.destroy();
      resolve({ ok: false, output: `dial tcp ${host}:${port}: i/o timeout` });
    });
    s.on('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, output: dialError(host, port, e) }));
  });
}
