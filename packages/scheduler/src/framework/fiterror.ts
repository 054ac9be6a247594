// framework.FitError's message: "0/N nodes are available: <histogram>. <postFilter message>"
import type { Status } from './status.js';

export const NoNodeAvailableMsg = '0/%v nodes are available';

/** Counts each reason over the nodes and lists "count reason", sorted as strings. */
export function reasonsHistogram(statuses: Iterable<Status>): string {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const out: string[] = [];
  for (const [r, n] of counts) out.push(`${n} ${r}`);
  // Go's sort.Strings compares bytes; JS default sort compares UTF-16 units, the same for ASCII.
  out.sort();
  return out.join(', ');
}

export function fitErrorMessage(numAllNodes: number, statuses: Iterable<Status>, preFilterMsg = '', postFilterMsg = ''): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else msg += ` ${reasonsHistogram(statuses)}.`;
  // The preemption message is itself a FitError message ending in '.'; it is not doubled.
  if (postFilterMsg) msg += postFilterMsg.endsWith('.') ? ` ${postFilterMsg}` : ` ${postFilterMsg}.`;
  return msg;
}
