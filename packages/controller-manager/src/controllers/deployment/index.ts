export { DeploymentController } from './controller.js';
export { computeHash, safeEncodeString } from './hash.js';
export { rollbackDeployment, deploymentHistory } from './rollback.js';
export type { RollbackResult, DeploymentRevision } from './rollback.js';
export { maxSurge, maxUnavailable, resolveFenceposts, REVISION_ANNOTATION } from './util.js';
