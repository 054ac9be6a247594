export { JobController, jobFinished, JOB_COMPLETION_INDEX } from './controller.js';
export { formatIndexes } from './indexes.js';
