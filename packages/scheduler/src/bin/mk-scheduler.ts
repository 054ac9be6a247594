#!/usr/bin/env node
// mk-scheduler: kube-scheduler for mk.
import { Command } from 'commander';
import { componentLogger, stopOnSignals } from '@mk/client';
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
const { log, logger } = componentLogger('mk-scheduler', o.v);

try {
  const s = await startScheduler({ server: o.server, config: o.config, schedulerName: o.schedulerName, leaderElect: o.leaderElect, token: o.token, logger });
  log.info('scheduler started');
  stopOnSignals(() => s.stop());
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
}
