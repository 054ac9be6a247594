#!/usr/bin/env node
// mk-scheduler: kube-scheduler for mk.
import { Command } from 'commander';
import { pino } from 'pino';
import { startScheduler } from '../scheduler.js';

const program = new Command('mk-scheduler')
  .description('Schedules pending pods onto nodes, as kube-scheduler does')
  .option('--server <url>', 'the apiserver', 'http://127.0.0.1:6443')
  .option('--config <path>', 'a KubeSchedulerConfiguration file')
  .option('--scheduler-name <name>', 'schedule only pods naming this scheduler')
  .option('--leader-elect [bool]', 'elect a leader through a Lease before scheduling', (v) => v !== 'false', true)
  .option('--token <token>', 'bearer token')
  .option('-v, --v <level>', 'log verbosity', '0')
  .parse();

const o = program.opts<{ server: string; config?: string; schedulerName?: string; leaderElect: boolean; token?: string; v: string }>();
const log = pino({ name: 'mk-scheduler', level: Number(o.v) >= 4 ? 'debug' : Number(o.v) >= 2 ? 'info' : 'warn' });
const logger = {
  debug: (m: string) => log.debug(m),
  info: (m: string) => log.info(m),
  warn: (m: string) => log.warn(m),
  error: (m: string) => log.error(m),
};

try {
  const s = await startScheduler({ server: o.server, config: o.config, schedulerName: o.schedulerName, leaderElect: o.leaderElect, token: o.token, logger });
  log.info('scheduler started');
  const shutdown = async () => {
    await s.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
}
