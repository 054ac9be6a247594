import { describe, expect, it } from 'vitest';
import { applyTaints, parseTaints } from './taint.js';
import { splitChanges } from './metadata-edit.js';
import { nameFromImage, servicePorts } from './generators.js';
import { parseDuration } from './wait.js';

describe('taints', () => {
  it('parses add and remove specs', () => {
    expect(parseTaints(['k=v:NoSchedule', 'k2:NoExecute', 'k3:PreferNoSchedule-', 'k4-'])).toEqual({
      add: [{ key: 'k', value: 'v', effect: 'NoSchedule' }, { key: 'k2', effect: 'NoExecute' }],
      remove: [{ key: 'k3', effect: 'PreferNoSchedule' }, { key: 'k4', effect: undefined }],
    });
    expect(() => parseTaints(['k=v:Noexecute'])).toThrow('invalid taint effect: Noexecute');
  });
  it('keeps taints with the same key and a different effect apart', () => {
    const cur = [{ key: 'a', value: '1', effect: 'NoSchedule' }];
    expect(applyTaints(cur, parseTaints(['a=1:NoExecute']), false, 'n').taints).toHaveLength(2);
    expect(() => applyTaints(cur, parseTaints(['a=2:NoSchedule']), false, 'n')).toThrow('already has a taint(s)'.replace('a taint', 'a taint'));
  });
  it('key- removes every effect, key:effect- only that one', () => {
    const cur = [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', effect: 'NoExecute' }];
    expect(applyTaints(cur, parseTaints(['a:NoSchedule-']), false, 'n')).toEqual({ taints: [{ key: 'a', effect: 'NoExecute' }], op: 'untainted' });
    expect(applyTaints(cur, parseTaints(['a-']), false, 'n').taints).toEqual([]);
    expect(() => applyTaints([], parseTaints(['a-']), false, 'n')).toThrow('taint "a" not found');
  });
});

describe('label changes', () => {
  it('splits resources from changes', () => {
    expect(splitChanges(['nodes', 'n1', 'team=dev', 'old-'])).toEqual({ resources: ['nodes', 'n1'], set: { team: 'dev' }, remove: ['old'] });
  });
});

describe('generators', () => {
  it('derives container names and ports as kubectl does', () => {
    expect(nameFromImage('ikubernetes/myapp:v1')).toBe('myapp');
    expect(nameFromImage('registry:5000/team/app@sha256:abc')).toBe('app');
    expect(servicePorts(['80:8080', '443'])).toEqual([
      { name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 },
      { name: '443', port: 443, protocol: 'TCP', targetPort: 443 },
    ]);
  });
});

describe('durations', () => {
  it('parses Go durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(() => parseDuration('soon')).toThrow('invalid duration');
  });
});
