#!/usr/bin/env node
// mk-controller-manager: runs the controllers against an apiserver until SIGINT/SIGTERM.
import { Command } from 'commander';
import { componentLogger, stopOnSignals } from '@mk/client';
import { startControllerManager } from '../index.js';

const program = new Command('mk-controller-manager')
  .description('Run the mk controllers (ReplicaSet, Deployment, garbage collector, endpoints, ...)')
  .requiredOption('--master <url>', 'the apiserver URL, e.g. http://127.0.0.1:6443')
  .option('--token <token>', 'bearer token for the apiserver')
  .option('--leader-elect', 'run only while holding the kube-system/kube-controller-manager Lease', false)
  .option('--controllers <list>', "controllers to enable: '*' for all, 'foo' to enable, '-foo' to disable", '*')
  .option('--node-monitor-grace-period <seconds>', 'how long a node may be unheard before it is marked unhealthy', '40')
  .option('--cluster-cidr <cidr>', 'the range node IPAM gives each node a /24 spec.podCIDR from', '10.244.0.0/16')
  .option('-v, --v <level>', 'log verbosity (0-10)', '0')
  .parse();

const o = program.opts<{ master: string; token?: string; leaderElect: boolean; controllers: string; nodeMonitorGracePeriod: string; clusterCidr: string; v: string }>();
const v = Number(o.v);
// Info by default: the controller-manager's start-up lines are what an operator looks for.
const { log, logger } = componentLogger('controller-manager', Math.max(2, v));
const cm = await startControllerManager({
  server: o.master,
  token: o.token,
  leaderElect: o.leaderElect,
  controllers: o.controllers.split(','),
  logger,
  settings: { nodeMonitorGracePeriodSeconds: Number(o.nodeMonitorGracePeriod), clusterCIDR: o.clusterCidr },
});
log.info({ controllers: cm.controllers, leaderElect: o.leaderElect }, 'controller-manager started');
stopOnSignals(() => cm.stop());
