// The apiserver's storage: a durable LevelDB backend under an in-memory store with a watch cache.
import { join } from 'node:path';
import { LevelBackend } from './level-backend.js';
import { MemoryStore, type MemoryStoreOptions } from './memory-store.js';

export * from './types.js';
export { LevelBackend, type LevelBackendStats } from './level-backend.js';
export { MemoryStore, DEFAULT_WATCH_CACHE_SIZE, DEFAULT_WATCH_CACHE_BYTES, DEFAULT_BOOKMARK_INTERVAL_MS, type MemoryStoreOptions } from './memory-store.js';
export { qualifiedResource, resourceId } from './keys.js';

export interface OpenStoreOptions extends MemoryStoreOptions {
  /** The apiserver's data directory; the LevelDB lives in <dataDir>/registry. */
  dataDir: string;
}

/** Opens (creating if needed) the store in dataDir and loads it into memory. */
export async function openStore(opts: OpenStoreOptions): Promise<MemoryStore> {
  const { dataDir, ...rest } = opts;
  return MemoryStore.open(new LevelBackend(join(dataDir, 'registry')), rest);
}
