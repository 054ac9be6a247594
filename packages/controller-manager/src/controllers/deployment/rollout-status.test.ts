import { describe, it, expect } from 'vitest';
import type { Deployment } from '@mk/api';
import { deploymentRolloutStatus } from './rollout-status.js';

const d = (status: NonNullable<Deployment['status']>, generation = 2, replicas = 3): Deployment => ({
  metadata: { name: 'web', generation },
  spec: { replicas, selector: {}, template: {} },
  status,
});

describe('rollout status messages (kubectl)', () => {
  it('follows a rollout step by step', () => {
    expect(deploymentRolloutStatus(d({ observedGeneration: 1 })).message).toBe('Waiting for deployment spec update to be observed...\n');
    expect(deploymentRolloutStatus(d({ observedGeneration: 2, updatedReplicas: 1, replicas: 4 })).message).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    );
    expect(deploymentRolloutStatus(d({ observedGeneration: 2, updatedReplicas: 3, replicas: 4 })).message).toBe(
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n',
    );
    expect(deploymentRolloutStatus(d({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 })).message).toBe(
      'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\n',
    );
    expect(deploymentRolloutStatus(d({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }))).toEqual({
      message: 'deployment "web" successfully rolled out\n',
      done: true,
    });
  });

  it('stops with an error past the progress deadline', () => {
    const s = deploymentRolloutStatus(d({ observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }));
    expect(s.error).toBe('deployment "web" exceeded its progress deadline');
  });
});
