import { describe, it, expect } from 'vitest';
import { labelSelectorFromObject, matchNodeSelectorRequirement, matchNodeSelectorTerms, parseLabelSelector } from './labels.js';
import { StatusError } from './status.js';

const L = { app: 'web', tier: 'frontend', env: 'prod', version: '3' };

describe('parseLabelSelector', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=db', false],
    ['tier in (frontend,backend)', true],
    ['tier notin (frontend)', false],
    ['missing notin (x)', true],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['app=web,env=prod', true],
    ['app=web,env=dev', false],
    ['app=web, tier in (frontend), !missing, env', true],
    ['version>2', true],
    ['version<2', false],
    ['missing!=x', true],
  ])('%j matches %s', (sel, want) => {
    expect(parseLabelSelector(sel).matches(L)).toBe(want);
  });

  it('prints a canonical string sorted by key', () => {
    expect(parseLabelSelector('tier in (b,a),app=web,!x').toString()).toBe('app=web,tier in (a,b),!x');
    expect(parseLabelSelector('app').toString()).toBe('app');
    expect(parseLabelSelector('').empty).toBe(true);
  });

  it.each([
    ['app=web,', "found '', expected: identifier after ','"],
    ['app in web', "unable to parse requirement: found 'web' expected: '('"],
    ['app=(x)', "unable to parse requirement: found '(', expected: identifier"],
    ['Bad Key=x', "unable to parse requirement: found 'Key', expected: in, notin, =, ==, !=, gt, lt"],
    ['app=a b', "found 'b', expected: ',' or 'end of string'"],
    ['a/b/c=x', 'unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of'],
    ['app=' + 'x'.repeat(64), 'unable to parse requirement: values[0][app]: Invalid value: "' + 'x'.repeat(64) + '": must be no more than 63 characters'],
  ])('%j is a 400 with %j', (sel, msg) => {
    let err: unknown;
    try {
      parseLabelSelector(sel);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).code).toBe(400);
    expect((err as StatusError).message).toContain(msg);
  });
});

describe('labelSelectorFromObject', () => {
  it('nil selects nothing, empty selects everything', () => {
    expect(labelSelectorFromObject(undefined).matches(L)).toBe(false);
    expect(labelSelectorFromObject(null).matches({})).toBe(false);
    expect(labelSelectorFromObject({}).matches(L)).toBe(true);
    expect(labelSelectorFromObject({}).empty).toBe(true);
  });
  it.each([
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'web', env: 'dev' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['frontend'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn' as const, values: ['frontend'] }] }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' as const }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' as const }] }, false],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'x', operator: 'DoesNotExist' as const }] }, true],
  ])('%j matches %s', (sel, want) => {
    expect(labelSelectorFromObject(sel).matches(L)).toBe(want);
  });
  it('rejects a bad operator', () => {
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Gt' as never, values: ['1'] }] })).toThrow(
      '"Gt" is not a valid label selector operator',
    );
  });
  it('pins exact values for indexed lookups', () => {
    expect(labelSelectorFromObject({ matchLabels: { app: 'web' } }).requiresExactMatch('app')).toBe('web');
    expect(parseLabelSelector('app in (a,b)').requiresExactMatch('app')).toBeUndefined();
  });
});

describe('node selector requirements', () => {
  const node = { 'kubernetes.io/hostname': 'n1', cores: '8', zone: 'a' };
  it.each([
    [{ key: 'cores', operator: 'Gt' as const, values: ['4'] }, true],
    [{ key: 'cores', operator: 'Lt' as const, values: ['4'] }, false],
    [{ key: 'zone', operator: 'Gt' as const, values: ['1'] }, false],
    [{ key: 'zone', operator: 'In' as const, values: ['a', 'b'] }, true],
    [{ key: 'zone', operator: 'NotIn' as const, values: ['a'] }, false],
    [{ key: 'gpu', operator: 'DoesNotExist' as const }, true],
    [{ key: 'gpu', operator: 'Exists' as const }, false],
  ])('%j -> %s', (req, want) => {
    expect(matchNodeSelectorRequirement(req, node)).toBe(want);
  });
  it('ORs terms and ANDs expressions; matchFields use metadata.name', () => {
    const terms = [
      { matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['b'] }] },
      { matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['a'] }, { key: 'cores', operator: 'Gt' as const, values: ['4'] }] },
    ];
    expect(matchNodeSelectorTerms(terms, node, 'n1')).toBe(true);
    expect(matchNodeSelectorTerms([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }], node, 'n1')).toBe(false);
    expect(matchNodeSelectorTerms([{}], node, 'n1')).toBe(false);
  });
});
