// Reflector (client-go tools/cache): keep a store in step with the server. List, then watch
// from the list's resourceVersion; after a dropped connection or a server timeout resume the
// watch from the last resourceVersion seen; on 410 Expired (history compacted) list again.
import type { KubeObject, ResourceInfo } from '@mk/api';
import type { KubeClient } from './client.js';
import { ConnectionError, isExpired, isRetryable } from './errors.js';
import { Backoff, sleep } from './flowcontrol.js';
import { errorMessage, stderrLogger } from './logger.js';
import type { Logger } from './logger.js';
import { toResource } from './resource.js';
import type { ResourceRef } from './resource.js';
import type { WatchHandle } from './watch.js';

/** What a reflector feeds: a full replacement after each list, then one call per event. */
export interface ReflectorStore<T> {
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

export interface ReflectorOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  logger?: Logger;
  /** Each watch asks the server to end it after between this and twice this (client-go: 5 min). */
  minWatchTimeoutSeconds?: number;
  /** First delay after a failure; doubles up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

export class Reflector<T extends KubeObject = KubeObject> {
  readonly resource: ResourceInfo;
  private readonly logger: Logger;
  private readonly backoff: Backoff;
  private readonly abort = new AbortController();
  private watchHandle: WatchHandle | undefined;
  private running = false;
  private lastRV = '';
  /** How many lists ran; a relist after 410 makes it grow. */
  listCount = 0;

  constructor(
    private readonly client: KubeClient,
    ref: ResourceRef,
    private readonly store: ReflectorStore<T>,
    private readonly opts: ReflectorOptions = {},
  ) {
    this.resource = toResource(ref);
    this.logger = opts.logger ?? stderrLogger;
    this.backoff = new Backoff(opts.initialBackoffMs ?? 800, opts.maxBackoffMs ?? 30_000);
  }

  /** The resourceVersion of the last list or event applied to the store. */
  get lastSyncResourceVersion(): string {
    return this.lastRV;
  }

  start(): void {
    if (this.running || this.abort.signal.aborted) return;
    this.running = true;
    void this.run();
  }

  stop(): void {
    this.abort.abort();
    this.watchHandle?.stop();
  }

  private get what(): string {
    const r = this.resource;
    return r.group ? `${r.plural}.${r.group}` : r.plural;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      if (!(await this.list())) {
        await sleep(this.backoff.next(), signal);
        continue;
      }
      // Watch until the history we resume from is gone (or a non-retryable error).
      while (!signal.aborted) {
        const err = await this.watchOnce();
        if (signal.aborted) return;
        if (err === undefined) continue; // the server's timeoutSeconds: resume at once
        if (isExpired(err)) {
          this.logger.info(`watch of ${this.what} expired at resourceVersion ${this.lastRV}: ${errorMessage(err)}; relisting`);
          break;
        }
        const level = err instanceof ConnectionError ? 'info' : 'warn';
        this.logger[level](`watch of ${this.what} ended: ${errorMessage(err)}`);
        await sleep(this.backoff.next(), signal);
        if (!isRetryable(err)) break;
      }
    }
  }

  private async list(): Promise<boolean> {
    const { namespace, labelSelector, fieldSelector } = this.opts;
    try {
      const list = await this.client.list<T>(this.resource, { namespace, labelSelector, fieldSelector });
      if (this.abort.signal.aborted) return false;
      this.listCount++;
      this.lastRV = list.metadata.resourceVersion ?? '';
      this.store.replace(list.items, this.lastRV);
      this.backoff.reset();
      return true;
    } catch (err) {
      if (!this.abort.signal.aborted) this.logger.warn(`list of ${this.what} failed: ${errorMessage(err)}`);
      return false;
    }
  }

  private watchOnce(): Promise<Error | undefined> {
    const { namespace, labelSelector, fieldSelector } = this.opts;
    const min = this.opts.minWatchTimeoutSeconds ?? 300;
    const signal = this.abort.signal;
    return new Promise((resolve) => {
      // stop() silences the watch, so the abort itself ends this wait.
      const onAbort = (): void => resolve(undefined);
      signal.addEventListener('abort', onAbort, { once: true });
      const done = (err: Error | undefined): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(err);
      };
      this.watchHandle = this.client.watch<T>(
        this.resource,
        {
          namespace,
          labelSelector,
          fieldSelector,
          resourceVersion: this.lastRV,
          allowWatchBookmarks: true,
          timeoutSeconds: Math.floor(min * (1 + Math.random())),
        },
        (ev) => {
          switch (ev.type) {
            case 'ADDED':
              this.store.add(ev.object);
              break;
            case 'MODIFIED':
              this.store.update(ev.object);
              break;
            case 'DELETED':
              this.store.delete(ev.object);
              break;
          }
          const rv = ev.object?.metadata?.resourceVersion;
          if (rv) this.lastRV = rv;
          this.backoff.reset();
        },
        done,
      );
      if (signal.aborted) {
        this.watchHandle.stop();
        resolve(undefined);
      }
    });
  }
}
