// validateObject: Kubernetes' create and update validation for every kind mk serves.
import type { KubeObject } from '../meta.js';
import { RESOURCES } from '../resources.js';
import { typeErrors } from '../schema/index.js';
import type { ConfigMap, Endpoints, Event, Node, Pod, Secret, Service } from '../types/core.js';
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet } from '../types/apps.js';
import type { CronJob, Job } from '../types/batch.js';
import type { EndpointSlice, Lease, PodDisruptionBudget, PriorityClass } from '../types/misc.js';
import {
  validateConfigMap,
  validateControllerRevision,
  validateDataUpdate,
  validateEndpointSlice,
  validateEndpoints,
  validateEvent,
  validateLease,
  validateNode,
  validatePDB,
  validatePriorityClass,
  validatePriorityClassUpdate,
  validateSecret,
  validateService,
  validateServiceUpdate,
} from './core.js';
import type { FieldError } from './errors.js';
import { nameFn, validateObjectMeta, validateObjectMetaUpdate, type NameValidator } from './meta.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from './names.js';
import { validatePod, validatePodUpdate } from './pod.js';
import { validateCronJob, validateDaemonSet, validateDeployment, validateJob, validateReplicaSet, validateWorkloadUpdate } from './workloads.js';

export type { FieldError, FieldErrorType } from './errors.js';
export { fieldErrorBody, fieldErrorMessage, fieldErrorsToCauses, goValue, GoRepr, goLabelSelector, goStringMap } from './errors.js';
/** Constructors named after Kubernetes' field package: field.required, field.invalid, field.notSupported ... */
export * as field from './errors.js';
export * from './names.js';
export { validateObjectMeta, validateObjectMetaUpdate, validateLabels, validateAnnotations, jsonEqual } from './meta.js';
export { validatePodSpec, validatePodUpdate, validateResources, validateTolerations } from './pod.js';
export { validateLabelSelectorShape } from './selector.js';
export { cronScheduleError, validateJobSpec, validatePodTemplate } from './workloads.js';
export { base64ErrorOffset } from './core.js';

const subdomain = nameFn(isDNS1123Subdomain);
const NAME_CHECKS: Record<string, NameValidator> = {
  Namespace: nameFn(isDNS1123Label),
  Service: nameFn(isDNS1035Label),
};

type Validator = (o: never) => FieldError[];
const VALIDATORS: Record<string, Validator> = {
  Pod: (o: Pod) => validatePod(o),
  Deployment: (o: Deployment) => validateDeployment(o),
  ReplicaSet: (o: ReplicaSet) => validateReplicaSet(o),
  DaemonSet: (o: DaemonSet) => validateDaemonSet(o),
  Job: (o: Job) => validateJob(o),
  CronJob: (o: CronJob) => validateCronJob(o),
  Service: (o: Service) => validateService(o),
  Node: (o: Node) => validateNode(o),
  Secret: (o: Secret) => validateSecret(o),
  ConfigMap: (o: ConfigMap) => validateConfigMap(o),
  Event: (o: Event) => validateEvent(o),
  Endpoints: (o: Endpoints) => validateEndpoints(o),
  EndpointSlice: (o: EndpointSlice) => validateEndpointSlice(o),
  Lease: (o: Lease) => validateLease(o),
  PriorityClass: (o: PriorityClass) => validatePriorityClass(o),
  PodDisruptionBudget: (o: PodDisruptionBudget) => validatePDB(o),
  ControllerRevision: (o: ControllerRevision) => validateControllerRevision(o),
};

const NAMESPACED = new Map(RESOURCES.map((r) => [r.kind, r.namespaced]));

export interface ValidateOptions {
  /** Set when the caller already ran checkShape/typeErrors on this object. */
  skipTypeCheck?: boolean;
}

/**
 * Validate an object for create (or for update when `old` is given), after defaulting.
 * Wrong JSON types are reported first and alone, as Kubernetes fails decoding before validating.
 */
export function validateObject(obj: KubeObject, old?: KubeObject, opts: ValidateOptions = {}): FieldError[] {
  const kind = obj.kind ?? '';
  if (!opts.skipTypeCheck) {
    const te = typeErrors(obj);
    if (te.length) return te;
  }
  const errs: FieldError[] = [];
  const namespaced = NAMESPACED.get(kind);
  if (namespaced !== undefined) errs.push(...validateObjectMeta(obj.metadata, namespaced, NAME_CHECKS[kind] ?? subdomain));
  const v = VALIDATORS[kind] as ((o: KubeObject) => FieldError[]) | undefined;
  if (v) errs.push(...v(obj));
  if (old) errs.push(...validateUpdate(kind, obj, old));
  return errs;
}

function validateUpdate(kind: string, obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata ?? {}, old.metadata ?? {});
  switch (kind) {
    case 'Pod':
      errs.push(...validatePodUpdate(obj as Pod, old as Pod));
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'Job':
      errs.push(...validateWorkloadUpdate(kind, obj.spec as Record<string, unknown>, old.spec as Record<string, unknown>));
      break;
    case 'Service':
      errs.push(...validateServiceUpdate(obj as Service, old as Service));
      break;
    case 'Secret':
    case 'ConfigMap':
      errs.push(...validateDataUpdate(kind, obj as Secret, old as Secret));
      break;
    case 'PriorityClass':
      errs.push(...validatePriorityClassUpdate(obj as PriorityClass, old as PriorityClass));
      break;
  }
  return errs;
}
