// Shapes of meta/v1 and core/v1 types, mirroring types/core.ts field for field.
import { anyValue, arr, bool, extend, int, int64, intOrStr, map, obj, quantity, str, strMap, strs, type Shape } from './shape.js';

export const objectMeta = obj({
  name: str,
  generateName: str,
  namespace: str,
  selfLink: str,
  uid: str,
  resourceVersion: str,
  generation: int64,
  creationTimestamp: str,
  deletionTimestamp: str,
  deletionGracePeriodSeconds: int64,
  labels: strMap,
  annotations: strMap,
  ownerReferences: arr(obj({ apiVersion: str, kind: str, name: str, uid: str, controller: bool, blockOwnerDeletion: bool })),
  finalizers: strs,
  managedFields: arr(obj({ manager: str, operation: str, apiVersion: str, time: str, fieldsType: str, fieldsV1: anyValue, subresource: str })),
});

export const labelSelector = obj({
  matchLabels: strMap,
  matchExpressions: arr(obj({ key: str, operator: str, values: strs })),
});

export const objectReference = obj({ kind: str, namespace: str, name: str, uid: str, apiVersion: str, resourceVersion: str, fieldPath: str });
const localRef = obj({ name: str });
const resourceList = map(quantity);
export const condition = obj({ type: str, status: str, observedGeneration: int64, lastTransitionTime: str, reason: str, message: str });

const objectFieldSelector = obj({ apiVersion: str, fieldPath: str });
const resourceFieldSelector = obj({ containerName: str, resource: str, divisor: quantity });
const keySelector = obj({ name: str, key: str, optional: bool });
const envVar = obj({
  name: str,
  value: str,
  valueFrom: obj({ fieldRef: objectFieldSelector, resourceFieldRef: resourceFieldSelector, configMapKeyRef: keySelector, secretKeyRef: keySelector }),
});
const envFrom = obj({ prefix: str, configMapRef: obj({ name: str, optional: bool }), secretRef: obj({ name: str, optional: bool }) });
export const resourceRequirements = obj({ limits: resourceList, requests: resourceList, claims: arr(obj({ name: str, request: str })) });
const httpGet = obj({ path: str, port: intOrStr, host: str, scheme: str, httpHeaders: arr(obj({ name: str, value: str })) });
const exec = obj({ command: strs });
const tcpSocket = obj({ port: intOrStr, host: str });
const probe = obj({
  exec,
  httpGet,
  tcpSocket,
  grpc: obj({ port: int, service: str }),
  initialDelaySeconds: int,
  timeoutSeconds: int,
  periodSeconds: int,
  successThreshold: int,
  failureThreshold: int,
  terminationGracePeriodSeconds: int64,
});
const lifecycleHandler = obj({ exec, httpGet, tcpSocket, sleep: obj({ seconds: int64 }) });
const seLinuxOptions = obj({ user: str, role: str, type: str, level: str });
const windowsOptions = obj({ gmsaCredentialSpecName: str, gmsaCredentialSpec: str, runAsUserName: str, hostProcess: bool });
const profile = obj({ type: str, localhostProfile: str });
const securityContext = obj({
  capabilities: obj({ add: strs, drop: strs }),
  privileged: bool,
  seLinuxOptions,
  windowsOptions,
  runAsUser: int64,
  runAsGroup: int64,
  runAsNonRoot: bool,
  readOnlyRootFilesystem: bool,
  allowPrivilegeEscalation: bool,
  procMount: str,
  seccompProfile: profile,
  appArmorProfile: profile,
});
export const container = obj({
  name: str,
  image: str,
  command: strs,
  args: strs,
  workingDir: str,
  ports: arr(obj({ name: str, hostPort: int, containerPort: int, protocol: str, hostIP: str })),
  envFrom: arr(envFrom),
  env: arr(envVar),
  resources: resourceRequirements,
  resizePolicy: arr(obj({ resourceName: str, restartPolicy: str })),
  restartPolicy: str,
  volumeMounts: arr(
    obj({ name: str, readOnly: bool, recursiveReadOnly: str, mountPath: str, subPath: str, mountPropagation: str, subPathExpr: str }),
  ),
  volumeDevices: arr(obj({ name: str, devicePath: str })),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: obj({ postStart: lifecycleHandler, preStop: lifecycleHandler, stopSignal: str }),
  terminationMessagePath: str,
  terminationMessagePolicy: str,
  imagePullPolicy: str,
  securityContext,
  stdin: bool,
  stdinOnce: bool,
  tty: bool,
});
const keyToPath = obj({ key: str, path: str, mode: int });
const downwardAPIFile = obj({ path: str, fieldRef: objectFieldSelector, resourceFieldRef: resourceFieldSelector, mode: int });
const volume = obj({
  name: str,
  emptyDir: obj({ medium: str, sizeLimit: quantity }),
  hostPath: obj({ path: str, type: str }),
  configMap: obj({ name: str, items: arr(keyToPath), defaultMode: int, optional: bool }),
  secret: obj({ secretName: str, items: arr(keyToPath), defaultMode: int, optional: bool }),
  downwardAPI: obj({ items: arr(downwardAPIFile), defaultMode: int }),
  projected: obj({
    sources: arr(
      obj({
        secret: obj({ name: str, items: arr(keyToPath), optional: bool }),
        downwardAPI: obj({ items: arr(downwardAPIFile) }),
        configMap: obj({ name: str, items: arr(keyToPath), optional: bool }),
        serviceAccountToken: obj({ audience: str, expirationSeconds: int64, path: str }),
      }),
    ),
    defaultMode: int,
  }),
  persistentVolumeClaim: obj({ claimName: str, readOnly: bool }),
  nfs: obj({ server: str, path: str, readOnly: bool }),
});
const nodeSelectorRequirement = obj({ key: str, operator: str, values: strs });
export const nodeSelectorTerm = obj({ matchExpressions: arr(nodeSelectorRequirement), matchFields: arr(nodeSelectorRequirement) });
const podAffinityTerm = obj({
  labelSelector,
  namespaces: strs,
  topologyKey: str,
  namespaceSelector: labelSelector,
  matchLabelKeys: strs,
  mismatchLabelKeys: strs,
});
const podAffinity = obj({
  requiredDuringSchedulingIgnoredDuringExecution: arr(podAffinityTerm),
  preferredDuringSchedulingIgnoredDuringExecution: arr(obj({ weight: int, podAffinityTerm })),
});
export const podSpec = obj({
  volumes: arr(volume),
  initContainers: arr(container),
  containers: arr(container),
  ephemeralContainers: arr(extend(container, { targetContainerName: str })),
  restartPolicy: str,
  terminationGracePeriodSeconds: int64,
  activeDeadlineSeconds: int64,
  dnsPolicy: str,
  nodeSelector: strMap,
  serviceAccountName: str,
  serviceAccount: str,
  automountServiceAccountToken: bool,
  nodeName: str,
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  shareProcessNamespace: bool,
  securityContext: obj({
    seLinuxOptions,
    windowsOptions,
    runAsUser: int64,
    runAsGroup: int64,
    runAsNonRoot: bool,
    supplementalGroups: arr(int64),
    supplementalGroupsPolicy: str,
    fsGroup: int64,
    sysctls: arr(obj({ name: str, value: str })),
    fsGroupChangePolicy: str,
    seccompProfile: profile,
    appArmorProfile: profile,
    seLinuxChangePolicy: str,
  }),
  imagePullSecrets: arr(localRef),
  hostname: str,
  subdomain: str,
  affinity: obj({
    nodeAffinity: obj({
      requiredDuringSchedulingIgnoredDuringExecution: obj({ nodeSelectorTerms: arr(nodeSelectorTerm) }),
      preferredDuringSchedulingIgnoredDuringExecution: arr(obj({ weight: int, preference: nodeSelectorTerm })),
    }),
    podAffinity,
    podAntiAffinity: podAffinity,
  }),
  schedulerName: str,
  tolerations: arr(obj({ key: str, operator: str, value: str, effect: str, tolerationSeconds: int64 })),
  hostAliases: arr(obj({ ip: str, hostnames: strs })),
  priorityClassName: str,
  priority: int,
  dnsConfig: obj({ nameservers: strs, searches: strs, options: arr(obj({ name: str, value: str })) }),
  readinessGates: arr(obj({ conditionType: str })),
  runtimeClassName: str,
  enableServiceLinks: bool,
  preemptionPolicy: str,
  overhead: resourceList,
  topologySpreadConstraints: arr(
    obj({
      maxSkew: int,
      topologyKey: str,
      whenUnsatisfiable: str,
      labelSelector,
      minDomains: int,
      nodeAffinityPolicy: str,
      nodeTaintsPolicy: str,
      matchLabelKeys: strs,
    }),
  ),
  setHostnameAsFQDN: bool,
  os: obj({ name: str }),
  hostUsers: bool,
  schedulingGates: arr(obj({ name: str })),
  resources: resourceRequirements,
});
const containerState = obj({
  waiting: obj({ reason: str, message: str }),
  running: obj({ startedAt: str }),
  terminated: obj({ exitCode: int, signal: int, reason: str, message: str, startedAt: str, finishedAt: str, containerID: str }),
});
const containerStatus = obj({
  name: str,
  state: containerState,
  lastState: containerState,
  ready: bool,
  restartCount: int,
  image: str,
  imageID: str,
  containerID: str,
  started: bool,
  allocatedResources: resourceList,
  resources: resourceRequirements,
  user: anyValue,
  volumeMounts: anyValue,
  allocatedResourcesStatus: anyValue,
  stopSignal: str,
});
const podIPs = arr(obj({ ip: str }));
const podStatus = obj({
  observedGeneration: int64,
  phase: str,
  conditions: arr(obj({ type: str, status: str, observedGeneration: int64, lastProbeTime: str, lastTransitionTime: str, reason: str, message: str })),
  message: str,
  reason: str,
  nominatedNodeName: str,
  hostIP: str,
  hostIPs: podIPs,
  podIP: str,
  podIPs,
  startTime: str,
  initContainerStatuses: arr(containerStatus),
  containerStatuses: arr(containerStatus),
  ephemeralContainerStatuses: arr(containerStatus),
  qosClass: str,
  resize: str,
  resourceClaimStatuses: anyValue,
});
export const podTemplateSpec = obj({ metadata: objectMeta, spec: podSpec });

/** Top-level fields of each kind, besides apiVersion, kind and metadata. */
export const CORE_KINDS: Record<string, Record<string, Shape>> = {
  Namespace: {
    spec: obj({ finalizers: strs }),
    status: obj({ phase: str, conditions: arr(obj({ type: str, status: str, lastTransitionTime: str, reason: str, message: str })) }),
  },
  Pod: { spec: podSpec, status: podStatus },
  Binding: { target: objectReference },
  Node: {
    spec: obj({
      podCIDR: str,
      podCIDRs: strs,
      providerID: str,
      unschedulable: bool,
      taints: arr(obj({ key: str, value: str, effect: str, timeAdded: str })),
      externalID: str,
    }),
    status: obj({
      capacity: resourceList,
      allocatable: resourceList,
      phase: str,
      conditions: arr(obj({ type: str, status: str, lastHeartbeatTime: str, lastTransitionTime: str, reason: str, message: str })),
      addresses: arr(obj({ type: str, address: str })),
      daemonEndpoints: obj({ kubeletEndpoint: obj({ Port: int }) }),
      nodeInfo: obj({
        machineID: str,
        systemUUID: str,
        bootID: str,
        kernelVersion: str,
        osImage: str,
        containerRuntimeVersion: str,
        kubeletVersion: str,
        kubeProxyVersion: str,
        operatingSystem: str,
        architecture: str,
        swap: anyValue,
      }),
      images: arr(obj({ names: strs, sizeBytes: int64 })),
      volumesInUse: strs,
      volumesAttached: anyValue,
      config: anyValue,
      runtimeHandlers: anyValue,
      features: anyValue,
    }),
  },
  Service: {
    spec: obj({
      ports: arr(obj({ name: str, protocol: str, appProtocol: str, port: int, targetPort: intOrStr, nodePort: int })),
      selector: strMap,
      clusterIP: str,
      clusterIPs: strs,
      type: str,
      externalIPs: strs,
      sessionAffinity: str,
      loadBalancerIP: str,
      loadBalancerSourceRanges: strs,
      externalName: str,
      externalTrafficPolicy: str,
      healthCheckNodePort: int,
      publishNotReadyAddresses: bool,
      sessionAffinityConfig: obj({ clientIP: obj({ timeoutSeconds: int }) }),
      ipFamilies: strs,
      ipFamilyPolicy: str,
      allocateLoadBalancerNodePorts: bool,
      loadBalancerClass: str,
      internalTrafficPolicy: str,
      trafficDistribution: str,
    }),
    status: obj({
      loadBalancer: obj({
        ingress: arr(obj({ ip: str, hostname: str, ipMode: str, ports: arr(obj({ port: int, protocol: str, error: str })) })),
      }),
      conditions: arr(condition),
    }),
  },
  Endpoints: {
    subsets: arr(
      obj({
        addresses: arr(obj({ ip: str, hostname: str, nodeName: str, targetRef: objectReference })),
        notReadyAddresses: arr(obj({ ip: str, hostname: str, nodeName: str, targetRef: objectReference })),
        ports: arr(obj({ name: str, port: int, protocol: str, appProtocol: str })),
      }),
    ),
  },
  ConfigMap: { immutable: bool, data: strMap, binaryData: strMap },
  Secret: { immutable: bool, data: strMap, stringData: strMap, type: str },
  ServiceAccount: { secrets: arr(objectReference), imagePullSecrets: arr(localRef), automountServiceAccountToken: bool },
  Event: {
    involvedObject: objectReference,
    reason: str,
    message: str,
    source: obj({ component: str, host: str }),
    firstTimestamp: str,
    lastTimestamp: str,
    count: int,
    type: str,
    eventTime: str,
    series: obj({ count: int, lastObservedTime: str }),
    action: str,
    related: objectReference,
    reportingComponent: str,
    reportingInstance: str,
  },
};

