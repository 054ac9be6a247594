// kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath): text with {actions}.
// Supported: .field, ['field'], [n], [a:b], [*], ..field, [?(@.path op value)], range/end,
// string literals, and several results joined by spaces.
import { CliError } from '../cli/errors.js';

type Step =
  | { t: 'field'; name: string }
  | { t: 'index'; start?: number; end?: number; single: boolean }
  | { t: 'all' }
  | { t: 'recursive'; name: string }
  | { t: 'filter'; path: Step[]; op?: string; value?: unknown; neg?: boolean };

type Node =
  | { t: 'text'; text: string }
  | { t: 'path'; steps: Step[]; root: boolean }
  | { t: 'range'; steps: Step[]; body: Node[] };

function parsePath(src: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const s = src.trim();
  if (s.startsWith('$')) i = 1;
  if (s.startsWith('@')) i = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      if (s[i + 1] === '.') {
        i += 2;
        const m = /^[A-Za-z0-9_\-$*]+/.exec(s.slice(i));
        if (!m) throw new CliError(`unrecognized identifier in jsonpath ${src}`);
        steps.push({ t: 'recursive', name: m[0] });
        i += m[0].length;
        continue;
      }
      i++;
      const m = /^[A-Za-z0-9_\-$/]+/.exec(s.slice(i));
      if (!m) {
        if (i >= s.length) break;
        if (s[i] === '*') {
          steps.push({ t: 'all' });
          i++;
          continue;
        }
        if (s[i] === '[') continue;
        throw new CliError(`unrecognized character in action: ${JSON.stringify(s[i])}`);
      }
      steps.push({ t: 'field', name: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '[') {
      const close = findClose(s, i);
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ t: 'all' });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ t: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(')) steps.push(parseFilter(inner.slice(2, -1)));
      else if (/^-?\d*(:-?\d*)?$/.test(inner)) {
        if (inner.includes(':')) {
          const [a, b] = inner.split(':');
          steps.push({ t: 'index', start: a === '' ? undefined : Number(a), end: b === '' ? undefined : Number(b), single: false });
        } else steps.push({ t: 'index', start: Number(inner), single: true });
      } else throw new CliError(`invalid array index ${inner}`);
      continue;
    }
    if (c === ' ') {
      i++;
      continue;
    }
    // A bare word at the start, as in {metadata.name}.
    const m = /^[A-Za-z0-9_\-$]+/.exec(s.slice(i));
    if (!m) throw new CliError(`unrecognized character in action: ${JSON.stringify(c)}`);
    steps.push({ t: 'field', name: m[0] });
    i += m[0].length;
  }
  return steps;
}

function findClose(s: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new CliError(`unclosed array expect ]`);
}

function parseFilter(expr: string): Step {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/.exec(expr.trim());
  if (!m) return { t: 'filter', path: parsePath(expr.trim()) };
  const raw = m[3].trim();
  let value: unknown = raw;
  if (/^'.*'$|^".*"$/.test(raw)) value = raw.slice(1, -1);
  else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  return { t: 'filter', path: parsePath(m[1]), op: m[2], value };
}

function parseTemplate(tpl: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ t: 'text', text: tpl.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ t: 'text', text: tpl.slice(i, open) });
    let close = -1;
    let quote: string | undefined;
    for (let j = open + 1; j < tpl.length; j++) {
      const c = tpl[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = undefined;
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === '}') {
        close = j;
        break;
      }
    }
    if (close < 0) throw new CliError(`unclosed action`);
    const action = tpl.slice(open + 1, close).trim();
    i = close + 1;
    const cur = stack[stack.length - 1];
    if (action.startsWith('range ')) {
      const node: Node = { t: 'range', steps: parsePath(action.slice(6)), body: [] };
      cur.push(node);
      stack.push(node.body);
    } else if (action === 'end') {
      if (stack.length === 1) throw new CliError('not in range, nothing to end');
      stack.pop();
    } else if (/^".*"$/s.test(action)) {
      cur.push({ t: 'text', text: JSON.parse(action) as string });
    } else if (/^'.*'$/s.test(action)) {
      cur.push({ t: 'text', text: action.slice(1, -1) });
    } else {
      cur.push({ t: 'path', steps: parsePath(action), root: action.startsWith('$') });
    }
  }
  if (stack.length > 1) throw new CliError('unclosed range');
  return root;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
      return a === b || String(a) === String(b);
    case '!=':
      return !(a === b || String(a) === String(b));
    case '<':
      return Number(a) < Number(b);
    case '>':
      return Number(a) > Number(b);
    case '<=':
      return Number(a) <= Number(b);
    case '>=':
      return Number(a) >= Number(b);
    case '=~':
      return new RegExp(String(b)).test(String(a));
    default:
      return false;
  }
}

function recurse(v: unknown, name: string, out: unknown[]): void {
  if (Array.isArray(v)) for (const x of v) recurse(x, name, out);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (name === '*') out.push(...Object.values(o));
    else if (name in o) out.push(o[name]);
    for (const x of Object.values(o)) recurse(x, name, out);
  }
}

/** Evaluate a path against values; undefined results are dropped. */
export function evalSteps(values: unknown[], steps: Step[]): unknown[] {
  let cur = values;
  for (const st of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      switch (st.t) {
        case 'field':
          if (v && typeof v === 'object' && !Array.isArray(v) && st.name in (v as object)) next.push((v as Record<string, unknown>)[st.name]);
          break;
        case 'all':
          if (Array.isArray(v)) next.push(...v);
          else if (v && typeof v === 'object') next.push(...Object.values(v));
          break;
        case 'index':
          if (Array.isArray(v)) {
            if (st.single) {
              const idx = st.start! < 0 ? v.length + st.start! : st.start!;
              if (idx >= 0 && idx < v.length) next.push(v[idx]);
            } else next.push(...v.slice(st.start ?? 0, st.end ?? v.length));
          }
          break;
        case 'recursive':
          recurse(v, st.name, next);
          break;
        case 'filter':
          if (Array.isArray(v)) {
            for (const item of v) {
              const got = evalSteps([item], st.path);
              if (st.op === undefined ? got.length > 0 : got.some((g) => compare(g, st.op!, st.value))) next.push(item);
            }
          }
          break;
      }
    }
    cur = next;
  }
  return cur;
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function run(nodes: Node[], data: unknown, root: unknown, allowMissing: boolean): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.text;
    else if (n.t === 'path') {
      const results = evalSteps([n.root ? root : data], n.steps);
      if (results.length === 0 && !allowMissing) throw new CliError(`error executing jsonpath: not found`);
      out += results.map(show).join(' ');
    } else {
      for (const item of evalSteps([data], n.steps)) out += run(n.body, item, root, allowMissing);
    }
  }
  return out;
}

/** Run a kubectl JSONPath template (with or without the surrounding braces) against data. */
export function jsonpath(template: string, data: unknown, allowMissing = true): string {
  let tpl = template;
  if (!tpl.includes('{')) tpl = `{${tpl}}`;
  return run(parseTemplate(tpl), data, data, allowMissing);
}

/** Evaluate one path expression (as custom-columns does) and return the raw results. */
export function jsonpathValues(expr: string, data: unknown): unknown[] {
  let e = expr.trim();
  if (e.startsWith('{') && e.endsWith('}')) e = e.slice(1, -1);
  return evalSteps([data], parsePath(e));
}
