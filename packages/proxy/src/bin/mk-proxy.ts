#!/usr/bin/env node
// mk-proxy: kube-proxy (iptables mode) for mk, one per node.
import { hostname } from 'node:os';
import { Command } from 'commander';
import { startProxy } from '../proxy.js';
import { cleanupLeftovers } from '../iptables.js';
import { componentLogger, stopOnSignals } from '@mk/client';

const program = new Command('mk-proxy')
  .description("Programs iptables so Services answer on their ClusterIPs and NodePorts, as kube-proxy's iptables mode does")
  .option('--server <url>', 'the apiserver', 'http://127.0.0.1:6443')
  .option('--token <token>', 'bearer token')
  .option('--hostname-override <name>', "this node's name", hostname())
  .option('--cleanup', 'remove every rule, chain and route mk-proxy made, then exit')
  .option('--dry-run', 'compute the rules and print them on every sync; never touch iptables')
  .option('--cluster-cidr <cidr>', "the pods' range (node IPAM's): ClusterIP traffic from outside it is masqueraded; the pod network routes it", '10.244.0.0/16')
  .option('--no-pod-network', "don't run the pod network across nodes (routes to other nodes' podCIDRs, FORWARD and masquerade rules)")
  .option('--masquerade-all', 'SNAT all traffic sent to a ClusterIP')
  .option('--nodeport-addresses <cidrs>', 'comma-separated CIDRs whose local addresses answer NodePorts (default: all)')
  .option('--iptables-localhost-nodeports [bool]', 'NodePorts answer on 127.0.0.1 (sets route_localnet=1)', (v) => v !== 'false', true)
  .option('--iptables-min-sync-period <ms>', 'least time between syncs, in ms', '1000')
  .option('--iptables-sync-period <ms>', 'periodic sync, in ms', '30000')
  .option('--full-sync-period <ms>', 'full resync (re-read tables, re-install jumps, delete stale chains), in ms', '3600000')
  .option('-v, --v <level>', 'log verbosity', '0')
  .parse();

const o = program.opts<{
  server: string;
  token?: string;
  hostnameOverride: string;
  cleanup?: boolean;
  dryRun?: boolean;
  clusterCidr: string;
  podNetwork: boolean;
  masqueradeAll?: boolean;
  nodeportAddresses?: string;
  iptablesLocalhostNodeports: boolean;
  iptablesMinSyncPeriod: string;
  iptablesSyncPeriod: string;
  fullSyncPeriod: string;
  v: string;
}>();
const { log, logger } = componentLogger('mk-proxy', o.v);

try {
  if (o.cleanup) {
    const { chainsDeleted, routesDeleted } = await cleanupLeftovers();
    log.info({ chainsDeleted, routesDeleted }, 'cleaned up');
    process.exit(0);
  }
  const p = await startProxy({
    server: o.server,
    token: o.token,
    nodeName: o.hostnameOverride,
    dryRun: o.dryRun,
    clusterCIDR: o.clusterCidr,
    // In a dry run the pod network is off unless asked for; --no-pod-network turns it off.
    podNetwork: o.podNetwork ? undefined : false,
    masqueradeAll: o.masqueradeAll,
    nodePortAddresses: o.nodeportAddresses ? o.nodeportAddresses.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    localhostNodePorts: o.iptablesLocalhostNodeports,
    minSyncPeriodMs: Number(o.iptablesMinSyncPeriod),
    syncPeriodMs: Number(o.iptablesSyncPeriod),
    fullSyncPeriodMs: Number(o.fullSyncPeriod),
    onSync: o.dryRun ? printChanged() : undefined,
    logger,
  });
  log.info('proxy started');
  stopOnSignals(() => p.stop());
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
}

/** Dry-run output: each distinct payload once. */
function printChanged(): (s: { payload: string }) => void {
  let last = '';
  return (s) => {
    if (s.payload === last) return;
    last = s.payload;
    process.stdout.write(s.payload + '\n');
  };
}
