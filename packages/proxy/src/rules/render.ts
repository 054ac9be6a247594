// From a RuleSet to the text iptables-restore reads. A partial payload leaves out the chains
// of service ports whose rules did not change: with --noflush, chains not named keep their rules.
import type { RuleSet } from './builder.js';
import { chainLine } from './builder.js';

export interface RenderOptions {
  /** Blocks (by key, joined text) applied last time: identical ones are left out. */
  previousBlocks?: Map<string, string>;
  /** Service chains present in the kernel but no longer wanted: flushed and deleted. */
  staleNatChains?: string[];
  /** Rules outside our chains (jumps from PREROUTING, INPUT, ...), appended before each COMMIT. */
  extraRules?: { filter?: string[]; nat?: string[] };
}

export const blockText = (b: { chains: string[]; rules: string[] }): string => b.chains.join('\n') + '\n' + b.rules.join('\n');

/** The whole iptables-restore payload (filter, then nat), as kube-proxy writes it. */
export function renderPayload(rs: RuleSet, opts: RenderOptions = {}): string {
  const out: string[] = ['*filter', ...rs.filterChains, ...rs.filterRules, ...(opts.extraRules?.filter ?? []), 'COMMIT', '*nat', ...rs.natChains];
  const blocks = [...rs.serviceBlocks.values()].filter((b) => opts.previousBlocks?.get(b.key) !== blockText(b));
  for (const b of blocks) out.push(...b.chains);
  const stale = opts.staleNatChains ?? [];
  for (const c of stale) out.push(chainLine(c));
  out.push(...rs.natRules);
  for (const b of blocks) out.push(...b.rules);
  for (const c of stale) out.push(`-X ${c}`);
  out.push(...(opts.extraRules?.nat ?? []), 'COMMIT');
  return out.join('\n') + '\n';
}

/** The text of every block, to pass as previousBlocks next time. */
export function blockTexts(rs: RuleSet): Map<string, string> {
  const m = new Map<string, string>();
  for (const b of rs.serviceBlocks.values()) m.set(b.key, blockText(b));
  return m;
}
