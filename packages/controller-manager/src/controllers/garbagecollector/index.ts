export { GarbageCollector, FINALIZER_ORPHAN, FINALIZER_DELETE_DEPENDENTS } from './controller.js';
