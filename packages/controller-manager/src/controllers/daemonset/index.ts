export { DaemonSetController, CONTROLLER_REVISION_HASH_LABEL } from './controller.js';
export { daemonPodTolerations, nodeShouldRunDaemonPod } from './placement.js';
export { rollbackDaemonSet, daemonSetHistory } from './rollback.js';
export type { DaemonSetRevision } from './rollback.js';
