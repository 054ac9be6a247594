// The controllers kube-controller-manager's --controllers flag can name.
import type { Controller, ControllerContext } from './controller.js';
import { ReplicaSetController } from './controllers/replicaset/index.js';
import { DeploymentController } from './controllers/deployment/index.js';
import { GarbageCollector } from './controllers/garbagecollector/index.js';
import { DaemonSetController } from './controllers/daemonset/index.js';
import { NodeLifecycleController } from './controllers/nodelifecycle/index.js';
import { JobController } from './controllers/job/index.js';
import { TTLAfterFinishedController } from './controllers/ttlafterfinished/index.js';
import { CronJobController } from './controllers/cronjob/index.js';
import { DisruptionController } from './controllers/disruption/index.js';
import { EndpointsController } from './controllers/endpoint/index.js';
import { EndpointSliceController } from './controllers/endpointslice/index.js';

export const CONTROLLERS: Record<string, (ctx: ControllerContext) => Controller> = {
  replicaset: (ctx) => new ReplicaSetController(ctx),
  deployment: (ctx) => new DeploymentController(ctx),
  garbagecollector: (ctx) => new GarbageCollector(ctx),
  daemonset: (ctx) => new DaemonSetController(ctx),
  nodelifecycle: (ctx) => new NodeLifecycleController(ctx),
  job: (ctx) => new JobController(ctx),
  'ttl-after-finished': (ctx) => new TTLAfterFinishedController(ctx),
  cronjob: (ctx) => new CronJobController(ctx),
  disruption: (ctx) => new DisruptionController(ctx),
  endpoint: (ctx) => new EndpointsController(ctx),
  endpointslice: (ctx) => new EndpointSliceController(ctx),
};
