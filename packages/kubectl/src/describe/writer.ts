// kubectl's describe PrefixWriter over a tabwriter (minwidth 0, padding 2), and the
// shared helpers every describer uses (labels, annotations, timestamps, events).
import type { KubeObject } from '@mk/api';
import { TabWriter } from '../printers/tabwriter.js';
import { humanDuration } from '../printers/duration.js';
import { LAST_APPLIED } from '../apply/last-applied.js';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

export class PrefixWriter {
  private tw = new TabWriter(0, 2);
  private done = '';
  write(level: number, text: string): void {
    this.tw.write('  '.repeat(level) + text);
  }
  line(...parts: string[]): void {
    this.tw.write(`${parts.join(' ')}\n`);
  }
  /** Flush the tabwriter so the next block aligns on its own (kubectl does this before Events). */
  flush(): void {
    this.done += this.tw.flush();
  }
  toString(): string {
    return this.done + this.tw.flush();
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z in local time: `Mon, 02 Jan 2006 15:04:05 -0700`. */
export function rfc1123z(ts: string | undefined): string {
  if (!ts) return '<unset>';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  const p = (n: number): string => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const oh = p(Math.trunc(Math.abs(off) / 60));
  const om = p(Math.abs(off) % 60);
  return `${DAYS[d.getDay()]}, ${p(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${sign}${oh}${om}`;
}

export function since(ts: string | undefined, now = Date.now()): string {
  if (!ts) return '<unknown>';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${k}=${labels![k]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;

export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => k !== LAST_APPLIED).sort();
  if (!keys.length) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i) w.write(LEVEL_0, '\t');
    let v = annotations![k];
    if (v.includes('\n') || v.length > MAX_ANNOTATION_LEN) {
      // kubectl prints long or multi-line values on the following lines, indented.
      const short = v.length > MAX_ANNOTATION_LEN ? `${v.slice(0, MAX_ANNOTATION_LEN - 3)}...` : v;
      w.write(LEVEL_0, `${k}:\n`);
      for (const line of short.trimEnd().split('\n')) w.write(LEVEL_0, `\t  ${line}\n`);
      return;
    }
    v = v.trim();
    w.write(LEVEL_0, `${k}: ${v}\n`);
  });
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const list = [...(tolerations ?? [])].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  if (!list.length) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  list.forEach((t, i) => {
    if (i) w.write(LEVEL_0, '\t');
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export function taintString(t: Taint): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints?.length) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  // kubectl groups by effect in this order.
  const order = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];
  const sorted = [...taints].sort((a, b) => order.indexOf(a.effect) - order.indexOf(b.effect));
  sorted.forEach((t, i) => {
    if (i) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

export interface CoreEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

export function describeEvents(w: PrefixWriter, events: CoreEvent[] | undefined): void {
  if (!events) return;
  if (!events.length) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const ts = (e: CoreEvent): number => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '') || 0;
  const sorted = [...events].sort((a, b) => ts(a) - ts(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.firstTimestamp ? since(e.firstTimestamp) : since(e.eventTime);
    const interval = (e.count ?? 0) > 1 ? `${since(e.lastTimestamp)} (x${e.count} over ${first})` : first;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}

/** `ReplicaSet/nginx-7955fd7786` from the controller owner reference. */
export function controlledBy(obj: KubeObject): string | undefined {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : undefined;
}
