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
  { name: 'all-containers', type: 'bool', usage: 'Get all containers\' logs in the pod(s).' },
  { name: 'prefix', type: 'bool', usage: 'Prefix each log line with the log source (pod name and container name)' },
  { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.' },
  { name: 'max-log-requests', type: 'int', default: 5, usage: 'Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.' },
];

export const help = `Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.

Examples:
  # Return snapshot logs from pod nginx with only one container
  mk logs nginx

  # Begin streaming the logs of the ruby container in pod web-1
  mk logs -f -c ruby web-1

  # Display only the most recent 20 lines of output in pod nginx
  mk logs --tail=20 nginx

  # Return snapshot logs from pod nginx, prefixing each line with the source pod and container name
  mk logs nginx --prefix

  # Return snapshot logs from all containers in pods defined by label app=nginx
  mk logs -l app=nginx --all-containers=true

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
export function openStream(s: Session, path: string, accept = '*/*'): Promise<IncomingMessage> {
  const url = new URL(s.config.server.replace(/\/+$/, '') + path);
  const headers: Record<string, string> = { accept, 'user-agent': `mk/v1.32.0 (${process.platform}/${process.arch})` };
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

/** kubectl's AllContainerNames: containers, then ephemeral (ephem) and init (init) ones. */
export function allContainerNames(pod: Pod): string {
  const spec = pod.spec as (Pod['spec'] & { ephemeralContainers?: Array<{ name: string }> }) | undefined;
  return [
    ...(spec?.containers ?? []).map((c) => c.name),
    ...(spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(', ');
}

/** kubectl's container choice: -c, else the default-container annotation, else the first. */
export function pickContainer(pod: Pod, requested: string | undefined): string | undefined {
  if (requested) return requested;
  const spec = pod.spec as (Pod['spec'] & { ephemeralContainers?: unknown[] }) | undefined;
  const containers = spec?.containers ?? [];
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER];
  if (annotated && containers.some((c) => c.name === annotated)) return annotated;
  if (containers.length > 1 || (spec?.initContainers?.length ?? 0) > 0 || (spec?.ephemeralContainers?.length ?? 0) > 0) {
    process.stderr.write(`Defaulted container "${containers[0].name}" out of: ${allContainerNames(pod)}\n`);
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

/** Every container of a pod in kubectl's order: init containers, containers, ephemeral ones. */
function allContainers(pod: Pod): string[] {
  const spec = pod.spec as (Pod['spec'] & { ephemeralContainers?: Array<{ name: string }> }) | undefined;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])].map((c) => c.name);
}

interface LogSource {
  pod: Pod;
  container: string;
}

/** Copies a log stream to stdout, each line prefixed (`[pod/NAME/CONTAINER] `) when asked. */
function pipe(res: IncomingMessage, prefix: string | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let partial = '';
    res.on('data', (d: Buffer) => {
      if (prefix === undefined) {
        process.stdout.write(d);
        return;
      }
      const lines = (partial + d.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      if (lines.length) process.stdout.write(lines.map((l) => `${prefix}${l}\n`).join(''));
    });
    res.on('end', () => {
      if (prefix !== undefined && partial) process.stdout.write(`${prefix}${partial}\n`);
      resolve();
    });
    res.on('error', reject);
  });
}

/** The pod to read; a missing pod reads as kubectl's logs words it. */
async function logsPod(s: Session, arg: string): Promise<Pod> {
  try {
    return await podFor(s, arg, s.namespace);
  } catch (e) {
    const named = !arg.includes('/') || /^(po|pods?)\//.test(arg);
    if (named && (e as { status?: { code?: number } }).status?.code === 404) {
      throw new CliError(`error from server (NotFound): pods "${arg.slice(arg.indexOf('/') + 1)}" not found in namespace "${s.namespace}"`);
    }
    throw e;
  }
}

const USAGE = `expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'mk logs -h' for help and examples`;

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const selector = str(f, 'selector');
  const all = bool(f, 'all-containers');
  if (selector && ctx.args.length) throw new CliError("only a selector (-l) or a POD name is allowed\nSee 'mk logs -h' for help and examples");
  if (!selector && ctx.args.length === 0) throw new CliError(USAGE);
  if (ctx.args.length > 2) throw new CliError(USAGE);
  const named = str(f, 'container') ?? ctx.args[1];
  if (all && named) throw new CliError(`--all-containers=true should not be specified with container name ${named}`);
  const s = openSession(ctx.global);
  const pods = selector ? (await s.client.list<Pod>('pods', { namespace: s.namespace, labelSelector: selector })).items : [await logsPod(s, ctx.args[0])];
  if (selector && pods.length === 0) {
    process.stderr.write(`No resources found in ${s.namespace} namespace.\n`);
    return 0;
  }
  const sources: LogSource[] = [];
  for (const pod of pods) {
    // `mk logs POD CONTAINER` is kubectl's older form of -c.
    if (all) for (const container of allContainers(pod)) sources.push({ pod, container });
    else {
      const container = pickContainer(pod, named);
      if (container) sources.push({ pod, container });
    }
  }
  const follow = bool(f, 'follow');
  const maxRequests = int(f, 'max-log-requests') ?? 5;
  if (follow && sources.length > maxRequests) {
    throw new CliError(`you are attempting to follow ${sources.length} log streams, but maximum allowed concurrency is ${maxRequests}, use --max-log-requests to increase the limit`);
  }
  const q = new URLSearchParams();
  if (follow) q.set('follow', 'true');
  if (bool(f, 'previous')) q.set('previous', 'true');
  if (bool(f, 'timestamps')) q.set('timestamps', 'true');
  // With a selector kubectl shows the last 10 lines of each container unless told otherwise.
  const tail = int(f, 'tail') ?? -1;
  if (tail >= 0) q.set('tailLines', String(tail));
  else if (selector) q.set('tailLines', '10');
  const since = str(f, 'since');
  if (since) q.set('sinceSeconds', String(Math.max(1, Math.ceil(parseDuration(since) / 1000))));
  const limit = int(f, 'limit-bytes') ?? 0;
  if (limit > 0) q.set('limitBytes', String(limit));
  const prefixed = bool(f, 'prefix');
  const stream = async ({ pod, container }: LogSource): Promise<void> => {
    const params = new URLSearchParams(q);
    params.set('container', container);
    const path = `/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace ?? s.namespace)}/pods/${encodeURIComponent(pod.metadata.name ?? '')}/log?${params.toString()}`;
    await pipe(await openStream(s, path), prefixed ? `[pod/${pod.metadata.name}/${container}] ` : undefined);
  };
  // Followed streams run side by side; snapshots print one after another, in order.
  if (follow) await Promise.all(sources.map(stream));
  else for (const src of sources) await stream(src);
  return 0;
}
