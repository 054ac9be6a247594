#!/usr/bin/env node
// mk-kubelet --runtime docker|simulated --node-name N --server URL
import { Command } from 'commander';
import type { Taint } from '@mk/api';
import { startKubelet } from '../kubelet.js';
import { cleanupBridgeNetworks } from '../runtime/docker/network.js';

function parseTaint(s: string): Taint {
  const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(s);
  if (!m) throw new Error(`invalid taint spec: ${s} (want key[=value]:Effect)`);
  return m[2] !== undefined ? { key: m[1], value: m[2], effect: m[3] as Taint['effect'] } : { key: m[1], effect: m[3] as Taint['effect'] };
}

const program = new Command('mk-kubelet')
  .description('the mk node agent: registers the node and runs the pods bound to it')
  .option('--server <url>', 'the apiserver, e.g. http://127.0.0.1:6443 (required)')
  .option('--runtime <runtime>', 'docker or simulated', 'docker')
  .option('--node-name <name>', 'the node name (default: the hostname)')
  .option('--pod-cidr <cidr>', 'the pod range of this node, e.g. 10.244.1.0/24')
  .option('--node-ip <ip>', "the node's InternalIP")
  .option('--root-dir <dir>', 'where pod volumes live')
  .option('--token <token>', 'bearer token for the apiserver')
  .option('--pod-manifest-path <dir>', 'run every Pod manifest in this directory as a static pod')
  .option('--port <port>', 'the kubelet server port (logs, exec)', '10250')
  .option('--node-labels <k=v,...>', 'labels to add when registering the node')
  .option('--register-with-taints <key=value:Effect,...>', 'taints the node registers with')
  .option('--cluster-dns <ips>', "comma-separated cluster DNS IPs for pods' resolv.conf, e.g. 10.96.0.10")
  .option('--cluster-domain <domain>', "the cluster domain for pods' DNS search path, e.g. cluster.local")
  .option('--resolv-conf <file>', 'the resolver file pods with the host DNS get', '/etc/resolv.conf')
  .option('--pod-network-agent', 'mk-proxy sets up the pod network: register NetworkUnavailable=True until it does, no docker masquerade')
  .option('--cleanup', "remove the pod bridges and iptables rules kubelets made on this host (--node-name: that node's only), then exit; remove the pods' containers first")
  .option('-v, --v <level>', 'log verbosity', '0');

program.parse();
const o = program.opts<{
  server?: string;
  cleanup?: boolean;
  runtime: string;
  nodeName?: string;
  podCidr?: string;
  nodeIp?: string;
  rootDir?: string;
  token?: string;
  nodeLabels?: string;
  registerWithTaints?: string;
  podNetworkAgent?: boolean;
  podManifestPath?: string;
  clusterDns?: string;
  clusterDomain?: string;
  resolvConf: string;
  port: string;
  v: string;
}>();
if (o.cleanup) {
  try {
    const { bridges, rules, chains } = await cleanupBridgeNetworks(o.nodeName);
    console.log(`removed ${bridges.length} bridges (${bridges.join(', ') || 'none'}), ${rules} rules and ${chains} chains`);
    process.exit(0);
  } catch (e) {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
if (!o.server) {
  console.error("error: required option '--server <url>' not specified");
  process.exit(1);
}
if (o.runtime !== 'docker' && o.runtime !== 'simulated') {
  console.error(`error: --runtime must be docker or simulated, not ${JSON.stringify(o.runtime)}`);
  process.exit(1);
}
const verbose = Number(o.v) > 0;
const log = (lvl: string) => (msg: string) => console.error(`${lvl} ${new Date().toISOString()} ${msg}`);
const labels = Object.fromEntries(
  (o.nodeLabels ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => {
      const i = kv.indexOf('=');
      return i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
    }),
);
try {
  const k = await startKubelet({
    server: o.server,
    runtime: o.runtime as 'docker' | 'simulated',
    nodeName: o.nodeName,
    podCIDR: o.podCidr,
    nodeIP: o.nodeIp,
    rootDir: o.rootDir,
    token: o.token,
    labels,
    podManifestPath: o.podManifestPath,
    clusterDNS: o.clusterDns?.split(',').map((s) => s.trim()).filter(Boolean),
    clusterDomain: o.clusterDomain,
    resolvConf: o.resolvConf,
    podNetworkAgent: o.podNetworkAgent,
    port: Number(o.port),
    registerWithTaints: (o.registerWithTaints ?? '').split(',').filter(Boolean).map(parseTaint),
    logger: { debug: verbose ? log('D') : () => {}, info: log('I'), warn: log('W'), error: log('E') },
  });
  const shutdown = (): void => {
    void k.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (e) {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
