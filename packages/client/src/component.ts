// What every component's bin (mk-scheduler, mk-controller-manager, mk-proxy) needs around
// its start(): a structured log carrying the component's name, with `-v` raising verbosity,
// and a clean stop on SIGINT/SIGTERM.
import { pino } from 'pino';
import type { Logger } from './logger.js';

/** `-v N` as Kubernetes' components read it: 0–1 warnings, 2–3 info, 4+ debug. */
export function componentLogger(name: string, verbosity: number | string = 0): { log: pino.Logger; logger: Logger } {
  const v = Number(verbosity) || 0;
  // Synchronous stderr, so the last lines before an exit are never lost.
  const log = pino({ name, level: v >= 4 ? 'debug' : v >= 2 ? 'info' : 'warn' }, pino.destination({ dest: 2, sync: true }));
  const logger: Logger = {
    debug: (m) => log.debug(m),
    info: (m) => log.info(m),
    warn: (m) => log.warn(m),
    error: (m) => log.error(m),
  };
  return { log, logger };
}

/** Runs stop() once on SIGINT or SIGTERM, then exits 0 (1 if stopping failed). */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`error: stopping failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
