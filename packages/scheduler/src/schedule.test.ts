import { describe, it, expect } from 'vitest';
import { CycleState, type Handle } from './framework/interface.js';
import { resolveProfiles } from './framework/config.js';
import { PodInfo } from './framework/podinfo.js';
import { capabilities, newFramework } from './framework/registry.js';
import { FitError, schedulePod } from './schedule.js';
import { makeNode, makePod, makeSnapshot } from './testing.js';

function run(pod: PodInfo, nominated: PodInfo[], nodes = [makeNode('a', { cpu: '1' })]) {
  const snapshot = makeSnapshot(nodes);
  const handle: Handle = { snapshot, pdbs: () => [] };
  const fwk = newFramework(resolveProfiles({}, capabilities)[0], handle);
  try {
    return schedulePod(fwk, new CycleState(), pod, snapshot, { startIndex: { value: 0 }, nominatedPods: (n) => (n === 'a' ? nominated : undefined) }).suggestedHost;
  } catch (e) {
    if (e instanceof FitError) return e.fitMessage();
    throw e;
  }
}

describe('nominated pods', () => {
  const preemptor = new PodInfo(makePod('vip', { cpu: '600m', priority: 100, nominatedNodeName: 'a' }));
  it('hold their place against pods of lower priority', () => {
    expect(run(new PodInfo(makePod('p', { cpu: '600m', priority: 10 })), [preemptor])).toBe('0/1 nodes are available: 1 Insufficient cpu.');
  });
  it('do not hold it against pods of higher priority, nor against themselves', () => {
    expect(run(new PodInfo(makePod('p', { cpu: '600m', priority: 1000 })), [preemptor])).toBe('a');
    expect(run(preemptor, [preemptor])).toBe('a');
  });
});
