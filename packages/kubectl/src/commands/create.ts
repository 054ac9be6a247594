// mk create -f FILE, and the generators (namespace, deployment, service, configmap, secret,
// job, cronjob, priorityclass, serviceaccount).
import { resourceForKind, type KubeObject } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, int, str } from '../cli/command.js';
import { DRY_RUN, dryRun, dryRunSuffix, FILENAME, OUTPUT, RECURSIVE, type DryRun } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { loadManifests } from '../cli/manifests.js';
import { resourceOfManifest, setNamespace, withSource } from '../cli/objects.js';
import { renderError } from '../cli/render-error.js';
import { openSession, type Session } from '../cli/session.js';
import { modifiedConfiguration } from '../apply/last-applied.js';
import { objectName, parseOutput, printObjects } from '../printers/output.js';
import * as gen from './generators.js';
import { fieldValidation } from './apply.js';

export const flags: CommandModule['flags'] = [
  FILENAME,
  RECURSIVE,
  OUTPUT,
  DRY_RUN,
  { name: 'save-config', type: 'bool', usage: 'If true, the configuration of current object will be saved in its annotation.' },
  { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict', usage: 'Must be one of: strict (or true), warn, ignore (or false).' },
  { name: 'image', type: 'stringArray', usage: 'Image names to run.' },
  { name: 'replicas', short: 'r', type: 'int', default: 1, usage: 'Number of replicas to create. Default is 1.' },
  { name: 'port', type: 'int', default: -1, usage: 'The containerPort that this deployment exposes.' },
  { name: 'tcp', type: 'stringArray', usage: 'Port pairs can be specified as \'<port>:<targetPort>\'.' },
  { name: 'node-port', type: 'int', default: 0, usage: 'Port used to expose the service on each node in a cluster.' },
  { name: 'clusterip', type: 'string', usage: 'Assign your own ClusterIP or set to \'None\' for a \'headless\' service (no loadbalancing).' },
  { name: 'from-literal', type: 'stringArray', usage: 'Specify a key and literal value to insert (i.e. mykey=somevalue)' },
  { name: 'from-file', type: 'stringArray', usage: 'Key file can be specified using its file path.' },
  { name: 'from-env-file', type: 'stringArray', usage: 'Specify the path to a file to read lines of key=val pairs.' },
  { name: 'type', type: 'string', usage: 'The type of secret to create' },
  { name: 'cert', type: 'string', usage: 'Path to PEM encoded public key certificate.' },
  { name: 'key', type: 'string', usage: 'Path to private key associated with given certificate.' },
  { name: 'schedule', type: 'string', usage: 'A schedule in the Cron format the job should be run with.' },
  { name: 'restart', type: 'string', usage: 'job\'s restart policy. supported values: OnFailure, Never' },
  { name: 'class', type: 'string', usage: 'Ingress Class to be used' },
  { name: 'rule', type: 'stringArray', usage: 'Rule in format host/path=service:port[,tls=secretname]. Paths containing the leading character \'*\' are considered pathType=Prefix. tls argument is optional.' },
  { name: 'default-backend', type: 'string', usage: 'Default service for backend, in format of svcname:port' },
  { name: 'annotation', type: 'stringArray', usage: 'Annotation to insert in the ingress object, in the format annotation=value' },
  { name: 'clusterrole', type: 'string', usage: 'ClusterRole this ClusterRoleBinding should reference' },
  { name: 'user', type: 'stringArray', usage: 'Usernames to bind to the clusterrole. The flag can be repeated to add multiple users.' },
  { name: 'group', type: 'stringArray', usage: 'Groups to bind to the clusterrole. The flag can be repeated to add multiple groups.' },
  { name: 'serviceaccount', type: 'stringArray', usage: 'Service accounts to bind to the clusterrole, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.' },
  { name: 'value', type: 'int', default: 0, usage: 'the value of this priority class.' },
  { name: 'global-default', type: 'bool', usage: 'global-default specifies whether this PriorityClass should be considered as the default priority.' },
  { name: 'description', type: 'string', default: '', usage: 'description is an arbitrary string that usually provides guidelines on when this priority class should be used.' },
  { name: 'preemption-policy', type: 'string', default: 'PreemptLowerPriority', usage: 'preemption-policy is the policy for preempting pods with lower priority.' },
];

export const help = `Create a resource from a file or from stdin.

Available Commands:
  clusterrolebinding  Create a cluster role binding for a particular cluster role
  configmap       Create a config map from a local file, directory or literal value
  cronjob         Create a cron job with the specified name
  deployment      Create a deployment with the specified name
  ingress         Create an ingress with the specified name
  job             Create a job with the specified name
  namespace       Create a namespace with the specified name
  priorityclass   Create a priority class with the specified name
  secret          Create a secret (generic or tls)
  service         Create a service (clusterip or nodeport)
  serviceaccount  Create a service account with the specified name

Examples:
  mk create -f ./pod.json
  mk create deployment nginx --image=nginx --port=80 --replicas=3

Usage:
  mk create -f FILENAME [options]`;

function needName(args: string[], what: string): string {
  if (!args[0]) throw new CliError(`exactly one NAME is required, got 0\nSee 'mk create ${what} -h' for help and examples`);
  if (args.length > 1) throw new CliError(`exactly one NAME is required, got ${args.length}\nSee 'mk create ${what} -h' for help and examples`);
  return args[0];
}

/** Build the object a generator subcommand describes. */
export function generate(args: string[], ctx: CommandContext): KubeObject {
  const f = ctx.flags;
  const [sub, ...rest] = args;
  switch (sub) {
    case 'namespace':
    case 'ns':
      return gen.namespace(needName(rest, 'namespace'));
    case 'deployment':
    case 'deploy':
      return gen.deployment(needName(rest, 'deployment'), arr(f, 'image'), int(f, 'replicas') ?? 1, int(f, 'port'));
    case 'service':
    case 'svc': {
      const [kind, ...names] = rest;
      const type = { clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer' }[kind ?? ''] as 'ClusterIP' | 'NodePort' | 'LoadBalancer' | undefined;
      if (!type) throw new CliError(`unknown service type "${kind ?? ''}": must be one of clusterip, nodeport, loadbalancer`);
      const tcp = arr(f, 'tcp');
      const clusterIP = str(f, 'clusterip');
      if (!tcp.length && clusterIP !== 'None') throw new CliError('at least one tcp port specifier must be provided');
      return gen.service(needName(names, `service ${kind}`), type, tcp, int(f, 'node-port'), clusterIP);
    }
    case 'configmap':
    case 'cm':
      return gen.configMap(needName(rest, 'configmap'), gen.collectData(arr(f, 'from-literal'), arr(f, 'from-file'), arr(f, 'from-env-file')));
    case 'secret': {
      const [kind, ...names] = rest;
      if (kind === 'generic') return gen.secretGeneric(needName(names, 'secret generic'), gen.collectData(arr(f, 'from-literal'), arr(f, 'from-file'), arr(f, 'from-env-file')), str(f, 'type'));
      if (kind === 'tls') return gen.secretTls(needName(names, 'secret tls'), str(f, 'cert') ?? '', str(f, 'key') ?? '');
      throw new CliError(`unknown secret type "${kind ?? ''}": must be one of generic, tls`);
    }
    case 'job': {
      const image = arr(f, 'image')[0];
      if (!image) throw new CliError('either --image or --from must be specified');
      return gen.job(needName(rest, 'job'), image, ctx.dashArgs ?? []);
    }
    case 'cronjob':
    case 'cj': {
      const name = needName(rest, 'cronjob');
      const image = arr(f, 'image')[0];
      // kubectl's cobra reports its required flags this way.
      if (!str(f, 'schedule')) throw new CliError('required flag(s) "schedule" not set');
      if (!image) throw new CliError('required flag(s) "image" not set');
      return gen.cronJob(name, image, str(f, 'schedule')!, ctx.dashArgs ?? [], str(f, 'restart') ?? 'OnFailure');
    }
    case 'ingress':
    case 'ing':
      return gen.ingress(needName(rest, 'ingress'), str(f, 'class'), arr(f, 'rule'), str(f, 'default-backend'), arr(f, 'annotation'));
    case 'clusterrolebinding': {
      const name = needName(rest, 'clusterrolebinding');
      const role = str(f, 'clusterrole');
      if (!role) throw new CliError('required flag(s) "clusterrole" not set');
      return gen.clusterRoleBinding(name, role, arr(f, 'user'), arr(f, 'group'), arr(f, 'serviceaccount'));
    }
    case 'priorityclass':
    case 'pc':
      return gen.priorityClass(needName(rest, 'priorityclass'), int(f, 'value') ?? 0, bool(f, 'global-default'), str(f, 'description') ?? '', str(f, 'preemption-policy') ?? 'PreemptLowerPriority');
    case 'serviceaccount':
    case 'sa':
      return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { creationTimestamp: null as unknown as string, name: needName(rest, 'serviceaccount') } };
    default:
      throw new CliError(`unknown command "${sub}" for "mk create"`);
  }
}

/** Drop the nulls and empty status kubectl's generators print but never need to send. */
export function forServer(obj: KubeObject): KubeObject {
  return JSON.parse(JSON.stringify(obj, (_k, v: unknown) => (v === null ? undefined : v))) as KubeObject;
}

export async function createObjects(objs: Array<{ object: KubeObject; source?: string }>, ctx: CommandContext, verbPast = 'created'): Promise<number> {
  const f = ctx.flags;
  const dr: DryRun = dryRun(str(f, 'dry-run'));
  const out = str(f, 'output') ? parseOutput(str(f, 'output')) : undefined;
  const results: KubeObject[] = [];
  let failed = false;
  let s: Session | undefined;
  for (const { object, source } of objs) {
    try {
      let obj = object;
      if (dr === 'client') {
        results.push(obj);
        if (!out) process.stdout.write(`${objectName(obj)} ${verbPast}${dryRunSuffix(dr)}\n`);
        continue;
      }
      s ??= openSession(ctx.global);
      const found = source ? resourceOfManifest({ object: obj, source }) : resourceForKind(obj.apiVersion, obj.kind);
      // A generator's kind this server does not serve (Ingress, RBAC): kubectl's POST gets 404.
      if (!found) throw new CliError(`failed to create ${(obj.kind ?? '').toLowerCase()}: the server could not find the requested resource`);
      const r = found;
      setNamespace(r, obj, s);
      if (bool(f, 'save-config')) obj = modifiedConfiguration(obj);
      let created: KubeObject;
      try {
        created = await s.client.create(r, forServer(obj), { dryRun: dr === 'server', fieldValidation: fieldValidation(str(f, 'validate')), fieldManager: 'kubectl-create' });
      } catch (e) {
        throw source ? withSource(e, 'creating', source) : e;
      }
      results.push(created);
      if (!out) process.stdout.write(`${objectName(created.kind ? created : obj)} ${verbPast}${dryRunSuffix(dr)}\n`);
    } catch (e) {
      failed = true;
      process.stderr.write(`${renderError(e).message}\n`);
    }
  }
  if (out) process.stdout.write(printObjects(results, out, results.length === 1));
  return failed ? 1 : 0;
}

export async function run(ctx: CommandContext): Promise<number> {
  const files = arr(ctx.flags, 'filename');
  if (ctx.args.length) {
    const obj = generate(ctx.args, ctx);
    return createObjects([{ object: obj }], ctx);
  }
  if (!files.length) throw new CliError(`must specify one of -f and -k\n\nerror: Unexpected args: []\nSee '${ctx.path} -h' for help and examples`);
  const manifests = await loadManifests(files, Boolean(ctx.flags.recursive), 'create');
  return createObjects(manifests, ctx);
}
