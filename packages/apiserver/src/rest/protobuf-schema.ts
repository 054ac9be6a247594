// Field numbers of the protobuf messages mk reads, from k8s.io/api and k8s.io/apimachinery
// generated.proto. Only what kubectl's typed create and eviction requests send is listed.

export type FieldType =
  | 'string'
  | 'int'
  | 'bool'
  | 'bytes'
  | 'time'
  | 'quantity'
  | 'intOrString'
  | 'mapString'
  | 'mapBytes'
  | 'mapQuantity'
  | { msg: string };

/** [json name, type, flags]: 'r' repeated, 'p' pointer in Go (a zero value is kept). */
export type Field = [string, FieldType, string?];
export type Message = Record<number, Field>;

const m = (msg: string): { msg: string } => ({ msg });

export const MESSAGES: Record<string, Message> = {
  // k8s.io/apimachinery/pkg/apis/meta/v1
  ObjectMeta: {
    1: ['name', 'string'],
    2: ['generateName', 'string'],
    3: ['namespace', 'string'],
    5: ['uid', 'string'],
    6: ['resourceVersion', 'string'],
    7: ['generation', 'int'],
    8: ['creationTimestamp', 'time'],
    9: ['deletionTimestamp', 'time'],
    10: ['deletionGracePeriodSeconds', 'int', 'p'],
    11: ['labels', 'mapString'],
    12: ['annotations', 'mapString'],
    13: ['ownerReferences', m('OwnerReference'), 'r'],
    14: ['finalizers', 'string', 'r'],
  },
  OwnerReference: {
    1: ['kind', 'string'],
    3: ['name', 'string'],
    4: ['uid', 'string'],
    5: ['apiVersion', 'string'],
    6: ['controller', 'bool', 'p'],
    7: ['blockOwnerDeletion', 'bool', 'p'],
  },
  LabelSelector: { 1: ['matchLabels', 'mapString'], 2: ['matchExpressions', m('LabelSelectorRequirement'), 'r'] },
  LabelSelectorRequirement: { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'string', 'r'] },
  DeleteOptions: {
    1: ['gracePeriodSeconds', 'int', 'p'],
    2: ['preconditions', m('Preconditions')],
    3: ['orphanDependents', 'bool', 'p'],
    4: ['propagationPolicy', 'string', 'p'],
    5: ['dryRun', 'string', 'r'],
  },
  Preconditions: { 1: ['uid', 'string', 'p'], 2: ['resourceVersion', 'string', 'p'] },
  // k8s.io/api/core/v1
  Namespace: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('NamespaceSpec')], 3: ['status', m('NamespaceStatus')] },
  NamespaceSpec: { 1: ['finalizers', 'string', 'r'] },
  NamespaceStatus: { 1: ['phase', 'string'] },
  ConfigMap: { 1: ['metadata', m('ObjectMeta')], 2: ['data', 'mapString'], 3: ['binaryData', 'mapBytes'], 4: ['immutable', 'bool', 'p'] },
  Secret: {
    1: ['metadata', m('ObjectMeta')],
    2: ['data', 'mapBytes'],
    3: ['type', 'string'],
    4: ['stringData', 'mapString'],
    5: ['immutable', 'bool', 'p'],
  },
  ServiceAccount: {
    1: ['metadata', m('ObjectMeta')],
    2: ['secrets', m('ObjectReference'), 'r'],
    3: ['imagePullSecrets', m('LocalObjectReference'), 'r'],
    4: ['automountServiceAccountToken', 'bool', 'p'],
  },
  ObjectReference: {
    1: ['kind', 'string'],
    2: ['namespace', 'string'],
    3: ['name', 'string'],
    4: ['uid', 'string'],
    5: ['apiVersion', 'string'],
    6: ['resourceVersion', 'string'],
    7: ['fieldPath', 'string'],
  },
  LocalObjectReference: { 1: ['name', 'string'] },
  Binding: { 1: ['metadata', m('ObjectMeta')], 2: ['target', m('ObjectReference')] },
  Service: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('ServiceSpec')], 3: ['status', m('Empty')] },
  ServiceSpec: {
    1: ['ports', m('ServicePort'), 'r'],
    2: ['selector', 'mapString'],
    3: ['clusterIP', 'string'],
    4: ['type', 'string'],
    5: ['externalIPs', 'string', 'r'],
    7: ['sessionAffinity', 'string'],
    8: ['loadBalancerIP', 'string'],
    9: ['loadBalancerSourceRanges', 'string', 'r'],
    10: ['externalName', 'string'],
    11: ['externalTrafficPolicy', 'string'],
    12: ['healthCheckNodePort', 'int'],
    13: ['publishNotReadyAddresses', 'bool'],
    17: ['ipFamilyPolicy', 'string', 'p'],
    18: ['clusterIPs', 'string', 'r'],
    19: ['ipFamilies', 'string', 'r'],
    20: ['allocateLoadBalancerNodePorts', 'bool', 'p'],
    21: ['loadBalancerClass', 'string', 'p'],
    22: ['internalTrafficPolicy', 'string', 'p'],
  },
  ServicePort: {
    1: ['name', 'string'],
    2: ['protocol', 'string'],
    3: ['port', 'int'],
    4: ['targetPort', 'intOrString'],
    5: ['nodePort', 'int'],
    6: ['appProtocol', 'string', 'p'],
  },
  Pod: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('PodSpec')], 3: ['status', m('Empty')] },
  PodTemplateSpec: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('PodSpec')] },
  PodSpec: {
    1: ['volumes', m('Volume'), 'r'],
    2: ['containers', m('Container'), 'r'],
    3: ['restartPolicy', 'string'],
    4: ['terminationGracePeriodSeconds', 'int', 'p'],
    5: ['activeDeadlineSeconds', 'int', 'p'],
    6: ['dnsPolicy', 'string'],
    7: ['nodeSelector', 'mapString'],
    8: ['serviceAccountName', 'string'],
    9: ['serviceAccount', 'string'],
    10: ['nodeName', 'string'],
    11: ['hostNetwork', 'bool'],
    12: ['hostPID', 'bool'],
    13: ['hostIPC', 'bool'],
    15: ['imagePullSecrets', m('LocalObjectReference'), 'r'],
    16: ['hostname', 'string'],
    17: ['subdomain', 'string'],
    19: ['schedulerName', 'string'],
    20: ['initContainers', m('Container'), 'r'],
    21: ['automountServiceAccountToken', 'bool', 'p'],
    22: ['tolerations', m('Toleration'), 'r'],
    24: ['priorityClassName', 'string'],
    25: ['priority', 'int', 'p'],
    27: ['shareProcessNamespace', 'bool', 'p'],
    30: ['enableServiceLinks', 'bool', 'p'],
    31: ['preemptionPolicy', 'string', 'p'],
  },
  Volume: { 1: ['name', 'string'] },
  Container: {
    1: ['name', 'string'],
    2: ['image', 'string'],
    3: ['command', 'string', 'r'],
    4: ['args', 'string', 'r'],
    5: ['workingDir', 'string'],
    6: ['ports', m('ContainerPort'), 'r'],
    7: ['env', m('EnvVar'), 'r'],
    8: ['resources', m('ResourceRequirements')],
    9: ['volumeMounts', m('VolumeMount'), 'r'],
    13: ['terminationMessagePath', 'string'],
    14: ['imagePullPolicy', 'string'],
    16: ['stdin', 'bool'],
    17: ['stdinOnce', 'bool'],
    18: ['tty', 'bool'],
    20: ['terminationMessagePolicy', 'string'],
    24: ['restartPolicy', 'string', 'p'],
  },
  ContainerPort: { 1: ['name', 'string'], 2: ['hostPort', 'int'], 3: ['containerPort', 'int'], 4: ['protocol', 'string'], 5: ['hostIP', 'string'] },
  EnvVar: { 1: ['name', 'string'], 2: ['value', 'string'] },
  ResourceRequirements: { 1: ['limits', 'mapQuantity'], 2: ['requests', 'mapQuantity'] },
  VolumeMount: { 1: ['name', 'string'], 2: ['readOnly', 'bool'], 3: ['mountPath', 'string'], 4: ['subPath', 'string'] },
  Toleration: { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['value', 'string'], 4: ['effect', 'string'], 5: ['tolerationSeconds', 'int', 'p'] },
  Empty: {},
  // k8s.io/api/apps/v1
  Deployment: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('DeploymentSpec')], 3: ['status', m('Empty')] },
  DeploymentSpec: {
    1: ['replicas', 'int', 'p'],
    2: ['selector', m('LabelSelector')],
    3: ['template', m('PodTemplateSpec')],
    4: ['strategy', m('DeploymentStrategy')],
    5: ['minReadySeconds', 'int'],
    6: ['revisionHistoryLimit', 'int', 'p'],
    7: ['paused', 'bool'],
    9: ['progressDeadlineSeconds', 'int', 'p'],
  },
  DeploymentStrategy: { 1: ['type', 'string'], 2: ['rollingUpdate', m('RollingUpdateDeployment')] },
  RollingUpdateDeployment: { 1: ['maxUnavailable', 'intOrString'], 2: ['maxSurge', 'intOrString'] },
  // k8s.io/api/batch/v1
  Job: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('JobSpec')], 3: ['status', m('Empty')] },
  JobSpec: {
    1: ['parallelism', 'int', 'p'],
    2: ['completions', 'int', 'p'],
    3: ['activeDeadlineSeconds', 'int', 'p'],
    4: ['selector', m('LabelSelector')],
    5: ['manualSelector', 'bool', 'p'],
    6: ['template', m('PodTemplateSpec')],
    7: ['backoffLimit', 'int', 'p'],
    8: ['ttlSecondsAfterFinished', 'int', 'p'],
    9: ['completionMode', 'string', 'p'],
    10: ['suspend', 'bool', 'p'],
  },
  CronJob: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('CronJobSpec')], 3: ['status', m('Empty')] },
  CronJobSpec: {
    1: ['schedule', 'string'],
    2: ['startingDeadlineSeconds', 'int', 'p'],
    3: ['concurrencyPolicy', 'string'],
    4: ['suspend', 'bool', 'p'],
    5: ['jobTemplate', m('JobTemplateSpec')],
    6: ['successfulJobsHistoryLimit', 'int', 'p'],
    7: ['failedJobsHistoryLimit', 'int', 'p'],
    8: ['timeZone', 'string', 'p'],
  },
  JobTemplateSpec: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('JobSpec')] },
  // k8s.io/api/policy/v1
  Eviction: { 1: ['metadata', m('ObjectMeta')], 2: ['deleteOptions', m('DeleteOptions')] },
  PodDisruptionBudget: { 1: ['metadata', m('ObjectMeta')], 2: ['spec', m('PodDisruptionBudgetSpec')], 3: ['status', m('Empty')] },
  PodDisruptionBudgetSpec: {
    1: ['minAvailable', 'intOrString', 'p'],
    2: ['selector', m('LabelSelector')],
    3: ['maxUnavailable', 'intOrString', 'p'],
    4: ['unhealthyPodEvictionPolicy', 'string', 'p'],
  },
  // k8s.io/api/scheduling/v1
  PriorityClass: {
    1: ['metadata', m('ObjectMeta')],
    2: ['value', 'int'],
    3: ['globalDefault', 'bool'],
    4: ['description', 'string'],
    5: ['preemptionPolicy', 'string', 'p'],
  },
};
