export { EndpointSliceController, desiredSlices, LABEL_SERVICE_NAME, LABEL_MANAGED_BY, CONTROLLER_NAME } from './controller.js';
