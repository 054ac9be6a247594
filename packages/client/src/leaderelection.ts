// Leader election on a coordination.k8s.io/v1 Lease (client-go tools/leaderelection with a
// LeaseLock). Validity is judged by the local clock from when this elector last saw the
// record change, never by comparing another host's renewTime to ours (clock skew).
import type { KubeObject } from '@mk/api';
import type { KubeClient } from './client.js';
import { isNotFound } from './errors.js';
import { sleep } from './flowcontrol.js';
import { errorMessage, stderrLogger } from './logger.js';
import type { Logger } from './logger.js';

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

export interface LeaderElectionConfig {
  /** Where the Lease lives, e.g. kube-system/kube-scheduler. */
  namespace: string;
  name: string;
  /** Unique per candidate: hostname plus a random suffix, as kube-scheduler does. */
  identity: string;
  /** How long a non-leader waits after the last observed change before taking over (default 15). */
  leaseDurationSeconds?: number;
  /** How long the leader keeps retrying a failed renewal before giving up (default 10). */
  renewDeadlineSeconds?: number;
  /** Time between tries (default 2). Fractions are allowed. */
  retryPeriodSeconds?: number;
  /** On stop(), clear holderIdentity so another candidate takes over at once. */
  releaseOnCancel?: boolean;
  /** Called on becoming leader; signal aborts when leadership ends. */
  onStartedLeading(signal: AbortSignal): void;
  /** Called when leadership ends (lost, or stop()), only after onStartedLeading. */
  onStoppedLeading(): void;
  /** Called when a different holder is observed (including this candidate). */
  onNewLeader?(identity: string): void;
  logger?: Logger;
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(d: Date = new Date()): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly logger: Logger;
  private readonly stopper = new AbortController();
  private observed: LeaseSpec | undefined;
  private observedRaw = '';
  private observedTime = 0;
  private observedLease: Lease | undefined;
  private reportedLeader = '';
  private running: Promise<void> | undefined;
  private leading = false;

  constructor(
    private readonly client: KubeClient,
    private readonly config: LeaderElectionConfig,
  ) {
    this.leaseDurationMs = (config.leaseDurationSeconds ?? 15) * 1000;
    this.renewDeadlineMs = (config.renewDeadlineSeconds ?? 10) * 1000;
    this.retryPeriodMs = (config.retryPeriodSeconds ?? 2) * 1000;
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new Error('leaseDuration must be greater than renewDeadline');
    if (this.renewDeadlineMs <= this.retryPeriodMs * 1.2) throw new Error('renewDeadline must be greater than retryPeriod*1.2');
    this.logger = config.logger ?? stderrLogger;
  }

  /** True between onStartedLeading and onStoppedLeading. */
  isLeader(): boolean {
    return this.leading;
  }

  /** The identity of the last observed holder ('' if none). */
  getLeader(): string {
    return this.observed?.holderIdentity ?? '';
  }

  /** Campaign, lead until the lease is lost or stop() is called. Resolves when done. */
  run(): Promise<void> {
    this.running ??= this.campaign();
    return this.running;
  }

  /** Stop campaigning or leading; releases the lease if releaseOnCancel. Resolves when run() ends. */
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  private get leaseKey(): string {
    return `${this.config.namespace}/${this.config.name}`;
  }

  private async campaign(): Promise<void> {
    const signal = this.stopper.signal;
    if (!(await this.acquire())) return;
    const leading = new AbortController();
    this.leading = true;
    try {
      this.config.onStartedLeading(leading.signal);
    } catch (err) {
      this.logger.error(`onStartedLeading failed: ${errorMessage(err)}`);
    }
    await this.renew();
    leading.abort();
    if (signal.aborted && this.config.releaseOnCancel) await this.release();
    else if (!signal.aborted) this.logger.info(`failed to renew lease ${this.leaseKey}: lost leadership`);
    this.leading = false;
    try {
      this.config.onStoppedLeading();
    } catch (err) {
      this.logger.error(`onStoppedLeading failed: ${errorMessage(err)}`);
    }
  }

  private async acquire(): Promise<boolean> {
    const signal = this.stopper.signal;
    this.logger.info(`attempting to acquire leader lease ${this.leaseKey}...`);
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew()) {
        this.logger.info(`successfully acquired lease ${this.leaseKey}`);
        return true;
      }
      await sleep(this.retryPeriodMs * (1 + Math.random() * 1.2), signal);
    }
    return false;
  }

  /** Renew every retryPeriod; give up when renewDeadline passes without a successful renewal. */
  private async renew(): Promise<void> {
    const signal = this.stopper.signal;
    while (!signal.aborted) {
      const deadline = Date.now() + this.renewDeadlineMs;
      let renewed = false;
      while (!signal.aborted && Date.now() < deadline) {
        // A request hanging past the deadline counts as a failed renewal: leadership must
        // end before another candidate can see the lease expire.
        const timer = new AbortController();
        const outcome = await Promise.race([
          this.tryAcquireOrRenew(),
          sleep(deadline - Date.now(), timer.signal).then(() => false),
        ]);
        timer.abort();
        if (outcome) {
          renewed = true;
          break;
        }
        await sleep(this.retryPeriodMs, signal);
      }
      if (!renewed) return;
      await sleep(this.retryPeriodMs, signal);
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = Date.now();
    const spec: LeaseSpec = {
      holderIdentity: this.config.identity,
      leaseDurationSeconds: Math.max(1, Math.ceil(this.leaseDurationMs / 1000)),
      acquireTime: microTime(new Date(now)),
      renewTime: microTime(new Date(now)),
      leaseTransitions: 0,
    };
    const { namespace, name } = this.config;
    let lease: Lease;
    try {
      lease = await this.client.get<Lease>('leases.coordination.k8s.io', namespace, name);
    } catch (err) {
      if (!isNotFound(err)) {
        this.logger.warn(`error retrieving lease ${this.leaseKey}: ${errorMessage(err)}`);
        return false;
      }
      try {
        const created = await this.client.create<Lease>('leases.coordination.k8s.io', {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec,
        });
        this.observe(created, now);
        return true;
      } catch (createErr) {
        this.logger.warn(`error initially creating lease ${this.leaseKey}: ${errorMessage(createErr)}`);
        return false;
      }
    }

    const old = lease.spec ?? {};
    this.observe(lease, now);
    const holder = old.holderIdentity ?? '';
    const validUntil = this.observedTime + (old.leaseDurationSeconds ?? 0) * 1000;
    if (holder !== '' && holder !== this.config.identity && validUntil > now) {
      this.logger.debug(`lock ${this.leaseKey} is held by ${holder} and has not yet expired`);
      return false;
    }
    if (holder === this.config.identity) {
      spec.acquireTime = old.acquireTime ?? spec.acquireTime;
      spec.leaseTransitions = old.leaseTransitions ?? 0;
    } else {
      spec.leaseTransitions = (old.leaseTransitions ?? 0) + 1;
    }
    try {
      // The Lease's resourceVersion makes this a compare-and-swap: a rival's write wins with 409.
      const updated = await this.client.update<Lease>('leases.coordination.k8s.io', { ...lease, spec });
      this.observe(updated, now);
      return true;
    } catch (err) {
      this.logger.debug(`failed to update lease ${this.leaseKey}: ${errorMessage(err)}`);
      return false;
    }
  }

  private observe(lease: Lease, now: number): void {
    const spec = lease.spec ?? {};
    const raw = JSON.stringify(spec);
    this.observedLease = lease;
    if (raw !== this.observedRaw) {
      this.observedRaw = raw;
      this.observed = spec;
      this.observedTime = now;
    }
    const leader = spec.holderIdentity ?? '';
    if (leader !== this.reportedLeader) {
      this.reportedLeader = leader;
      if (leader) this.config.onNewLeader?.(leader);
    }
  }

  private async release(): Promise<void> {
    const lease = this.observedLease;
    if (!lease || this.observed?.holderIdentity !== this.config.identity) return;
    const now = microTime();
    const spec: LeaseSpec = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: lease.spec?.leaseTransitions ?? 0,
    };
    try {
      const updated = await this.client.update<Lease>('leases.coordination.k8s.io', { ...lease, spec });
      this.observe(updated, Date.now());
    } catch (err) {
      this.logger.warn(`failed to release lease ${this.leaseKey}: ${errorMessage(err)}`);
    }
  }
}
