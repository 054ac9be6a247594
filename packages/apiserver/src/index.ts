export { startApiServer, type ApiServer, type ApiServerOptions } from './server.js';
export type { Store, StoreEntry } from './storage/types.js';
