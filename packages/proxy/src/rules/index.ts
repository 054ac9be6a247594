export * from './names.js';
export * from './model.js';
export * from './builder.js';
export * from './render.js';
