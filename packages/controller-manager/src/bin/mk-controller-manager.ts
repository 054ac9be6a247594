#!/usr/bin/env node
// mk-controller-manager: runs the controllers against an apiserver until SIGINT/SIGTERM.
import { Command } from 'commander';
import { startControllerManager } from '../index.js';

const program = new Command('mk-controller-manager')
  .description('Run the mk controllers (ReplicaSet, Deployment, garbage collector, endpoints, ...)')
  .requiredOption('--master <url>', 'the apiserver URL, e.g. http://127.0.0.1:6443')
  .option('--token <token>', 'bearer token for the apiserver')
  .option('--leader-elect', 'run only while holding the kube-system/kube-controller-manager Lease', false)
  .option('--controllers <list>', "controllers to enable: '*' for all, 'foo' to enable, '-foo' to disable", '*')
  .option('--node-monitor-grace-period <seconds>', 'how long a node may be unheard before it is marked unhealthy', '40')
  .parse();

const o = program.opts<{ master: string; token?: string; leaderElect: boolean; controllers: string; nodeMonitorGracePeriod: string }>();
const cm = await startControllerManager({
  server: o.master,
  token: o.token,
  leaderElect: o.leaderElect,
  controllers: o.controllers.split(','),
  settings: { nodeMonitorGracePeriodSeconds: Number(o.nodeMonitorGracePeriod) },
});
const shutdown = (): void => {
  cm.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
