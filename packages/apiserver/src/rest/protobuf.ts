// Decoding of Kubernetes' protobuf wire format (application/vnd.kubernetes.protobuf) into the
// JSON form of an object. kubectl's typed clients (create deployment|namespace|secret|...,
// drain) send protobuf bodies and do not fall back to JSON, so the apiserver must read them.
// Replies stay JSON: those clients accept it.
//
// The envelope is the magic "k8s\0" followed by a runtime.Unknown {typeMeta, raw}; raw is the
// object's message. Field numbers come from the k8s.io/api generated.proto files. Only the
// messages kubectl's create and eviction commands send are described; fields of unknown
// messages or numbers are skipped (and logged by the caller), never guessed.
import { badRequest } from '@mk/api';

type FieldType =
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
type Field = [string, FieldType, string?];
type Message = Record<number, Field>;

const m = (msg: string): { msg: string } => ({ msg });

const MESSAGES: Record<string, Message> = {
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

/** The kinds whose protobuf bodies mk reads. */
export const PROTOBUF_KINDS = new Set(Object.keys(MESSAGES).filter((k) => /^[A-Z]/.test(k) && MESSAGES[k][1]?.[0] === 'metadata'));

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"
const ZERO_TIME_SECONDS = -62135596800n; // Go's time.Time{} as Unix seconds

class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  done(): boolean {
    return this.pos >= this.end;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw badRequest('protobuf: unexpected end of varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw badRequest('protobuf: varint too long');
    }
    return result;
  }
  bytes(): [number, number] {
    const len = Number(this.varint());
    const start = this.pos;
    if (start + len > this.end) throw badRequest('protobuf: length exceeds message');
    this.pos += len;
    return [start, start + len];
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw badRequest(`protobuf: unsupported wire type ${wire}`);
  }
}

function signed(v: bigint): number {
  return Number(v >= 1n << 63n ? v - (1n << 64n) : v);
}

function readFields(buf: Buffer, start: number, end: number, each: (num: number, wire: number, r: Reader) => void): void {
  const r = new Reader(buf, start, end);
  while (!r.done()) {
    const tag = Number(r.varint());
    each(tag >>> 3, tag & 7, r);
  }
}

function str(buf: Buffer, [s, e]: [number, number]): string {
  return buf.toString('utf8', s, e);
}

function decodeMapEntry(buf: Buffer, range: [number, number], value: (b: Buffer, range: [number, number]) => unknown): [string, unknown] {
  let key = '';
  let val: unknown = '';
  readFields(buf, range[0], range[1], (num, wire, r) => {
    if (num === 1 && wire === 2) key = str(buf, r.bytes());
    else if (num === 2 && wire === 2) val = value(buf, r.bytes());
    else r.skip(wire);
  });
  return [key, val];
}

function decodeTime(buf: Buffer, range: [number, number]): string | null {
  let seconds = 0n;
  readFields(buf, range[0], range[1], (num, wire, r) => {
    if (num === 1 && wire === 0) seconds = BigInt(signed(r.varint()));
    else r.skip(wire);
  });
  // A zero metav1.Time travels as an empty Timestamp (JSON null).
  if (seconds === ZERO_TIME_SECONDS || seconds === 0n) return null;
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

function decodeQuantity(buf: Buffer, range: [number, number]): string {
  let s = '';
  readFields(buf, range[0], range[1], (num, wire, r) => {
    if (num === 1 && wire === 2) s = str(buf, r.bytes());
    else r.skip(wire);
  });
  return s;
}

function decodeIntOrString(buf: Buffer, range: [number, number]): number | string {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  readFields(buf, range[0], range[1], (num, wire, r) => {
    if (num === 1 && wire === 0) type = signed(r.varint());
    else if (num === 2 && wire === 0) intVal = signed(r.varint());
    else if (num === 3 && wire === 2) strVal = str(buf, r.bytes());
    else r.skip(wire);
  });
  return type === 1 ? strVal : intVal;
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false || v === null;
}

function decodeMessage(name: string, buf: Buffer, start: number, end: number, skipped: string[], path: string): Record<string, unknown> {
  const desc = MESSAGES[name];
  const out: Record<string, unknown> = {};
  const pointers = new Set<string>();
  readFields(buf, start, end, (num, wire, r) => {
    const f = desc?.[num];
    if (!f) {
      // Status on create is reset by the server anyway; selfLink (4) and managedFields (17) are server-owned.
      if (name !== 'Empty' && !(name === 'ObjectMeta' && (num === 4 || num === 17))) skipped.push(`${path}${name}#${num}`);
      r.skip(wire);
      return;
    }
    const [key, type, flags = ''] = f;
    if (flags.includes('p')) pointers.add(key);
    let value: unknown;
    if (typeof type === 'object') {
      if (wire !== 2) return r.skip(wire);
      const [s, e] = r.bytes();
      value = decodeMessage(type.msg, buf, s, e, skipped, `${path}${key}.`);
    } else {
      switch (type) {
        case 'string':
          if (wire !== 2) return r.skip(wire);
          value = str(buf, r.bytes());
          break;
        case 'bytes':
          if (wire !== 2) return r.skip(wire);
          value = buf.subarray(...r.bytes()).toString('base64');
          break;
        case 'int':
          if (wire !== 0) return r.skip(wire);
          value = signed(r.varint());
          break;
        case 'bool':
          if (wire !== 0) return r.skip(wire);
          value = r.varint() !== 0n;
          break;
        case 'time':
          if (wire !== 2) return r.skip(wire);
          value = decodeTime(buf, r.bytes());
          break;
        case 'quantity':
          if (wire !== 2) return r.skip(wire);
          value = decodeQuantity(buf, r.bytes());
          break;
        case 'intOrString':
          if (wire !== 2) return r.skip(wire);
          value = decodeIntOrString(buf, r.bytes());
          break;
        case 'mapString':
        case 'mapBytes':
        case 'mapQuantity': {
          if (wire !== 2) return r.skip(wire);
          const conv =
            type === 'mapString'
              ? (b: Buffer, rg: [number, number]) => str(b, rg)
              : type === 'mapBytes'
                ? (b: Buffer, rg: [number, number]) => b.subarray(...rg).toString('base64')
                : decodeQuantity;
          const [k, v] = decodeMapEntry(buf, r.bytes(), conv);
          const map = (out[key] ??= {}) as Record<string, unknown>;
          map[k] = v;
          return;
        }
      }
    }
    if (flags.includes('r')) ((out[key] ??= []) as unknown[]).push(value);
    else out[key] = value;
  });
  // Go's JSON omits empty non-pointer scalars (omitempty); pointers keep their zero values.
  for (const [k, v] of Object.entries(out)) {
    if (v === null || (isZero(v) && !pointers.has(k))) delete out[k];
  }
  return out;
}

export interface DecodedProtobuf {
  object: Record<string, unknown>;
  /** Fields mk does not know, as Message#number paths (dropped). */
  skipped: string[];
}

/** Decodes a `k8s\0` protobuf body. Throws 400 for malformed data, 415 for kinds mk cannot read. */
export function decodeProtobuf(buf: Buffer): DecodedProtobuf {
  if (buf.length < 4 || MAGIC.some((b, i) => buf[i] !== b)) throw badRequest('provided protobuf data does not start with the "k8s\\x00" prefix');
  let apiVersion = '';
  let kind = '';
  let raw: [number, number] | undefined;
  readFields(buf, 4, buf.length, (num, wire, r) => {
    if (num === 1 && wire === 2) {
      readFields(buf, ...r.bytes(), (n2, w2, r2) => {
        if (n2 === 1 && w2 === 2) apiVersion = str(buf, r2.bytes());
        else if (n2 === 2 && w2 === 2) kind = str(buf, r2.bytes());
        else r2.skip(w2);
      });
    } else if (num === 2 && wire === 2) raw = r.bytes();
    else r.skip(wire);
  });
  if (!MESSAGES[kind] || !raw) {
    const err = badRequest(`${kind || 'object'} in version "${apiVersion}" cannot be decoded from protobuf by mk; send JSON instead`);
    err.status.code = 415;
    err.status.reason = 'UnsupportedMediaType';
    throw err;
  }
  const skipped: string[] = [];
  const object = decodeMessage(kind, buf, raw[0], raw[1], skipped, '');
  return { object: { apiVersion, kind, ...object }, skipped };
}
