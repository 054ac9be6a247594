// @mk/controller-manager: kube-controller-manager's controllers, started by `mk up`.
export { startControllerManager, enabledControllers } from './manager.js';
export type { ControllerManager, ControllerManagerOptions, ControllerSettings } from './manager.js';
export type { Controller, ControllerContext } from './controller.js';
export { ReplicaSetController, comparePodsForDeletion, podsToDelete } from './controllers/replicaset/index.js';
export { ControllerExpectations } from './util/expectations.js';
export {
  DeploymentController,
  computeHash,
  safeEncodeString,
  rollbackDeployment,
  deploymentHistory,
  maxSurge,
  maxUnavailable,
  resolveFenceposts,
  REVISION_ANNOTATION,
} from './controllers/deployment/index.js';
export type { RollbackResult, DeploymentRevision } from './controllers/deployment/index.js';
