// From a RuleSet to the text iptables-restore reads. A partial payload leaves out every chain
// whose rules did not change since the last apply: with --noflush, chains not named keep theirs.
import type { RuleSet, ServiceBlock } from './builder.js';
import { chainLine } from './builder.js';

/** What was applied last time, by chain group: per-service blocks and top-level chains. */
export interface AppliedTexts {
  blocks: Map<string, string>;
  /** `table/chain` -> its rules. */
  top: Map<string, string>;
}

export interface RenderOptions {
  /** Applied last time: identical chains are left out (a partial sync). */
  previous?: AppliedTexts;
  /** Service chains present in the kernel but no longer wanted: flushed and deleted. */
  staleNatChains?: string[];
  /** Rules outside our chains (jumps from PREROUTING, INPUT, ...), appended before each COMMIT. */
  extraRules?: { filter?: string[]; nat?: string[] };
}

/** A block's text; blocks of unchanged services are reused by the builder, so their text is too. */
export function blockText(b: ServiceBlock): string {
  let t = blockTextCache.get(b);
  if (t === undefined) {
    t = b.chains.join('\n') + '\n' + b.rules.join('\n');
    blockTextCache.set(b, t);
  }
  return t;
}
const blockTextCache = new WeakMap<ServiceBlock, string>();

/** Top-level rules grouped by chain, in the order the chains are declared. */
function groupTop(chains: string[], rules: string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const c of chains) groups.set(c.slice(1, c.indexOf(' ')), []);
  for (const r of rules) {
    const chain = r.slice(3, r.indexOf(' ', 3));
    let g = groups.get(chain);
    if (!g) groups.set(chain, (g = []));
    g.push(r);
  }
  return groups;
}

/** The text of every chain group, to pass as `previous` next time. */
export function appliedTexts(rs: RuleSet): AppliedTexts {
  const top = new Map<string, string>();
  for (const [table, chains, rules] of [['filter', rs.filterChains, rs.filterRules], ['nat', rs.natChains, rs.natRules]] as const) {
    for (const [chain, g] of groupTop(chains, rules)) top.set(`${table}/${chain}`, g.join('\n'));
  }
  return { blocks: blockTexts(rs), top };
}

/** The iptables-restore payload (filter, then nat), as kube-proxy writes it; partial when `previous` is given. */
export function renderPayload(rs: RuleSet, opts: RenderOptions = {}): string {
  const prev = opts.previous;
  const out: string[] = [];
  const table = (name: 'filter' | 'nat', chains: string[], rules: string[]): { chainLines: string[]; ruleLines: string[] } => {
    if (!prev) return { chainLines: chains, ruleLines: rules };
    const chainLines: string[] = [];
    const ruleLines: string[] = [];
    for (const [chain, g] of groupTop(chains, rules)) {
      if (prev.top.get(`${name}/${chain}`) === g.join('\n')) continue;
      chainLines.push(chainLine(chain));
      ruleLines.push(...g);
    }
    return { chainLines, ruleLines };
  };
  const f = table('filter', rs.filterChains, rs.filterRules);
  out.push('*filter', ...f.chainLines, ...f.ruleLines, ...(opts.extraRules?.filter ?? []), 'COMMIT');
  const n = table('nat', rs.natChains, rs.natRules);
  out.push('*nat', ...n.chainLines);
  const blocks = [...rs.serviceBlocks.values()].filter((b) => prev?.blocks.get(b.key) !== blockText(b));
  for (const b of blocks) out.push(...b.chains);
  const stale = opts.staleNatChains ?? [];
  for (const c of stale) out.push(chainLine(c));
  out.push(...n.ruleLines);
  for (const b of blocks) out.push(...b.rules);
  for (const c of stale) out.push(`-X ${c}`);
  out.push(...(opts.extraRules?.nat ?? []), 'COMMIT');
  return out.join('\n') + '\n';
}

/** The text of every service block. */
export function blockTexts(rs: RuleSet): Map<string, string> {
  const m = new Map<string, string>();
  for (const b of rs.serviceBlocks.values()) m.set(b.key, blockText(b));
  return m;
}

/** True when nothing differs between what was applied and this RuleSet. */
export function sameAsApplied(prev: AppliedTexts, next: AppliedTexts): boolean {
  if (prev.blocks.size !== next.blocks.size || prev.top.size !== next.top.size) return false;
  for (const [k, v] of next.blocks) if (prev.blocks.get(k) !== v) return false;
  for (const [k, v] of next.top) if (prev.top.get(k) !== v) return false;
  return true;
}
