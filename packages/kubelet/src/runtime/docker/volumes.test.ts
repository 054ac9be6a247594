import { describe, expect, it } from 'vitest';
import type { Pod } from '@mk/api';
import { memoryVolumeSize } from './volumes.js';

const Mi = 1024 * 1024;
const pod = (limits: Array<string | undefined>, inits: Array<string | undefined> = []): Pod => ({
  metadata: { name: 'p' },
  spec: {
    containers: limits.map((m, i) => ({ name: `c${i}`, resources: m ? { limits: { memory: m } } : {} })),
    initContainers: inits.map((m, i) => ({ name: `i${i}`, resources: m ? { limits: { memory: m } } : {} })),
  },
});

describe('memory-backed emptyDir size', () => {
  it('is the smaller of sizeLimit and the pod memory limit', () => {
    expect(memoryVolumeSize(pod(['32Mi', '32Mi']), undefined)).toBe(64 * Mi);
    expect(memoryVolumeSize(pod(['32Mi', '32Mi']), '16Mi')).toBe(16 * Mi);
    expect(memoryVolumeSize(pod(['32Mi']), '1Gi')).toBe(32 * Mi);
  });
  it('counts the pod limit only when every container declares one; an init container may raise it', () => {
    expect(memoryVolumeSize(pod(['32Mi', undefined]), undefined)).toBeUndefined();
    expect(memoryVolumeSize(pod(['32Mi', undefined]), '16Mi')).toBe(16 * Mi);
    expect(memoryVolumeSize(pod(['32Mi'], ['100Mi']), undefined)).toBe(100 * Mi);
    expect(memoryVolumeSize(pod(['32Mi'], [undefined]), undefined)).toBeUndefined();
  });
});
