// mk set image (TYPE NAME | TYPE/NAME) CONTAINER=IMAGE ... | *=IMAGE
import type { KubeObject } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { arr, bool, str } from '../cli/command.js';
import { ALL_NAMESPACES, DRY_RUN, dryRun, dryRunSuffix, FILENAME, OUTPUT, RECURSIVE, SELECTOR } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { renderError } from '../cli/render-error.js';
import { kindName, openSession } from '../cli/session.js';
import { resolveTargets } from '../cli/targets.js';
import { parseOutput, printObjects } from '../printers/output.js';

export const flags: CommandModule['flags'] = [
  FILENAME,
  RECURSIVE,
  SELECTOR,
  ALL_NAMESPACES,
  DRY_RUN,
  OUTPUT,
  { name: 'all', type: 'bool', usage: 'Select all resources, in the namespace of the specified resource types' },
  { name: 'record', type: 'bool', usage: 'Record current kubectl command in the resource annotation (deprecated).' },
];

export const help = `Configure application resources.

Available Commands:
  image         Update the image of a pod template

Examples:
  mk set image deployment/nginx busybox=busybox nginx=nginx:1.9.1
  mk set image ds/node-exporter *=prom/node-exporter:v1.7.0 -n monitoring

Usage:
  mk set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]`;

interface Container {
  name: string;
  image?: string;
}

/** The pod spec inside an object (pod, or a workload's template). */
function podSpec(obj: KubeObject): { containers?: Container[]; initContainers?: Container[] } | undefined {
  const o = obj as { spec?: { containers?: Container[]; template?: { spec?: { containers?: Container[] } }; jobTemplate?: { spec?: { template?: { spec?: { containers?: Container[] } } } } } };
  if (obj.kind === 'Pod') return o.spec;
  if (obj.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const [sub, ...args] = ctx.args;
  if (sub !== 'image') throw new CliError(sub ? `unknown command "${sub}" for "mk set"` : help, 1, !sub);
  const resources = args.filter((a) => !a.includes('='));
  const images: Record<string, string> = {};
  for (const a of args.filter((x) => x.includes('='))) {
    const i = a.indexOf('=');
    images[a.slice(0, i)] = a.slice(i + 1);
  }
  if (!Object.keys(images).length) throw new CliError('at least one image update is required');
  const dr = dryRun(str(f, 'dry-run'));
  const out = str(f, 'output') ? parseOutput(str(f, 'output')) : undefined;
  const s = openSession(ctx.global);
  const targets = await resolveTargets(s, resources, { selector: str(f, 'selector'), all: bool(f, 'all'), allNamespaces: bool(f, 'all-namespaces'), filenames: arr(f, 'filename'), recursive: bool(f, 'recursive') });
  let failed = false;
  for (const t of targets) {
    try {
      const obj = t.object ?? (await s.client.get(t.r, t.namespace, t.name));
      obj.kind ??= t.r.kind;
      const spec = podSpec(obj);
      if (!spec) throw new CliError(`${kindName(t.r)}/${t.name} has no pod template`);
      const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
      for (const name of Object.keys(images)) {
        if (name !== '*' && !all.some((c) => c.name === name)) throw new CliError(`unable to find container named "${name}"`);
      }
      const update = (list: Container[] | undefined): Container[] | undefined =>
        list?.map((c) => (images[c.name] ?? images['*'] ? { ...c, image: images[c.name] ?? images['*'] } : c));
      const patchSpec: Record<string, unknown> = { containers: update(spec.containers) };
      if (spec.initContainers?.length && Object.keys(images).some((n) => n === '*' || spec.initContainers!.some((c) => c.name === n))) patchSpec.initContainers = update(spec.initContainers);
      const patch =
        obj.kind === 'Pod'
          ? { spec: patchSpec }
          : obj.kind === 'CronJob'
            ? { spec: { jobTemplate: { spec: { template: { spec: patchSpec } } } } }
            : { spec: { template: { spec: patchSpec } } };
      const result = dr === 'client' ? obj : await s.client.patch(t.r, t.namespace, t.name, patch, 'strategic', { dryRun: dr === 'server' });
      if (out) process.stdout.write(printObjects([result], out, true));
      else process.stdout.write(`${kindName(t.r)}/${t.name} image updated${dryRunSuffix(dr)}\n`);
    } catch (e) {
      failed = true;
      process.stderr.write(`${renderError(e).message}\n`);
    }
  }
  return failed ? 1 : 0;
}
