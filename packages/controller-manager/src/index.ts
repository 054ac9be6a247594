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
export { GarbageCollector } from './controllers/garbagecollector/index.js';
export { EndpointsController, computeSubsets } from './controllers/endpoint/index.js';
export { EndpointSliceController, desiredSlices } from './controllers/endpointslice/index.js';
export { DaemonSetController, daemonPodTolerations, nodeShouldRunDaemonPod } from './controllers/daemonset/index.js';
export { toleratesTaint, untoleratedTaints, nodeMatchesPod } from './util/taints.js';
export { NodeLifecycleController, evictionDeadline } from './controllers/nodelifecycle/index.js';
export { JobController, jobFinished, formatIndexes } from './controllers/job/index.js';
export { TTLAfterFinishedController } from './controllers/ttlafterfinished/index.js';
export { CronJobController, parseSchedule, nextAfter, validateTimeZone } from './controllers/cronjob/index.js';
export { DisruptionController } from './controllers/disruption/index.js';
export { deploymentRolloutStatus, daemonSetRolloutStatus } from './controllers/deployment/index.js';
export type { RolloutStatus } from './controllers/deployment/index.js';
export { rollbackDaemonSet, daemonSetHistory } from './controllers/daemonset/index.js';
export type { DaemonSetRevision } from './controllers/daemonset/index.js';
