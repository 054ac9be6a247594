// Strategic merge patch metadata: the `patchStrategy` and `patchMergeKey` struct tags of
// k8s.io/api (core/v1, apps/v1, batch/v1, policy/v1, ...), for the fields that have them.
// A field not listed here has no strategy: maps merge, lists are atomic (replaced).

export type PatchStrategy = 'merge' | 'retainKeys' | 'merge,retainKeys' | 'replace';

/** A field's patch metadata; `type` names the struct its value (or each list item) is. */
export interface FieldPatchMeta {
  strategy?: PatchStrategy;
  mergeKey?: string;
  type?: string;
}

export type StructMeta = Readonly<Record<string, FieldPatchMeta>>;

const merge = (mergeKey?: string, type?: string): FieldPatchMeta => ({ strategy: 'merge', mergeKey, type });
const conditions: StructMeta = { conditions: merge('type') };

const STRUCTS: Readonly<Record<string, StructMeta>> = {
  ObjectMeta: { finalizers: merge(), ownerReferences: merge('uid') },

  // core/v1
  PodTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' } },
  PodSpec: {
    volumes: { strategy: 'merge,retainKeys', mergeKey: 'name' },
    initContainers: merge('name', 'Container'),
    containers: merge('name', 'Container'),
    ephemeralContainers: merge('name', 'Container'),
    imagePullSecrets: merge('name'),
    hostAliases: merge('ip'),
    topologySpreadConstraints: merge('topologyKey'),
    schedulingGates: merge('name'),
    resourceClaims: { strategy: 'merge,retainKeys', mergeKey: 'name' },
  },
  Container: {
    ports: merge('containerPort'),
    env: merge('name'),
    volumeMounts: merge('mountPath'),
    volumeDevices: merge('devicePath'),
  },
  PodStatus: {
    conditions: merge('type'),
    podIPs: merge('ip'),
    hostIPs: merge('ip'),
    resourceClaimStatuses: { strategy: 'merge,retainKeys', mergeKey: 'name' },
  },
  // NodeSpec.taints has no patchStrategy in k8s.io/api: taints are replaced as a whole.
  NodeSpec: { podCIDRs: merge() },
  NodeStatus: { conditions: merge('type'), addresses: merge('type') },
  ServiceSpec: { ports: merge('port') },
  ConditionsStatus: conditions,
  ReplicationControllerSpec: { template: { type: 'PodTemplateSpec' } },

  // apps/v1
  DeploymentSpec: { template: { type: 'PodTemplateSpec' }, strategy: { strategy: 'retainKeys' } },
  PodTemplateOwnerSpec: { template: { type: 'PodTemplateSpec' } },

  // batch/v1
  JobTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodTemplateOwnerSpec' } },
  CronJobSpec: { jobTemplate: { type: 'JobTemplateSpec' } },
};

/** Top-level struct of each kind. Every kind has ObjectMeta. */
const KINDS: Readonly<Record<string, StructMeta>> = {
  Pod: { spec: { type: 'PodSpec' }, status: { type: 'PodStatus' } },
  PodTemplate: { template: { type: 'PodTemplateSpec' } },
  Node: { spec: { type: 'NodeSpec' }, status: { type: 'NodeStatus' } },
  Service: { spec: { type: 'ServiceSpec' }, status: { type: 'ConditionsStatus' } },
  Namespace: { status: { type: 'ConditionsStatus' } },
  ServiceAccount: { secrets: merge('name') },
  ReplicationController: { spec: { type: 'ReplicationControllerSpec' }, status: { type: 'ConditionsStatus' } },
  PersistentVolumeClaim: { status: { type: 'ConditionsStatus' } },
  ConfigMap: {},
  Secret: {},
  Endpoints: {},
  Event: {},
  LimitRange: {},
  ResourceQuota: {},
  PersistentVolume: {},
  Deployment: { spec: { type: 'DeploymentSpec' }, status: { type: 'ConditionsStatus' } },
  ReplicaSet: { spec: { type: 'PodTemplateOwnerSpec' }, status: { type: 'ConditionsStatus' } },
  DaemonSet: { spec: { type: 'PodTemplateOwnerSpec' }, status: { type: 'ConditionsStatus' } },
  StatefulSet: { spec: { type: 'PodTemplateOwnerSpec' }, status: { type: 'ConditionsStatus' } },
  ControllerRevision: {},
  Job: { spec: { type: 'PodTemplateOwnerSpec' }, status: { type: 'ConditionsStatus' } },
  CronJob: { spec: { type: 'CronJobSpec' } },
  Lease: {},
  EndpointSlice: {},
  PriorityClass: {},
  PodDisruptionBudget: { status: { type: 'ConditionsStatus' } },
  HorizontalPodAutoscaler: { status: { type: 'ConditionsStatus' } },
  Ingress: {},
  NetworkPolicy: {},
  StorageClass: {},
  Role: {},
  ClusterRole: {},
  RoleBinding: {},
  ClusterRoleBinding: {},
};

/**
 * A cursor into the metadata of one kind: `undefined` struct means "no metadata known"
 * (an unknown kind or field), under which strategic merge behaves like JSON merge patch.
 */
export interface SchemaNode {
  readonly fields?: StructMeta;
  /** Where `type` names resolve; the built-in k8s.io/api structs unless a test supplies its own. */
  readonly structs?: Readonly<Record<string, StructMeta>>;
}

/** A schema over custom structs (used to run apimachinery's own test cases on their MergeItem type). */
export function schemaFromStructs(root: string, structs: Readonly<Record<string, StructMeta>>): SchemaNode {
  return { fields: structs[root] ?? {}, structs };
}

const NO_META: SchemaNode = {};

/** The schema root for a kind, or an empty schema (merge-patch semantics) for unknown kinds. */
export function schemaForKind(kind: string): SchemaNode {
  const top = KINDS[kind];
  if (!top) return NO_META;
  return { fields: { metadata: { type: 'ObjectMeta' }, ...top } };
}

/** True when mk knows strategic merge metadata for `kind` (kubectl sends strategic merge patch only then). */
export function hasStrategicMeta(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(KINDS, kind);
}

/** Metadata of `field` in `node`, and the schema of its value (or of each list item). */
export function lookupField(node: SchemaNode, field: string): { meta: FieldPatchMeta; child: SchemaNode } {
  const meta = node.fields?.[field];
  if (!meta) return { meta: {}, child: NO_META };
  const structs = node.structs ?? STRUCTS;
  const child: SchemaNode = { fields: meta.type ? (structs[meta.type] ?? {}) : {}, structs };
  return { meta, child };
}

/**
 * Patch metadata of the field at `path` inside an object of `kind`, e.g.
 * `patchMetaFor('Deployment', ['spec', 'template', 'spec', 'containers'])` is
 * `{ strategy: 'merge', mergeKey: 'name' }`. The path names fields only: list items are
 * skipped (`['spec', 'containers', 'env']` is the env list of every container).
 * Returns undefined for an unknown kind, and `{}` for a known field with no strategy
 * (maps merge, lists are replaced).
 */
export function patchMetaFor(kind: string, path: readonly string[]): { strategy?: PatchStrategy; mergeKey?: string } | undefined {
  let node = schemaForKind(kind);
  if (!node.fields || path.length === 0) return undefined;
  let meta: FieldPatchMeta = {};
  for (const field of path) {
    const r = lookupField(node, field);
    meta = r.meta;
    node = r.child;
  }
  const out: { strategy?: PatchStrategy; mergeKey?: string } = {};
  if (meta.strategy) out.strategy = meta.strategy;
  if (meta.mergeKey) out.mergeKey = meta.mergeKey;
  return out;
}
