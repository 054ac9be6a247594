// Entry point: global flags (before or after the verb), dispatch to the command module,
// and kubectl's error rendering and exit codes.
import { CliError } from './errors.js';
import { parseFlags, type FlagSpec } from './flags.js';
import { COMMANDS, findCommand } from './registry.js';
import { suggestions } from './suggest.js';
import type { GlobalOptions } from './command.js';
import { renderError } from './render-error.js';

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'kubeconfig', type: 'string', usage: 'Path to the kubeconfig file to use for CLI requests.' },
  { name: 'context', type: 'string', usage: 'The name of the kubeconfig context to use' },
  { name: 'cluster', type: 'string', usage: 'The name of the kubeconfig cluster to use' },
  { name: 'user', type: 'string', usage: 'The name of the kubeconfig user to use' },
  { name: 'namespace', short: 'n', type: 'string', usage: 'If present, the namespace scope for this CLI request' },
  { name: 'server', short: 's', type: 'string', usage: 'The address and port of the Kubernetes API server' },
  { name: 'token', type: 'string', usage: 'Bearer token for authentication to the API server' },
  { name: 'insecure-skip-tls-verify', type: 'bool', usage: "If true, the server's certificate will not be checked for validity." },
  { name: 'request-timeout', type: 'string', usage: 'The length of time to wait before giving up on a single server request.' },
  { name: 'v', short: 'v', type: 'int', usage: 'number for the log level verbosity' },
  { name: 'help', short: 'h', type: 'bool', usage: 'help for the command' },
];

function globalOptions(f: Record<string, unknown>): GlobalOptions {
  const s = (k: string): string | undefined => (typeof f[k] === 'string' ? (f[k] as string) : undefined);
  return {
    kubeconfig: s('kubeconfig'),
    context: s('context'),
    cluster: s('cluster'),
    user: s('user'),
    namespace: s('namespace'),
    server: s('server'),
    token: s('token'),
    insecureSkipTlsVerify: f['insecure-skip-tls-verify'] === true ? true : undefined,
    requestTimeout: s('request-timeout'),
    verbosity: typeof f.v === 'number' ? f.v : 0,
  };
}

export function rootHelp(): string {
  const groups = new Map<string, string[]>();
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 3;
  for (const c of COMMANDS) {
    const lines = groups.get(c.group) ?? [];
    lines.push(`  ${c.name.padEnd(width)}${c.summary}`);
    groups.set(c.group, lines);
  }
  let out = 'mk controls the mk cluster manager (kubectl-compatible).\n\n';
  for (const [g, lines] of groups) out += `${g}\n${lines.join('\n')}\n\n`;
  out += 'Usage:\n  mk [flags] [options]\n\nUse "mk <command> --help" for more information about a given command.\n';
  return out;
}

let ran: string | undefined;
/** The command the last main() call ran (bin/mk.js names its code cache after it). */
export function commandRun(): string | undefined {
  return ran;
}

/** Run mk with argv (without `node mk.js`); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const pre = parseFlags(argv, GLOBAL_FLAGS, 'mk', true);
    const [verb, ...rest] = pre.args;
    if (!verb) {
      process.stdout.write(rootHelp());
      return 0;
    }
    if (verb === 'help') {
      const target = rest[0] && findCommand(rest[0]);
      if (target) return main([target.name, '--help']);
      process.stdout.write(rootHelp());
      return 0;
    }
    if (verb === 'options') {
      process.stdout.write(commandHelp('The following options can be passed to any command:', GLOBAL_FLAGS).replace(/\nUse "mk options".*\n$/, '\n'));
      return 0;
    }
    const entry = findCommand(verb);
    if (!entry) {
      const near = suggestions(verb, COMMANDS.map((c) => c.name));
      let msg = `unknown command "${verb}" for "mk"`;
      if (near.length) msg += `\n\nDid you mean this?\n${near.map((n) => `\t${n}`).join('\n')}\n`;
      throw new CliError(msg);
    }
    const mod = await entry.load();
    const path = `mk ${entry.name}`;
    const parsed = parseFlags(rest, [...mod.flags, ...GLOBAL_FLAGS], path);
    for (const k of pre.changed) if (!parsed.changed.has(k)) parsed.flags[k] = pre.flags[k];
    if (parsed.flags.help === true) {
      process.stdout.write(commandHelp(mod.help, mod.flags));
      return 0;
    }
    ran = entry.name;
    const code = await mod.run({
      path,
      args: parsed.args,
      flags: parsed.flags,
      changed: new Set([...pre.changed, ...parsed.changed]),
      dashArgs: parsed.dashArgs,
      global: globalOptions(parsed.flags),
    });
    return code ?? 0;
  } catch (e) {
    const { message, exitCode } = renderError(e);
    process.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
    return exitCode;
  }
}

export function commandHelp(help: string, flags: FlagSpec[]): string {
  // kubectl's layout: `    -o, --output='':` then the usage on the next line, tab-indented.
  const lines = flags.map((f) => {
    const head = f.short ? `-${f.short}, --${f.name}` : `--${f.name}`;
    let def: string;
    if (f.type === 'bool') def = String(f.default ?? false);
    else if (f.type === 'int') def = String(f.default ?? 0);
    else if (f.type === 'stringArray') def = `[${((f.default as string[] | undefined) ?? []).join(',')}]`;
    else def = `'${(f.default as string | undefined) ?? ''}'`;
    return `    ${head}=${def}:\n\t${f.usage}\n`;
  });
  return `${help.trimEnd()}\n\nOptions:\n${lines.join('\n')}\nUse "mk options" for a list of global command-line options (applies to all commands).\n`;
}
