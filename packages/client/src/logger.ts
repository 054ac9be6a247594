// The logging the client needs: a pino logger fits this shape, and so does console.

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** Warnings and errors to stderr; quieter levels dropped. Components pass their pino logger instead. */
export const stderrLogger: Logger = {
  debug() {},
  info() {},
  warn: (msg) => console.error(`W ${new Date().toISOString()} ${msg}`),
  error: (msg) => console.error(`E ${new Date().toISOString()} ${msg}`),
};

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
