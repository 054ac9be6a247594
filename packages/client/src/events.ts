// Event recording (client-go tools/record): core/v1 Events about an object. A repeat of the
// same event (same source, object, type, reason and message) patches the existing Event's
// count and lastTimestamp instead of creating a new one: that is what `describe` shows as
// `3s (x21 over 1m)`. A per-object token bucket keeps a flapping component from flooding.
import type { KubeObject, ObjectReference } from '@mk/api';
import type { KubeClient } from './client.js';
import { isNotFound } from './errors.js';
import { TokenBucket } from './flowcontrol.js';
import { toResource } from './resource.js';
import { errorMessage, stderrLogger } from './logger.js';
import type { Logger } from './logger.js';

export type { ObjectReference };

export interface CoreEvent extends KubeObject {
  involvedObject: ObjectReference;
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string;
  lastTimestamp?: string;
  count?: number;
  type?: string;
  eventTime?: string | null;
  reportingComponent?: string;
  reportingInstance?: string;
}

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  /**
   * Record an event about obj (an object, or a reference with fieldPath such as
   * `spec.containers{web}`). Resolves once written; never rejects (failures are logged).
   */
  event(obj: KubeObject | ObjectReference, type: EventType, reason: string, message: string): Promise<void>;
}

export interface EventRecorderOptions {
  /** source.host: the node name for kubelets. */
  host?: string;
  logger?: Logger;
  /** Remembered distinct events (client-go: 4096). */
  cacheSize?: number;
  /** Spam filter per source+object: burst, then one event per 1/qps seconds (client-go: 25, 1/300). */
  spamBurst?: number;
  spamQps?: number;
}

interface Observation {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

let lastNanos = 0n;
/** Unix nanoseconds, strictly increasing: client-go names Events `{object}.{UnixNano in hex}`. */
function uniqueNanos(ms: number): bigint {
  const n = BigInt(ms) * 1_000_000n;
  lastNanos = n > lastNanos ? n : lastNanos + 1n;
  return lastNanos;
}

// metav1.Time has whole seconds: format each second once, not once per event.
let timeSecond = NaN;
let timeText = '';
/** metav1.Time: RFC 3339 to the second. */
function metaTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== timeSecond) {
    timeSecond = second;
    timeText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return timeText;
}

function toReference(obj: KubeObject | ObjectReference): ObjectReference {
  if (!('metadata' in obj) || typeof obj.metadata !== 'object' || obj.metadata === null) return obj as ObjectReference;
  const o = obj as KubeObject;
  const ref: ObjectReference = { kind: o.kind, apiVersion: o.apiVersion, name: o.metadata.name };
  if (o.metadata.namespace) ref.namespace = o.metadata.namespace;
  if (o.metadata.uid) ref.uid = o.metadata.uid;
  if (o.metadata.resourceVersion) ref.resourceVersion = o.metadata.resourceVersion;
  return ref;
}

export function eventRecorder(client: KubeClient, component: string, opts: EventRecorderOptions = {}): EventRecorder {
  const logger = opts.logger ?? stderrLogger;
  const cacheSize = opts.cacheSize ?? 4096;
  const observations = new Map<string, Observation>();
  const spam = new Map<string, TokenBucket>();
  const inFlight = new Map<string, Promise<void>>();
  const source = opts.host ? { component, host: opts.host } : { component };
  const events = toResource('events');

  const remember = <V>(m: Map<string, V>, key: string, v: V): void => {
    m.delete(key);
    m.set(key, v);
    if (m.size > cacheSize) m.delete(m.keys().next().value as string);
  };

  async function write(key: string, ref: ObjectReference, type: EventType, reason: string, message: string): Promise<void> {
    const now = Date.now();
    const ts = metaTime(now);
    const seen = observations.get(key);
    if (seen) {
      const count = seen.count + 1;
      try {
        await client.patch(events, seen.namespace, seen.name, { count, lastTimestamp: ts, message }, 'merge');
        seen.count = count;
        remember(observations, key, seen);
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        // The Event expired or was deleted: record it afresh.
      }
    }
    const namespace = ref.namespace || 'default';
    const event: CoreEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${ref.name}.${uniqueNanos(now).toString(16)}`, namespace },
      involvedObject: ref,
      reason,
      message,
      source,
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: opts.host ?? '',
    };
    const created = await client.create<CoreEvent>(events, event);
    remember(observations, key, { name: created.metadata.name!, namespace, count: 1, firstTimestamp: ts });
  }

  return {
    event(obj, type, reason, message) {
      const ref = toReference(obj);
      // client-go's aggregation keys, less the source: it is this recorder's own, the same for every key.
      const objectKey = `${ref.kind}\0${ref.namespace ?? ''}\0${ref.name}\0${ref.uid ?? ''}\0${ref.apiVersion ?? ''}`;
      let bucket = spam.get(objectKey);
      if (!bucket) remember(spam, objectKey, (bucket = new TokenBucket(opts.spamQps ?? 1 / 300, opts.spamBurst ?? 25)));
      if (!bucket.tryAccept()) {
        logger.debug(`event ${reason} for ${ref.kind} ${ref.namespace ?? ''}/${ref.name} dropped by the spam filter`);
        return Promise.resolve();
      }
      const key = `${objectKey}\0${ref.fieldPath ?? ''}\0${type}\0${reason}\0${message}`;
      // One write at a time per event key, so a repeat patches the Event its first create made.
      const prev = inFlight.get(key);
      const written = prev ? prev.then(() => write(key, ref, type, reason, message)) : write(key, ref, type, reason, message);
      const next: Promise<void> = written.then(
        () => {
          if (inFlight.get(key) === next) inFlight.delete(key);
        },
        (err: unknown) => {
          logger.warn(`unable to write event ${reason} for ${ref.kind} ${ref.name}: ${errorMessage(err)}`);
          if (inFlight.get(key) === next) inFlight.delete(key);
        },
      );
      inFlight.set(key, next);
      return next;
    },
  };
}
