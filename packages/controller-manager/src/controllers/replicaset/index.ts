export { ReplicaSetController, BURST_REPLICAS } from './controller.js';
export { comparePodsForDeletion, podsToDelete } from './ranking.js';
export { calculateStatus as calculateReplicaSetStatus } from './status.js';
