// TTL-after-finished controller (pkg/controller/ttlafterfinished): deletes a finished Job
// ttlSecondsAfterFinished after it finished, with its pods (background propagation).
import type { Job, KubeObject } from '@mk/api';
import { isNotFound, metaNamespaceKey } from '@mk/client';
import type { Informer } from '@mk/client';
import { QueueController } from '../../controller.js';
import type { ControllerContext } from '../../controller.js';
import { jobFinished } from '../job/controller.js';

export class TTLAfterFinishedController extends QueueController {
  readonly name = 'ttl-after-finished';
  private readonly jobInformer: Informer<Job>;

  constructor(ctx: ControllerContext) {
    super(ctx);
    this.jobInformer = ctx.factory.informerFor<Job>('jobs.batch');
    const enqueue = (j: KubeObject): void => this.queue.add(metaNamespaceKey(j));
    this.jobInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n) });
  }

  protected async reconcile(key: string): Promise<void> {
    const job = this.jobInformer.get(key);
    const ttl = job?.spec?.ttlSecondsAfterFinished;
    if (!job || ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return;
    const state = jobFinished(job);
    if (!state) return;
    const cond = job.status?.conditions?.find((c) => c.type === state && c.status === 'True');
    const finishedAt = Date.parse(job.status?.completionTime ?? cond?.lastTransitionTime ?? '') || Date.now();
    const wait = finishedAt + ttl * 1000 - Date.now();
    if (wait > 0) {
      this.queue.addAfter(key, wait + 20);
      return;
    }
    try {
      await this.ctx.client.delete('jobs.batch', job.metadata.namespace, job.metadata.name ?? '', {
        propagationPolicy: 'Background',
        preconditions: { uid: job.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
