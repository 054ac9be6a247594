// Label selectors (k8s.io/apimachinery/pkg/labels): the string syntax
// `a=b,c!=d,e in (x,y),f notin (z),g,!h`, metav1.LabelSelector objects, and node selector terms.
import type { LabelSelector } from './meta.js';
import { badRequest } from './status.js';
import type { NodeSelectorRequirement, NodeSelectorTerm } from './types/core.js';
import { fieldErrorMessage, invalid, type FieldError } from './validation/errors.js';
import { isQualifiedName, isValidLabelValue } from './validation/names.js';
import { validateLabelSelectorShape } from './validation/selector.js';

export type SelectorOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

export interface LabelSelectorMatcher {
  matches(labels: Record<string, string> | undefined): boolean;
  /** True when the selector selects everything. */
  readonly empty: boolean;
  /** Requirements sorted by key; undefined for the selector that matches nothing. */
  readonly requirements: readonly Requirement[] | undefined;
  /** The value `key` must have, when the selector pins it to one (RequiresExactMatch). */
  requiresExactMatch(key: string): string | undefined;
  toString(): string;
}

function requirementMatches(r: Requirement, labels: Record<string, string> | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const val = has ? labels![r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(val!);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(val!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[-+]?\d+$/.test(val!) || r.values.length !== 1) return false;
      const lv = BigInt(val!);
      const rv = BigInt(r.values[0]);
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

function requirementString(r: Requirement): string {
  const vals = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
  switch (r.operator) {
    case '!':
      return `!${r.key}`;
    case 'exists':
      return r.key;
    case 'in':
      return `${r.key} in (${vals})`;
    case 'notin':
      return `${r.key} notin (${vals})`;
    case 'gt':
      return `${r.key}>${vals}`;
    case 'lt':
      return `${r.key}<${vals}`;
    default:
      return `${r.key}${r.operator}${vals}`;
  }
}

class Selector implements LabelSelectorMatcher {
  readonly requirements: readonly Requirement[] | undefined;
  constructor(reqs: Requirement[] | undefined) {
    this.requirements = reqs?.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  get empty(): boolean {
    return this.requirements !== undefined && this.requirements.length === 0;
  }
  matches(labels: Record<string, string> | undefined): boolean {
    const reqs = this.requirements;
    if (reqs === undefined) return false;
    for (let i = 0; i < reqs.length; i++) if (!requirementMatches(reqs[i], labels)) return false;
    return true;
  }
  requiresExactMatch(key: string): string | undefined {
    for (const r of this.requirements ?? []) {
      if (r.key !== key) continue;
      if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0];
      return undefined;
    }
    return undefined;
  }
  toString(): string {
    return (this.requirements ?? []).map(requirementString).join(',');
  }
}

export const everything = (): LabelSelectorMatcher => new Selector([]);
export const nothing = (): LabelSelectorMatcher => new Selector(undefined);

/** A selector matching exactly the given labels (empty set: everything). */
export function selectorFromSet(set: Record<string, string> | undefined): LabelSelectorMatcher {
  return new Selector(Object.entries(set ?? {}).map(([key, v]) => ({ key, operator: '=', values: [v] })));
}

/** NewRequirement's checks; the errors Kubernetes aggregates, with `path` prefixing fields. */
function requirementErrors(key: string, op: SelectorOperator, vals: string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const child = (c: string) => (path ? `${path}.${c}` : c);
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(invalid(child('key'), key, keyErrs.join('; ')));
  switch (op) {
    case 'in':
    case 'notin':
      if (vals.length === 0) errs.push(invalid(child('values'), vals, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1) errs.push(invalid(child('values'), vals, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0) errs.push(invalid(child('values'), vals, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1) errs.push(invalid(child('values'), vals, "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (!/^[-+]?\d+$/.test(v)) errs.push(invalid(`${child('values')}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  vals.forEach((v, i) => {
    const ve = isValidLabelValue(v);
    if (ve.length) errs.push(invalid(`${child('values')}[${i}][${key}]`, v, ve.join('; ')));
  });
  return errs;
}

function aggregate(errs: FieldError[]): string {
  const msgs = errs.map(fieldErrorMessage);
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
}

// ---- Lexer and parser, following labels.Parse token for token so that errors read the same.
type Tok = 'err' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';
const KEYWORDS: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(' };
const isWS = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => c === '=' || c === '!' || c === '(' || c === ')' || c === ',' || c === '>' || c === '<';

function lex(s: string): Array<[Tok, string]> {
  const out: Array<[Tok, string]> = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWS(s[pos])) pos++;
    if (pos >= s.length) {
      out.push(['eos', '']);
      return out;
    }
    if (isSpecial(s[pos])) {
      let buf = '';
      let last: [Tok, string] | undefined;
      while (pos < s.length && isSpecial(s[pos])) {
        buf += s[pos];
        const t = Object.prototype.hasOwnProperty.call(KEYWORDS, buf) ? KEYWORDS[buf] : undefined;
        if (t) {
          last = [t, buf];
          pos++;
        } else if (last) break;
        else pos++;
      }
      out.push(last ?? ['err', `error expected: keyword found '${buf}'`]);
    } else {
      let buf = '';
      while (pos < s.length && !isSpecial(s[pos]) && !isWS(s[pos])) buf += s[pos++];
      out.push([Object.prototype.hasOwnProperty.call(KEYWORDS, buf) ? KEYWORDS[buf] : 'id', buf]);
    }
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly items: Array<[Tok, string]>) {}
  private look(values: boolean): [Tok, string] {
    const [t, l] = this.items[this.pos];
    return [values && (t === 'in' || t === 'notin') ? 'id' : t, l];
  }
  private next(values: boolean): [Tok, string] {
    const r = this.look(values);
    this.pos++;
    return r;
  }
  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const [t, lit] = this.look(true);
      if (t === 'eos') return reqs;
      if (t !== 'id' && t !== '!') throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      let r: Requirement;
      try {
        r = this.requirement();
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`);
      }
      reqs.push(r);
      const [t2, l2] = this.next(true);
      if (t2 === 'eos') return reqs;
      if (t2 !== ',') throw new Error(`found '${l2}', expected: ',' or 'end of string'`);
      const [t3, l3] = this.look(true);
      if (t3 !== 'id' && t3 !== '!') throw new Error(`found '${l3}', expected: identifier after ','`);
    }
  }
  private requirement(): Requirement {
    let op: SelectorOperator | undefined;
    let [t, lit] = this.next(true);
    if (t === '!') {
      op = '!';
      [t, lit] = this.next(true);
    }
    if (t !== 'id') throw new Error(`found '${lit}', expected: identifier`);
    const key = lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new Error(fieldErrorMessage(invalid('<nil>', key, keyErrs.join('; '))));
    const [la] = this.look(true);
    if (la === 'eos' || la === ',') op = op ?? 'exists';
    if (op === 'exists' || op === '!') return this.make(key, op, []);
    const [ot, ol] = this.next(false);
    const OPS: Partial<Record<Tok, SelectorOperator>> = { in: 'in', '=': '=', '==': '==', '>': 'gt', '<': 'lt', notin: 'notin', '!=': '!=' };
    const bop = OPS[ot];
    if (!bop) throw new Error(`found '${ol}', expected: in, notin, =, ==, !=, gt, lt`);
    const vals = bop === 'in' || bop === 'notin' ? this.setValues() : this.exactValue();
    return this.make(key, bop, [...new Set(vals)].sort());
  }
  private make(key: string, op: SelectorOperator, vals: string[]): Requirement {
    const errs = requirementErrors(key, op, vals, '');
    if (errs.length) throw new Error(aggregate(errs));
    return { key, operator: op, values: vals };
  }
  private setValues(): string[] {
    const [t, lit] = this.next(true);
    if (t !== '(') throw new Error(`found '${lit}' expected: '('`);
    const [t2, l2] = this.look(true);
    if (t2 === ')') {
      this.next(true);
      return [''];
    }
    if (t2 !== 'id' && t2 !== ',') throw new Error(`found '${l2}', expected: ',', ')' or identifier`);
    const s = new Set<string>();
    for (;;) {
      const [t3, l3] = this.next(true);
      if (t3 === 'id') {
        s.add(l3);
        const [t4, l4] = this.look(true);
        if (t4 === ',') continue;
        if (t4 === ')') break;
        throw new Error(`found '${l4}', expected: ',' or ')'`);
      } else if (t3 === ',') {
        if (s.size === 0) s.add('');
        const [t4] = this.look(true);
        if (t4 === ')') {
          s.add('');
          break;
        }
        if (t4 === ',') s.add('');
      } else throw new Error(`found '${l3}', expected: ',', or identifier`);
    }
    const [t5] = this.next(true);
    if (t5 !== ')') throw new Error(`found '${l2}', expected: ')'`);
    return [...s];
  }
  private exactValue(): string[] {
    const [t] = this.look(true);
    if (t === 'eos' || t === ',') return [''];
    const [t2, lit] = this.next(true);
    if (t2 === 'id') return [lit];
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

/** Parse Kubernetes' selector string; throws a 400 StatusError with Kubernetes' text. */
export function parseLabelSelector(s: string): LabelSelectorMatcher {
  try {
    return new Selector(new Parser(lex(s)).parse());
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}

/** metav1.LabelSelectorAsSelector: undefined/null matches nothing, `{}` matches everything. */
export function labelSelectorFromObject(ls: LabelSelector | null | undefined): LabelSelectorMatcher {
  if (ls === undefined || ls === null) return nothing();
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) {
    const errs = requirementErrors(k, '=', [v], '');
    if (errs.length) throw badRequest(aggregate(errs));
    reqs.push({ key: k, operator: '=', values: [v] });
  }
  for (const expr of ls.matchExpressions ?? []) {
    const OPS: Record<string, SelectorOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };
    const op = OPS[expr.operator];
    if (!op) throw badRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    const vals = [...(expr.values ?? [])];
    const errs = requirementErrors(expr.key, op, vals, '');
    if (errs.length) throw badRequest(aggregate(errs));
    reqs.push({ key: expr.key, operator: op, values: vals });
  }
  return new Selector(reqs);
}

/** Validation errors for a metav1.LabelSelector at `path` (ValidateLabelSelector). */
export const validateLabelSelector = validateLabelSelectorShape;

// ---- Node selectors (core/v1 NodeSelectorRequirement): Gt/Lt compare integers.

export function matchNodeSelectorRequirement(req: NodeSelectorRequirement, labels: Record<string, string> | undefined): boolean {
  const OPS: Record<string, SelectorOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!', Gt: 'gt', Lt: 'lt' };
  const op = OPS[req.operator];
  if (!op) return false;
  if ((op === 'in' || op === 'notin') && !req.values?.length) return false;
  return requirementMatches({ key: req.key, operator: op, values: req.values ?? [] }, labels);
}

/** One NodeSelectorTerm: every matchExpression on labels and matchField (metadata.name) must hold; an empty term matches nothing. */
export function matchNodeSelectorTerm(term: NodeSelectorTerm, labels: Record<string, string> | undefined, fields: Record<string, string>): boolean {
  const exprs = term.matchExpressions ?? [];
  const flds = term.matchFields ?? [];
  if (exprs.length === 0 && flds.length === 0) return false;
  return exprs.every((r) => matchNodeSelectorRequirement(r, labels)) && flds.every((r) => matchNodeSelectorRequirement(r, fields));
}

/** NodeSelectorTerms are ORed. */
export function matchNodeSelectorTerms(terms: NodeSelectorTerm[], labels: Record<string, string> | undefined, nodeName: string): boolean {
  const fields = { 'metadata.name': nodeName };
  return terms.some((t) => matchNodeSelectorTerm(t, labels, fields));
}

