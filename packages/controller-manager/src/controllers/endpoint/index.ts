export { EndpointsController, computeSubsets } from './controller.js';
