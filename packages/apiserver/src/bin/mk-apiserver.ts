#!/usr/bin/env node
// mk-apiserver: the API server as its own process.
import { Command } from 'commander';
import { pino } from 'pino';
import { startApiServer } from '../server.js';

const log = pino({ name: 'apiserver' }, pino.destination({ dest: 2, sync: true }));

const program = new Command('mk-apiserver')
  .description('mk API server: the Kubernetes API over plain HTTP, stored in LevelDB')
  .requiredOption('--data-dir <dir>', 'directory of the LevelDB store')
  .option('--port <port>', 'port to listen on (0 picks a free one)', '6443')
  .option('--bind-address <ip>', 'address to listen on', '127.0.0.1')
  .option('--service-cluster-ip-range <cidr>', 'CIDR for Service ClusterIPs', '10.96.0.0/12')
  .option('--service-node-port-range <range>', 'port range for NodePort Services', '30000-32767')
  .option('-v, --v <level>', 'log verbosity (0-10)', '0')
  .parse();

const o = program.opts<{ dataDir: string; port: string; bindAddress: string; serviceClusterIpRange: string; serviceNodePortRange: string; v: string }>();

async function main(): Promise<void> {
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${o.port}`);
  const server = await startApiServer({
    dataDir: o.dataDir,
    port,
    host: o.bindAddress,
    serviceClusterIPRange: o.serviceClusterIpRange,
    serviceNodePortRange: o.serviceNodePortRange,
    log: log.child({}, { level: Number(o.v) >= 4 ? 'debug' : 'info' }),
  });
  process.stdout.write(`mk-apiserver listening on ${server.url}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'mk-apiserver failed to start');
  process.exit(1);
});
