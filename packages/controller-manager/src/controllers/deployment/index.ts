export { DeploymentController } from './controller.js';
export { computeHash, safeEncodeString } from './hash.js';
export { rollbackDeployment, deploymentHistory } from './rollback.js';
export type { RollbackResult, DeploymentRevision } from './rollback.js';
export { maxSurge, maxUnavailable, resolveFenceposts, REVISION_ANNOTATION } from './util.js';
export { deploymentRolloutStatus, daemonSetRolloutStatus } from './rollout-status.js';
export type { RolloutStatus } from './rollout-status.js';
