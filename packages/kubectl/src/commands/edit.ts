// mk edit TYPE NAME: open the object in $KUBE_EDITOR / $EDITOR, send it back, re-open on error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { str } from '../cli/command.js';
import { CliError } from '../cli/errors.js';
import { parseManifests } from '../cli/manifests.js';
import { renderError } from '../cli/render-error.js';
import { kindName, openSession } from '../cli/session.js';
import { resolveTargets } from '../cli/targets.js';
import { toJson, toYaml } from '../printers/serialize.js';

export const flags: CommandModule['flags'] = [
  { name: 'output', short: 'o', type: 'string', default: 'yaml', usage: 'Output format for editing. One of: json, yaml.' },
  { name: 'filename', short: 'f', type: 'stringArray', usage: 'Filename, directory, or URL to files to use to edit the resource' },
];

export const help = `Edit a resource from the default editor (KUBE_EDITOR, then EDITOR, then vi).

Examples:
  mk edit svc/registry
  mk edit deploy nginx -n web

Usage:
  mk edit (RESOURCE/NAME | -f FILENAME) [options]`;

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
}

export async function run(ctx: CommandContext): Promise<number> {
  const s = openSession(ctx.global);
  const targets = await resolveTargets(s, ctx.args, {});
  if (targets.length !== 1) throw new CliError('mk edit edits one object at a time');
  const t = targets[0];
  const original = await s.client.get(t.r, t.namespace, t.name);
  original.kind ??= t.r.kind;
  original.apiVersion ??= t.r.group ? `${t.r.group}/${t.r.version}` : t.r.version;
  const json = str(ctx.flags, 'output') === 'json';
  const dir = mkdtempSync(join(tmpdir(), 'mk-edit-'));
  const file = join(dir, `${t.name}.${json ? 'json' : 'yaml'}`);
  const editor = process.env.KUBE_EDITOR || process.env.EDITOR || 'vi';
  let body = json ? toJson(original) : toYaml(original);
  let errorNote = '';
  try {
    for (;;) {
      const header = errorNote ? `${HEADER}${errorNote.split('\n').map((l) => `# ${l}`).join('\n')}\n#\n` : HEADER;
      writeFileSync(file, header + body);
      const r = spawnSync('sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit' });
      if (r.status !== 0) throw new CliError(`there was a problem with the editor "${editor}"`);
      const edited = readFileSync(file, 'utf8');
      const content = stripComments(edited);
      if (!content.trim()) {
        process.stdout.write('Edit cancelled, saved file was empty.\n');
        return 0;
      }
      if (content.trim() === body.trim()) {
        if (errorNote) {
          process.stderr.write(`error: Edit cancelled, no valid changes were saved.\nA copy of your changes has been stored to "${file}"\n`);
          return 1;
        }
        process.stdout.write('Edit cancelled, no changes made.\n');
        return 0;
      }
      let obj: KubeObject;
      try {
        const docs = parseManifests(content, file);
        if (docs.length !== 1) throw new CliError('the edited file must contain exactly one object');
        obj = docs[0].object;
        if (obj.metadata.name !== original.metadata.name || obj.kind !== original.kind) throw new CliError('At least one of apiVersion, kind and name was changed');
        const updated = await s.client.update(t.r, obj);
        process.stdout.write(`${kindName(t.r)}/${updated.metadata.name ?? t.name} edited\n`);
        return 0;
      } catch (e) {
        // Like kubectl: keep the user's text and show the error at the top of the file.
        errorNote = `${renderError(e).message}`;
        body = content.replace(/^\n+/, '');
      }
    }
  } finally {
    if (!errorNote) rmSync(dir, { recursive: true, force: true });
  }
}
