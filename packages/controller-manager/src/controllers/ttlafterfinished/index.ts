export { TTLAfterFinishedController } from './controller.js';
