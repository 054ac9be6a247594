// OpenAPI schemas for each kind, generated from the shapes in @mk/api (the same descriptions
// the apiserver decodes and validates with), with Kubernetes' vendor extensions:
// x-kubernetes-group-version-kind on each kind, and the strategic-merge-patch metadata
// (x-kubernetes-patch-strategy / -merge-key) that kubectl apply reads to compute patches.
import { container, groupVersion, labelSelector, objectMeta, patchMetaFor, podSpec, podTemplateSpec, RESOURCES, shapeFor, type ResourceInfo, type Shape } from '@mk/api';
import { DESCRIPTIONS, REQUIRED, STRUCT_DESCRIPTIONS } from './descriptions.js';

/** A JSON schema in the OpenAPI dialect (the subset Kubernetes uses). */
export interface OpenAPISchema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, OpenAPISchema>;
  additionalProperties?: OpenAPISchema | boolean;
  items?: OpenAPISchema;
  required?: string[];
  $ref?: string;
  allOf?: OpenAPISchema[];
  default?: unknown;
  [extension: `x-${string}`]: unknown;
}

/** The placeholder a $ref starts with; v2 turns it into #/definitions/, v3 into #/components/schemas/. */
export const REF = '#/definitions/';

const DOC = {
  apiVersion:
    'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  kind: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  metadata: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  listMetadata: "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  spec: 'Specification of the desired behavior. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
  status: 'Most recently observed status. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
};

/** Kubernetes' one-line descriptions of the kinds, shown by `kubectl explain <kind>`. */
const KIND_DOC: Record<string, string> = {
  Pod: 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.',
  Node: 'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).',
  Namespace: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
  Service:
    'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
  Endpoints: 'Endpoints is a collection of endpoints that implement the actual service.',
  ConfigMap: 'ConfigMap holds configuration data for pods to consume.',
  Secret: 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.',
  Event: 'Event is a report of an event somewhere in the cluster.',
  ServiceAccount:
    'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets',
  Deployment: 'Deployment enables declarative updates for Pods and ReplicaSets.',
  ReplicaSet: 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
  DaemonSet: 'DaemonSet represents the configuration of a daemon set.',
  ControllerRevision:
    'ControllerRevision implements an immutable snapshot of state data. Clients are responsible for serializing and deserializing the objects that contain their internal state.',
  Job: 'Job represents the configuration of a single job.',
  CronJob: 'CronJob represents the configuration of a single cron job.',
  Lease: 'Lease defines a lease concept.',
  EndpointSlice: 'EndpointSlice represents a subset of the endpoints that implement a service.',
  PriorityClass: 'PriorityClass defines mapping from a priority class name to the priority integer value.',
  PodDisruptionBudget: 'PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods',
};

/** `io.k8s.api.core.v1.Pod`: the definition name Kubernetes gives a kind. */
export function definitionName(group: string, version: string, kind: string): string {
  const pkg = group === '' ? 'core' : group.split('.')[0];
  return `io.k8s.api.${pkg}.${version}.${kind}`;
}

export const PATCH_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
export const STATUS_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';

// Shared structs are recognised by identity and become named definitions, as in Kubernetes'
// documents: `kubectl explain` shows their names (`<PodSpec>`, `<[]Container>`), and each
// description is written once. Their patch metadata is looked up at a canonical place.
interface NamedStruct {
  name: string;
  definition: string;
  kind: string;
  path: string[];
}
const core = (name: string) => `io.k8s.api.core.v1.${name}`;

/** A field's shape inside an object shape, or the item shape of an array field. */
function fieldOf(shape: Shape | undefined, name: string, item = false): Shape | undefined {
  const f = shape?.k === 'object' ? shape.fields[name] : undefined;
  if (!item) return f;
  return f?.k === 'array' ? f.of : undefined;
}

let structs: Map<Shape, NamedStruct> | undefined;

/** The named structs: those @mk/api exports, the structs reached from them, and each kind's spec and status. */
function namedStructs(): Map<Shape, NamedStruct> {
  if (structs) return structs;
  const m = new Map<Shape, NamedStruct>();
  const add = (shape: Shape | undefined, name: string, definition: string, kind: string, path: string[]) => {
    if (shape && shape.k === 'object' && !m.has(shape)) m.set(shape, { name, definition, kind, path });
  };
  const c = ['spec', 'containers'];
  add(objectMeta, 'ObjectMeta', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'Pod', ['metadata']);
  add(labelSelector, 'LabelSelector', 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector', 'Deployment', ['spec', 'selector']);
  add(podTemplateSpec, 'PodTemplateSpec', core('PodTemplateSpec'), 'Deployment', ['spec', 'template']);
  add(podSpec, 'PodSpec', core('PodSpec'), 'Pod', ['spec']);
  add(container, 'Container', core('Container'), 'Pod', c);
  add(fieldOf(container, 'resources'), 'ResourceRequirements', core('ResourceRequirements'), 'Pod', [...c, 'resources']);
  add(fieldOf(container, 'livenessProbe'), 'Probe', core('Probe'), 'Pod', [...c, 'livenessProbe']);
  add(fieldOf(container, 'lifecycle'), 'Lifecycle', core('Lifecycle'), 'Pod', [...c, 'lifecycle']);
  add(fieldOf(container, 'env', true), 'EnvVar', core('EnvVar'), 'Pod', [...c, 'env']);
  add(fieldOf(container, 'envFrom', true), 'EnvFromSource', core('EnvFromSource'), 'Pod', [...c, 'envFrom']);
  add(fieldOf(container, 'ports', true), 'ContainerPort', core('ContainerPort'), 'Pod', [...c, 'ports']);
  add(fieldOf(container, 'volumeMounts', true), 'VolumeMount', core('VolumeMount'), 'Pod', [...c, 'volumeMounts']);
  add(fieldOf(container, 'securityContext'), 'SecurityContext', core('SecurityContext'), 'Pod', [...c, 'securityContext']);
  add(fieldOf(podSpec, 'volumes', true), 'Volume', core('Volume'), 'Pod', ['spec', 'volumes']);
  add(fieldOf(podSpec, 'affinity'), 'Affinity', core('Affinity'), 'Pod', ['spec', 'affinity']);
  add(fieldOf(podSpec, 'tolerations', true), 'Toleration', core('Toleration'), 'Pod', ['spec', 'tolerations']);
  add(fieldOf(podSpec, 'securityContext'), 'PodSecurityContext', core('PodSecurityContext'), 'Pod', ['spec', 'securityContext']);
  add(fieldOf(podSpec, 'topologySpreadConstraints', true), 'TopologySpreadConstraint', core('TopologySpreadConstraint'), 'Pod', ['spec', 'topologySpreadConstraints']);
  add(fieldOf(fieldOf(shapeFor('Service'), 'spec'), 'ports', true), 'ServicePort', core('ServicePort'), 'Service', ['spec', 'ports']);
  // Each kind's spec and status: DeploymentSpec, ServiceStatus, ... (PodSpec is already named).
  for (const r of RESOURCES) {
    const top = shapeFor(r.kind);
    const pkg = definitionName(r.group, r.version, '');
    for (const [field, suffix] of [['spec', 'Spec'], ['status', 'Status']] as const) {
      add(fieldOf(top, field), `${r.kind}${suffix}`, `${pkg}${r.kind}${suffix}`, r.kind, [field]);
    }
  }
  structs = m;
  return m;
}

export const INT_OR_STRING_DEF = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY_DEF = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** `DeploymentSpec is the specification of the desired behavior of the Deployment.` */
function structDescription(name: string): string | undefined {
  const m = /^(.+)(Spec|Status)$/.exec(name);
  if (!m) return undefined;
  return m[2] === 'Spec' ? `${name} is the specification of the desired behavior of the ${m[1]}.` : `${name} represents the current status of a ${m[1]}.`;
}

/** A reference that may carry its own description (OpenAPI v3 style; v2 rendering flattens it). */
const ref = (definition: string): OpenAPISchema => ({ allOf: [{ $ref: REF + definition }] });

function structOf(shape: Shape): NamedStruct | undefined {
  const m = namedStructs();
  return m.get(shape) ?? (shape.k === 'array' || shape.k === 'map' ? m.get(shape.of) : undefined);
}

/** Where a field is: its path from the kind's root, and the shared struct it is inside, if any. */
interface Place {
  kind: string;
  path: string[];
  struct?: string;
  rel: string[];
}

/** The schema of a value: named structs and int-or-string / quantity become references. */
function valueSchema(shape: Shape, at: Place): OpenAPISchema {
  const named = namedStructs().get(shape);
  if (named) return ref(named.definition);
  switch (shape.k) {
    case 'intOrString':
      return ref(INT_OR_STRING_DEF);
    case 'quantity':
      return ref(QUANTITY_DEF);
    case 'array':
      return { type: 'array', items: valueSchema(shape.of, at) };
    case 'map':
      return { type: 'object', additionalProperties: valueSchema(shape.of, at) };
    default:
      return shapeSchema(shape, at);
  }
}

function shapeSchema(shape: Shape, at: Place): OpenAPISchema {
  switch (shape.k) {
    case 'string':
      return { type: 'string' };
    case 'int32':
      return { type: 'integer', format: 'int32' };
    case 'int64':
      return { type: 'integer', format: 'int64' };
    case 'number':
      return { type: 'number', format: 'double' };
    case 'boolean':
      return { type: 'boolean' };
    case 'intOrString':
      return { type: 'string', format: 'int-or-string' };
    case 'quantity':
      return { type: 'string' };
    case 'any':
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    case 'array':
      return { type: 'array', items: valueSchema(shape.of, at) };
    case 'map':
      return { type: 'object', additionalProperties: valueSchema(shape.of, at) };
    case 'object': {
      const properties: Record<string, OpenAPISchema> = {};
      for (const [field, fieldShape] of Object.entries(shape.fields)) {
        const path = [...at.path, field];
        const rel = [...at.rel, field];
        const struct = structOf(fieldShape);
        const s = valueSchema(fieldShape, { kind: at.kind, path, struct: at.struct, rel });
        const description = DESCRIPTIONS[at.struct ? `${at.struct}.${rel.join('.')}` : `${at.kind}.${path.join('.')}`] ?? (struct ? STRUCT_DESCRIPTIONS[struct.name] : undefined);
        const meta = patchMetaFor(at.kind, path);
        const out: OpenAPISchema = description ? { ...s, description } : s;
        if (meta?.strategy) out['x-kubernetes-patch-strategy'] = meta.strategy;
        if (meta?.mergeKey) out['x-kubernetes-patch-merge-key'] = meta.mergeKey;
        properties[field] = out;
      }
      return { type: 'object', properties };
    }
  }
}

/** Definitions of the shared structs, int-or-string and quantity. */
export function sharedDefinitions(): Record<string, OpenAPISchema> {
  const defs: Record<string, OpenAPISchema> = {
    [INT_OR_STRING_DEF]: {
      description:
        'IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type. This allows you to have, for example, a JSON field that can accept a name or number.',
      type: 'string',
      format: 'int-or-string',
    },
    [QUANTITY_DEF]: {
      description:
        'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors. Examples: 100m (0.1 CPU), 1Gi, 500Mi, 2.',
      type: 'string',
    },
  };
  for (const [shape, s] of namedStructs()) {
    const description = STRUCT_DESCRIPTIONS[s.name] ?? structDescription(s.name);
    const schema = shapeSchema(shape, { kind: s.kind, path: s.path, struct: s.name, rel: [] });
    const required = (REQUIRED[s.name] ?? []).filter((f) => schema.properties?.[f]);
    defs[s.definition] = { ...(description ? { description } : {}), ...schema, ...(required.length ? { required } : {}) };
  }
  return defs;
}

/** The schema of a kind, with its description and x-kubernetes-group-version-kind. */
export function kindSchema(r: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): OpenAPISchema {
  const shape = shapeFor(r.kind);
  const s: OpenAPISchema = shape
    ? shapeSchema(shape, { kind: r.kind, path: [], rel: [] })
    : { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } }, 'x-kubernetes-preserve-unknown-fields': true };
  const props = s.properties ?? {};
  for (const field of ['apiVersion', 'kind', 'metadata', 'spec', 'status'] as const) {
    if (props[field] && !DESCRIPTIONS[`${r.kind}.${field}`]) props[field].description = DOC[field];
  }
  return {
    description: KIND_DOC[r.kind] ?? `${r.kind} is a ${groupVersion(r)} object.`,
    ...s,
    'x-kubernetes-group-version-kind': [{ group: r.group, kind: r.kind, version: r.version }],
  };
}

/** The schema of a kind's list (`PodList`), whose items refer to the kind's definition. */
export function listSchema(r: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): OpenAPISchema {
  return {
    description: `${r.kind}List is a list of ${r.kind} objects.`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { type: 'string', description: DOC.apiVersion },
      items: { type: 'array', description: `List of ${r.kind} objects.`, items: { $ref: REF + definitionName(r.group, r.version, r.kind) } },
      kind: { type: 'string', description: DOC.kind },
      metadata: {
        type: 'object',
        description: DOC.listMetadata,
        properties: { continue: { type: 'string' }, remainingItemCount: { type: 'integer', format: 'int64' }, resourceVersion: { type: 'string' } },
      },
    },
    'x-kubernetes-group-version-kind': [{ group: r.group, kind: `${r.kind}List`, version: r.version }],
  };
}

/** Kinds that subresources return from another group: autoscaling/v1 Scale, policy/v1 Eviction. */
export const SUBRESOURCE_KINDS: Record<string, { group: string; version: string; kind: string; schema: OpenAPISchema }> = {
  scale: {
    group: 'autoscaling',
    version: 'v1',
    kind: 'Scale',
    schema: {
      description: 'Scale represents a scaling request for a resource.',
      type: 'object',
      properties: {
        apiVersion: { type: 'string', description: DOC.apiVersion },
        kind: { type: 'string', description: DOC.kind },
        metadata: { type: 'object', description: DOC.metadata, 'x-kubernetes-preserve-unknown-fields': true },
        spec: { type: 'object', description: DOC.spec, properties: { replicas: { type: 'integer', format: 'int32' } } },
        status: { type: 'object', description: DOC.status, properties: { replicas: { type: 'integer', format: 'int32' }, selector: { type: 'string' } } },
      },
      'x-kubernetes-group-version-kind': [{ group: 'autoscaling', kind: 'Scale', version: 'v1' }],
    },
  },
  binding: {
    group: '',
    version: 'v1',
    kind: 'Binding',
    schema: {
      description: 'Binding ties one object to another; for example, a pod is bound to a node by a scheduler.',
      type: 'object',
      required: ['target'],
      properties: {
        apiVersion: { type: 'string', description: DOC.apiVersion },
        kind: { type: 'string', description: DOC.kind },
        metadata: { type: 'object', description: DOC.metadata, 'x-kubernetes-preserve-unknown-fields': true },
        target: { type: 'object', description: 'The target object that you want to bind to the standard object.', 'x-kubernetes-preserve-unknown-fields': true },
      },
      'x-kubernetes-group-version-kind': [{ group: '', kind: 'Binding', version: 'v1' }],
    },
  },
  eviction: {
    group: 'policy',
    version: 'v1',
    kind: 'Eviction',
    schema: {
      description: 'Eviction evicts a pod from its node subject to certain policies and safety constraints.',
      type: 'object',
      properties: {
        apiVersion: { type: 'string', description: DOC.apiVersion },
        deleteOptions: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        kind: { type: 'string', description: DOC.kind },
        metadata: { type: 'object', description: DOC.metadata, 'x-kubernetes-preserve-unknown-fields': true },
      },
      'x-kubernetes-group-version-kind': [{ group: 'policy', kind: 'Eviction', version: 'v1' }],
    },
  },
};

export const COMMON_DEFINITIONS: Record<string, OpenAPISchema> = {
  [PATCH_DEF]: { description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.', type: 'object' },
  [STATUS_DEF]: {
    description: 'Status is a return value for calls that don\'t return other objects.',
    type: 'object',
    properties: {
      apiVersion: { type: 'string', description: DOC.apiVersion },
      code: { type: 'integer', format: 'int32' },
      details: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      kind: { type: 'string', description: DOC.kind },
      message: { type: 'string' },
      metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      reason: { type: 'string' },
      status: { type: 'string' },
    },
    'x-kubernetes-group-version-kind': [{ group: '', kind: 'Status', version: 'v1' }],
  },
};
