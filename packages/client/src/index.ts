// @mk/client: how every mk component talks to the apiserver.
export { KubeClient, queryString } from './client.js';
export type {
  KubeClientOptions,
  ListOptions,
  WriteOptions,
  CreateOptions,
  PatchType,
  PatchOptions,
  DeleteOptions,
  DeleteCollectionOptions,
  Scale,
  RawResponse,
} from './client.js';
export type { WatchOptions, WatchHandle } from './watch.js';
export { ConnectionError, connectionError, statusErrorFromResponse, isRetryable, isExpired, isNotFound, isConflict, isAlreadyExists } from './errors.js';
export { toResource, resourceFor, resourceOf, metaNamespaceKey, splitMetaNamespaceKey } from './resource.js';
export type { ResourceRef } from './resource.js';
export { NdjsonParser } from './ndjson.js';
export { parseWarningHeader } from './warnings.js';
export { TokenBucket, Backoff, sleep } from './flowcontrol.js';
export { stderrLogger, silentLogger } from './logger.js';
export type { Logger } from './logger.js';
export { Reflector } from './reflector.js';
export type { ReflectorOptions, ReflectorStore } from './reflector.js';
export { Informer, podsByNodeName, NAMESPACE_INDEX, NODE_NAME_INDEX } from './informer.js';
export type { IndexFunc, EventHandlers, InformerOptions } from './informer.js';
export { SharedInformerFactory } from './factory.js';
export type { InformerFilter } from './factory.js';
export {
  WorkQueue,
  runWorkers,
  ItemExponentialFailureRateLimiter,
  BucketRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from './workqueue.js';
export type { RateLimiter, WorkQueueOptions, RunWorkersOptions } from './workqueue.js';
export { LeaderElector, microTime } from './leaderelection.js';
export type { LeaderElectionConfig, Lease, LeaseSpec } from './leaderelection.js';
export { eventRecorder } from './events.js';
export type { EventRecorder, EventRecorderOptions, EventType, CoreEvent, ObjectReference } from './events.js';
export { NodeHttpTransport } from './node-http.js';
export type { NodeHttpTransportOptions, NodeHttpResponse } from './node-http.js';
export { componentLogger, stopOnSignals } from './component.js';
