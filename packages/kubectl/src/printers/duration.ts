// Ages the CLI computes itself (describe, events), with @mk/api's HumanDuration.
import { humanDuration } from '@mk/api';

export { humanDuration };

/** `5m3s` since an RFC 3339 timestamp, or `<unknown>`. */
export function age(timestamp: string | undefined, now = Date.now()): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}
