export * from './meta.js';
export * from './resources.js';
export * from './status.js';
