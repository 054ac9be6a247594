// mk cluster-info [dump]
import type { KubeObject } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { bool, str } from '../cli/command.js';
import { openSession } from '../cli/session.js';
import { toJson, toYaml } from '../printers/serialize.js';

export const flags: CommandModule['flags'] = [
  { name: 'all-namespaces', short: 'A', type: 'bool', usage: 'If true, dump all namespaces. If true, --namespaces is ignored.' },
  { name: 'namespaces', type: 'string', usage: 'A comma separated list of namespaces to dump.' },
  { name: 'output', short: 'o', type: 'string', default: 'json', usage: 'Output format for dump: json or yaml.' },
  { name: 'output-directory', type: 'string', usage: 'Where to output the files. If empty or \'-\' uses stdout.' },
];

export const help = `Display addresses of the control plane and services with label kubernetes.io/cluster-service=true.

Available Commands:
  dump          Dump relevant information for debugging and diagnosis

Usage:
  mk cluster-info [flags] [options]`;

export async function run(ctx: CommandContext): Promise<number> {
  const s = openSession(ctx.global);
  if (ctx.args[0] === 'dump') return dump(ctx);
  const tty = process.stdout.isTTY;
  const green = (t: string): string => (tty ? `\x1b[0;32m${t}\x1b[0m` : t);
  const yellow = (t: string): string => (tty ? `\x1b[0;33m${t}\x1b[0m` : t);
  // Reaching the server first gives kubectl's connection error when it is down.
  await s.client.request('GET', '/version');
  let out = `${green('Kubernetes control plane')} is running at ${yellow(s.config.server)}\n`;
  const svcs = await s.client.list('services', { namespace: 'kube-system', labelSelector: 'kubernetes.io/cluster-service=true' });
  for (const svc of svcs.items) {
    const name = svc.metadata.labels?.['kubernetes.io/name'] ?? svc.metadata.name ?? '';
    const port = (svc as { spec?: { ports?: Array<{ name?: string; port: number }> } }).spec?.ports?.[0];
    const link = `${s.config.server}/api/v1/namespaces/kube-system/services/${svc.metadata.name}${port?.name ? `:${port.name}` : ''}/proxy`;
    out += `${green(name)} is running at ${yellow(link)}\n`;
  }
  out += "\nTo further debug and diagnose cluster problems, use 'mk cluster-info dump'.\n";
  process.stdout.write(out);
  return 0;
}

async function dump(ctx: CommandContext): Promise<number> {
  const s = openSession(ctx.global);
  const fmt = str(ctx.flags, 'output') === 'yaml' ? toYaml : toJson;
  const nodes = await s.client.list('nodes');
  let out = fmt(nodes);
  let namespaces: string[];
  if (bool(ctx.flags, 'all-namespaces')) namespaces = (await s.client.list('namespaces')).items.map((n: KubeObject) => n.metadata.name ?? '');
  else namespaces = str(ctx.flags, 'namespaces')?.split(',') ?? ['kube-system', s.config.namespaceExplicit ? s.namespace : 'default'];
  for (const ns of [...new Set(namespaces)]) {
    for (const t of ['events', 'services', 'daemonsets', 'deployments', 'replicasets', 'pods']) {
      out += fmt(await s.client.list(t, { namespace: ns }));
    }
    process.stdout.write(out);
    out = '';
  }
  process.stdout.write(`Cluster info dumped to standard output\n`);
  return 0;
}
