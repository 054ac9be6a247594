// Column definitions and row cells for each kind mk serves, as Kubernetes' printers
// (pkg/printers/internalversion/printers.go). Rows are always generated "wide", as the
// apiserver does; kubectl hides priority-1 columns unless `-o wide`.
import { AGE_DOC, col, name, NAME, type Printer } from './columns.js';
import { endpointSlicePrinter, endpointsPrinter, nodePrinter, podPrinter, servicePrinter } from './printers-core.js';
import { configMapPrinter, controllerRevisionPrinter, eventPrinter, leasePrinter, namespacePrinter, pdbPrinter, priorityClassPrinter, secretPrinter, serviceAccountPrinter } from './printers-config.js';
import { cronJobPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter } from './printers-workloads.js';

export type { Printer } from './columns.js';
export { formatEndpoints, nodeRoles, nodeStatus, serviceExternalIP, servicePorts } from './printers-core.js';
export { jobStatus } from './printers-workloads.js';

/** Printers by kind, for every kind in RESOURCES. */
export const PRINTERS: Readonly<Record<string, Printer>> = {
  Pod: podPrinter,
  Node: nodePrinter,
  Service: servicePrinter,
  Endpoints: endpointsPrinter,
  EndpointSlice: endpointSlicePrinter,
  Deployment: deploymentPrinter,
  ReplicaSet: replicaSetPrinter,
  DaemonSet: daemonSetPrinter,
  Job: jobPrinter,
  CronJob: cronJobPrinter,
  Namespace: namespacePrinter,
  ConfigMap: configMapPrinter,
  Secret: secretPrinter,
  ServiceAccount: serviceAccountPrinter,
  Event: eventPrinter,
  Lease: leasePrinter,
  PriorityClass: priorityClassPrinter,
  PodDisruptionBudget: pdbPrinter,
  ControllerRevision: controllerRevisionPrinter,
};

/** The apiserver's default for kinds without a printer: NAME and CREATED AT. */
export const DEFAULT_PRINTER: Printer = {
  columns: [NAME, col('Created At', 'date', AGE_DOC)],
  cells: (o) => [name(o), o.metadata.creationTimestamp ?? null],
};
