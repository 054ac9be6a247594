// mk logs POD|TYPE/NAME [-c C] [-f] [--tail N] [--previous] [--timestamps]: streams
// GET pods/NAME/log (which the apiserver relays to the pod's kubelet) to stdout.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KubeObject, Pod } from '@mk/api';
import { labelSelectorFromObject } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool, int, str } from '../cli/command.js';
import { CliError } from '../cli/errors.js';
import { openSession, resourceArg, type Session } from '../cli/session.js';
import { parseDuration } from './wait.js';

export const flags: CommandModule['flags'] = [
  { name: 'container', short: 'c', type: 'string', usage: 'Print the logs of this container' },
  { name: 'follow', short: 'f', type: 'bool', usage: 'Specify if the logs should be streamed.' },
  { name: 'tail', type: 'int', default: -1, usage: 'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.' },
  { name: 'previous', short: 'p', type: 'bool', usage: 'If true, print the logs for the previous instance of the container in a pod if it exists.' },
  { name: 'timestamps', type: 'bool', usage: 'Include timestamps on each line in the log output' },
  { name: 'since', type: 'string', usage: 'Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.' },
  { name: 'limit-bytes', type: 'int', default: 0, usage: 'Maximum bytes of logs to return. Defaults to no limit.' },
];

export const help = `Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.

Examples:
  # Return snapshot logs from pod nginx with only one container
  mk logs nginx

  # Begin streaming the logs of the ruby container in pod web-1
  mk logs -f -c ruby web-1

  # Display only the most recent 20 lines of output in pod nginx
  mk logs --tail=20 nginx

  # Return snapshot logs from first container of a job named hello
  mk logs job/hello

Usage:
  mk logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]`;

const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

/** An apiserver error response as the client's StatusError, so it renders as kubectl's. */
export function statusError(code: number, body: string): Error {
  try {
    const status = JSON.parse(body) as { kind?: string; message?: string };
    if (status.kind === 'Status') return Object.assign(new Error(status.message ?? body), { status });
  } catch {
    // not JSON: fall through
  }
  return new CliError(`the server responded with status ${code}: ${body.trim()}`);
}

/** A streaming GET against the apiserver (the buffered client cannot follow logs). */
export function openStream(s: Session, path: string): Promise<IncomingMessage> {
  const url = new URL(s.config.server.replace(/\/+$/, '') + path);
  const headers: Record<string, string> = { accept: '*/*', 'user-agent': `mk/v1.32.0 (${process.platform}/${process.arch})` };
  if (s.config.token) headers.authorization = `Bearer ${s.config.token}`;
  return new Promise((resolve, reject) => {
    const opts = { method: 'GET', headers, ca: s.config.caData, rejectUnauthorized: !s.config.insecureSkipTlsVerify };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, opts, (res) => {
      if ((res.statusCode ?? 0) < 300) return resolve(res);
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => reject(statusError(res.statusCode ?? 0, body)));
    });
    req.on('error', reject);
    req.end();
  });
}

/** kubectl's container choice: -c, else the default-container annotation, else the first. */
export function pickContainer(pod: Pod, requested: string | undefined): string | undefined {
  if (requested) return requested;
  const containers = pod.spec?.containers ?? [];
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER];
  if (annotated && containers.some((c) => c.name === annotated)) return annotated;
  if (containers.length > 1) {
    process.stderr.write(`Defaulted container "${containers[0].name}" out of: ${containers.map((c) => c.name).join(', ')}\n`);
  }
  return containers[0]?.name;
}

const ready = (p: Pod): boolean => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** `POD`, `pod/NAME` or `TYPE/NAME` (a workload: its first active pod, as kubectl picks it). */
export async function podFor(s: Session, arg: string, ns: string): Promise<Pod> {
  const slash = arg.indexOf('/');
  if (slash < 0) return s.client.get<Pod>('pods', ns, arg);
  const r = resourceArg(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  if (r.kind === 'Pod') return s.client.get<Pod>('pods', ns, name);
  const owner = await s.client.get<KubeObject>(r, ns, name);
  const spec = owner.spec as { selector?: Parameters<typeof labelSelectorFromObject>[0] } | undefined;
  const sel = r.kind === 'Service' || r.kind === 'ReplicationController' ? { matchLabels: spec?.selector as Record<string, string> } : spec?.selector;
  const selector = labelSelectorFromObject(sel ?? undefined).toString();
  if (!selector) throw new CliError(`cannot attach to ${r.kind}: selector is empty`);
  const pods = (await s.client.list<Pod>('pods', { namespace: ns, labelSelector: selector })).items;
  if (!pods.length) throw new CliError(`timed out waiting for the condition`);
  // Active pods first: assigned, Running, Ready, then the oldest.
  const rank = (p: Pod): number => (p.spec?.nodeName ? 0 : 4) + (p.status?.phase === 'Running' ? 0 : 2) + (ready(p) ? 0 : 1);
  pods.sort((a, b) => rank(a) - rank(b) || (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
  if (pods.length > 1) process.stderr.write(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`);
  return pods[0];
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  if (ctx.args.length === 0) throw new CliError(`expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'mk logs -h' for help and examples`, 1, false);
  if (ctx.args.length > 2) throw new CliError(`expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'mk logs -h' for help and examples`);
  const s = openSession(ctx.global);
  const pod = await podFor(s, ctx.args[0], s.namespace);
  // `mk logs POD CONTAINER` is kubectl's older form of -c.
  const container = pickContainer(pod, str(f, 'container') ?? ctx.args[1]);
  const q = new URLSearchParams();
  if (container) q.set('container', container);
  if (bool(f, 'follow')) q.set('follow', 'true');
  if (bool(f, 'previous')) q.set('previous', 'true');
  if (bool(f, 'timestamps')) q.set('timestamps', 'true');
  const tail = int(f, 'tail') ?? -1;
  if (tail >= 0) q.set('tailLines', String(tail));
  const since = str(f, 'since');
  if (since) q.set('sinceSeconds', String(Math.max(1, Math.ceil(parseDuration(since) / 1000))));
  const limit = int(f, 'limit-bytes') ?? 0;
  if (limit > 0) q.set('limitBytes', String(limit));
  const res = await openStream(s, `/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace ?? s.namespace)}/pods/${encodeURIComponent(pod.metadata.name ?? '')}/log?${q.toString()}`);
  await new Promise<void>((resolve, reject) => {
    res.on('data', (d: Buffer) => process.stdout.write(d));
    res.on('end', resolve);
    res.on('error', reject);
  });
  return 0;
}
