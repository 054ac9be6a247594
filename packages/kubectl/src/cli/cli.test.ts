import { describe, expect, it } from 'vitest';
import { parseFlags, type FlagSpec } from './flags.js';
import { suggestions } from './suggest.js';
import { parseManifests } from './manifests.js';
import { statusMessage } from './render-error.js';

const specs: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string', usage: '' },
  { name: 'output', short: 'o', type: 'string', usage: '' },
  { name: 'watch', short: 'w', type: 'bool', usage: '' },
  { name: 'all-namespaces', short: 'A', type: 'bool', usage: '' },
  { name: 'replicas', type: 'int', usage: '' },
  { name: 'from-literal', type: 'stringArray', usage: '' },
  { name: 'dry-run', type: 'string', noOptDefault: 'unchanged', usage: '' },
];

describe('flag parsing (pflag rules)', () => {
  it('accepts every namespace form learners type', () => {
    for (const argv of [['-n', 'kube-system'], ['-n=kube-system'], ['-nkube-system'], ['--namespace', 'kube-system'], ['--namespace=kube-system']]) {
      expect(parseFlags([...argv, 'pods'], specs, 'mk get').flags.namespace).toBe('kube-system');
    }
  });
  it('interleaves flags and args, groups short bools, and stops at --', () => {
    const p = parseFlags(['pods', '-Aw', '-o', 'wide', 'x', '--', '-n', 'y'], specs, 'mk get');
    expect(p.args).toEqual(['pods', 'x']);
    expect(p.flags).toMatchObject({ 'all-namespaces': true, watch: true, output: 'wide' });
    expect(p.dashArgs).toEqual(['-n', 'y']);
  });
  it('collects repeated flags, parses ints, and uses no-value defaults', () => {
    const p = parseFlags(['--from-literal=a=1', '--from-literal', 'b=2', '--replicas=3', '--dry-run'], specs, 'mk create');
    expect(p.flags['from-literal']).toEqual(['a=1', 'b=2']);
    expect(p.flags.replicas).toBe(3);
    expect(p.flags['dry-run']).toBe('unchanged');
  });
  it('rejects unknown flags with a suggestion, and bad values', () => {
    expect(() => parseFlags(['--namespac=x'], specs, 'mk get')).toThrow(/unknown flag: --namespac\nDid you mean --namespace\?/);
    expect(() => parseFlags(['-z'], specs, 'mk get')).toThrow("unknown shorthand flag: 'z' in -z");
    expect(() => parseFlags(['--replicas=many'], specs, 'mk scale')).toThrow('invalid argument "many" for "--replicas" flag');
  });
  it('stops at the verb for global flags', () => {
    const p = parseFlags(['-n', 'kube-system', 'get', 'pods', '-o', 'wide'], specs, 'mk', true);
    expect(p.flags.namespace).toBe('kube-system');
    expect(p.args).toEqual(['get', 'pods', '-o', 'wide']);
  });
});

describe('suggestions', () => {
  it('finds close commands', () => {
    expect(suggestions('gett', ['get', 'set', 'edit', 'apply'])).toEqual(['get', 'set']);
    expect(suggestions('lable', ['label', 'annotate'])).toEqual(['label']);
  });
});

describe('manifests', () => {
  it('reads multi-document YAML, skips empty documents, flattens Lists', () => {
    const ms = parseManifests('---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n---\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n', 'f.yaml');
    expect(ms.map((m) => m.object.metadata.name)).toEqual(['a', 'b']);
  });
  it('names the file and the line of a YAML error', () => {
    expect(() => parseManifests('a: 1\nb:\n\t- x\n', 'bad.yaml')).toThrow('error parsing bad.yaml: error converting YAML to JSON: yaml: line 3: found character that cannot start any token');
  });
  it('rejects an object without kind', () => {
    expect(() => parseManifests('apiVersion: v1\nmetadata: {name: x}\n', 'k.yaml')).toThrow('error validating "k.yaml": error validating data: kind not set');
  });
});

describe('status messages', () => {
  it('reads like kubectl', () => {
    expect(statusMessage({ reason: 'NotFound', message: 'pods "x" not found' })).toBe('Error from server (NotFound): pods "x" not found');
    expect(statusMessage({ reason: 'Invalid', details: { kind: 'Service', name: 's', causes: [{ field: 'spec.ports[0].nodePort', message: 'Invalid value: 80: out of range' }] } })).toBe(
      'The Service "s" is invalid: spec.ports[0].nodePort: Invalid value: 80: out of range',
    );
  });
});
