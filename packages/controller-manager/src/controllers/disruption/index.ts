export { DisruptionController } from './controller.js';
