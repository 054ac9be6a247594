// Ages as kubectl prints them; the rounding lives in @mk/api so the CLI shares it.
import { humanDuration } from '@mk/api';

export { humanDuration };

/** translateTimestampSince: `<unknown>` for a missing timestamp. */
export function since(timestamp: string | undefined | null, now: Date): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now.getTime() - t);
}
