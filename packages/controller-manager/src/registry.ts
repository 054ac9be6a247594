// The controllers kube-controller-manager's --controllers flag can name.
import type { Controller, ControllerContext } from './controller.js';
import { ReplicaSetController } from './controllers/replicaset/index.js';
import { DeploymentController } from './controllers/deployment/index.js';

export const CONTROLLERS: Record<string, (ctx: ControllerContext) => Controller> = {
  replicaset: (ctx) => new ReplicaSetController(ctx),
  deployment: (ctx) => new DeploymentController(ctx),
};
