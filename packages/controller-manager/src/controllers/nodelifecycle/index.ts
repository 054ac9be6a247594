export { NodeLifecycleController, evictionDeadline } from './controller.js';
export { desiredManagedTaints } from './taints.js';
