// mk rollout status|history|undo|pause|resume|restart: kubectl's rollout subcommands for
// Deployments and DaemonSets. History and undo come from @mk/controller-manager (client-side,
// as kubectl 1.32 does them); that package is imported here only, so start-up stays fast.
import type { DaemonSet, Deployment, KubeObject, ResourceInfo } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, int, str } from '../cli/command.js';
import { FILENAME, RECURSIVE, SELECTOR } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { renderError } from '../cli/render-error.js';
import { kindName, openSession, qualifiedResource, type Session } from '../cli/session.js';
import { resolveTargets, type ObjectRef } from '../cli/targets.js';
import { PrefixWriter } from '../describe/writer.js';
import { describePodTemplate } from '../describe/pod.js';
import { TabWriter } from '../printers/tabwriter.js';
import { parseDuration } from './wait.js';

export const flags: CommandModule['flags'] = [
  FILENAME,
  RECURSIVE,
  SELECTOR,
  { name: 'watch', short: 'w', type: 'bool', default: true, usage: 'Watch the status of the rollout until it\'s done.' },
  { name: 'timeout', type: 'string', default: '0s', usage: 'The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).' },
  { name: 'revision', type: 'int', default: 0, usage: 'See the details, including podTemplate of the revision specified' },
  { name: 'to-revision', type: 'int', default: 0, usage: 'The revision to rollback to. Default to 0 (last revision).' },
];

export const help = `Manage the rollout of one or many resources.

 Valid resource types include:

  *  deployments
  *  daemonsets

Examples:
  # Rollback to the previous deployment
  mk rollout undo deployment/abc

  # Check the rollout status of a daemonset
  mk rollout status daemonset/foo

  # Restart a deployment
  mk rollout restart deployment/abc

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  mk rollout SUBCOMMAND [options]`;

const SUBCOMMANDS = ['history', 'pause', 'restart', 'resume', 'status', 'undo'];
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

type Workload = Deployment | DaemonSet;

function isDeployment(r: ResourceInfo): boolean {
  return r.kind === 'Deployment';
}

function supported(r: ResourceInfo, what: string): void {
  if (r.kind !== 'Deployment' && r.kind !== 'DaemonSet') throw new CliError(`no ${what} has been implemented for ${r.kind} (${r.group || 'core'})`);
}

export async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...args] = ctx.args;
  if (!sub) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  if (!SUBCOMMANDS.includes(sub)) throw new CliError(`unknown command "${sub}" for "mk rollout"`);
  const f = ctx.flags;
  const s = openSession(ctx.global);
  const targets = await resolveTargets(s, args, { selector: str(f, 'selector'), filenames: arr(f, 'filename'), recursive: bool(f, 'recursive') });
  if (sub === 'status') {
    if (targets.length !== 1) throw new CliError('rollout status is only supported on individual resources and resource collections, but 2 or more resources were found');
    const revision = int(f, 'revision') ?? 0;
    if (revision < 0) throw new CliError(`revision must be a positive integer: ${revision}`);
    return status(s, targets[0], bool(f, 'watch'), parseDuration(str(f, 'timeout') ?? '0s'), revision);
  }
  let failed = false;
  for (const t of targets) {
    try {
      const ns = t.namespace ?? s.namespace;
      if (sub === 'history') await history(s, t, ns, int(f, 'revision') ?? 0);
      else if (sub === 'undo') await undo(s, t, ns, int(f, 'to-revision') ?? 0);
      else if (sub === 'pause' || sub === 'resume') await pauseResume(s, t, ns, sub === 'pause');
      else await restart(s, t, ns);
    } catch (e) {
      failed = true;
      process.stderr.write(`${renderError(e).message}\n`);
    }
  }
  return failed ? 1 : 0;
}

function statusOf(r: ResourceInfo, obj: KubeObject): { message: string; done: boolean; error?: string } {
  return statusFns!(r, obj);
}
let statusFns: ((r: ResourceInfo, obj: KubeObject) => { message: string; done: boolean; error?: string }) | undefined;

async function loadStatusFns(): Promise<void> {
  const cm = await import('@mk/controller-manager');
  statusFns = (r, obj) => (isDeployment(r) ? cm.deploymentRolloutStatus(obj as Deployment) : cm.daemonSetRolloutStatus(obj as DaemonSet));
}

/** kubectl rollout status: print the status line for each change until done (or timeout). */
async function status(s: Session, t: ObjectRef, watch: boolean, timeoutMs: number, revision: number): Promise<number> {
  supported(t.r, 'status viewer');
  await loadStatusFns();
  const ns = t.namespace ?? s.namespace;
  const first = await s.client.get(t.r, ns, t.name);
  const check = (obj: KubeObject): boolean => {
    // --revision: the Deployment must be running that revision (kubectl's DeploymentStatusViewer).
    if (revision > 0 && isDeployment(t.r)) {
      const running = Number(obj.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
      if (running !== revision) throw new CliError(`desired revision (${revision}) is different from the running revision (${running})`);
    }
    const st = statusOf(t.r, obj);
    if (st.error) throw new CliError(st.error);
    process.stdout.write(st.message);
    return st.done;
  };
  if (check(first) || !watch) return 0;
  return new Promise<number>((resolve, reject) => {
    let finished = false;
    let handle: { stop(): void } | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err?: unknown, code = 0): void => {
      if (finished) return;
      finished = true;
      handle?.stop();
      if (timer) clearTimeout(timer);
      if (err) reject(err);
      else resolve(code);
    };
    if (timeoutMs > 0) timer = setTimeout(() => finish(new CliError('timed out waiting for the condition')), timeoutMs);
    const start = (rv: string): void => {
      handle = s.client.watch(
        t.r,
        { namespace: ns, fieldSelector: `metadata.name=${t.name}`, resourceVersion: rv },
        (ev) => {
          if (finished) return;
          if (ev.type === 'DELETED') return finish(new CliError('object has been deleted'));
          if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') return;
          rv = ev.object.metadata.resourceVersion ?? rv;
          try {
            if (check(ev.object)) finish();
          } catch (e) {
            finish(e);
          }
        },
        (err) => {
          if (finished) return;
          // The server ends watches now and then: resume from where it stopped; relist on 410.
          if (err && (err as { status?: { code?: number } }).status?.code === 410) {
            s.client.get(t.r, ns, t.name).then((o) => (check(o) ? finish() : start(o.metadata.resourceVersion ?? '')), finish);
          } else if (err) finish(err);
          else start(rv);
        },
      );
    };
    start(first.metadata.resourceVersion ?? '');
  });
}

/** kubectl rollout history: the revisions, or one revision's pod template. */
async function history(s: Session, t: ObjectRef, ns: string, revision: number): Promise<void> {
  supported(t.r, 'history viewer');
  const cm = await import('@mk/controller-manager');
  const revs = isDeployment(t.r)
    ? (await cm.deploymentHistory(s.client, ns, t.name)).map((h) => ({ revision: h.revision, changeCause: h.changeCause, template: h.replicaSet.spec?.template }))
    : (await cm.daemonSetHistory(s.client, ns, t.name)).map((h) => ({
        revision: h.revision,
        changeCause: h.changeCause,
        template: (h.controllerRevision.data as { spec?: { template?: unknown } } | undefined)?.spec?.template,
      }));
  const head = `${kindName(t.r)}/${t.name}`;
  if (revision > 0) {
    const rev = revs.find((r) => r.revision === revision);
    if (!rev) throw new CliError(`unable to find the specified revision`);
    // kubectl prints the template through a PrefixWriter with no tabwriter under it: the
    // tabs stay raw. Swap in a pass-through for the describer's tabwriter.
    const w = new PrefixWriter();
    let raw = '';
    (w as unknown as { tw: { write(t: string): void; flush(): string } }).tw = { write: (t) => (raw += t), flush: () => '' };
    describePodTemplate(w, rev.template as Parameters<typeof describePodTemplate>[1]);
    process.stdout.write(`${head} with revision #${revision}\n${raw}\n`);
    return;
  }
  const tw = new TabWriter(0, 2);
  tw.write('REVISION\tCHANGE-CAUSE\n');
  for (const r of revs) tw.write(`${r.revision}\t${r.changeCause || '<none>'}\n`);
  // kubectl's name printer leaves a space where the operation would go.
  process.stdout.write(`${head} \n${tw.flush()}\n`);
}

async function undo(s: Session, t: ObjectRef, ns: string, toRevision: number): Promise<void> {
  supported(t.r, 'rollbacker');
  const cm = await import('@mk/controller-manager');
  try {
    const res = isDeployment(t.r) ? await cm.rollbackDeployment(s.client, ns, t.name, toRevision) : await cm.rollbackDaemonSet(s.client, ns, t.name, toRevision);
    process.stdout.write(`${kindName(t.r)}/${t.name} ${res.message}\n`);
  } catch (e) {
    // The rollbackers word their failures as kubectl does; print them as `error: ...`.
    if (e instanceof Error && e.constructor === Error) throw new CliError(e.message);
    throw e;
  }
}

async function pauseResume(s: Session, t: ObjectRef, ns: string, pause: boolean): Promise<void> {
  const res = `${qualifiedResource(t.r)} "${t.name}"`;
  if (!isDeployment(t.r)) throw new CliError(`error: ${res} ${pause ? 'pausing' : 'resuming'} is not supported`);
  const d = await s.client.get<Deployment>(t.r, ns, t.name);
  if (Boolean(d.spec?.paused) === pause) throw new CliError(`error: ${res} ${pause ? 'is already paused' : 'is not paused'}`);
  await s.client.patch(t.r, ns, t.name, { spec: { paused: pause ? true : null } }, 'strategic');
  process.stdout.write(`${kindName(t.r)}/${t.name} ${pause ? 'paused' : 'resumed'}\n`);
}

async function restart(s: Session, t: ObjectRef, ns: string): Promise<void> {
  supported(t.r, 'restarter');
  const obj = await s.client.get<Workload>(t.r, ns, t.name);
  if (isDeployment(t.r) && (obj as Deployment).spec?.paused) throw new CliError(`can't restart paused deployment (run rollout resume first)`);
  // kubectl formats time.Now() as RFC3339, without fractional seconds.
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await s.client.patch(t.r, ns, t.name, { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: now } } } } }, 'strategic');
  process.stdout.write(`${kindName(t.r)}/${t.name} restarted\n`);
}
