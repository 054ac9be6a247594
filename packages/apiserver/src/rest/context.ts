// What every REST handler shares: the store, admission, the logger, the namespace finalizer.
import type { Logger } from 'pino';
import type { Store } from '../storage/types.js';
import type { Admission } from '../admission/index.js';

export interface ApiContext {
  readonly store: Store;
  readonly admission: Admission;
  readonly log: Logger;
  /** A watcher whose unsent output grows past this is closed; its client relists and rewatches. */
  readonly watchBufferLimitBytes: number;
  /** Starts (or continues) removing a terminating namespace's contents. */
  finalizeNamespace(name: string): void;
}

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** Per-request write options from the query string. */
export interface WriteOptions {
  dryRun: boolean;
  fieldValidation: FieldValidation;
  fieldManager?: string;
  /** Warning texts for `Warning: 299 - "..."` headers. */
  warnings: string[];
}
