#!/usr/bin/env node
// mk-dns: the cluster DNS (CoreDNS's kubernetes plugin, in small), a host process on a node.
import { Command } from 'commander';
import { componentLogger, stopOnSignals } from '@mk/client';
import { startDNS } from '../dns.js';
import { upstreamsFromResolvConf, type UpstreamServer } from '../upstream.js';
import type { PodMode } from '../records.js';

const program = new Command('mk-dns')
  .description('Answers DNS for Services and Pods in the cluster domain, behind the kube-dns Service, as CoreDNS does')
  .option('--server <url>', 'the apiserver', 'http://127.0.0.1:6443')
  .option('--token <token>', 'bearer token')
  .option('--cluster-domain <domain>', 'the cluster domain', 'cluster.local')
  .option('--address <ip>', "the node's address to listen on (default: its first non-loopback IPv4 address)")
  .option('--port <port>', 'UDP and TCP port (0: any free port)', '53')
  .option('--no-localhost', 'do not also listen on 127.0.0.1')
  .option('--cluster-ip <ip>', "the kube-dns Service's ClusterIP (the kubelets' --cluster-dns)", '10.96.0.10')
  .option('--no-publish', 'do not keep the kube-system/kube-dns Service and endpoints')
  .option('--upstream <servers>', 'where other names go: comma-separated IP[:PORT], or a resolv.conf path (e.g. /etc/resolv.conf)')
  .option('--ttl <seconds>', 'TTL of every answer', '30')
  .option('--pods <mode>', 'pod records: insecure, verified or disabled', 'insecure')
  .option('-v, --v <level>', 'log verbosity', '0')
  .parse();

const o = program.opts<{
  server: string;
  token?: string;
  clusterDomain: string;
  address?: string;
  port: string;
  localhost: boolean;
  clusterIp: string;
  publish: boolean;
  upstream?: string;
  ttl: string;
  pods: string;
  v: string;
}>();
const { log, logger } = componentLogger('mk-dns', o.v);

try {
  if (!['insecure', 'verified', 'disabled'].includes(o.pods)) throw new Error(`--pods must be insecure, verified or disabled, not ${JSON.stringify(o.pods)}`);
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${JSON.stringify(o.port)}`);
  let upstream: Array<string | UpstreamServer> | undefined;
  if (o.upstream?.startsWith('/')) upstream = upstreamsFromResolvConf(o.upstream);
  else if (o.upstream) upstream = o.upstream.split(',').map((s) => s.trim()).filter(Boolean);
  // Handlers go in before start: the endpoints are published during start, and a SIGTERM
  // that arrives then must still clear them.
  const starting = startDNS({
    server: o.server,
    token: o.token,
    clusterDomain: o.clusterDomain,
    address: o.address,
    port,
    listenLocalhost: o.localhost,
    clusterIP: o.clusterIp,
    publish: o.publish,
    upstream,
    ttl: Number(o.ttl),
    podMode: o.pods as PodMode,
    logger,
  });
  stopOnSignals(async () => (await starting).stop());
  const d = await starting;
  log.info({ addresses: d.addresses, port: d.port }, 'dns started');
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
}
