// mk config view|get-contexts|current-context|use-context|set-context|set-cluster|set-credentials|delete-context
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool, str } from '../cli/command.js';
import { CliError } from '../cli/errors.js';
import { loadKubeconfig, saveKubeconfig, upsert, writeTarget, type KubeConfig } from '../kubeconfig/kubeconfig.js';
import { formatColumns } from '../printers/tabwriter.js';
import { parseOutput, printObjects } from '../printers/output.js';
import { toYaml } from '../printers/serialize.js';

export const flags: CommandModule['flags'] = [
  { name: 'current', type: 'bool', usage: 'Modify the current context' },
  { name: 'minify', type: 'bool', usage: 'Remove all information not used by current-context from the output' },
  { name: 'raw', type: 'bool', usage: 'Display raw byte data and sensitive data' },
  { name: 'flatten', type: 'bool', usage: 'Flatten the resulting kubeconfig file into self-contained output' },
  { name: 'output', short: 'o', type: 'string', usage: 'Output format. One of: (json, yaml, name).' },
  { name: 'no-headers', type: 'bool', usage: "When using the default or custom-column output format, don't print headers." },
  { name: 'server', type: 'string', usage: 'server for the cluster entry in kubeconfig' },
  { name: 'insecure-skip-tls-verify', type: 'bool', usage: 'insecure-skip-tls-verify for the cluster entry in kubeconfig' },
  { name: 'token', type: 'string', usage: 'token for the user entry in kubeconfig' },
];

export const help = `Modify kubeconfig files using subcommands like "mk config set current-context my-context".

Available Commands:
  current-context   Display the current-context
  delete-context    Delete the specified context from the kubeconfig
  get-contexts      Describe one or many contexts
  set-cluster       Set a cluster entry in kubeconfig
  set-context       Set a context entry in kubeconfig
  set-credentials   Set a user entry in kubeconfig
  use-context       Set the current-context in a kubeconfig file
  view              Display merged kubeconfig settings or a specified kubeconfig file

Usage:
  mk config SUBCOMMAND [options]`;

function redact(c: KubeConfig): KubeConfig {
  const copy = structuredClone(c);
  for (const cl of copy.clusters) if (cl.cluster['certificate-authority-data']) cl.cluster['certificate-authority-data'] = 'DATA+OMITTED';
  for (const u of copy.users) {
    if (u.user['client-certificate-data']) u.user['client-certificate-data'] = 'DATA+OMITTED';
    if (u.user['client-key-data']) u.user['client-key-data'] = 'DATA+OMITTED';
    if (u.user.token) u.user.token = 'REDACTED';
  }
  return copy;
}

export async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = ctx.args;
  const f = ctx.flags;
  const explicit = ctx.global.kubeconfig;
  const { config, paths } = loadKubeconfig(explicit);
  const save = (c: KubeConfig): void => saveKubeconfig(writeTarget(paths), c);
  switch (sub) {
    case 'view': {
      let c = config;
      if (bool(f, 'minify')) {
        const ctxName = ctx.global.context || c['current-context'];
        const cur = c.contexts.find((x) => x.name === ctxName);
        if (!cur) throw new CliError(`current-context must exist in order to minify`);
        c = { ...c, 'current-context': ctxName, contexts: [cur], clusters: c.clusters.filter((x) => x.name === cur.context.cluster), users: c.users.filter((x) => x.name === cur.context.user) };
      }
      if (!bool(f, 'raw')) c = redact(c);
      const o = str(f, 'output');
      process.stdout.write(o ? printObjects([c as never], parseOutput(o), true) : toYaml(c));
      return 0;
    }
    case 'current-context':
      if (!config['current-context']) throw new CliError('current-context is not set');
      process.stdout.write(`${config['current-context']}\n`);
      return 0;
    case 'get-contexts': {
      const names = rest.length ? rest : config.contexts.map((c) => c.name);
      const rows: string[][] = [];
      if (str(f, 'output') === 'name') {
        process.stdout.write(names.map((n) => `${n}\n`).join(''));
        return 0;
      }
      if (!bool(f, 'no-headers')) rows.push(['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']);
      for (const n of names) {
        const c = config.contexts.find((x) => x.name === n);
        if (!c) throw new CliError(`context ${n} not found`);
        rows.push([config['current-context'] === n ? '*' : '', n, c.context.cluster, c.context.user, c.context.namespace ?? '']);
      }
      process.stdout.write(formatColumns(rows));
      return 0;
    }
    case 'use-context':
    case 'use': {
      const name = rest[0];
      if (!name) throw new CliError('Unexpected args: []');
      if (!config.contexts.some((c) => c.name === name)) throw new CliError(`no context exists with the name: "${name}"`);
      config['current-context'] = name;
      save(config);
      process.stdout.write(`Switched to context "${name}".\n`);
      return 0;
    }
    case 'set-context': {
      const name = bool(f, 'current') ? config['current-context'] : rest[0];
      if (!name) throw new CliError(bool(f, 'current') ? 'no current context is set' : 'you must specify a non-empty context name or --current');
      const existing = config.contexts.find((c) => c.name === name);
      const context = { cluster: '', user: '', ...(existing?.context ?? {}) };
      if (ctx.changed.has('namespace')) context.namespace = ctx.global.namespace ?? '';
      if (ctx.changed.has('cluster')) context.cluster = ctx.global.cluster ?? '';
      if (ctx.changed.has('user')) context.user = ctx.global.user ?? '';
      if (context.namespace === '') delete context.namespace;
      upsert(config.contexts, { name, context });
      save(config);
      process.stdout.write(`Context "${name}" ${existing ? 'modified' : 'created'}.\n`);
      return 0;
    }
    case 'set-cluster': {
      const name = rest[0];
      if (!name) throw new CliError('Unexpected args: []');
      const existing = config.clusters.find((c) => c.name === name);
      const cluster = { server: '', ...(existing?.cluster ?? {}) };
      if (ctx.changed.has('server')) cluster.server = str(f, 'server') ?? '';
      if (ctx.changed.has('insecure-skip-tls-verify')) cluster['insecure-skip-tls-verify'] = bool(f, 'insecure-skip-tls-verify');
      upsert(config.clusters, { name, cluster });
      save(config);
      process.stdout.write(`Cluster "${name}" ${existing ? 'modified' : 'set'}.\n`);
      return 0;
    }
    case 'set-credentials': {
      const name = rest[0];
      if (!name) throw new CliError('Unexpected args: []');
      const existing = config.users.find((c) => c.name === name);
      const user = { ...(existing?.user ?? {}) };
      if (ctx.changed.has('token')) user.token = str(f, 'token');
      upsert(config.users, { name, user });
      save(config);
      process.stdout.write(`User "${name}" ${existing ? 'modified' : 'set'}.\n`);
      return 0;
    }
    case 'delete-context': {
      const name = rest[0];
      if (!config.contexts.some((c) => c.name === name)) throw new CliError(`cannot delete context ${name}, not in ${writeTarget(paths)}`);
      config.contexts = config.contexts.filter((c) => c.name !== name);
      save(config);
      process.stdout.write(`deleted context ${name} from ${writeTarget(paths)}\n`);
      return 0;
    }
    default:
      throw new CliError(sub ? `unknown command "${sub}" for "mk config"` : help, 1, !sub);
  }
}
