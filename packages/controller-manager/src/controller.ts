// What every controller shares: the client, the process's shared informers, an event
// recorder and a logger; and a work queue run by a few workers.
import { WorkQueue, runWorkers } from '@mk/client';
import type { EventRecorder, KubeClient, Logger, SharedInformerFactory } from '@mk/client';
import type { ControllerSettings } from './manager.js';

export interface ControllerContext {
  client: KubeClient;
  factory: SharedInformerFactory;
  recorder: EventRecorder;
  logger: Logger;
  settings: ControllerSettings;
}

export interface Controller {
  readonly name: string;
  /** Wait for the caches, then reconcile keys until stop(). */
  run(workers: number): Promise<void>;
  stop(): Promise<void>;
}

/** A queue of `namespace/name` keys and workers that call reconcile(key). */
export abstract class QueueController implements Controller {
  abstract readonly name: string;
  readonly queue = new WorkQueue<string>();
  private running: Promise<void> | undefined;

  constructor(protected readonly ctx: ControllerContext) {}

  protected abstract reconcile(key: string): Promise<void>;

  run(workers: number): Promise<void> {
    this.running ??= (async () => {
      await this.ctx.factory.waitForCacheSync();
      await runWorkers(this.queue, workers, (key) => this.reconcile(key), { logger: this.ctx.logger });
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    await this.queue.shutDownWithDrain();
  }
}
