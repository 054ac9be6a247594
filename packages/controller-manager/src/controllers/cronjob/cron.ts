// Cron schedules as CronJobs take them (robfig/cron's standard parser): five fields
// (minute hour day-of-month month day-of-week) with *, lists, ranges, steps and names, or a
// descriptor (@hourly, @daily, ...). When both day fields are restricted, either may match.
// Times are evaluated in an IANA time zone (spec.timeZone; the controller's local one if unset).

export interface Schedule {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domStar: boolean;
  dowStar: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function parseField(field: string, min: number, max: number, names?: string[], nameBase = 0): { set: Set<number>; star: boolean } {
  const set = new Set<number>();
  let star = false;
  const value = (s: string): number => {
    const i = names?.indexOf(s.toLowerCase()) ?? -1;
    if (i >= 0) return i + nameBase;
    if (!/^\d+$/.test(s)) throw new Error(`failed to parse int from ${s}: strconv.Atoi: parsing "${s}": invalid syntax`);
    return Number(s);
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = min;
      hi = max;
      if (stepText === undefined) star = true;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      lo = value(a);
      hi = value(b);
    } else {
      lo = value(range);
      hi = stepText !== undefined ? max : lo;
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) throw new Error(`step of range should be a positive number: ${part}`);
    if (lo < min) throw new Error(`beginning of range (${lo}) below minimum (${min}): ${part}`);
    if (hi > max) throw new Error(`end of range (${hi}) above maximum (${max}): ${part}`);
    if (lo > hi) throw new Error(`beginning of range (${lo}) beyond end of range (${hi}): ${part}`);
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return { set, star };
}

export function parseSchedule(spec: string): Schedule {
  const text = DESCRIPTORS[spec.trim()] ?? spec.trim();
  const fields = text.split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const minute = parseField(fields[0], 0, 59);
  const hour = parseField(fields[1], 0, 23);
  const dom = parseField(fields[2], 1, 31);
  const month = parseField(fields[3], 1, 12, MONTHS, 1);
  const dow = parseField(fields[4], 0, 7, DAYS);
  if (dow.set.has(7)) dow.set.add(0); // 7 is Sunday too
  return { minute: minute.set, hour: hour.set, dom: dom.set, month: month.set, dow: dow.set, domStar: dom.star, dowStar: dow.star };
}

interface Fields {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of an instant in a time zone. */
function fieldsIn(t: number, timeZone: string | undefined): Fields {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', minute: 'numeric', hour: 'numeric', day: 'numeric', month: 'numeric', weekday: 'short' });
    formatters.set(key, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(t))) parts[p.type] = p.value;
  return {
    minute: Number(parts.minute),
    hour: Number(parts.hour) % 24,
    day: Number(parts.day),
    month: Number(parts.month),
    weekday: DAYS.indexOf(parts.weekday.toLowerCase().slice(0, 3)),
  };
}

export function matches(s: Schedule, t: number, timeZone?: string): boolean {
  const f = fieldsIn(t, timeZone);
  if (!s.minute.has(f.minute) || !s.hour.has(f.hour) || !s.month.has(f.month)) return false;
  const domOk = s.dom.has(f.day);
  const dowOk = s.dow.has(f.weekday);
  if (s.domStar || s.dowStar) return domOk && dowOk;
  return domOk || dowOk;
}

/** Throws a RangeError for a time zone the runtime does not know. */
export function validateTimeZone(tz: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: tz });
}

const MINUTE = 60_000;

/** The first scheduled time strictly after t (searching at most ~5 years ahead). */
export function nextAfter(s: Schedule, t: number, timeZone?: string): number | undefined {
  let m = Math.floor(t / MINUTE) * MINUTE + MINUTE;
  for (let i = 0; i < 5 * 366 * 24 * 60; i++, m += MINUTE) if (matches(s, m, timeZone)) return m;
  return undefined;
}

/**
 * Scheduled times in (earliest, now]: the most recent one and how many there were
 * (getMostRecentScheduleTime), counting at most `cap`.
 */
export function mostRecentSince(s: Schedule, earliest: number, now: number, timeZone?: string, cap = 101): { last: number | undefined; missed: number } {
  let last: number | undefined;
  let missed = 0;
  for (let t = nextAfter(s, earliest, timeZone); t !== undefined && t <= now; t = nextAfter(s, t, timeZone)) {
    last = t;
    missed++;
    if (missed >= cap) {
      // Too many to walk one by one: jump to the latest before now.
      let m = Math.floor(now / MINUTE) * MINUTE;
      while (m > t && !matches(s, m, timeZone)) m -= MINUTE;
      last = m;
      break;
    }
  }
  return { last, missed };
}
