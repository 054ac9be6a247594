// kube-controller-manager: every controller in one process over shared informers, run only
// while this process holds the kube-system/kube-controller-manager Lease (when leaderElect).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { KubeClient, LeaderElector, SharedInformerFactory, eventRecorder, stderrLogger } from '@mk/client';
import type { Logger } from '@mk/client';
import type { Controller, ControllerContext } from './controller.js';
import { CONTROLLERS } from './registry.js';

export interface ControllerManagerOptions {
  /** The apiserver URL, e.g. http://127.0.0.1:6443. */
  server: string;
  token?: string;
  /** Run only while holding the Lease (default false). */
  leaderElect?: boolean;
  /** Controller names to run ('*' or unset: all; '-name' disables one), as --controllers. */
  controllers?: string[];
  /** Workers per controller (kube-controller-manager's --concurrent-*-syncs; default 5). */
  workers?: number;
  logger?: Logger;
  /** Extra settings some controllers take. */
  settings?: ControllerSettings;
}

export interface ControllerSettings {
  /** Node lifecycle: how long a node may go unheard before it is NotReady/Unknown (default 40 s). */
  nodeMonitorGracePeriodSeconds?: number;
  /** Node IPAM: the range each node's /24 spec.podCIDR comes from (default 10.244.0.0/16). */
  clusterCIDR?: string;
  /** Job: the first retry delay after a failed pod, doubled per failure (default 10 s). */
  jobBackoffBaseSeconds?: number;
}

export interface ControllerManager {
  /** Names of the controllers this process runs. */
  readonly controllers: string[];
  stop(): Promise<void>;
}

/** Which controllers --controllers selects. */
export function enabledControllers(spec: string[] | undefined): string[] {
  const all = Object.keys(CONTROLLERS);
  if (!spec || spec.length === 0) return all;
  const on = new Set<string>();
  const off = new Set<string>();
  for (const s of spec.flatMap((x) => x.split(','))) {
    const name = s.trim();
    if (!name) continue;
    if (name === '*') all.forEach((n) => on.add(n));
    else if (name.startsWith('-')) off.add(name.slice(1));
    else {
      if (!CONTROLLERS[name]) throw new Error(`"${name}" is not in the list of known controllers`);
      on.add(name);
    }
  }
  for (const n of off) if (!CONTROLLERS[n]) throw new Error(`"${n}" is not in the list of known controllers`);
  return all.filter((n) => on.has(n) && !off.has(n));
}

export async function startControllerManager(opts: ControllerManagerOptions): Promise<ControllerManager> {
  const names = enabledControllers(opts.controllers);
  const logger = opts.logger ?? stderrLogger;
  const client = new KubeClient({ server: opts.server, token: opts.token, userAgent: 'mk-controller-manager/0.1.0' });
  let running: { factory: SharedInformerFactory; controllers: Controller[]; done: Promise<unknown> } | undefined;

  const startControllers = (): void => {
    const factory = new SharedInformerFactory(client, { logger });
    const ctx: ControllerContext = {
      client,
      factory,
      logger,
      recorder: eventRecorder(client, 'controller-manager', { logger }),
      settings: opts.settings ?? {},
    };
    const controllers = names.map((n) => CONTROLLERS[n](ctx));
    factory.start();
    const done = Promise.all(controllers.map((c) => c.run(opts.workers ?? 5)));
    done.catch((err: unknown) => logger.error(`controller failed: ${String(err)}`));
    running = { factory, controllers, done };
  };
  let stopping: Promise<void> = Promise.resolve();
  const stopControllers = (): Promise<void> => {
    const r = running;
    running = undefined;
    if (r) {
      stopping = stopping.then(async () => {
        await Promise.all(r.controllers.map((c) => c.stop()));
        r.factory.stop();
      });
    }
    return stopping;
  };

  let elector: LeaderElector | undefined;
  if (opts.leaderElect) {
    elector = new LeaderElector(client, {
      namespace: 'kube-system',
      name: 'kube-controller-manager',
      identity: `${hostname()}_${randomBytes(8).toString('hex')}`,
      releaseOnCancel: true,
      logger,
      onStartedLeading: () => startControllers(),
      onStoppedLeading: () => void stopControllers(),
    });
    void elector.run();
  } else {
    startControllers();
  }

  return {
    controllers: names,
    async stop() {
      if (elector) await elector.stop();
      await stopControllers();
      await client.close();
    },
  };
}
