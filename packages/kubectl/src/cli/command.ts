// What every command module exports, and what it is given to run.
import type { FlagSpec, FlagValues } from './flags.js';

export interface GlobalOptions {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  server?: string;
  token?: string;
  insecureSkipTlsVerify?: boolean;
  requestTimeout?: string;
  verbosity: number;
}

export interface CommandContext {
  /** e.g. `mk get`, for usage hints. */
  path: string;
  args: string[];
  flags: FlagValues;
  changed: Set<string>;
  dashArgs?: string[];
  global: GlobalOptions;
}

export interface CommandModule {
  flags: FlagSpec[];
  /** `Usage:` line and description shown by --help. */
  help: string;
  run(ctx: CommandContext): Promise<number | void>;
}

export interface CommandEntry {
  name: string;
  aliases?: string[];
  summary: string;
  group: string;
  load(): Promise<CommandModule>;
}

// Typed accessors for flag values (the parser guarantees the type from the spec).
export const str = (f: FlagValues, k: string): string | undefined => {
  const v = f[k];
  return typeof v === 'string' ? v : undefined;
};
export const bool = (f: FlagValues, k: string): boolean => f[k] === true;
export const int = (f: FlagValues, k: string): number | undefined => {
  const v = f[k];
  return typeof v === 'number' ? v : undefined;
};
export const arr = (f: FlagValues, k: string): string[] => {
  const v = f[k];
  return Array.isArray(v) ? v : [];
};
