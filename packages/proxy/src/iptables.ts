// The applier: puts a RuleSet into the kernel with one iptables-restore --noflush, so the
// switch is atomic and chains that are not ours are untouched. Partial syncs send only the
// service chains that changed; full syncs also re-install jumps and delete stale chains.
import { run } from './exec.js';
import type { JumpRule, RuleSet } from './rules/builder.js';
import { JUMP_RULES, KUBELET_JUMP_RULES, jumpRuleArgs } from './rules/builder.js';
import { appliedTexts, renderPayload, sameAsApplied } from './rules/render.js';
import type { AppliedTexts } from './rules/render.js';
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FIREWALL,
  KUBE_FORWARD,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
  isServiceChainName,
} from './rules/names.js';
import { DOCKER_USER, FLANNEL_FWD, FLANNEL_POSTRTG, podNetworkJumps } from './rules/podnet.js';
import { cleanupRoutes } from './routes.js';

export type Table = 'nat' | 'filter';

export { run };

export async function iptablesSave(table: Table): Promise<string> {
  return run('iptables-save', ['-t', table]);
}

/** iptables-restore --noflush: only the chains named in the payload are flushed and rewritten. */
export async function iptablesRestore(payload: string): Promise<void> {
  await run('iptables-restore', ['-w', '--noflush'], payload);
}

/** Chain names declared in iptables-save output for one table. */
export function chainsFromSave(save: string): Set<string> {
  const chains = new Set<string>();
  for (const line of save.split('\n')) if (line.startsWith(':')) chains.add(line.slice(1, line.indexOf(' ')));
  return chains;
}

/** True when an iptables-save line is the jump (the kernel normalises argument order, so match loosely). */
export function isJumpLine(l: string, j: JumpRule): boolean {
  if (!l.startsWith(`-A ${j.srcChain} `) || !l.endsWith(`-j ${j.dstChain}`)) return false;
  if (j.comment && !l.includes(`--comment "${j.comment}"`) && !l.includes(`--comment ${j.comment}`)) return false;
  // Addresses (-s/-d) must match too: a jump for another cluster CIDR is not this one.
  for (let i = 0; i + 1 < j.extraArgs.length; i++) {
    const a = j.extraArgs[i]!;
    if ((a === '-s' || a === '-d') && !l.includes(` ${a} ${j.extraArgs[i + 1]}`)) return false;
  }
  return true;
}

/** True when iptables-save output holds the jump. */
export function hasJump(save: string, j: JumpRule): boolean {
  return save.split('\n').some((l) => isJumpLine(l, j));
}

/** The pod network's chains, by table. */
const POD_NETWORK_CHAINS: Record<Table, string> = { filter: FLANNEL_FWD, nat: FLANNEL_POSTRTG };

/** Our top-level chains per table, beside the per-service KUBE-SVC/SVL/EXT/FW/SEP chains. */
const OWN_CHAINS: Record<Table, string[]> = {
  nat: [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ, FLANNEL_POSTRTG],
  filter: [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL, KUBE_FIREWALL, FLANNEL_FWD],
};
const isOwnChain = (table: Table, c: string): boolean => OWN_CHAINS[table].includes(c) || (table === 'nat' && isServiceChainName(c));

export interface SyncResult {
  /** Nothing changed since the last sync: iptables-restore was not run. */
  skipped: boolean;
  full: boolean;
  /** The payload sent (empty when skipped). */
  payload: string;
  staleChainsDeleted: number;
}

export class IptablesApplier {
  private previous: AppliedTexts | undefined;
  private previousActive: Set<string> = new Set();

  /** Forget what was applied: the next sync writes everything (after a failure, or on demand). */
  reset(): void {
    this.previous = undefined;
  }

  /**
   * Apply a RuleSet. A full sync (first, periodic, after a failure) reads the tables once to
   * re-install missing jumps and delete stale service chains; others send only what changed.
   */
  async sync(rs: RuleSet, opts: { full?: boolean } = {}): Promise<SyncResult> {
    const full = opts.full || !this.previous;
    const texts = appliedTexts(rs);
    if (!full && sameAsApplied(this.previous!, texts)) return { skipped: true, full, payload: '', staleChainsDeleted: 0 };

    let stale: string[];
    const extra: { filter: string[]; nat: string[] } = { filter: [], nat: [] };
    if (full) {
      const [nat, filter] = await Promise.all([iptablesSave('nat'), iptablesSave('filter')]);
      stale = [...chainsFromSave(nat)].filter((c) => isServiceChainName(c) && !rs.activeNatChains.has(c));
      const saves: Record<Table, string> = { nat, filter };
      const jumps = [...JUMP_RULES, ...(rs.filterChains.includes(`:${KUBE_FIREWALL} - [0:0]`) ? KUBELET_JUMP_RULES : [])];
      if (rs.podNetworkCIDR) {
        const pn = podNetworkJumps(rs.podNetworkCIDR, chainsFromSave(filter).has(DOCKER_USER));
        jumps.push(...pn);
        // Jumps into the pod network's chains that are not wanted now (another cluster CIDR).
        for (const table of ['filter', 'nat'] as const) {
          for (const l of saves[table].split('\n')) {
            if (l.endsWith(`-j ${POD_NETWORK_CHAINS[table]}`) && !pn.some((j) => j.table === table && isJumpLine(l, j))) extra[table].push('-D' + l.slice(2));
          }
        }
      } else {
        // The pod network was on in an earlier run and is off now: its chains are stale.
        for (const table of ['filter', 'nat'] as const) extra[table].push(...removeChainLines(saves[table], [POD_NETWORK_CHAINS[table]], false));
      }
      for (const j of jumps) if (!hasJump(saves[j.table], j)) extra[j.table].push(`${j.append ? '-A' : '-I'} ${j.srcChain} ${jumpRuleArgs(j).join(' ')}`);
    } else {
      stale = [...this.previousActive].filter((c) => !rs.activeNatChains.has(c));
    }
    const payload = renderPayload(rs, { previous: full ? undefined : this.previous, staleNatChains: stale, extraRules: extra });
    try {
      await iptablesRestore(payload);
    } catch (err) {
      this.reset(); // state unknown: write everything next time
      throw err;
    }
    this.previous = texts;
    this.previousActive = new Set(rs.activeNatChains);
    return { skipped: false, full, payload, staleChainsDeleted: stale.length };
  }
}

/**
 * Remove every rule and chain the proxy made (`mk-proxy --cleanup`): the jumps from the
 * standard chains, then our chains flushed and deleted, in one restore per table.
 */
export async function cleanupLeftovers(): Promise<{ chainsDeleted: string[]; routesDeleted: string[] }> {
  const deleted: string[] = [];
  for (const table of ['filter', 'nat'] as const) {
    const save = await iptablesSave(table);
    const ours = [...chainsFromSave(save)].filter((c) => isOwnChain(table, c));
    if (ours.length === 0) continue;
    await iptablesRestore([`*${table}`, ...removeChainLines(save, ours), 'COMMIT', ''].join('\n'));
    deleted.push(...ours.map((c) => `${table}/${c}`));
  }
  // The pod network's routes to other nodes.
  const routesDeleted = await cleanupRoutes();
  return { chainsDeleted: deleted, routesDeleted };
}

/**
 * Restore lines that delete chains present in a table's save: the chains declared (which
 * flushes them), rules elsewhere that jump into them deleted as saved, then the chains.
 */
function removeChainLines(save: string, chains: string[], declare = true): string[] {
  const present = chainsFromSave(save);
  const ours = new Set(chains.filter((c) => present.has(c)));
  if (ours.size === 0) return [];
  // Declarations go before any rule in a payload; after rules, -F flushes instead.
  const out = [...ours].map((c) => (declare ? `:${c} - [0:0]` : `-F ${c}`));
  // Rules in other chains that jump into ours (PREROUTING, INPUT, DOCKER-USER, ...).
  for (const line of save.split('\n')) {
    const m = /^-A (\S+) .*-j (\S+)(?: .*)?$/.exec(line);
    if (m && !ours.has(m[1]!) && ours.has(m[2]!)) out.push('-D' + line.slice(2));
  }
  for (const c of ours) out.push(`-X ${c}`);
  return out;
}
