import { describe, it, expect } from 'vitest';
import { objectFields, parseFieldSelector, validateFieldSelector } from './fields.js';
import type { KubeObject } from './meta.js';

const pod: KubeObject = {
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: { nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default', containers: [] },
  status: { phase: 'Running', podIP: '10.0.0.5' },
};

describe('field selectors', () => {
  it.each([
    ['spec.nodeName=n1', true],
    ['spec.nodeName==n1', true],
    ['spec.nodeName!=n1', false],
    ['spec.nodeName=', false],
    ['status.phase=Running,metadata.namespace=default', true],
    ['status.phase!=Succeeded,status.phase!=Failed', true],
    ['spec.hostNetwork=false', true],
    ['status.nominatedNodeName=', true],
    ['', true],
  ])('%j on a pod -> %s', (sel, want) => {
    const m = parseFieldSelector(sel);
    validateFieldSelector('Pod', m);
    expect(m.matches(objectFields('Pod', pod))).toBe(want);
  });

  it('unassigned pods match spec.nodeName=', () => {
    const p = { ...pod, spec: { containers: [] } };
    expect(parseFieldSelector('spec.nodeName=').matches(objectFields('Pod', p))).toBe(true);
  });

  it('rejects unsupported labels with Kubernetes text', () => {
    expect(() => validateFieldSelector('Pod', parseFieldSelector('spec.foo=bar'))).toThrow('field label not supported: spec.foo');
    expect(() => validateFieldSelector('ConfigMap', parseFieldSelector('metadata.name=x'))).not.toThrow();
  });

  it('rejects malformed selectors', () => {
    expect(() => parseFieldSelector('spec.nodeName')).toThrow("invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'");
  });

  it('exposes per-kind fields', () => {
    const ev: KubeObject = {
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1' },
      reason: 'Scheduled',
      source: { component: 'default-scheduler' },
      type: 'Normal',
    };
    const f = objectFields('Event', ev);
    expect(f['involvedObject.name']).toBe('web');
    expect(f.source).toBe('default-scheduler');
    expect(parseFieldSelector('involvedObject.kind=Pod,type=Normal').matches(f)).toBe(true);
    expect(objectFields('Node', { kind: 'Node', metadata: { name: 'n1' }, spec: { unschedulable: true } })['spec.unschedulable']).toBe('true');
    expect(objectFields('Secret', { kind: 'Secret', metadata: { name: 's' }, type: 'Opaque' }).type).toBe('Opaque');
    expect(objectFields('Job', { kind: 'Job', metadata: { name: 'j' }, status: { succeeded: 2 } })['status.successful']).toBe('2');
    expect(parseFieldSelector('spec.nodeName=n1').requiresExactMatch('spec.nodeName')).toBe('n1');
  });
});
