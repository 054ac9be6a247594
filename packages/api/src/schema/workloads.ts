// Shapes of apps/v1, batch/v1 and the smaller groups' kinds.
import { condition, labelSelector, objectMeta, objectReference, podTemplateSpec } from './core.js';
import { anyValue, arr, bool, int, int64, intOrStr, obj, str, strMap, strs, type Shape } from './shape.js';

const rollingUpdate = obj({ maxUnavailable: intOrStr, maxSurge: intOrStr });
const genericCondition = obj({ type: str, status: str, lastUpdateTime: str, lastProbeTime: str, lastTransitionTime: str, reason: str, message: str });

export const jobSpec = obj({
  parallelism: int,
  completions: int,
  activeDeadlineSeconds: int64,
  podFailurePolicy: obj({
    rules: arr(
      obj({
        action: str,
        onExitCodes: obj({ containerName: str, operator: str, values: arr(int) }),
        onPodConditions: arr(obj({ type: str, status: str })),
      }),
    ),
  }),
  successPolicy: obj({ rules: arr(obj({ succeededIndexes: str, succeededCount: int })) }),
  backoffLimit: int,
  backoffLimitPerIndex: int,
  maxFailedIndexes: int,
  selector: labelSelector,
  manualSelector: bool,
  template: podTemplateSpec,
  ttlSecondsAfterFinished: int,
  completionMode: str,
  suspend: bool,
  podReplacementPolicy: str,
  managedBy: str,
});

export const WORKLOAD_KINDS: Record<string, Record<string, Shape>> = {
  Deployment: {
    spec: obj({
      replicas: int,
      selector: labelSelector,
      template: podTemplateSpec,
      strategy: obj({ type: str, rollingUpdate }),
      minReadySeconds: int,
      revisionHistoryLimit: int,
      paused: bool,
      progressDeadlineSeconds: int,
    }),
    status: obj({
      observedGeneration: int64,
      replicas: int,
      updatedReplicas: int,
      readyReplicas: int,
      availableReplicas: int,
      unavailableReplicas: int,
      terminatingReplicas: int,
      conditions: arr(genericCondition),
      collisionCount: int,
    }),
  },
  ReplicaSet: {
    spec: obj({ replicas: int, minReadySeconds: int, selector: labelSelector, template: podTemplateSpec }),
    status: obj({
      replicas: int,
      fullyLabeledReplicas: int,
      readyReplicas: int,
      availableReplicas: int,
      terminatingReplicas: int,
      observedGeneration: int64,
      conditions: arr(genericCondition),
    }),
  },
  DaemonSet: {
    spec: obj({
      selector: labelSelector,
      template: podTemplateSpec,
      updateStrategy: obj({ type: str, rollingUpdate }),
      minReadySeconds: int,
      revisionHistoryLimit: int,
    }),
    status: obj({
      currentNumberScheduled: int,
      numberMisscheduled: int,
      desiredNumberScheduled: int,
      numberReady: int,
      observedGeneration: int64,
      updatedNumberScheduled: int,
      numberAvailable: int,
      numberUnavailable: int,
      collisionCount: int,
      conditions: arr(genericCondition),
    }),
  },
  ControllerRevision: { data: anyValue, revision: int64 },
  Job: {
    spec: jobSpec,
    status: obj({
      conditions: arr(genericCondition),
      startTime: str,
      completionTime: str,
      active: int,
      succeeded: int,
      failed: int,
      terminating: int,
      completedIndexes: str,
      failedIndexes: str,
      uncountedTerminatedPods: obj({ succeeded: strs, failed: strs }),
      ready: int,
    }),
  },
  CronJob: {
    spec: obj({
      schedule: str,
      timeZone: str,
      startingDeadlineSeconds: int64,
      concurrencyPolicy: str,
      suspend: bool,
      jobTemplate: obj({ metadata: objectMeta, spec: jobSpec }),
      successfulJobsHistoryLimit: int,
      failedJobsHistoryLimit: int,
    }),
    status: obj({ active: arr(objectReference), lastScheduleTime: str, lastSuccessfulTime: str }),
  },
  Lease: {
    spec: obj({
      holderIdentity: str,
      leaseDurationSeconds: int,
      acquireTime: str,
      renewTime: str,
      leaseTransitions: int,
      strategy: str,
      preferredHolder: str,
    }),
  },
  EndpointSlice: {
    addressType: str,
    endpoints: arr(
      obj({
        addresses: strs,
        conditions: obj({ ready: bool, serving: bool, terminating: bool }),
        hostname: str,
        targetRef: objectReference,
        deprecatedTopology: strMap,
        nodeName: str,
        zone: str,
        hints: obj({ forZones: arr(obj({ name: str })), forNodes: arr(obj({ name: str })) }),
      }),
    ),
    ports: arr(obj({ name: str, protocol: str, port: int, appProtocol: str })),
  },
  PriorityClass: { value: int, globalDefault: bool, description: str, preemptionPolicy: str },
  PodDisruptionBudget: {
    spec: obj({ minAvailable: intOrStr, selector: labelSelector, maxUnavailable: intOrStr, unhealthyPodEvictionPolicy: str }),
    status: obj({
      observedGeneration: int64,
      disruptedPods: strMap,
      disruptionsAllowed: int,
      currentHealthy: int,
      desiredHealthy: int,
      expectedPods: int,
      conditions: arr(condition),
    }),
  },
  Eviction: {
    deleteOptions: obj({
      apiVersion: str,
      kind: str,
      gracePeriodSeconds: int64,
      preconditions: obj({ uid: str, resourceVersion: str }),
      orphanDependents: bool,
      propagationPolicy: str,
      dryRun: strs,
    }),
  },
  Scale: { spec: obj({ replicas: int }), status: obj({ replicas: int, selector: str }) },
};

