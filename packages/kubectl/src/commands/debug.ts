// mk debug scheduling POD / mk debug service NAME: mk's teaching views (not kubectl's
// `debug`). scheduling replays the scheduler's cycle for a pod over the cluster as it is now:
// which filter rejected each node and why, or each score plugin's share, and the chosen node.
// service shows the iptables rules kube-proxy wrote for a Service, with a note on each.
import { execFile } from 'node:child_process';
import type { KubeObject, Service } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { CliError } from '../cli/errors.js';
import { openSession, type Session } from '../cli/session.js';
import { TabWriter } from '../printers/tabwriter.js';

export const flags: CommandModule['flags'] = [];

export const help = `Explain what the cluster did, for learning (mk only).

 scheduling POD   Replay the scheduler's decision for a pod: one line per node with the filter
                  that rejected it and why, or its total score and per-plugin breakdown.
 service NAME     The iptables rules kube-proxy wrote for a Service, in the order a packet
                  meets them, each with a note on what it does (reads iptables-save: run as root
                  on the machine running mk up).

Examples:
  mk debug scheduling web-5d4f8c7b9-x2x7q
  mk debug service web -n shop

Usage:
  mk debug (scheduling POD | service NAME) [options]`;

type Explain = typeof import('@mk/scheduler').explainScheduling;

async function scheduling(s: Session, name: string): Promise<number> {
  const { explainScheduling } = await import('@mk/scheduler');
  type P = Parameters<Explain>;
  const pod = await s.client.get('pods', s.namespace, name);
  const [nodes, pods, pdbs, namespaces] = await Promise.all([
    s.client.list('nodes'),
    s.client.list('pods'),
    s.client.list('poddisruptionbudgets.policy').catch(() => ({ items: [] as KubeObject[] })),
    s.client.list('namespaces'),
  ]);
  const namespaceLabels: Record<string, Record<string, string>> = {};
  for (const n of namespaces.items) namespaceLabels[n.metadata.name ?? ''] = n.metadata.labels ?? {};
  // Only pods that hold resources on a node count, as in the scheduler's cache.
  const placed = pods.items.filter((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName && !['Succeeded', 'Failed'].includes((p.status as { phase?: string } | undefined)?.phase ?? ''));
  const ex = explainScheduling(pod as unknown as P[0], nodes.items as unknown as P[1], placed as unknown as P[2], { pdbs: pdbs.items as unknown as NonNullable<P[3]>['pdbs'], namespaceLabels });
  const boundTo = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  let out = `Pod ${ex.pod} (scheduler profile "${ex.profile}")${boundTo ? `, now bound to ${boundTo}` : ', pending'}\n`;
  out += `Nodes (${ex.nodes.length}):\n`;
  const tw = new TabWriter(0, 2);
  for (const n of ex.nodes) {
    if (n.filter) {
      tw.write(`  ${n.node}\trejected by ${n.filter.plugin}: ${n.filter.reasons.join('; ') || n.filter.code}\n`);
    } else if (n.scores) {
      const parts = n.scores.map((x) => `${x.plugin} ${x.normalized}x${x.weight}=${x.weighted}`);
      tw.write(`  ${n.node}\tfits, score ${n.total ?? 0}${n.node === ex.selectedNode ? ' (chosen)' : ''}${parts.length ? `: ${parts.join(', ')}` : ''}\n`);
    } else {
      tw.write(`  ${n.node}\tnot evaluated\n`);
    }
  }
  out += tw.flush();
  if (ex.selectedNode) out += `Chosen node: ${ex.selectedNode} (highest total score; ties are broken at random)\n`;
  else {
    out += `No node fits: ${ex.message ?? ''}\n`;
    if (ex.nominatedNodeName) out += `Preemption would nominate ${ex.nominatedNodeName}, evicting ${(ex.victims ?? []).join(', ') || 'no pods'}\n`;
  }
  process.stdout.write(out);
  return 0;
}

async function service(s: Session, name: string): Promise<number> {
  const { explainServiceRules } = await import('@mk/proxy');
  const svc = await s.client.get<Service>('services', s.namespace, name);
  const payload = await new Promise<string>((resolve, reject) =>
    execFile('iptables-save', [], { maxBuffer: 64 << 20 }, (err, stdout) =>
      err ? reject(new CliError(`cannot read the iptables rules (iptables-save: ${err.message.split('\n')[0]}); run mk debug service as root on the machine running mk up`)) : resolve(stdout),
    ),
  );
  process.stdout.write(explainServiceRules(payload, svc));
  return 0;
}

export async function run(ctx: CommandContext): Promise<number> {
  const [what, name, ...extra] = ctx.args;
  if (!what || !name || extra.length) throw new CliError(`expected 'debug (scheduling POD | service NAME)'\nSee '${ctx.path} -h' for help and examples`);
  const s = openSession(ctx.global);
  if (what === 'scheduling') return scheduling(s, name.replace(/^(pods?|po)\//, ''));
  if (what === 'service' || what === 'svc') return service(s, name.replace(/^(services?|svc)\//, ''));
  throw new CliError(`unknown debug target "${what}": mk debug explains "scheduling POD" or "service NAME"`);
}
