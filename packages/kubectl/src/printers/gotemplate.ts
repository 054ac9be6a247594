// A small subset of Go's text/template, enough for the forms kubectl users type:
// {{.a.b}}, {{range .items}}...{{end}}, {{if .x}}...{{else}}...{{end}}, {{"\n"}},
// {{index .m "key"}}, {{len .x}}, {{printf "%s" .x}}, {{$}}.
import { CliError } from '../cli/errors.js';
import { goValue } from './goformat.js';

type Node =
  | { t: 'text'; text: string }
  | { t: 'expr'; expr: string }
  | { t: 'range'; expr: string; body: Node[]; els: Node[] }
  | { t: 'if'; expr: string; body: Node[]; els: Node[] }
  | { t: 'with'; expr: string; body: Node[]; els: Node[] };

function parse(tpl: string): Node[] {
  const root: Node[] = [];
  const stack: Array<{ list: Node[]; owner?: Extract<Node, { els: Node[] }> }> = [{ list: root }];
  const re = /\{\{-?\s*(.*?)\s*-?\}\}/gs;
  let last = 0;
  for (let m = re.exec(tpl); m; m = re.exec(tpl)) {
    const top = stack[stack.length - 1];
    if (m.index > last) top.list.push({ t: 'text', text: tpl.slice(last, m.index) });
    last = re.lastIndex;
    const a = m[1];
    const kw = /^(range|if|with)\s+(.*)$/s.exec(a);
    if (kw) {
      const node = { t: kw[1] as 'range' | 'if' | 'with', expr: kw[2], body: [] as Node[], els: [] as Node[] };
      top.list.push(node);
      stack.push({ list: node.body, owner: node });
    } else if (a === 'else') {
      if (!top.owner) throw new CliError('template: unexpected {{else}}');
      top.list = top.owner.els;
    } else if (a === 'end') {
      if (stack.length === 1) throw new CliError('template: unexpected {{end}}');
      stack.pop();
    } else top.list.push({ t: 'expr', expr: a });
  }
  if (last < tpl.length) stack[stack.length - 1].list.push({ t: 'text', text: tpl.slice(last) });
  if (stack.length > 1) throw new CliError('template: unexpected EOF');
  return root;
}

function tokens(expr: string): string[] {
  return expr.match(/"(?:\\.|[^"])*"|`[^`]*`|\S+/g) ?? [];
}

function field(dot: unknown, path: string, root: unknown): unknown {
  let cur: unknown = path.startsWith('$') ? root : dot;
  const p = path.replace(/^\$/, '');
  for (const part of p.split('.').filter(Boolean)) {
    if (cur && typeof cur === 'object' && !Array.isArray(cur)) cur = (cur as Record<string, unknown>)[part];
    else return undefined;
  }
  return cur;
}

function arg(tok: string, dot: unknown, root: unknown): unknown {
  if (tok.startsWith('"')) return JSON.parse(tok) as string;
  if (tok.startsWith('`')) return tok.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(tok)) return Number(tok);
  if (tok === '.') return dot;
  if (tok.startsWith('.') || tok.startsWith('$')) return field(dot, tok, root);
  throw new CliError(`template: function "${tok}" not defined`);
}

function evalExpr(expr: string, dot: unknown, root: unknown): unknown {
  const toks = tokens(expr);
  if (!toks.length) return '';
  const [head, ...rest] = toks;
  const args = () => rest.map((t) => arg(t, dot, root));
  switch (head) {
    case 'index': {
      let [v, ...keys] = args();
      for (const k of keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[String(k)] : undefined;
      return v;
    }
    case 'len': {
      const [v] = args();
      return Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : String(v ?? '').length;
    }
    case 'printf': {
      const [fmt, ...vals] = args();
      let i = 0;
      return String(fmt).replace(/%[sdv]/g, () => show(vals[i++]));
    }
    case 'base64decode': {
      const [v] = args();
      return Buffer.from(String(v), 'base64').toString('utf8');
    }
    default:
      return arg(head, dot, root);
  }
}

function show(v: unknown): string {
  return v === undefined ? '<no value>' : goValue(v);
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

function exec(nodes: Node[], dot: unknown, root: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.text;
    else if (n.t === 'expr') out += show(evalExpr(n.expr, dot, root));
    else if (n.t === 'if') out += truthy(evalExpr(n.expr, dot, root)) ? exec(n.body, dot, root) : exec(n.els, dot, root);
    else if (n.t === 'with') {
      const v = evalExpr(n.expr, dot, root);
      out += truthy(v) ? exec(n.body, v, root) : exec(n.els, dot, root);
    } else {
      const v = evalExpr(n.expr, dot, root);
      const items = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.keys(v).sort().map((k) => (v as Record<string, unknown>)[k]) : [];
      if (items.length === 0) out += exec(n.els, dot, root);
      for (const item of items) out += exec(n.body, item, root);
    }
  }
  return out;
}

export function goTemplate(template: string, data: unknown): string {
  return exec(parse(template), data, data);
}
