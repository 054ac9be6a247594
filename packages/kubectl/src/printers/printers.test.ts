import { describe, expect, it } from 'vitest';
import { formatColumns, TabWriter } from './tabwriter.js';
import { jsonpath } from './jsonpath.js';
import { goTemplate } from './gotemplate.js';
import { toYaml, toJson } from './serialize.js';
import { humanDuration } from './duration.js';

describe('tabwriter (kubectl get: minwidth 6, padding 3)', () => {
  it('pads every column but the last to its widest cell + 3', () => {
    expect(formatColumns([['NAME', 'READY', 'STATUS'], ['nginx-7955fd7786-686hp', '0/1', 'Running']])).toBe(
      'NAME                     READY   STATUS\nnginx-7955fd7786-686hp   0/1     Running\n',
    );
  });
  it('uses a minimum width of 6', () => {
    expect(formatColumns([['IP', 'X'], ['a', 'b']])).toBe('IP    X\na     b\n');
  });
});

describe('tabwriter (describe: minwidth 0, padding 2)', () => {
  it('aligns blocks of consecutive lines and restarts after a line without tabs (describe pod IPs)', () => {
    const w = new TabWriter(0, 2);
    w.write('Name:\tnginx\nNamespace:\tdefault\nIPs:\n  IP:\t10.0.0.1\nQoS Class:\tBestEffort\n');
    expect(w.flush()).toBe('Name:       nginx\nNamespace:  default\nIPs:\n  IP:       10.0.0.1\nQoS Class:  BestEffort\n');
  });
});

describe('jsonpath', () => {
  const list = { items: [{ metadata: { name: 'a' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } }] };
  it('reads fields, wildcards and ranges', () => {
    expect(jsonpath('{.items[*].metadata.name}', list)).toBe('a b');
    expect(jsonpath('{range .items[*]}{.metadata.name}{"\\n"}{end}', list)).toBe('a\nb\n');
    expect(jsonpath('{.items[0].metadata.name}', list)).toBe('a');
    expect(jsonpath('{.items[-1:].metadata.name}', list)).toBe('b');
  });
  it('filters', () => {
    expect(jsonpath('{.items[?(@.status.conditions[0].status=="True")].metadata.name}', list)).toBe('a');
    expect(jsonpath("{.items[0].status.conditions[?(@.type=='Ready')].status}", list)).toBe('True');
  });
  it('prints objects as JSON and misses as nothing', () => {
    expect(jsonpath('{.items[0].metadata}', list)).toBe('{"name":"a"}');
    expect(jsonpath('{.nope}', list)).toBe('');
  });
});

describe('go-template', () => {
  it('prints maps and slices the way Go does', () => {
    const node = { spec: { taints: [{ key: 'node-type', value: 'production', effect: 'NoSchedule' }] } };
    expect(goTemplate('{{.spec.taints}}', node)).toBe('[map[effect:NoSchedule key:node-type value:production]]');
    expect(goTemplate('{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}', { items: [{ metadata: { name: 'x' } }] })).toBe('x\n');
    expect(goTemplate('{{index .metadata.labels "app"}}', { metadata: { labels: { app: 'web' } } })).toBe('web');
    expect(goTemplate('{{.missing}}', {})).toBe('<no value>');
  });
});

describe('serialisation', () => {
  it('sorts keys, does not indent sequences, and quotes YAML 1.1 look-alikes', () => {
    expect(toYaml({ kind: 'Pod', apiVersion: 'v1', metadata: { creationTimestamp: '2024-01-01T00:00:00Z' }, spec: { containers: [{ name: 'a', args: ['on', '80'] }] } })).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: "2024-01-01T00:00:00Z"\nspec:\n  containers:\n  - args:\n    - "on"\n    - "80"\n    name: a\n',
    );
    expect(toJson({ b: 1, a: [] })).toBe('{\n    "a": [],\n    "b": 1\n}\n');
  });
});

describe('humanDuration', () => {
  it('matches Kubernetes ages', () => {
    expect(humanDuration(7_000)).toBe('7s');
    expect(humanDuration(175_000)).toBe('2m55s');
    expect(humanDuration(380_000)).toBe('6m20s');
    expect(humanDuration(14 * 60_000)).toBe('14m');
    expect(humanDuration((7 * 60 + 6) * 60_000)).toBe('7h6m');
    expect(humanDuration(14 * 86_400_000)).toBe('14d');
  });
});
