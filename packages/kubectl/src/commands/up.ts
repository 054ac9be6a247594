// mk up: the apiserver and every other component that exists, in the foreground, until
// Ctrl-C. The same data dir resumes the same cluster.
import { mkdirSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { int, str } from '../cli/command.js';
import { CliError } from '../cli/errors.js';
import { clusterKubeconfig, defaultKubeconfigPath, loadKubeconfig, mkHome, saveKubeconfig } from '../kubeconfig/kubeconfig.js';
import { chooseRuntime } from '../up/runtime.js';
import { COMPONENTS, loadStart, stopRunning, type ComponentLogger, type Running, type UpContext } from '../up/components.js';

export const flags: CommandModule['flags'] = [
  { name: 'data-dir', type: 'string', usage: 'Where the cluster keeps its state (default $MK_HOME/data).' },
  { name: 'port', type: 'int', default: 6443, usage: 'The port the apiserver listens on.' },
  { name: 'address', type: 'string', default: '127.0.0.1', usage: 'The address the apiserver binds to (0.0.0.0 for every interface).' },
  { name: 'runtime', type: 'string', usage: 'Container runtime: docker or simulated (default: docker when an engine answers, else simulated).' },
  { name: 'nodes', type: 'int', default: 1, usage: 'How many nodes (kubelets) to run.' },
  { name: 'context-name', type: 'string', default: 'mk', usage: 'Name of the cluster, user and context written to the kubeconfig.' },
];

export const help = `Run a whole mk cluster in the foreground: the apiserver, then every other component
(scheduler, controller-manager, kubelets, proxy) that exists. Ctrl-C stops it; running
"mk up" again on the same data dir resumes the same cluster.

Examples:
  mk up
  mk up --runtime simulated --nodes 3 --data-dir /tmp/mk

Usage:
  mk up [--data-dir DIR] [--port 6443] [--runtime docker|simulated] [--nodes N] [options]`;

function log(component: string, msg: string): void {
  process.stdout.write(`[${component}] ${msg}\n`);
}

/** Like kubeadm, a single node is named after the host; more nodes (simulated or Docker) are mk-node-N. */
export function nodeNames(n: number): string[] {
  if (n === 0) return [];
  return n === 1 ? [hostname().toLowerCase()] : Array.from({ length: n }, (_, i) => `mk-node-${i + 1}`);
}

/** Component log lines, prefixed like the progress lines; debug and info only with -v. */
function componentLogger(label: string, verbose: boolean): ComponentLogger {
  const line = (lvl: string, msg: string): void => void process.stderr.write(`[${label}] ${lvl} ${msg}\n`);
  return {
    debug: (m) => verbose && line('D', m),
    info: (m) => verbose && line('I', m),
    warn: (m) => line('W', m),
    error: (m) => line('E', m),
  };
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const runtimeFlag = str(f, 'runtime');
  if (runtimeFlag && runtimeFlag !== 'docker' && runtimeFlag !== 'simulated') throw new CliError(`invalid --runtime "${runtimeFlag}": must be docker or simulated`);
  const nodes = int(f, 'nodes') ?? 1;
  if (nodes < 0) throw new CliError('--nodes must be 0 or more');
  const dataDir = resolve(str(f, 'data-dir') ?? join(mkHome(), 'data'));
  const resuming = existsSync(dataDir) && existsSync(join(dataDir, 'apiserver'));
  mkdirSync(dataDir, { recursive: true });
  // Component logs: quieter by default so progress lines stand out; -v raises it.
  if (!process.env.MK_LOG_LEVEL) process.env.MK_LOG_LEVEL = ctx.global.verbosity > 0 ? 'debug' : 'warn';
  log('up', `${resuming ? 'resuming the cluster in' : 'starting a new cluster in'} ${dataDir}`);

  const choice = await chooseRuntime(runtimeFlag);
  log('up', `runtime: ${choice.runtime} (${choice.reason})`);

  const { startApiServer } = await import('@mk/apiserver');
  const port = int(f, 'port') ?? 6443;
  const host = str(f, 'address') ?? '127.0.0.1';
  let api;
  try {
    api = await startApiServer({ dataDir: join(dataDir, 'apiserver'), port, host });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${port} is already in use (is another "mk up" running?); choose another with --port`);
    const msg = (e as Error).message;
    if (/Database failed to open|LOCK/.test(msg)) throw new CliError(`cannot open the cluster's data in ${dataDir}: ${msg} (is another "mk up" using this data dir?)`);
    throw e;
  }
  const clientHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const server = `http://${clientHost}:${api.port}`;
  log('apiserver', `serving on http://${host}:${api.port}`);

  const kubeconfig = ctx.global.kubeconfig ?? defaultKubeconfigPath();
  const contextName = str(f, 'context-name') ?? 'mk';
  const existing = existsSync(kubeconfig) ? loadKubeconfig(kubeconfig).config : undefined;
  saveKubeconfig(kubeconfig, clusterKubeconfig(contextName, server, existing));

  const verbose = ctx.global.verbosity > 0;
  const upCtx: UpContext = {
    server,
    kubeconfig,
    dataDir,
    runtime: choice.runtime,
    nodes,
    nodeNames: nodeNames(nodes),
    logger: (label) => componentLogger(label, verbose),
    canWriteIptables: process.getuid?.() === 0,
  };
  const running: Array<{ label: string; r: Running }> = [];
  const stopAll = async (): Promise<void> => {
    for (const { label, r } of running.reverse()) {
      try {
        await stopRunning(r);
        log(label, 'stopped');
      } catch (e) {
        log(label, `failed to stop: ${(e as Error).message}`);
      }
    }
    await api.close();
    log('apiserver', 'stopped');
  };

  try {
    for (const spec of COMPONENTS) {
      const loaded = await loadStart(spec);
      if (typeof loaded === 'string') {
        log(spec.name, `not started: ${loaded}`);
        continue;
      }
      for (const st of await spec.start(loaded.fn, upCtx, loaded.mod)) {
        running.push({ label: st.label, r: st.running });
        log(st.label, st.note ? `started ${st.note}` : 'started');
      }
    }
  } catch (e) {
    log('up', `a component failed to start: ${(e as Error).message}; stopping`);
    await stopAll();
    throw e;
  }

  process.stdout.write(`\nCluster is ready at ${server}. Kubeconfig: ${kubeconfig} (context "${contextName}"). Try: mk get nodes\n`);

  await new Promise<void>((done) => {
    let stopping = false;
    const onSignal = (sig: string): void => {
      if (stopping) {
        log('up', `${sig} again: exiting now`);
        process.exit(130);
      }
      stopping = true;
      log('up', `${sig}: stopping (press Ctrl-C again to force)`);
      stopAll().then(done, (e: unknown) => {
        log('up', `stop failed: ${(e as Error).message}`);
        done();
      });
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
  });
  return 0;
}
