export { startApiServer, type ApiServer, type ApiServerOptions } from './server.js';
export type { Store, StoreEntry } from './storage/types.js';
export { toTable, humanDuration, podStatusReason, podReadyCount } from './table/index.js';
export { registerDiscovery, versionInfo } from './discovery/index.js';
