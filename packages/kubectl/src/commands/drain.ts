// mk drain NODE: cordon the node, then evict its pods through pods/eviction (so that
// PodDisruptionBudgets hold), retrying on 429 every 5s and waiting for each pod to go, with
// kubectl's filters (DaemonSet-managed, unmanaged, emptyDir) and its words.
import type { KubeObject, Pod } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool, int, str } from '../cli/command.js';
import { DRY_RUN, dryRun, dryRunSuffix, SELECTOR, type DryRun } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { openSession, type Session } from '../cli/session.js';
import { cordonCommand } from './cordon.js';
import { parseDuration } from './wait.js';

export const flags: CommandModule['flags'] = [
  { name: 'force', type: 'bool', usage: 'Continue even if there are pods that do not declare a controller.' },
  { name: 'ignore-daemonsets', type: 'bool', usage: 'Ignore DaemonSet-managed pods.' },
  { name: 'delete-emptydir-data', type: 'bool', usage: 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).' },
  { name: 'delete-local-data', type: 'bool', usage: 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).' },
  { name: 'grace-period', type: 'int', default: -1, usage: 'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.' },
  { name: 'timeout', type: 'string', default: '0s', usage: 'The length of time to wait before giving up, zero means infinite' },
  { name: 'pod-selector', type: 'string', usage: 'Label selector to filter pods on the node' },
  { name: 'disable-eviction', type: 'bool', usage: 'Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.' },
  SELECTOR,
  DRY_RUN,
];

export const help = `Drain node in preparation for maintenance.

 The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts the pods if the API server supports https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ . Otherwise, it will use normal DELETE to delete the pods. The 'drain' evicts or deletes all pods except mirror pods (which cannot be deleted through the API server).  If there are daemon set-managed pods, drain will not proceed without --ignore-daemonsets, and regardless it will not delete any daemon set-managed pods, because those pods would be immediately replaced by the daemon set controller, which ignores unschedulable markings.  If there are any pods that are neither mirror pods nor managed by a replication controller, replica set, daemon set, stateful set, or job, then drain will not delete any pods unless you use --force.  --force will also allow deletion to proceed if the managing resource of one or more pods is missing.

 'drain' waits for graceful termination. You should not operate on the machine until the command completes.

 When you are ready to put the node back into service, use mk uncordon, which will make the node schedulable again.

Examples:
  # Drain node "foo", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it
  mk drain foo --force

  # As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes
  mk drain foo --grace-period=900

Usage:
  mk drain NODE [options]`;

// kubectl's drain filter messages (k8s.io/kubectl/pkg/drain/filters.go).
const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'Pods declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
const RETRY_MS = 5000;

interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  gracePeriod: number;
  timeoutMs: number;
  podSelector?: string;
  disableEviction: boolean;
  dryRun: DryRun;
}

type Verdict = { delete: boolean; reason: 'okay' | 'skip' | 'warning' | 'error'; message?: string };

const okay: Verdict = { delete: true, reason: 'okay' };
const terminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const controllerOf = (p: KubeObject) => p.metadata.ownerReferences?.find((o) => o.controller);

/** kubectl's filters in order; the first that refuses deletion decides. */
function classify(s: Session, o: DrainOptions): Array<(p: Pod) => Promise<Verdict>> {
  return [
    async (p) => (p.metadata.deletionTimestamp ? { delete: false, reason: 'skip' } : okay),
    async (p) => {
      const ref = controllerOf(p);
      if (ref?.kind !== 'DaemonSet') return okay;
      if (terminal(p)) return okay;
      try {
        await s.client.get('daemonsets.apps', p.metadata.namespace, ref.name);
      } catch (e) {
        if ((e as { status?: { code?: number } }).status?.code === 404 && o.force) return { delete: true, reason: 'warning', message: UNMANAGED_WARNING };
        throw e;
      }
      return o.ignoreDaemonSets ? { delete: false, reason: 'warning', message: DAEMONSET_WARNING } : { delete: false, reason: 'error', message: DAEMONSET_FATAL };
    },
    async (p) => (p.metadata.annotations?.['kubernetes.io/config.mirror'] ? { delete: false, reason: 'skip' } : okay),
    async (p) => {
      if (!p.spec?.volumes?.some((v) => v.emptyDir) || terminal(p)) return okay;
      return o.deleteEmptyDirData ? { delete: true, reason: 'warning', message: LOCAL_STORAGE_WARNING } : { delete: false, reason: 'error', message: LOCAL_STORAGE_FATAL };
    },
    async (p) => {
      if (terminal(p) || controllerOf(p)) return okay;
      return o.force ? { delete: true, reason: 'warning', message: UNMANAGED_WARNING } : { delete: false, reason: 'error', message: UNMANAGED_FATAL };
    },
  ];
}

const podKey = (p: Pod): string => `${p.metadata.namespace}/${p.metadata.name}`;

/** Group pods by message: `msg: ns/a, ns/b` (kubectl's PodDeleteList errors and warnings). */
function grouped(items: Array<{ pod: Pod; v: Verdict }>, reason: Verdict['reason']): Array<[string, string[]]> {
  const by = new Map<string, string[]>();
  for (const i of items) if (i.v.reason === reason) by.set(i.v.message ?? 'unexpected error', [...(by.get(i.v.message ?? 'unexpected error') ?? []), podKey(i.pod)]);
  return [...by];
}

async function podsForDeletion(s: Session, node: string, o: DrainOptions): Promise<{ pods: Pod[]; warnings: string; errors: string[] }> {
  const list = await s.client.list<Pod>('pods', { fieldSelector: `spec.nodeName=${node}`, labelSelector: o.podSelector });
  const filters = classify(s, o);
  const items: Array<{ pod: Pod; v: Verdict }> = [];
  for (const pod of list.items) {
    let v = okay;
    for (const f of filters) {
      v = await f(pod);
      if (!v.delete) break;
    }
    items.push({ pod, v });
  }
  return {
    pods: items.filter((i) => i.v.delete).map((i) => i.pod),
    warnings: grouped(items, 'warning').map(([m, ps]) => `${m}: ${ps.join(', ')}`).join('; '),
    errors: grouped(items, 'error').map(([m, ps]) => `cannot delete ${m}: ${ps.join(', ')}`),
  };
}

/** Go's time.Duration String for whole seconds: 30s, 1m0s, 1h2m3s. */
function goDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h) return `${h}h${m}m${sec}s`;
  if (m) return `${m}m${sec}s`;
  return `${sec}s`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const codeOf = (e: unknown): number | undefined => (e as { status?: { code?: number } }).status?.code;
const messageOf = (e: unknown): string => (e as { status?: { message?: string } }).status?.message ?? (e instanceof Error ? e.message : String(e));

/** Evict (or delete) one pod, retrying while a PDB forbids it, then wait until it is gone. */
async function evictPod(s: Session, pod: Pod, o: DrainOptions, deadline: number, timeoutLabel: string): Promise<void> {
  const name = pod.metadata.name ?? '';
  const ns = pod.metadata.namespace ?? 'default';
  const timeoutError = (): Error => new Error(`error when evicting pods/"${name}" -n "${ns}": global timeout reached: ${timeoutLabel}`);
  const server = o.dryRun === 'server';
  const deleteOptions = o.gracePeriod >= 0 || server ? { ...(o.gracePeriod >= 0 ? { gracePeriodSeconds: o.gracePeriod } : {}), ...(server ? { dryRun: true } : {}) } : undefined;
  for (;;) {
    if (Date.now() >= deadline) throw timeoutError();
    process.stdout.write(`${o.disableEviction ? 'deleting' : 'evicting'} pod ${ns}/${name}${server ? ' (server dry run)' : ''}\n`);
    try {
      if (o.disableEviction) await s.client.delete('pods', ns, name, deleteOptions ?? {});
      else await s.client.evict(ns, name, deleteOptions);
      break;
    } catch (e) {
      const code = codeOf(e);
      if (code === 404) return;
      if (code !== 429) throw new Error(`error when evicting pods/"${name}" -n "${ns}": ${messageOf(e)}`);
      process.stderr.write(`error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${messageOf(e)}\n`);
      await sleep(Math.max(0, Math.min(RETRY_MS, deadline - Date.now())));
    }
  }
  // A server dry run removes nothing, so there is nothing to wait for.
  if (server) return;
  // Gone, or replaced by a pod of the same name (a StatefulSet's), counts as deleted.
  for (;;) {
    try {
      const cur = await s.client.get<Pod>('pods', ns, name);
      if (cur.metadata.uid !== pod.metadata.uid) break;
    } catch (e) {
      if (codeOf(e) === 404) break;
      throw e;
    }
    if (Date.now() >= deadline) throw timeoutError();
    await sleep(1000);
  }
  process.stdout.write(`pod/${name} ${o.disableEviction ? 'deleted' : 'evicted'}\n`);
}

async function drainNode(s: Session, node: string, o: DrainOptions): Promise<void> {
  const list = await podsForDeletion(s, node, o);
  if (list.errors.length) throw new Error(list.errors.length === 1 ? list.errors[0] : `[${list.errors.join(', ')}]`);
  if (list.warnings) process.stderr.write(`Warning: ${list.warnings}\n`);
  if (o.dryRun === 'client') {
    for (const p of list.pods) process.stdout.write(`evicting pod ${podKey(p)} (dry run)\n`);
    return;
  }
  const timeoutMs = o.timeoutMs > 0 ? o.timeoutMs : 365 * 24 * 3600 * 1000;
  const deadline = Date.now() + timeoutMs;
  const label = goDuration(timeoutMs);
  const results = await Promise.allSettled(list.pods.map((p) => evictPod(s, p, o, deadline, label)));
  const errs = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason instanceof Error ? r.reason.message : String(r.reason)));
  if (!errs.length) return;
  const err = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
  const pending = await podsForDeletion(s, node, o).catch(() => undefined);
  if (pending?.pods.length) {
    process.stderr.write(`There are pending pods in node "${node}" when an error occurred: ${err}\n${pending.pods.map((p) => `pod/${p.metadata.name}\n`).join('')}`);
  }
  throw new Error(err);
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  if (ctx.changed.has('delete-local-data')) {
    process.stderr.write('Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.\n');
  }
  if (!ctx.args.length && !str(f, 'selector')) throw new CliError('USAGE: drain NODE [flags]');
  const o: DrainOptions = {
    force: bool(f, 'force'),
    ignoreDaemonSets: bool(f, 'ignore-daemonsets'),
    deleteEmptyDirData: bool(f, 'delete-emptydir-data') || bool(f, 'delete-local-data'),
    gracePeriod: int(f, 'grace-period') ?? -1,
    timeoutMs: parseDuration(str(f, 'timeout') ?? '0s'),
    podSelector: str(f, 'pod-selector'),
    disableEviction: bool(f, 'disable-eviction'),
    dryRun: dryRun(str(f, 'dry-run')),
  };
  // Cordon first, exactly as `mk cordon` does (it prints `node/NAME cordoned`).
  const cordoned = await cordonCommand(true)(ctx);
  if (cordoned) return cordoned;
  const s = openSession(ctx.global);
  const nodes = ctx.args.length ? ctx.args.map((a) => a.replace(/^(nodes?|no)\//, '')) : (await s.client.list('nodes', { labelSelector: str(f, 'selector') })).items.map((n) => n.metadata.name ?? '');
  const fatal: string[] = [];
  const remaining: string[] = [];
  for (const node of nodes) {
    try {
      await drainNode(s, node, o);
      process.stdout.write(`node/${node} drained${dryRunSuffix(o.dryRun)}\n`);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`error: unable to drain node "${node}" due to error: ${msg}, continuing command...\n`);
      fatal.push(msg);
      remaining.push(node);
    }
  }
  if (!fatal.length) return 0;
  process.stderr.write(`There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`);
  // kubectl's CheckErr prints an aggregate's errors one a line, without the `error: ` prefix.
  throw new CliError(fatal.join('\n'), 1, true);
}
