// coordination, discovery, scheduling, policy and autoscaling kinds.
import type { KubeObject, LabelSelector } from '../meta.js';
import type { Condition, IntOrString, ObjectReference, Protocol } from './core.js';

// coordination.k8s.io/v1
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  /** MicroTime: RFC 3339 with microseconds. */
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
  strategy?: string;
  preferredHolder?: string;
}
export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

// discovery.k8s.io/v1
export interface EndpointConditions {
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}
export interface EndpointHints {
  forZones?: Array<{ name: string }>;
  forNodes?: Array<{ name: string }>;
}
export interface Endpoint {
  addresses: string[];
  conditions?: EndpointConditions;
  hostname?: string;
  targetRef?: ObjectReference;
  deprecatedTopology?: Record<string, string>;
  nodeName?: string;
  zone?: string;
  hints?: EndpointHints;
}
export interface EndpointSlicePort {
  name?: string;
  protocol?: Protocol;
  port?: number;
  appProtocol?: string;
}
export interface EndpointSlice extends KubeObject {
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  endpoints: Endpoint[];
  ports?: EndpointSlicePort[];
}

// scheduling.k8s.io/v1
export interface PriorityClass extends KubeObject {
  value: number;
  globalDefault?: boolean;
  description?: string;
  preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
}

// policy/v1
export interface PodDisruptionBudgetSpec {
  minAvailable?: IntOrString;
  selector?: LabelSelector;
  maxUnavailable?: IntOrString;
  unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}
export interface PodDisruptionBudgetStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: Condition[];
}
export interface PodDisruptionBudget extends KubeObject {
  spec?: PodDisruptionBudgetSpec;
  status?: PodDisruptionBudgetStatus;
}
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}
export interface DeleteOptions {
  apiVersion?: string;
  kind?: string;
  gracePeriodSeconds?: number;
  preconditions?: Preconditions;
  orphanDependents?: boolean;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  dryRun?: string[];
}
/** policy/v1 Eviction: the body of POST pods/{name}/eviction. */
export interface Eviction extends KubeObject {
  deleteOptions?: DeleteOptions;
}

// autoscaling/v1
export interface ScaleSpec {
  replicas?: number;
}
export interface ScaleStatus {
  replicas: number;
  /** Label query in string form, as Kubernetes serialises it. */
  selector?: string;
}
export interface Scale extends KubeObject {
  spec?: ScaleSpec;
  status?: ScaleStatus;
}

// meta.k8s.io/v1 Table (server-side printing for `kubectl get`)
export interface TableColumnDefinition {
  name: string;
  type: 'integer' | 'number' | 'string' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}
export interface TableRow {
  cells: unknown[];
  conditions?: Array<{ type: 'Completed'; status: string; reason?: string; message?: string }>;
  /** PartialObjectMetadata or the full object, per includeObject. */
  object?: unknown;
}
export interface Table {
  apiVersion: 'meta.k8s.io/v1';
  kind: 'Table';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

