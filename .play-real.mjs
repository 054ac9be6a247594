// packages/apiserver/src/server.ts
import Fastify from "fastify";
import { pino } from "pino";
import { WebSocketServer } from "ws";

// packages/api/src/resources.ts
var CRUD = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
var BUILTIN = [
  // core/v1
  { group: "", version: "v1", kind: "Namespace", plural: "namespaces", singular: "namespace", namespaced: false, shortNames: ["ns"], subresources: ["status"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] },
  { group: "", version: "v1", kind: "Pod", plural: "pods", singular: "pod", namespaced: true, shortNames: ["po"], categories: ["all"], subresources: ["status", "binding", "eviction", "log", "exec"] },
  { group: "", version: "v1", kind: "Node", plural: "nodes", singular: "node", namespaced: false, shortNames: ["no"], subresources: ["status"] },
  { group: "", version: "v1", kind: "Service", plural: "services", singular: "service", namespaced: true, shortNames: ["svc"], categories: ["all"], subresources: ["status"], verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] },
  { group: "", version: "v1", kind: "Endpoints", plural: "endpoints", singular: "endpoints", namespaced: true, shortNames: ["ep"] },
  { group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", singular: "configmap", namespaced: true, shortNames: ["cm"] },
  { group: "", version: "v1", kind: "Secret", plural: "secrets", singular: "secret", namespaced: true },
  { group: "", version: "v1", kind: "Event", plural: "events", singular: "event", namespaced: true, shortNames: ["ev"] },
  { group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", singular: "serviceaccount", namespaced: true, shortNames: ["sa"] },
  // apps/v1
  { group: "apps", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment", namespaced: true, shortNames: ["deploy"], categories: ["all"], subresources: ["status", "scale"] },
  { group: "apps", version: "v1", kind: "ReplicaSet", plural: "replicasets", singular: "replicaset", namespaced: true, shortNames: ["rs"], categories: ["all"], subresources: ["status", "scale"] },
  { group: "apps", version: "v1", kind: "DaemonSet", plural: "daemonsets", singular: "daemonset", namespaced: true, shortNames: ["ds"], categories: ["all"], subresources: ["status"] },
  { group: "apps", version: "v1", kind: "ControllerRevision", plural: "controllerrevisions", singular: "controllerrevision", namespaced: true },
  // batch/v1
  { group: "batch", version: "v1", kind: "Job", plural: "jobs", singular: "job", namespaced: true, categories: ["all"], subresources: ["status"] },
  { group: "batch", version: "v1", kind: "CronJob", plural: "cronjobs", singular: "cronjob", namespaced: true, shortNames: ["cj"], categories: ["all"], subresources: ["status"] },
  // coordination.k8s.io/v1
  { group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", singular: "lease", namespaced: true },
  // discovery.k8s.io/v1
  { group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice", plural: "endpointslices", singular: "endpointslice", namespaced: true },
  // scheduling.k8s.io/v1
  { group: "scheduling.k8s.io", version: "v1", kind: "PriorityClass", plural: "priorityclasses", singular: "priorityclass", namespaced: false, shortNames: ["pc"] },
  // policy/v1
  { group: "policy", version: "v1", kind: "PodDisruptionBudget", plural: "poddisruptionbudgets", singular: "poddisruptionbudget", namespaced: true, shortNames: ["pdb"], subresources: ["status"] }
];
var RESOURCES = BUILTIN.map((r) => ({ verbs: CRUD, ...r }));
function groupVersion(r) {
  return r.group === "" ? r.version : `${r.group}/${r.version}`;
}
function resourceForPath(group, version, plural) {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}
function resourcePath(r, namespace, name2, subresource) {
  let p = r.group === "" ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.plural}`;
  if (name2 !== void 0) p += `/${encodeURIComponent(name2)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

// packages/api/src/status.ts
var StatusError = class extends Error {
  status;
  constructor(status) {
    super(status.message ?? status.reason ?? "unknown error");
    this.name = "StatusError";
    this.status = status;
  }
  get code() {
    return this.status.code;
  }
  get reason() {
    return this.status.reason;
  }
};
function newStatus(code, reason, message, details) {
  const s2 = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
  if (details) s2.details = details;
  return s2;
}
function notFound(qualifiedResource3, name2, group = "", kind = qualifiedResource3.split(".")[0]) {
  return new StatusError(newStatus(404, "NotFound", `${qualifiedResource3} "${name2}" not found`, { name: name2, group, kind }));
}
function alreadyExists(qualifiedResource3, name2, group = "", kind = qualifiedResource3.split(".")[0]) {
  return new StatusError(newStatus(409, "AlreadyExists", `${qualifiedResource3} "${name2}" already exists`, { name: name2, group, kind }));
}
function conflict(qualifiedResource3, name2, why, group = "", kind = qualifiedResource3.split(".")[0]) {
  return new StatusError(
    newStatus(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource3} "${name2}": ${why}`, { name: name2, group, kind })
  );
}
function invalid(kind, name2, causes, group = "") {
  const msgs = [...new Set(causes.map((c) => c.field ? `${c.field}: ${c.message}` : c.message ?? ""))];
  const joined = msgs.length === 1 ? msgs[0] : `[${msgs.join(", ")}]`;
  const bareKind = group && kind.endsWith(`.${group}`) ? kind.slice(0, -group.length - 1) : kind;
  const qualifiedKind = group ? `${bareKind}.${group}` : bareKind;
  return new StatusError(newStatus(422, "Invalid", `${qualifiedKind} "${name2}" is invalid: ${joined}`, { name: name2, group, kind: bareKind, causes }));
}
function badRequest(message) {
  return new StatusError(newStatus(400, "BadRequest", message));
}
function gone(message) {
  return new StatusError(newStatus(410, "Expired", message));
}
function isStatus(x) {
  return typeof x === "object" && x !== null && x.kind === "Status";
}

// packages/api/src/patch/json.ts
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function cloneJson(v) {
  if (Array.isArray(v)) return v.map((x) => cloneJson(x));
  if (isObject(v)) {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = cloneJson(x);
    return out;
  }
  return v;
}
function jsonEqual(a, b) {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
function jsonType(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  const t = typeof v;
  if (t === "object") return "object";
  if (t === "string" || t === "number" || t === "boolean") return t;
  return "undefined";
}
function goString(v) {
  if (v === null || v === void 0) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goString).join(" ")}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goString(v[k])}`).join(" ")}]`;
  }
  return String(v);
}
function hasOwn(o, k) {
  return Object.prototype.hasOwnProperty.call(o, k);
}

// packages/api/src/patch/jsonpatch.ts
var MAX_JSON_PATCH_OPERATIONS = 1e4;
var JSON_PATCH_REJECTED = "the server rejected our request due to an error in our request";
function rejected(detail) {
  return new StatusError(newStatus(422, "Invalid", JSON_PATCH_REJECTED, { causes: [{ message: detail }] }));
}
function goJsonTypeName(v) {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}
function parseJsonPointer(pointer) {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return void 0;
  return pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}
function findParent(doc, tokens) {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(t, cur.length, false);
      if (i === void 0 || i >= cur.length) return void 0;
      cur = cur[i];
    } else if (isObject(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, t)) return void 0;
      cur = cur[t];
    } else {
      return void 0;
    }
  }
  return Array.isArray(cur) || isObject(cur) ? cur : void 0;
}
function arrayIndex(token, length, allowEnd) {
  if (token === "-") return allowEnd ? length : void 0;
  if (!/^-?(0|[1-9][0-9]*)$/.test(token)) return void 0;
  let i = Number(token);
  if (i < 0) {
    if (i < -length) return void 0;
    i += length;
  }
  return i;
}
function invalidIndex(token) {
  return rejected(`Unable to access invalid index: ${token}: invalid index referenced`);
}
function getAt(doc, tokens) {
  if (tokens.length === 0) return { found: true, value: doc };
  const parent = findParent(doc, tokens);
  const key = tokens[tokens.length - 1];
  if (parent === void 0) return { found: false };
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length, false);
    if (i === void 0 || i >= parent.length) return { found: false };
    return { found: true, value: parent[i] };
  }
  if (!Object.prototype.hasOwnProperty.call(parent, key)) return { found: false };
  return { found: true, value: parent[key] };
}
function addAt(doc, tokens, value, what, path) {
  if (tokens.length === 0) return value;
  const parent = findParent(doc, tokens);
  if (parent === void 0) throw rejected(`${what} operation does not apply: doc is missing path: "${path}": missing value`);
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length, true);
    if (i === void 0 || i > parent.length) throw invalidIndex(key);
    parent.splice(i, 0, value);
  } else {
    parent[key] = value;
  }
  return doc;
}
function removeAt(doc, tokens, what, path) {
  const parent = tokens.length === 0 ? void 0 : findParent(doc, tokens);
  if (parent === void 0) throw rejected(`${what} operation does not apply: doc is missing path: "${path}": missing value`);
  const key = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length, false);
    if (i === void 0 || i >= parent.length) throw invalidIndex(key);
    const [removed2] = parent.splice(i, 1);
    return removed2;
  }
  if (!Object.prototype.hasOwnProperty.call(parent, key)) {
    throw rejected(`error in ${what} for path: "${path}": Unable to remove nonexistent key: ${key}: missing value`);
  }
  const removed = parent[key];
  delete parent[key];
  return removed;
}
function pointerOf(op, field, kind) {
  const raw = op[field];
  if (typeof raw !== "string") throw rejected(`${kind} operation does not apply: missing ${field} field`);
  const tokens = parseJsonPointer(raw);
  if (tokens === void 0) throw rejected(`${kind} operation does not apply: doc is missing path: "${raw}": missing value`);
  return { tokens, raw };
}
function applyOne(doc, op) {
  const kind = typeof op.op === "string" ? op.op : "unknown";
  const value = op.value === void 0 ? null : op.value;
  switch (kind) {
    case "add": {
      const p = pointerOf(op, "path", kind);
      return addAt(doc, p.tokens, cloneJson(value), kind, p.raw);
    }
    case "remove": {
      const p = pointerOf(op, "path", kind);
      if (p.tokens.length === 0) throw rejected(`remove operation does not apply: doc is missing path: "${p.raw}": missing value`);
      removeAt(doc, p.tokens, kind, p.raw);
      return doc;
    }
    case "replace": {
      const p = pointerOf(op, "path", kind);
      if (p.tokens.length === 0) return cloneJson(value);
      const parent = findParent(doc, p.tokens);
      if (parent === void 0) throw rejected(`replace operation does not apply: doc is missing path: ${p.raw}: missing value`);
      const key = p.tokens[p.tokens.length - 1];
      if (Array.isArray(parent)) {
        const i = arrayIndex(key, parent.length, false);
        if (i === void 0 || i >= parent.length) throw invalidIndex(key);
        parent[i] = cloneJson(value);
      } else {
        if (!Object.prototype.hasOwnProperty.call(parent, key)) {
          throw rejected(`replace operation does not apply: doc is missing key: ${p.raw}: missing value`);
        }
        parent[key] = cloneJson(value);
      }
      return doc;
    }
    case "move": {
      const from = pointerOf(op, "from", kind);
      const to = pointerOf(op, "path", kind);
      if (from.raw === to.raw) {
        if (!getAt(doc, from.tokens).found) throw rejected(`move operation does not apply: doc is missing from path: ${from.raw}: missing value`);
        return doc;
      }
      if (to.raw.startsWith(from.raw + "/") || from.tokens.length === 0) {
        throw rejected(`move operation does not apply: "from" ${from.raw} is a prefix of "path" ${to.raw}`);
      }
      if (!getAt(doc, from.tokens).found) throw rejected(`move operation does not apply: doc is missing from path: ${from.raw}: missing value`);
      const moved = removeAt(doc, from.tokens, kind, from.raw);
      return addAt(doc, to.tokens, moved, kind, to.raw);
    }
    case "copy": {
      const from = pointerOf(op, "from", kind);
      const to = pointerOf(op, "path", kind);
      const src = getAt(doc, from.tokens);
      if (!src.found) throw rejected(`copy operation does not apply: doc is missing from path: ${from.raw}: missing value`);
      return addAt(doc, to.tokens, cloneJson(src.value), kind, to.raw);
    }
    case "test": {
      const p = pointerOf(op, "path", kind);
      if (p.tokens.length > 0 && findParent(doc, p.tokens) === void 0) {
        throw rejected(`test operation does not apply: is missing path: ${p.raw}: missing value`);
      }
      const cur = getAt(doc, p.tokens);
      const actual = cur.found ? cur.value : null;
      if (!jsonEqual(actual, value)) throw rejected(`testing value ${p.raw} failed: test failed`);
      return doc;
    }
    default:
      throw rejected(`Unexpected kind: ${kind}`);
  }
}
function applyJsonPatch(doc, ops) {
  const list2 = ops;
  if (!Array.isArray(list2)) {
    throw badRequest(`json: cannot unmarshal ${goJsonTypeName(list2)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of list2) {
    if (!isObject(op)) {
      throw badRequest(`json: cannot unmarshal ${goJsonTypeName(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  if (list2.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new StatusError(
      newStatus(413, "RequestEntityTooLarge", `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${list2.length}`)
    );
  }
  let out = cloneJson(doc);
  for (const op of list2) out = applyOne(out, op);
  return out;
}

// packages/api/src/patch/mergepatch.ts
function mergeInto(target, patch2) {
  if (!isObject(patch2)) return cloneJson(patch2);
  const out = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch2)) {
    if (v === null) delete out[k];
    else out[k] = mergeInto(out[k], v);
  }
  return out;
}
function applyMergePatch(doc, patch2) {
  if (patch2 === null || patch2 === void 0) throw badRequest("Invalid JSON Patch");
  const out = mergeInto(doc, patch2);
  return cloneJson(out);
}

// packages/api/src/patch/errors.ts
var ErrBadJSONDoc = "invalid JSON document";
var ErrNoListOfLists = "lists of lists are not supported";
var ErrBadPatchFormatForPrimitiveList = "invalid patch format of primitive list";
var ErrBadPatchFormatForRetainKeys = "invalid patch format of retainKeys";
var ErrBadPatchFormatForSetElementOrderList = "invalid patch format of setElementOrder list";
var BAD_REQUEST = /* @__PURE__ */ new Set([ErrBadJSONDoc, ErrBadPatchFormatForPrimitiveList, ErrBadPatchFormatForRetainKeys, ErrBadPatchFormatForSetElementOrderList]);
function patchError(message) {
  if (BAD_REQUEST.has(message)) return badRequest(message);
  if (message === ErrNoListOfLists) return new StatusError(newStatus(422, "Invalid", "the server rejected our request due to an error in our request", { causes: [{ message }] }));
  const s2 = newStatus(500, "InternalError", message);
  s2.reason = "";
  return new StatusError(s2);
}
function errNoMergeKey(m, mergeKey) {
  return patchError(`map: ${goString(m)} does not contain declared merge key: ${mergeKey}`);
}
function errBadPatchType(t, m) {
  return patchError(`unknown patch type: ${goString(t)} in map: ${goString(m)}`);
}
function goTypeName(v) {
  if (v === null || v === void 0) return "<nil>";
  if (Array.isArray(v)) return "[]interface {}";
  if (typeof v === "object") return "map[string]interface {}";
  if (typeof v === "number") return "float64";
  return typeof v === "boolean" ? "bool" : "string";
}
function errBadArgType(expected, actual) {
  const e = expected === "map" ? "map[string]interface {}" : "[]interface {}";
  return patchError(`expected a ${e}, but received a ${goTypeName(actual)}`);
}

// packages/api/src/patch/lists.ts
var directiveMarker = "$patch";
function sliceElementKind(...lists) {
  let prev;
  for (const list2 of lists) {
    for (const v of list2) {
      const t = jsonType(v);
      if (prev === void 0) {
        prev = t;
        if (t === "array") throw patchError(ErrNoListOfLists);
      } else if (prev !== t) {
        throw patchError(`list element types are not identical: ${goString(lists)}`);
      }
    }
  }
  if (prev === void 0) throw patchError("no elements in any of the given slices");
  return prev === "object" ? "map" : "scalar";
}
function elementKindOrDefault(mergeKey, ...lists) {
  if (lists.every((l) => l.length === 0)) return mergeKey ? "map" : "scalar";
  return sliceElementKind(...lists);
}
function deduplicateScalars(list2) {
  const out = [];
  for (const v of list2) if (!out.includes(v)) out.push(v);
  return out;
}
function mergeKeyValue(item, mergeKey) {
  if (!isObject(item)) throw errBadArgType("map", item);
  if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
  return item[mergeKey];
}
function findByMergeKey(list2, mergeKey, value) {
  for (let i = 0; i < list2.length; i++) {
    const v = list2[i];
    if (!isObject(v)) throw patchError(`value for key ${i} is not a map.`);
    if (hasOwn(v, mergeKey) && v[mergeKey] === value) return i;
  }
  return -1;
}
function indexIn(list2, item, mergeKey, kind) {
  const val = (x) => kind === "map" ? isObject(x) ? x[mergeKey] : void 0 : x;
  const want = val(item);
  return list2.findIndex((x) => val(x) === want);
}
function validateMergeKeyInLists(mergeKey, ...lists) {
  for (const list2 of lists) for (const item of list2) mergeKeyValue(item, mergeKey);
}
function extractToDeleteItems(list2) {
  const keep = [];
  const toDelete = [];
  for (const v of list2) {
    if (!isObject(v)) throw errBadArgType("map", v);
    if (v[directiveMarker] === "delete") toDelete.push(v);
    else keep.push(v);
  }
  return { keep, toDelete };
}
function normalizeSliceOrder(toSort, order, mergeKey, kind) {
  let items = toSort;
  let toDelete = [];
  if (kind === "map") {
    validateMergeKeyInLists(mergeKey, toSort, order);
    ({ keep: items, toDelete } = extractToDeleteItems(toSort));
  }
  const sorted = [...items].sort((a, b) => {
    const ia = indexIn(order, a, mergeKey, kind);
    const ib = indexIn(order, b, mergeKey, kind);
    return ia >= 0 && ib >= 0 ? ia - ib : 0;
  });
  return [...sorted, ...toDelete];
}
function mergeSortedSlice(left, right, serverOrder, mergeKey, kind) {
  const out = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
function normalizeElementOrder(patch2, serverOnly, patchOrder, serverOrder, mergeKey, kind) {
  const p = normalizeSliceOrder(patch2, patchOrder, mergeKey, kind);
  const s2 = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s2, p, serverOrder, mergeKey, kind);
}
function partitionByPresentInList(list2, by, mergeKey) {
  const present = [];
  const serverOnly = [];
  for (const v of list2) {
    let found;
    if (!mergeKey) found = by.includes(v);
    else found = findByMergeKey(by, mergeKey, mergeKeyValue(v, mergeKey)) >= 0;
    (found ? present : serverOnly).push(v);
  }
  return { present, serverOnly };
}

// packages/api/src/patch/patchmeta.ts
var merge = (mergeKey, type) => ({ strategy: "merge", mergeKey, type });
var conditions = { conditions: merge("type") };
var STRUCTS = {
  ObjectMeta: { finalizers: merge(), ownerReferences: merge("uid") },
  // core/v1
  PodTemplateSpec: { metadata: { type: "ObjectMeta" }, spec: { type: "PodSpec" } },
  PodSpec: {
    volumes: { strategy: "merge,retainKeys", mergeKey: "name" },
    initContainers: merge("name", "Container"),
    containers: merge("name", "Container"),
    ephemeralContainers: merge("name", "Container"),
    imagePullSecrets: merge("name"),
    hostAliases: merge("ip"),
    topologySpreadConstraints: merge("topologyKey"),
    schedulingGates: merge("name"),
    resourceClaims: { strategy: "merge,retainKeys", mergeKey: "name" }
  },
  Container: {
    ports: merge("containerPort"),
    env: merge("name"),
    volumeMounts: merge("mountPath"),
    volumeDevices: merge("devicePath")
  },
  PodStatus: {
    conditions: merge("type"),
    podIPs: merge("ip"),
    hostIPs: merge("ip"),
    resourceClaimStatuses: { strategy: "merge,retainKeys", mergeKey: "name" }
  },
  // NodeSpec.taints has no patchStrategy in k8s.io/api: taints are replaced as a whole.
  NodeSpec: { podCIDRs: merge() },
  NodeStatus: { conditions: merge("type"), addresses: merge("type") },
  ServiceSpec: { ports: merge("port") },
  ConditionsStatus: conditions,
  ReplicationControllerSpec: { template: { type: "PodTemplateSpec" } },
  // apps/v1
  DeploymentSpec: { template: { type: "PodTemplateSpec" }, strategy: { strategy: "retainKeys" } },
  PodTemplateOwnerSpec: { template: { type: "PodTemplateSpec" } },
  // batch/v1
  JobTemplateSpec: { metadata: { type: "ObjectMeta" }, spec: { type: "PodTemplateOwnerSpec" } },
  CronJobSpec: { jobTemplate: { type: "JobTemplateSpec" } }
};
var KINDS = {
  Pod: { spec: { type: "PodSpec" }, status: { type: "PodStatus" } },
  PodTemplate: { template: { type: "PodTemplateSpec" } },
  Node: { spec: { type: "NodeSpec" }, status: { type: "NodeStatus" } },
  Service: { spec: { type: "ServiceSpec" }, status: { type: "ConditionsStatus" } },
  Namespace: { status: { type: "ConditionsStatus" } },
  ServiceAccount: { secrets: merge("name") },
  ReplicationController: { spec: { type: "ReplicationControllerSpec" }, status: { type: "ConditionsStatus" } },
  PersistentVolumeClaim: { status: { type: "ConditionsStatus" } },
  ConfigMap: {},
  Secret: {},
  Endpoints: {},
  Event: {},
  LimitRange: {},
  ResourceQuota: {},
  PersistentVolume: {},
  Deployment: { spec: { type: "DeploymentSpec" }, status: { type: "ConditionsStatus" } },
  ReplicaSet: { spec: { type: "PodTemplateOwnerSpec" }, status: { type: "ConditionsStatus" } },
  DaemonSet: { spec: { type: "PodTemplateOwnerSpec" }, status: { type: "ConditionsStatus" } },
  StatefulSet: { spec: { type: "PodTemplateOwnerSpec" }, status: { type: "ConditionsStatus" } },
  ControllerRevision: {},
  Job: { spec: { type: "PodTemplateOwnerSpec" }, status: { type: "ConditionsStatus" } },
  CronJob: { spec: { type: "CronJobSpec" } },
  Lease: {},
  EndpointSlice: {},
  PriorityClass: {},
  PodDisruptionBudget: { status: { type: "ConditionsStatus" } },
  HorizontalPodAutoscaler: { status: { type: "ConditionsStatus" } },
  Ingress: {},
  NetworkPolicy: {},
  StorageClass: {},
  Role: {},
  ClusterRole: {},
  RoleBinding: {},
  ClusterRoleBinding: {}
};
var NO_META = {};
function schemaForKind(kind) {
  const top = KINDS[kind];
  if (!top) return NO_META;
  return { fields: { metadata: { type: "ObjectMeta" }, ...top } };
}
function hasStrategicMeta(kind) {
  return Object.prototype.hasOwnProperty.call(KINDS, kind);
}
function lookupField(node, field) {
  const meta = node.fields?.[field];
  if (!meta) return { meta: {}, child: NO_META };
  const structs = node.structs ?? STRUCTS;
  const child = { fields: meta.type ? structs[meta.type] ?? {} : {}, structs };
  return { meta, child };
}
function patchMetaFor(kind, path) {
  let node = schemaForKind(kind);
  if (!node.fields || path.length === 0) return void 0;
  let meta = {};
  for (const field of path) {
    const r = lookupField(node, field);
    meta = r.meta;
    node = r.child;
  }
  const out = {};
  if (meta.strategy) out.strategy = meta.strategy;
  if (meta.mergeKey) out.mergeKey = meta.mergeKey;
  return out;
}

// packages/api/src/patch/strategic.ts
var retainKeysDirective = "$retainKeys";
var deleteFromPrimitiveListDirectivePrefix = "$deleteFromPrimitiveList";
var setElementOrderDirectivePrefix = "$setElementOrder";
var APPLY = { mergeParallelList: true, ignoreUnmatchedNulls: true };
function splitStrategy(s2) {
  switch (s2) {
    case "merge":
      return { retainKeys: false, strategy: "merge" };
    case "replace":
      return { retainKeys: false, strategy: "replace" };
    case "retainKeys":
      return { retainKeys: true, strategy: "" };
    case "merge,retainKeys":
      return { retainKeys: true, strategy: "merge" };
    default:
      return { retainKeys: false, strategy: "" };
  }
}
function extractKey(s2, prefix) {
  const slash = s2.indexOf("/");
  if (slash < 0 || s2.slice(0, slash) !== prefix) {
    throw patchError(prefix === deleteFromPrimitiveListDirectivePrefix ? ErrBadPatchFormatForPrimitiveList : ErrBadPatchFormatForSetElementOrderList);
  }
  return s2.slice(slash + 1);
}
function newValue(v, node, strategy, mergeKey, opts) {
  if (!opts.mergeParallelList) return v;
  if (isObject(v)) return mergeMap({}, v, node, opts);
  if (Array.isArray(v)) {
    if (strategy === "merge" && v.length > 0) return mergeSlice([], v, node, mergeKey ?? "", opts, false);
    return v.map((x) => isObject(x) ? mergeMap({}, x, node, opts) : x);
  }
  return v;
}
function handleDirectiveInMergeMap(directive, patch2, node, opts) {
  if (directive === "replace") {
    delete patch2[directiveMarker];
    return opts.mergeParallelList ? mergeMap({}, patch2, node, opts) : patch2;
  }
  if (directive === "delete") return {};
  throw errBadPatchType(directive, patch2);
}
function applyRetainKeysDirective(original, patch2, opts) {
  if (!hasOwn(patch2, retainKeysDirective)) return;
  const inPatch = patch2[retainKeysDirective];
  delete patch2[retainKeysDirective];
  if (!opts.mergeParallelList) {
    if (hasOwn(original, retainKeysDirective)) {
      if (!jsonEqual(original[retainKeysDirective], inPatch)) {
        throw patchError(`${goString(original[retainKeysDirective])} and ${goString(inPatch)} are not deep equal: this may happen when calculating the 3-way diff patch`);
      }
    } else {
      original[retainKeysDirective] = inPatch;
    }
    return;
  }
  if (!Array.isArray(inPatch)) throw patchError(ErrBadPatchFormatForRetainKeys);
  const keep = new Set(inPatch);
  for (const [k, v] of Object.entries(patch2)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListDirectivePrefix) || k.startsWith(setElementOrderDirectivePrefix)) continue;
    if (!keep.has(k)) throw patchError(ErrBadPatchFormatForRetainKeys);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}
function validatePatchWithSetOrderList(patchList, setOrderList, mergeKey) {
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? extractToDeleteItems(patchList).keep : patchList;
  let pi = 0;
  let si = 0;
  while (pi < nonDelete.length && si < setOrderList.length) {
    const item = nonDelete[pi];
    if (isObject(item) && hasOwn(item, directiveMarker)) {
      pi++;
      continue;
    }
    const equal = mergeKey ? mergeKeyValue(item, mergeKey) === mergeKeyValue(setOrderList[si], mergeKey) : item === setOrderList[si];
    if (equal) pi++;
    si++;
  }
  if (pi < nonDelete.length && si >= setOrderList.length) {
    throw patchError(`The order in patch list:
${goString(patchList)}
 doesn't match ${setElementOrderDirectivePrefix} list:
${goString(setOrderList)}
`);
  }
}
function mergePatchIntoOriginal(original, patch2, node, opts) {
  for (const key of Object.keys(patch2)) {
    if (!key.startsWith(setElementOrderDirectivePrefix)) continue;
    const setOrder = patch2[key];
    if (!opts.mergeParallelList) {
      if (hasOwn(original, key)) {
        if (!jsonEqual(original[key], setOrder)) throw patchError(ErrBadPatchFormatForSetElementOrderList);
      } else {
        original[key] = setOrder;
      }
    }
    delete patch2[key];
    if (!Array.isArray(setOrder)) throw errBadArgType("slice", setOrder);
    const field = extractKey(key, setElementOrderDirectivePrefix);
    const foundOriginal = hasOwn(original, field);
    const foundPatch = hasOwn(patch2, field);
    const originalList = foundOriginal ? original[field] : [];
    const patchList = foundPatch ? patch2[field] : [];
    if (!Array.isArray(originalList)) throw errBadArgType("slice", originalList);
    if (!Array.isArray(patchList)) throw errBadArgType("slice", patchList);
    const { meta, child } = lookupField(node, field);
    const { strategy } = splitStrategy(meta.strategy);
    const mergeKey = meta.mergeKey ?? "";
    validatePatchWithSetOrderList(patchList, setOrder, mergeKey);
    let merged;
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = newValue(patchList, child, strategy, mergeKey, opts);
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalList, patchList, child, strategy, mergeKey, false, opts);
    else continue;
    const { present, serverOnly } = partitionByPresentInList(merged, setOrder, mergeKey);
    const kind = elementKindOrDefault(mergeKey, originalList, patchList);
    const serverOrder = foundOriginal && foundPatch && strategy === "merge" && kind === "map" ? goAliasedOriginal(originalList, patchList, mergeKey) : originalList;
    original[field] = normalizeElementOrder(present, serverOnly, setOrder, serverOrder, mergeKey, kind);
    delete patch2[field];
  }
}
function goAliasedOriginal(original, patch2, mergeKey) {
  const arr2 = [...original];
  let len = arr2.length;
  const indexOf = (value) => arr2.slice(0, len).findIndex((x) => isObject(x) && hasOwn(x, mergeKey) && x[mergeKey] === value);
  let replace = false;
  for (const v of patch2) {
    if (!isObject(v) || !hasOwn(v, directiveMarker)) continue;
    if (v[directiveMarker] === "replace") replace = true;
    if (v[directiveMarker] !== "delete") continue;
    for (let k = indexOf(v[mergeKey]); k >= 0; k = indexOf(v[mergeKey])) {
      arr2.copyWithin(k, k + 1, len);
      len--;
    }
  }
  if (!replace) {
    for (const v of patch2) {
      if (!isObject(v) || hasOwn(v, directiveMarker)) continue;
      if (indexOf(v[mergeKey]) >= 0) continue;
      if (len < arr2.length) arr2[len] = v;
      len++;
    }
  }
  return arr2;
}
function mergeMap(original, patch2, node, opts) {
  if (hasOwn(patch2, directiveMarker)) return handleDirectiveInMergeMap(patch2[directiveMarker], patch2, node, opts);
  const out = original ?? {};
  applyRetainKeysDirective(out, patch2, opts);
  mergePatchIntoOriginal(out, patch2, node, opts);
  const keys = Object.keys(patch2).sort((a, b) => {
    const da = a.startsWith(deleteFromPrimitiveListDirectivePrefix) ? 0 : 1;
    const db = b.startsWith(deleteFromPrimitiveListDirectivePrefix) ? 0 : 1;
    return da - db;
  });
  for (const k of keys) {
    const patchV = patch2[k];
    let key = k;
    let isDeleteList = false;
    if (k.startsWith(deleteFromPrimitiveListDirectivePrefix)) {
      if (!opts.mergeParallelList) {
        out[k] = patchV;
        continue;
      }
      key = extractKey(k, deleteFromPrimitiveListDirectivePrefix);
      isDeleteList = true;
      if (!Array.isArray(out[key])) continue;
    }
    const { meta, child } = lookupField(node, key);
    const { strategy } = splitStrategy(meta.strategy);
    if (patchV === null) {
      delete out[key];
      if (opts.ignoreUnmatchedNulls) continue;
    }
    if (!hasOwn(out, key)) {
      out[key] = newValue(patchV, child, strategy, meta.mergeKey, opts);
      continue;
    }
    const cur = out[key];
    const t = jsonType(cur);
    if (t !== jsonType(patchV)) {
      out[key] = newValue(patchV, child, strategy, meta.mergeKey, opts);
      continue;
    }
    if (t === "object") {
      out[key] = strategy === "replace" ? newValue(patchV, child, "", void 0, opts) : mergeMap(cur, patchV, child, opts);
    } else if (t === "array") {
      out[key] = mergeSliceHandler(cur, patchV, child, strategy, meta.mergeKey ?? "", isDeleteList, opts);
    } else {
      out[key] = patchV;
    }
  }
  return out;
}
function mergeSliceHandler(original, patch2, node, strategy, mergeKey, isDeleteList, opts) {
  if (strategy === "merge" || isDeleteList) return mergeSlice(original, patch2, node, mergeKey, opts, isDeleteList);
  return newValue(patch2, node, "", void 0, opts);
}
function mergeSlice(original, patch2, node, mergeKey, opts, isDeleteList) {
  if (original.length === 0 && patch2.length === 0) return original;
  const kind = sliceElementKind(original, patch2);
  let merged;
  let base = original;
  let items = patch2;
  if (kind === "scalar") {
    if (opts.mergeParallelList && isDeleteList) return original.filter((v) => !patch2.includes(v));
    merged = deduplicateScalars([...original, ...patch2]);
  } else {
    if (!mergeKey) throw patchError("cannot merge lists without merge key for type struct");
    ({ base, items } = mergeSliceWithSpecialElements(original, patch2, mergeKey, node, opts));
    merged = mergeSliceWithoutSpecialElements(base, items, mergeKey, node, opts);
  }
  const { present, serverOnly } = partitionByPresentInList(merged, items, kind === "map" ? mergeKey : "");
  return normalizeElementOrder(present, serverOnly, items, base, kind === "map" ? mergeKey : "", kind);
}
function mergeSliceWithSpecialElements(original, patch2, mergeKey, node, opts) {
  const plain = [];
  let replace = false;
  let base = original;
  for (const v of patch2) {
    const m = v;
    if (!hasOwn(m, directiveMarker)) {
      plain.push(v);
      continue;
    }
    switch (m[directiveMarker]) {
      case "delete": {
        if (!hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
        const value = m[mergeKey];
        findByMergeKey(base, mergeKey, value);
        base = base.filter((x) => !(isObject(x) && hasOwn(x, mergeKey) && x[mergeKey] === value));
        break;
      }
      case "replace":
        replace = true;
        break;
      case "merge":
        throw patchError("merging lists cannot yet be specified in the patch");
      default:
        throw errBadPatchType(m[directiveMarker], m);
    }
  }
  if (replace) {
    return { base: opts.mergeParallelList ? plain.map((x) => mergeMap({}, x, node, opts)) : plain, items: [] };
  }
  return { base, items: plain };
}
function mergeSliceWithoutSpecialElements(original, patch2, mergeKey, node, opts) {
  const out = [...original];
  for (const v of patch2) {
    const m = v;
    if (!hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
    const i = findByMergeKey(out, mergeKey, m[mergeKey]);
    if (i >= 0) out[i] = mergeMap(out[i], m, node, opts);
    else out.push(opts.mergeParallelList ? mergeMap({}, m, node, opts) : m);
  }
  return out;
}
function applyStrategicMergePatch(doc, patch2, kind) {
  return applyStrategicMergePatchWithSchema(doc, patch2, schemaForKind(kind));
}
function applyStrategicMergePatchWithSchema(doc, patch2, schema2) {
  if (patch2 === null || patch2 === void 0) return cloneJson(doc);
  if (!isObject(patch2)) {
    const t = Array.isArray(patch2) ? "array" : typeof patch2 === "boolean" ? "bool" : typeof patch2;
    throw badRequest(`json: cannot unmarshal ${t} into Go value of type map[string]interface {}`);
  }
  const original = isObject(doc) ? cloneJson(doc) : {};
  return mergeMap(original, cloneJson(patch2), schema2, APPLY);
}

// packages/api/src/schema/shape.ts
import { z } from "zod";
var str = { k: "string" };
var int = { k: "int32" };
var int64 = { k: "int64" };
var bool = { k: "boolean" };
var intOrStr = { k: "intOrString" };
var quantity = { k: "quantity" };
var anyValue = { k: "any" };
var obj = (fields) => ({ k: "object", fields: Object.assign(/* @__PURE__ */ Object.create(null), fields) });
var arr = (of) => ({ k: "array", of });
var map = (of) => ({ k: "map", of });
var strs = arr(str);
var strMap = map(str);
function extend(base, fields) {
  if (base.k !== "object") throw new Error("extend: not an object shape");
  return obj({ ...base.fields, ...fields });
}
var TYPE_NAME = {
  string: "string",
  int32: "int32",
  int64: "int64",
  number: "number",
  boolean: "boolean",
  intOrString: "integer or string",
  quantity: "quantity (string or number)",
  object: "object",
  array: "array",
  map: "object"
};
function pathString(segs) {
  let s2 = "";
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (typeof seg === "number") s2 += `[${seg}]`;
    else if (typeof seg === "object") s2 += `[${seg.key}]`;
    else s2 += s2 ? `.${seg}` : seg;
  }
  return s2;
}
function jsonType2(v) {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}
function walkShape(shape, value, issues, segs = []) {
  if (value === null || value === void 0) return;
  switch (shape.k) {
    case "any":
      return;
    case "string":
      if (typeof value !== "string") typeErr();
      return;
    case "boolean":
      if (typeof value !== "boolean") typeErr();
      return;
    case "number":
      if (typeof value !== "number") typeErr();
      return;
    case "int32":
      if (typeof value !== "number" || !Number.isInteger(value) || value > 2147483647 || value < -2147483648) typeErr();
      return;
    case "int64":
      if (typeof value !== "number" || !Number.isInteger(value)) typeErr();
      return;
    case "intOrString":
      if (typeof value !== "string" && !(typeof value === "number" && Number.isInteger(value))) typeErr();
      return;
    case "quantity":
      if (typeof value !== "string" && typeof value !== "number") typeErr();
      return;
    case "array": {
      if (!Array.isArray(value)) return typeErr();
      const of = shape.of;
      if (of.k === "string") {
        for (let i = 0; i < value.length; i++) {
          const v = value[i];
          if (typeof v !== "string" && v !== null) {
            segs.push(i);
            walkShape(of, v, issues, segs);
            segs.pop();
          }
        }
        return;
      }
      for (let i = 0; i < value.length; i++) {
        segs.push(i);
        walkShape(of, value[i], issues, segs);
        segs.pop();
      }
      return;
    }
    case "map": {
      if (typeof value !== "object" || Array.isArray(value)) return typeErr();
      const of = shape.of;
      for (const key in value) {
        const v = value[key];
        if (of.k === "string" && typeof v === "string") continue;
        segs.push({ key });
        walkShape(of, v, issues, segs);
        segs.pop();
      }
      return;
    }
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) return typeErr();
      const fields = shape.fields;
      for (const key in value) {
        const v = value[key];
        const f = fields[key];
        if (f === void 0) {
          segs.push(key);
          issues.unknown.push(pathString(segs));
          segs.pop();
        } else if (v !== null && v !== void 0 && !(f.k === "string" && typeof v === "string")) {
          segs.push(key);
          walkShape(f, v, issues, segs);
          segs.pop();
        }
      }
      return;
    }
  }
  function typeErr() {
    issues.types.push({
      type: "FieldValueTypeInvalid",
      field: pathString(segs),
      badValue: value,
      detail: `must be of type ${TYPE_NAME[shape.k]}, not ${jsonType2(value)}`
    });
  }
}

// packages/api/src/schema/core.ts
var objectMeta = obj({
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
  managedFields: arr(obj({ manager: str, operation: str, apiVersion: str, time: str, fieldsType: str, fieldsV1: anyValue, subresource: str }))
});
var labelSelector = obj({
  matchLabels: strMap,
  matchExpressions: arr(obj({ key: str, operator: str, values: strs }))
});
var objectReference = obj({ kind: str, namespace: str, name: str, uid: str, apiVersion: str, resourceVersion: str, fieldPath: str });
var localRef = obj({ name: str });
var resourceList = map(quantity);
var condition = obj({ type: str, status: str, observedGeneration: int64, lastTransitionTime: str, reason: str, message: str });
var objectFieldSelector = obj({ apiVersion: str, fieldPath: str });
var resourceFieldSelector = obj({ containerName: str, resource: str, divisor: quantity });
var keySelector = obj({ name: str, key: str, optional: bool });
var envVar = obj({
  name: str,
  value: str,
  valueFrom: obj({ fieldRef: objectFieldSelector, resourceFieldRef: resourceFieldSelector, configMapKeyRef: keySelector, secretKeyRef: keySelector })
});
var envFrom = obj({ prefix: str, configMapRef: obj({ name: str, optional: bool }), secretRef: obj({ name: str, optional: bool }) });
var resourceRequirements = obj({ limits: resourceList, requests: resourceList, claims: arr(obj({ name: str, request: str })) });
var httpGet = obj({ path: str, port: intOrStr, host: str, scheme: str, httpHeaders: arr(obj({ name: str, value: str })) });
var exec = obj({ command: strs });
var tcpSocket = obj({ port: intOrStr, host: str });
var probe = obj({
  exec,
  httpGet,
  tcpSocket,
  grpc: obj({ port: int, service: str }),
  initialDelaySeconds: int,
  timeoutSeconds: int,
  periodSeconds: int,
  successThreshold: int,
  failureThreshold: int,
  terminationGracePeriodSeconds: int64
});
var lifecycleHandler = obj({ exec, httpGet, tcpSocket, sleep: obj({ seconds: int64 }) });
var seLinuxOptions = obj({ user: str, role: str, type: str, level: str });
var windowsOptions = obj({ gmsaCredentialSpecName: str, gmsaCredentialSpec: str, runAsUserName: str, hostProcess: bool });
var profile = obj({ type: str, localhostProfile: str });
var securityContext = obj({
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
  appArmorProfile: profile
});
var container = obj({
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
    obj({ name: str, readOnly: bool, recursiveReadOnly: str, mountPath: str, subPath: str, mountPropagation: str, subPathExpr: str })
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
  tty: bool
});
var keyToPath = obj({ key: str, path: str, mode: int });
var downwardAPIFile = obj({ path: str, fieldRef: objectFieldSelector, resourceFieldRef: resourceFieldSelector, mode: int });
var volume = obj({
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
        serviceAccountToken: obj({ audience: str, expirationSeconds: int64, path: str })
      })
    ),
    defaultMode: int
  }),
  persistentVolumeClaim: obj({ claimName: str, readOnly: bool }),
  nfs: obj({ server: str, path: str, readOnly: bool })
});
var nodeSelectorRequirement = obj({ key: str, operator: str, values: strs });
var nodeSelectorTerm = obj({ matchExpressions: arr(nodeSelectorRequirement), matchFields: arr(nodeSelectorRequirement) });
var podAffinityTerm = obj({
  labelSelector,
  namespaces: strs,
  topologyKey: str,
  namespaceSelector: labelSelector,
  matchLabelKeys: strs,
  mismatchLabelKeys: strs
});
var podAffinity = obj({
  requiredDuringSchedulingIgnoredDuringExecution: arr(podAffinityTerm),
  preferredDuringSchedulingIgnoredDuringExecution: arr(obj({ weight: int, podAffinityTerm }))
});
var podSpec = obj({
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
    seLinuxChangePolicy: str
  }),
  imagePullSecrets: arr(localRef),
  hostname: str,
  subdomain: str,
  affinity: obj({
    nodeAffinity: obj({
      requiredDuringSchedulingIgnoredDuringExecution: obj({ nodeSelectorTerms: arr(nodeSelectorTerm) }),
      preferredDuringSchedulingIgnoredDuringExecution: arr(obj({ weight: int, preference: nodeSelectorTerm }))
    }),
    podAffinity,
    podAntiAffinity: podAffinity
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
      matchLabelKeys: strs
    })
  ),
  setHostnameAsFQDN: bool,
  os: obj({ name: str }),
  hostUsers: bool,
  schedulingGates: arr(obj({ name: str })),
  resources: resourceRequirements
});
var containerState = obj({
  waiting: obj({ reason: str, message: str }),
  running: obj({ startedAt: str }),
  terminated: obj({ exitCode: int, signal: int, reason: str, message: str, startedAt: str, finishedAt: str, containerID: str })
});
var containerStatus = obj({
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
  stopSignal: str
});
var podIPs = arr(obj({ ip: str }));
var podStatus = obj({
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
  resourceClaimStatuses: anyValue
});
var podTemplateSpec = obj({ metadata: objectMeta, spec: podSpec });
var CORE_KINDS = {
  Namespace: {
    spec: obj({ finalizers: strs }),
    status: obj({ phase: str, conditions: arr(obj({ type: str, status: str, lastTransitionTime: str, reason: str, message: str })) })
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
      externalID: str
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
        swap: anyValue
      }),
      images: arr(obj({ names: strs, sizeBytes: int64 })),
      volumesInUse: strs,
      volumesAttached: anyValue,
      config: anyValue,
      runtimeHandlers: anyValue,
      features: anyValue
    })
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
      trafficDistribution: str
    }),
    status: obj({
      loadBalancer: obj({
        ingress: arr(obj({ ip: str, hostname: str, ipMode: str, ports: arr(obj({ port: int, protocol: str, error: str })) }))
      }),
      conditions: arr(condition)
    })
  },
  Endpoints: {
    subsets: arr(
      obj({
        addresses: arr(obj({ ip: str, hostname: str, nodeName: str, targetRef: objectReference })),
        notReadyAddresses: arr(obj({ ip: str, hostname: str, nodeName: str, targetRef: objectReference })),
        ports: arr(obj({ name: str, port: int, protocol: str, appProtocol: str }))
      })
    )
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
    reportingInstance: str
  }
};

// packages/api/src/schema/workloads.ts
var rollingUpdate = obj({ maxUnavailable: intOrStr, maxSurge: intOrStr });
var genericCondition = obj({ type: str, status: str, lastUpdateTime: str, lastProbeTime: str, lastTransitionTime: str, reason: str, message: str });
var jobSpec = obj({
  parallelism: int,
  completions: int,
  activeDeadlineSeconds: int64,
  podFailurePolicy: obj({
    rules: arr(
      obj({
        action: str,
        onExitCodes: obj({ containerName: str, operator: str, values: arr(int) }),
        onPodConditions: arr(obj({ type: str, status: str }))
      })
    )
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
  managedBy: str
});
var WORKLOAD_KINDS = {
  Deployment: {
    spec: obj({
      replicas: int,
      selector: labelSelector,
      template: podTemplateSpec,
      strategy: obj({ type: str, rollingUpdate }),
      minReadySeconds: int,
      revisionHistoryLimit: int,
      paused: bool,
      progressDeadlineSeconds: int
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
      collisionCount: int
    })
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
      conditions: arr(genericCondition)
    })
  },
  DaemonSet: {
    spec: obj({
      selector: labelSelector,
      template: podTemplateSpec,
      updateStrategy: obj({ type: str, rollingUpdate }),
      minReadySeconds: int,
      revisionHistoryLimit: int
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
      conditions: arr(genericCondition)
    })
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
      ready: int
    })
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
      failedJobsHistoryLimit: int
    }),
    status: obj({ active: arr(objectReference), lastScheduleTime: str, lastSuccessfulTime: str })
  },
  Lease: {
    spec: obj({
      holderIdentity: str,
      leaseDurationSeconds: int,
      acquireTime: str,
      renewTime: str,
      leaseTransitions: int,
      strategy: str,
      preferredHolder: str
    })
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
        hints: obj({ forZones: arr(obj({ name: str })), forNodes: arr(obj({ name: str })) })
      })
    ),
    ports: arr(obj({ name: str, protocol: str, port: int, appProtocol: str }))
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
      conditions: arr(condition)
    })
  },
  Eviction: {
    deleteOptions: obj({
      apiVersion: str,
      kind: str,
      gracePeriodSeconds: int64,
      preconditions: obj({ uid: str, resourceVersion: str }),
      orphanDependents: bool,
      propagationPolicy: str,
      dryRun: strs
    })
  },
  Scale: { spec: obj({ replicas: int }), status: obj({ replicas: int, selector: str }) }
};

// packages/api/src/schema/index.ts
var KIND_SHAPES = /* @__PURE__ */ new Map();
for (const [kind, fields] of Object.entries({ ...CORE_KINDS, ...WORKLOAD_KINDS })) {
  KIND_SHAPES.set(kind, obj({ apiVersion: str, kind: str, metadata: objectMeta, ...fields }));
}
function shapeFor(kind) {
  return KIND_SHAPES.get(kind);
}
function checkShape(o, kind = o.kind ?? "") {
  const issues = { unknown: [], types: [] };
  const shape = KIND_SHAPES.get(kind);
  if (shape) walkShape(shape, o, issues);
  return issues;
}
function findUnknownFields(o) {
  return checkShape(o).unknown;
}
function typeErrors(o) {
  return checkShape(o).types;
}

// packages/api/src/quantity.ts
var QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
var QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
var NANO = 1000000000n;
var DECIMAL_SUFFIX = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
var BINARY_SUFFIX = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
var DECIMAL_BY_EXP = new Map(Object.entries(DECIMAL_SUFFIX).map(([k, v]) => [v, k]));
var BINARY_BY_EXP = new Map([[0, ""], ...Object.entries(BINARY_SUFFIX).map(([k, v]) => [v, k])]);
var FORMAT_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
function pow10(e) {
  return 10n ** BigInt(e);
}
function divUp(a, b) {
  const q3 = a / b;
  return q3 * b === a ? q3 : a < 0n ? q3 - 1n : q3 + 1n;
}
var Quantity = class _Quantity {
  /** The value in units of 10^-9. */
  nanos;
  format;
  str;
  constructor(nanos, format = "DecimalSI") {
    this.nanos = nanos;
    this.format = format;
  }
  static fromMilli(milli, format = "DecimalSI") {
    return new _Quantity(BigInt(Math.round(milli)) * 1000000n, format);
  }
  static fromValue(value, format = "DecimalSI") {
    return new _Quantity(BigInt(Math.round(value)) * NANO, format);
  }
  /** Value in thousandths, rounded up (Kubernetes' MilliValue). */
  milliValue() {
    return Number(divUp(this.nanos, 1000000n));
  }
  /** Value rounded up to an integer (Kubernetes' Value). */
  value() {
    return Number(divUp(this.nanos, NANO));
  }
  isZero() {
    return this.nanos === 0n;
  }
  sign() {
    return this.nanos === 0n ? 0 : this.nanos < 0n ? -1 : 1;
  }
  cmp(other) {
    return this.nanos < other.nanos ? -1 : this.nanos > other.nanos ? 1 : 0;
  }
  /** A new Quantity; keeps this format unless this is zero (as Kubernetes' Add does). */
  add(other) {
    return new _Quantity(this.nanos + other.nanos, this.nanos === 0n ? other.format : this.format);
  }
  sub(other) {
    return new _Quantity(this.nanos - other.nanos, this.nanos === 0n ? other.format : this.format);
  }
  neg() {
    return new _Quantity(-this.nanos, this.format);
  }
  /** @internal the parser records an input that is already canonical. */
  setString(s2) {
    this.str = s2;
  }
  toJSON() {
    return this.toString();
  }
  /** Canonical form: `1500m`, `1536Mi`, `1k`, `1e3`. */
  toString() {
    if (this.str !== void 0) return this.str;
    let format = this.format;
    const n = this.nanos;
    if (format === "BinarySI") {
      if (n > -1024n * NANO && n < 1024n * NANO || n % NANO !== 0n) format = "DecimalSI";
    }
    if (format === "BinarySI") {
      let v = n / NANO;
      let exp2 = 0;
      while (exp2 < 60 && v !== 0n && v % 1024n === 0n) {
        v /= 1024n;
        exp2 += 10;
      }
      return this.str = `${v}${BINARY_BY_EXP.get(exp2)}`;
    }
    if (n === 0n) return this.str = "0";
    let m = n;
    let exp = -9;
    while (m % 10n === 0n) {
      m /= 10n;
      exp++;
    }
    const r = (exp % 3 + 3) % 3;
    m *= pow10(r);
    exp -= r;
    if (format === "DecimalExponent") return this.str = exp === 0 ? `${m}` : `${m}e${exp}`;
    if (exp > 18) {
      m *= pow10(exp - 18);
      exp = 18;
    }
    return this.str = `${m}${DECIMAL_BY_EXP.get(exp)}`;
  }
};
var SIMPLE_RE = /^(0|[1-9][0-9]{0,14})(m|k|M|G|T|P|E|n|u|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
var NANOS_PER = {};
for (const [k, e] of Object.entries(DECIMAL_SUFFIX)) NANOS_PER[k] = e >= -9 ? pow10(e + 9) : 1n;
for (const [k, e] of Object.entries(BINARY_SUFFIX)) NANOS_PER[k] = 2n ** BigInt(e) * NANO;
function parseSimple(s2) {
  const m = SIMPLE_RE.exec(s2);
  if (!m) return void 0;
  const digits = m[1];
  const suffix = m[2] ?? "";
  const binary = suffix.length === 2;
  const q3 = new Quantity(BigInt(digits) * NANOS_PER[suffix], binary ? "BinarySI" : "DecimalSI");
  if (digits === "0") q3.setString("0");
  else if (binary ? Number(digits) % 1024 !== 0 : !digits.endsWith("000")) q3.setString(s2);
  return q3;
}
var PARSED = /* @__PURE__ */ new Map();
function parseQuantity(input) {
  if (typeof input === "string") {
    const hit = PARSED.get(input);
    if (hit) return hit;
    const fast = parseSimple(input);
    if (fast) {
      if (PARSED.size >= 4096) PARSED.clear();
      PARSED.set(input, fast);
      return fast;
    }
  }
  const s2 = typeof input === "number" ? numberText(input) : input.trim();
  if (s2.length === 0) throw new Error(QUANTITY_FORMAT_ERROR);
  const m = FORMAT_RE.exec(s2);
  if (!m) throw new Error(QUANTITY_FORMAT_ERROR);
  let num = m[1];
  const suffix = m[2];
  let neg = false;
  if (num[0] === "+" || num[0] === "-") {
    neg = num[0] === "-";
    num = num.slice(1);
  }
  const dot = num.indexOf(".");
  if (dot !== num.lastIndexOf(".") || num === ".") throw new Error(QUANTITY_FORMAT_ERROR);
  const intPart = dot < 0 ? num : num.slice(0, dot);
  const fracPart = dot < 0 ? "" : num.slice(dot + 1);
  let format;
  let base = 10n;
  let exp;
  if (suffix in DECIMAL_SUFFIX) {
    format = "DecimalSI";
    exp = DECIMAL_SUFFIX[suffix];
  } else if (suffix in BINARY_SUFFIX) {
    format = "BinarySI";
    base = 2n;
    exp = BINARY_SUFFIX[suffix];
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    format = "DecimalExponent";
    exp = Number(suffix.slice(1));
  } else {
    throw new Error(QUANTITY_SUFFIX_ERROR);
  }
  let numer = BigInt((intPart || "0") + fracPart) * NANO;
  let denom = pow10(fracPart.length);
  if (base === 2n) numer *= 2n ** BigInt(exp);
  else if (exp >= 0) numer *= pow10(exp);
  else denom *= pow10(-exp);
  let nanos = divUp(numer, denom);
  if (neg) nanos = -nanos;
  return new Quantity(nanos, format);
}
function tryParseQuantity(input) {
  if (typeof input !== "string" && typeof input !== "number") return QUANTITY_FORMAT_ERROR;
  try {
    return parseQuantity(input);
  } catch (e) {
    return e.message;
  }
}
function numberText(n) {
  if (!Number.isFinite(n)) throw new Error(QUANTITY_FORMAT_ERROR);
  return String(n).replace("e+", "e");
}
function canonicalQuantity(v) {
  const q3 = tryParseQuantity(v);
  return typeof q3 === "string" ? v : q3.toString();
}

// packages/api/src/validation/errors.ts
var TYPE_TEXT = {
  FieldValueRequired: "Required value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  FieldValueForbidden: "Forbidden",
  FieldValueTypeInvalid: "Invalid value",
  FieldValueNotFound: "Not found"
};
function goValue(v) {
  if (v === null || v === void 0) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === "string")) return `[]string{${v.map((x) => JSON.stringify(x)).join(", ")}}`;
    return JSON.stringify(v);
  }
  if (typeof v === "object") {
    const o = v;
    const keys = Object.keys(o).sort();
    if (keys.every((k) => typeof o[k] === "string")) {
      return `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`).join(", ")}}`;
    }
    return JSON.stringify(v);
  }
  return String(v);
}
function fieldErrorBody(e) {
  let s2 = TYPE_TEXT[e.type];
  const omitValue = e.type === "FieldValueRequired" || e.type === "FieldValueForbidden" || e.type === "FieldValueTooLong" || !("badValue" in e);
  if (!omitValue) s2 += `: ${goValue(e.badValue)}`;
  if (e.detail) s2 += `: ${e.detail}`;
  return s2;
}
function fieldErrorMessage(e) {
  return e.field ? `${e.field}: ${fieldErrorBody(e)}` : fieldErrorBody(e);
}
function fieldErrorsToCauses(errs) {
  return errs.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
}
var required = (field, detail = "") => ({ type: "FieldValueRequired", field, detail });
var invalid2 = (field, badValue, detail = "") => ({ type: "FieldValueInvalid", field, badValue, detail });
var forbidden = (field, detail) => ({ type: "FieldValueForbidden", field, detail });
var duplicate = (field, badValue) => ({ type: "FieldValueDuplicate", field, badValue });
var tooLong = (field, badValue, max) => ({
  type: "FieldValueTooLong",
  field,
  badValue,
  detail: `may not be more than ${max} bytes`
});
function notSupported(field, badValue, supported) {
  return { type: "FieldValueNotSupported", field, badValue, detail: `supported values: ${supported.map((v) => JSON.stringify(v)).join(", ")}` };
}

// packages/api/src/validation/names.ts
var DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
var DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
var DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
var DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
var DNS1035_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
var QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
var QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
var LABEL_VALUE_RE = new RegExp(`^(${QUALIFIED_NAME_FMT})?$`);
var CONFIG_KEY_RE = /^[-._a-zA-Z0-9]+$/;
var IANA_SVC_NAME_RE = /^[-a-z0-9]+$/;
var HAS_LETTER_RE = /[a-z]/;
var DNS1123_LABEL_MAX = 63;
var DNS1123_SUBDOMAIN_MAX = 253;
var LABEL_VALUE_MAX = 63;
function regexError(msg, fmt, ...examples) {
  let s2 = `${msg} (e.g. `;
  s2 += examples.map((e) => `'${e}'`).join(",  or ");
  return `${s2}, regex used for validation is '${fmt}')`;
}
var maxLenError = (n) => `must be no more than ${n} characters`;
var DNS1123_LABEL_ERROR = regexError(
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  DNS1123_LABEL_FMT,
  "my-name",
  "123-abc"
);
var DNS1123_SUBDOMAIN_ERROR = regexError(
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  DNS1123_SUBDOMAIN_FMT,
  "example.com"
);
function isDNS1123Label(v) {
  const errs = [];
  if (v.length > DNS1123_LABEL_MAX) errs.push(maxLenError(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL_RE.test(v)) errs.push(DNS1123_LABEL_ERROR);
  return errs;
}
function isDNS1123Subdomain(v) {
  const errs = [];
  if (v.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN_RE.test(v)) errs.push(DNS1123_SUBDOMAIN_ERROR);
  return errs;
}
function isDNS1035Label(v) {
  const errs = [];
  if (v.length > DNS1123_LABEL_MAX) errs.push(maxLenError(DNS1123_LABEL_MAX));
  if (!DNS1035_LABEL_RE.test(v)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        "[a-z]([-a-z0-9]*[a-z0-9])?",
        "my-name",
        "abc-123"
      )
    );
  }
  return errs;
}
var QUALIFIED_NAME_ERROR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
var VALID_QUALIFIED = /* @__PURE__ */ new Set();
var NO_ERRORS = [];
function isQualifiedName(v) {
  if (VALID_QUALIFIED.has(v)) return NO_ERRORS;
  const errs = qualifiedNameErrors(v);
  if (errs.length === 0) {
    if (VALID_QUALIFIED.size >= 4096) VALID_QUALIFIED.clear();
    VALID_QUALIFIED.add(v);
    return NO_ERRORS;
  }
  return errs;
}
function qualifiedNameErrors(v) {
  const errs = [];
  const parts = v.split("/");
  let name2;
  if (parts.length === 1) name2 = parts[0];
  else if (parts.length === 2) {
    const [prefix, n] = parts;
    name2 = n;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else for (const msg of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERROR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`
    ];
  }
  if (name2.length === 0) errs.push("name part must be non-empty");
  else if (name2.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME_RE.test(name2)) errs.push(`name part ${regexError(QUALIFIED_NAME_ERROR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")}`);
  return errs;
}
function isValidLabelValue(v) {
  const errs = [];
  if (v.length > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE_RE.test(v)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        `(${QUALIFIED_NAME_FMT})?`,
        "MyValue",
        "my_value",
        "12345"
      )
    );
  }
  return errs;
}
function isConfigMapKey(v) {
  const errs = [];
  if (v.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!CONFIG_KEY_RE.test(v)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"));
  }
  if (v === ".") errs.push("must not be '.'");
  else if (v === "..") errs.push("must not be '..'");
  else if (v.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}
function isValidPortName(v) {
  const errs = [];
  if (v.length > 15) errs.push(maxLenError(15));
  if (!IANA_SVC_NAME_RE.test(v)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (v.includes("--")) errs.push("must not contain consecutive hyphens");
  if (v.length > 0 && (v[0] === "-" || v[v.length - 1] === "-")) errs.push("must not begin or end with a hyphen");
  if (!HAS_LETTER_RE.test(v)) errs.push("must contain at least one letter (a-z)");
  return errs;
}
function isValidPortNum(p) {
  return Number.isInteger(p) && p >= 1 && p <= 65535 ? [] : ["must be between 1 and 65535, inclusive"];
}
function isEnvVarName(v) {
  if (v.length === 0 || !/^[ -<>-~]+$/.test(v)) return ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
  return [];
}

// packages/api/src/validation/meta.ts
var TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
function nameFn(check) {
  return (name2, prefix) => check(prefix && name2.endsWith("-") ? name2.slice(0, -1) : name2);
}
function validateLabels(labels, path, errs) {
  if (labels === void 0 || labels === null) return;
  if (typeof labels !== "object") return;
  for (const k in labels) {
    for (const msg of isQualifiedName(k)) errs.push(invalid2(path, k, msg));
    const v = labels[k];
    if (typeof v !== "string") continue;
    for (const msg of isValidLabelValue(v)) errs.push(invalid2(path, v, msg));
  }
}
function validateAnnotations(annotations, path, errs) {
  if (!annotations || typeof annotations !== "object") return;
  let size = 0;
  for (const k in annotations) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid2(path, k, msg));
    const v = annotations[k];
    size += k.length + (typeof v === "string" ? Buffer.byteLength(v) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, "", TOTAL_ANNOTATION_SIZE_LIMIT));
}
function validateObjectMeta(meta, namespaced, nameCheck, path = "metadata") {
  const errs = [];
  if (!meta || typeof meta !== "object") {
    errs.push(required(`${path}.name`, "name or generateName is required"));
    return errs;
  }
  if (meta.generateName) for (const msg of nameCheck(meta.generateName, true)) errs.push(invalid2(`${path}.generateName`, meta.generateName, msg));
  if (!meta.name) {
    if (!meta.generateName) errs.push(required(`${path}.name`, "name or generateName is required"));
  } else {
    for (const msg of nameCheck(meta.name, false)) errs.push(invalid2(`${path}.name`, meta.name, msg));
  }
  if (namespaced) {
    if (!meta.namespace) errs.push(required(`${path}.namespace`));
    else for (const msg of isDNS1123Label(meta.namespace)) errs.push(invalid2(`${path}.namespace`, meta.namespace, msg));
  } else if (meta.namespace) {
    errs.push(forbidden(`${path}.namespace`, "not allowed on this type"));
  }
  if (typeof meta.generation === "number" && meta.generation < 0) errs.push(invalid2(`${path}.generation`, meta.generation, "must be greater than or equal to 0"));
  validateLabels(meta.labels, `${path}.labels`, errs);
  validateAnnotations(meta.annotations, `${path}.annotations`, errs);
  (meta.ownerReferences ?? []).forEach((r, i) => {
    const p = `${path}.ownerReferences[${i}]`;
    if (!r || typeof r !== "object") return;
    if (!r.apiVersion) errs.push(invalid2(`${p}.apiVersion`, r.apiVersion ?? "", "version must not be empty"));
    if (!r.kind) errs.push(invalid2(`${p}.kind`, r.kind ?? "", "kind must not be empty"));
    if (!r.name) errs.push(invalid2(`${p}.name`, r.name ?? "", "name must not be empty"));
    if (!r.uid) errs.push(invalid2(`${p}.uid`, r.uid ?? "", "uid must not be empty"));
  });
  if ((meta.ownerReferences ?? []).filter((r) => r?.controller === true).length > 1) {
    errs.push(invalid2(`${path}.ownerReferences`, meta.ownerReferences, "Only one reference can have Controller set to true"));
  }
  return errs;
}
function validateObjectMetaUpdate(meta, old, path = "metadata") {
  const errs = [];
  const immutable = (f) => {
    if (old[f] !== void 0 && (meta[f] ?? "") !== (old[f] ?? "")) errs.push(invalid2(`${path}.${f}`, meta[f] ?? "", "field is immutable"));
  };
  immutable("name");
  immutable("namespace");
  immutable("uid");
  return errs;
}
function nonNegative(v, path, errs) {
  if (typeof v === "number" && v < 0) errs.push(invalid2(path, v, "must be greater than or equal to 0"));
}
function positive(v, path, errs) {
  if (typeof v === "number" && v <= 0) errs.push(invalid2(path, v, "must be greater than 0"));
}
function intOrPercent(v, path, errs, max100 = true) {
  if (v === void 0 || v === null) return;
  if (typeof v === "string") {
    const m = /^([0-9]+)%$/.exec(v);
    if (!m) errs.push(invalid2(path, v, "must be an integer or percentage (e.g '5%')"));
    else if (max100 && Number(m[1]) > 100) errs.push(invalid2(path, v, "must not be greater than 100%"));
  } else if (typeof v === "number" && v < 0) errs.push(invalid2(path, v, "must be greater than or equal to 0"));
}
function intOrPercentValue(v) {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const m = /^(-?[0-9]+)%?$/.exec(v);
    return m ? Number(m[1]) : NaN;
  }
  return 0;
}
function jsonEqual2(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b;
    return a.length === bb.length && a.every((x, i) => jsonEqual2(x, bb[i]));
  }
  const ao = a;
  const bo = b;
  const ak = Object.keys(ao).filter((k) => ao[k] !== void 0);
  const bk = Object.keys(bo).filter((k) => bo[k] !== void 0);
  return ak.length === bk.length && ak.every((k) => jsonEqual2(ao[k], bo[k]));
}

// packages/api/src/validation/selector.ts
function validateLabelSelectorShape(ls, path) {
  const errs = [];
  if (!ls || typeof ls !== "object") return errs;
  (ls.matchExpressions ?? []).forEach((r, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    if (!r || typeof r !== "object") return;
    switch (r.operator) {
      case "In":
      case "NotIn":
        if (!r.values?.length) errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (r.values?.length) errs.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid2(`${p}.operator`, r.operator, "not a valid selector operator"));
    }
    for (const msg of isQualifiedName(r.key ?? "")) errs.push(invalid2(`${p}.key`, r.key ?? "", msg));
  });
  validateLabels(ls.matchLabels, `${path}.matchLabels`, errs);
  return errs;
}

// packages/api/src/labels.ts
function requirementMatches(r, labels) {
  const has = labels !== void 0 && Object.prototype.hasOwnProperty.call(labels, r.key);
  const val = has ? labels[r.key] : void 0;
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return has && r.values.includes(val);
    case "notin":
    case "!=":
      return !has || !r.values.includes(val);
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt": {
      if (!has || !/^[-+]?\d+$/.test(val) || r.values.length !== 1) return false;
      const lv = BigInt(val);
      const rv = BigInt(r.values[0]);
      return r.operator === "gt" ? lv > rv : lv < rv;
    }
  }
}
function requirementString(r) {
  const vals = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(",");
  switch (r.operator) {
    case "!":
      return `!${r.key}`;
    case "exists":
      return r.key;
    case "in":
      return `${r.key} in (${vals})`;
    case "notin":
      return `${r.key} notin (${vals})`;
    case "gt":
      return `${r.key}>${vals}`;
    case "lt":
      return `${r.key}<${vals}`;
    default:
      return `${r.key}${r.operator}${vals}`;
  }
}
var Selector = class {
  requirements;
  constructor(reqs) {
    this.requirements = reqs?.sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  }
  get empty() {
    return this.requirements !== void 0 && this.requirements.length === 0;
  }
  matches(labels) {
    const reqs = this.requirements;
    if (reqs === void 0) return false;
    for (let i = 0; i < reqs.length; i++) if (!requirementMatches(reqs[i], labels)) return false;
    return true;
  }
  requiresExactMatch(key) {
    for (const r of this.requirements ?? []) {
      if (r.key !== key) continue;
      if ((r.operator === "=" || r.operator === "==" || r.operator === "in") && r.values.length === 1) return r.values[0];
      return void 0;
    }
    return void 0;
  }
  toString() {
    return (this.requirements ?? []).map(requirementString).join(",");
  }
};
var nothing = () => new Selector(void 0);
function requirementErrors(key, op, vals, path) {
  const errs = [];
  const child = (c) => path ? `${path}.${c}` : c;
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(invalid2(child("key"), key, keyErrs.join("; ")));
  switch (op) {
    case "in":
    case "notin":
      if (vals.length === 0) errs.push(invalid2(child("values"), vals, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case "=":
    case "==":
    case "!=":
      if (vals.length !== 1) errs.push(invalid2(child("values"), vals, "exact-match compatibility requires one single value"));
      break;
    case "exists":
    case "!":
      if (vals.length !== 0) errs.push(invalid2(child("values"), vals, "values set must be empty for exists and does not exist"));
      break;
    case "gt":
    case "lt":
      if (vals.length !== 1) errs.push(invalid2(child("values"), vals, "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (!/^[-+]?\d+$/.test(v)) errs.push(invalid2(`${child("values")}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  vals.forEach((v, i) => {
    const ve = isValidLabelValue(v);
    if (ve.length) errs.push(invalid2(`${child("values")}[${i}][${key}]`, v, ve.join("; ")));
  });
  return errs;
}
function aggregate(errs) {
  const msgs = errs.map(fieldErrorMessage);
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(", ")}]`;
}
var KEYWORDS = { ")": ")", ",": ",", "!": "!", "==": "==", "=": "=", ">": ">", in: "in", "<": "<", "!=": "!=", notin: "notin", "(": "(" };
var isWS = (c) => c === " " || c === "	" || c === "\r" || c === "\n";
var isSpecial = (c) => c === "=" || c === "!" || c === "(" || c === ")" || c === "," || c === ">" || c === "<";
function lex(s2) {
  const out = [];
  let pos = 0;
  for (; ; ) {
    while (pos < s2.length && isWS(s2[pos])) pos++;
    if (pos >= s2.length) {
      out.push(["eos", ""]);
      return out;
    }
    if (isSpecial(s2[pos])) {
      let buf = "";
      let last;
      while (pos < s2.length && isSpecial(s2[pos])) {
        buf += s2[pos];
        const t = Object.prototype.hasOwnProperty.call(KEYWORDS, buf) ? KEYWORDS[buf] : void 0;
        if (t) {
          last = [t, buf];
          pos++;
        } else if (last) break;
        else pos++;
      }
      out.push(last ?? ["err", `error expected: keyword found '${buf}'`]);
    } else {
      let buf = "";
      while (pos < s2.length && !isSpecial(s2[pos]) && !isWS(s2[pos])) buf += s2[pos++];
      out.push([Object.prototype.hasOwnProperty.call(KEYWORDS, buf) ? KEYWORDS[buf] : "id", buf]);
    }
  }
}
var Parser = class {
  constructor(items) {
    this.items = items;
  }
  pos = 0;
  look(values) {
    const [t, l] = this.items[this.pos];
    return [values && (t === "in" || t === "notin") ? "id" : t, l];
  }
  next(values) {
    const r = this.look(values);
    this.pos++;
    return r;
  }
  parse() {
    const reqs = [];
    for (; ; ) {
      const [t, lit] = this.look(true);
      if (t === "eos") return reqs;
      if (t !== "id" && t !== "!") throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      let r;
      try {
        r = this.requirement();
      } catch (e) {
        throw new Error(`unable to parse requirement: ${e.message}`);
      }
      reqs.push(r);
      const [t2, l2] = this.next(true);
      if (t2 === "eos") return reqs;
      if (t2 !== ",") throw new Error(`found '${l2}', expected: ',' or 'end of string'`);
      const [t3, l3] = this.look(true);
      if (t3 !== "id" && t3 !== "!") throw new Error(`found '${l3}', expected: identifier after ','`);
    }
  }
  requirement() {
    let op;
    let [t, lit] = this.next(true);
    if (t === "!") {
      op = "!";
      [t, lit] = this.next(true);
    }
    if (t !== "id") throw new Error(`found '${lit}', expected: identifier`);
    const key = lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new Error(fieldErrorMessage(invalid2("<nil>", key, keyErrs.join("; "))));
    const [la] = this.look(true);
    if (la === "eos" || la === ",") op = op ?? "exists";
    if (op === "exists" || op === "!") return this.make(key, op, []);
    const [ot, ol] = this.next(false);
    const OPS = { in: "in", "=": "=", "==": "==", ">": "gt", "<": "lt", notin: "notin", "!=": "!=" };
    const bop = OPS[ot];
    if (!bop) throw new Error(`found '${ol}', expected: in, notin, =, ==, !=, gt, lt`);
    const vals = bop === "in" || bop === "notin" ? this.setValues() : this.exactValue();
    return this.make(key, bop, [...new Set(vals)].sort());
  }
  make(key, op, vals) {
    const errs = requirementErrors(key, op, vals, "");
    if (errs.length) throw new Error(aggregate(errs));
    return { key, operator: op, values: vals };
  }
  setValues() {
    const [t, lit] = this.next(true);
    if (t !== "(") throw new Error(`found '${lit}' expected: '('`);
    const [t2, l2] = this.look(true);
    if (t2 === ")") {
      this.next(true);
      return [""];
    }
    if (t2 !== "id" && t2 !== ",") throw new Error(`found '${l2}', expected: ',', ')' or identifier`);
    const s2 = /* @__PURE__ */ new Set();
    for (; ; ) {
      const [t3, l3] = this.next(true);
      if (t3 === "id") {
        s2.add(l3);
        const [t4, l4] = this.look(true);
        if (t4 === ",") continue;
        if (t4 === ")") break;
        throw new Error(`found '${l4}', expected: ',' or ')'`);
      } else if (t3 === ",") {
        if (s2.size === 0) s2.add("");
        const [t4] = this.look(true);
        if (t4 === ")") {
          s2.add("");
          break;
        }
        if (t4 === ",") s2.add("");
      } else throw new Error(`found '${l3}', expected: ',', or identifier`);
    }
    const [t5] = this.next(true);
    if (t5 !== ")") throw new Error(`found '${l2}', expected: ')'`);
    return [...s2];
  }
  exactValue() {
    const [t] = this.look(true);
    if (t === "eos" || t === ",") return [""];
    const [t2, lit] = this.next(true);
    if (t2 === "id") return [lit];
    throw new Error(`found '${lit}', expected: identifier`);
  }
};
function parseLabelSelector(s2) {
  try {
    return new Selector(new Parser(lex(s2)).parse());
  } catch (e) {
    throw badRequest(e.message);
  }
}
function labelSelectorFromObject(ls) {
  if (ls === void 0 || ls === null) return nothing();
  const reqs = [];
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) {
    const errs = requirementErrors(k, "=", [v], "");
    if (errs.length) throw badRequest(aggregate(errs));
    reqs.push({ key: k, operator: "=", values: [v] });
  }
  for (const expr of ls.matchExpressions ?? []) {
    const OPS = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };
    const op = OPS[expr.operator];
    if (!op) throw badRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    const vals = [...expr.values ?? []];
    const errs = requirementErrors(expr.key, op, vals, "");
    if (errs.length) throw badRequest(aggregate(errs));
    reqs.push({ key: expr.key, operator: op, values: vals });
  }
  return new Selector(reqs);
}

// packages/api/src/fields.ts
var FieldSelector = class {
  constructor(requirements) {
    this.requirements = requirements;
  }
  get empty() {
    return this.requirements.length === 0;
  }
  matches(fields) {
    for (const r of this.requirements) {
      const v = fields[r.field] ?? "";
      if (r.operator === "!=" === (v === r.value)) return false;
    }
    return true;
  }
  requiresExactMatch(field) {
    for (const r of this.requirements) if (r.field === field && r.operator !== "!=") return r.value;
    return void 0;
  }
  toString() {
    return this.requirements.map((r) => `${r.field}${r.operator}${r.value}`).join(",");
  }
};
function splitTerms(s2, sep) {
  const out = [];
  let cur = "";
  for (let i = 0; i < s2.length; i++) {
    const c = s2[i];
    if (c === "\\" && i + 1 < s2.length) {
      cur += c + s2[++i];
    } else if (c === sep) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}
function unescape(v) {
  let out = "";
  for (let i = 0; i < v.length; i++) {
    if (v[i] === "\\") {
      const n = v[i + 1];
      if (n === "\\" || n === "," || n === "=") {
        out += n;
        i++;
        continue;
      }
      throw badRequest(`invalid field selector: invalid escape sequence`);
    }
    out += v[i];
  }
  return out;
}
function parseFieldSelector(s2) {
  const reqs = [];
  if (s2.trim() === "") return new FieldSelector(reqs);
  for (const term of splitTerms(s2, ",")) {
    if (term === "") continue;
    let m = null;
    for (const op of ["!=", "==", "="]) {
      const i = indexOfUnescaped(term, op);
      if (i >= 0) {
        m = [term, term.slice(0, i), op, term.slice(i + op.length)];
        break;
      }
    }
    if (!m) throw badRequest(`invalid selector: '${s2}'; can't understand '${term}'`);
    reqs.push({ field: m[1].trim(), operator: m[2], value: unescape(m[3]) });
  }
  return new FieldSelector(reqs.sort((a, b) => a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}
function indexOfUnescaped(s2, op) {
  for (let i = 0; i < s2.length; i++) {
    if (s2[i] === "\\") {
      i++;
      continue;
    }
    if (s2.startsWith(op, i)) return i;
  }
  return -1;
}
var str2 = (v) => v === void 0 || v === null ? "" : String(v);
var sub = (o, k) => o?.[k] ?? {};
var KIND_FIELDS = {
  Pod: (o) => {
    const spec = sub(o, "spec");
    const status = sub(o, "status");
    return {
      "spec.nodeName": str2(spec.nodeName),
      "spec.restartPolicy": str2(spec.restartPolicy),
      "spec.schedulerName": str2(spec.schedulerName),
      "spec.serviceAccountName": str2(spec.serviceAccountName),
      "spec.hostNetwork": String(spec.hostNetwork === true),
      "status.phase": str2(status.phase),
      "status.podIP": str2(status.podIP),
      "status.nominatedNodeName": str2(status.nominatedNodeName)
    };
  },
  Node: (o) => ({ "spec.unschedulable": String(sub(o, "spec").unschedulable === true) }),
  Event: (o) => {
    const io = sub(o, "involvedObject");
    return {
      "involvedObject.kind": str2(io.kind),
      "involvedObject.namespace": str2(io.namespace),
      "involvedObject.name": str2(io.name),
      "involvedObject.uid": str2(io.uid),
      "involvedObject.apiVersion": str2(io.apiVersion),
      "involvedObject.resourceVersion": str2(io.resourceVersion),
      "involvedObject.fieldPath": str2(io.fieldPath),
      reason: str2(o.reason),
      reportingComponent: str2(o.reportingComponent),
      source: str2(sub(o, "source").component),
      type: str2(o.type)
    };
  },
  Secret: (o) => ({ type: str2(o.type) }),
  Namespace: (o) => ({ "status.phase": str2(sub(o, "status").phase) }),
  ReplicaSet: (o) => ({ "status.replicas": String(sub(o, "status").replicas ?? 0) }),
  Job: (o) => ({ "status.successful": String(sub(o, "status").succeeded ?? 0) })
};
var FIELD_NAMES = {};
var sample = { metadata: {} };
for (const [kind, f] of Object.entries(KIND_FIELDS)) FIELD_NAMES[kind] = new Set(Object.keys(f(sample)));
function objectFields(kind, obj2) {
  const base = { "metadata.name": str2(obj2.metadata?.name), "metadata.namespace": str2(obj2.metadata?.namespace) };
  const f = KIND_FIELDS[kind];
  return f ? Object.assign(base, f(obj2)) : base;
}
function validateFieldSelector(kind, matcher) {
  const extra = FIELD_NAMES[kind];
  for (const r of matcher.requirements) {
    if (r.field === "metadata.name" || r.field === "metadata.namespace" || extra?.has(r.field)) continue;
    throw badRequest(`field label not supported: ${r.field}`);
  }
}

// packages/api/src/defaults-pod.ts
var DEFAULT_MODE = 420;
function defaultImagePullPolicy(image) {
  if (!image) return "Always";
  if (image.includes("@")) return "IfNotPresent";
  const slash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  if (colon <= slash) return "Always";
  return image.slice(colon + 1) === "latest" ? "Always" : "IfNotPresent";
}
function defaultHTTPGet(h) {
  if (!h) return;
  if (!h.path) h.path = "/";
  if (!h.scheme) h.scheme = "HTTP";
}
function defaultProbe(p) {
  if (!p) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHTTPGet(p.httpGet);
}
function canonicalResources(r) {
  for (const list2 of [r.limits, r.requests]) {
    if (!list2) continue;
    for (const k in list2) list2[k] = canonicalQuantity(list2[k]);
  }
}
function defaultContainer(c, hostNetwork) {
  if (c === null || typeof c !== "object") return;
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultImagePullPolicy(c.image);
  if (!c.terminationMessagePath) c.terminationMessagePath = "/dev/termination-log";
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = "File";
  if (!c.resources) c.resources = {};
  else canonicalResources(c.resources);
  if (c.ports) {
    for (const p of c.ports) {
      if (!p || typeof p !== "object") continue;
      if (!p.protocol) p.protocol = "TCP";
      if (hostNetwork && !p.hostPort) p.hostPort = p.containerPort;
    }
  }
  for (const e of c.env ?? []) {
    if (e?.valueFrom?.fieldRef && !e.valueFrom.fieldRef.apiVersion) e.valueFrom.fieldRef.apiVersion = "v1";
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (c.lifecycle) {
    defaultHTTPGet(c.lifecycle.postStart?.httpGet);
    defaultHTTPGet(c.lifecycle.preStop?.httpGet);
  }
}
function defaultVolume(v) {
  if (!v || typeof v !== "object") return;
  if (!v.emptyDir && !v.hostPath && !v.configMap && !v.secret && !v.downwardAPI && !v.projected && !v.persistentVolumeClaim && !v.nfs && Object.keys(v).length === 1) {
    v.emptyDir = {};
  }
  if (v.hostPath && v.hostPath.type === void 0) v.hostPath.type = "";
  if (v.configMap && v.configMap.defaultMode === void 0) v.configMap.defaultMode = DEFAULT_MODE;
  if (v.secret && v.secret.defaultMode === void 0) v.secret.defaultMode = DEFAULT_MODE;
  if (v.downwardAPI) {
    if (v.downwardAPI.defaultMode === void 0) v.downwardAPI.defaultMode = DEFAULT_MODE;
    for (const f of v.downwardAPI.items ?? []) if (f?.fieldRef && !f.fieldRef.apiVersion) f.fieldRef.apiVersion = "v1";
  }
  if (v.projected) {
    if (v.projected.defaultMode === void 0) v.projected.defaultMode = DEFAULT_MODE;
    for (const s2 of v.projected.sources ?? []) {
      for (const f of s2?.downwardAPI?.items ?? []) if (f?.fieldRef && !f.fieldRef.apiVersion) f.fieldRef.apiVersion = "v1";
      const t = s2?.serviceAccountToken;
      if (t && t.expirationSeconds === void 0) t.expirationSeconds = 3600;
    }
  }
}
function applyPodSpecDefaults(spec, defaultRestartPolicy = true) {
  if (!spec || typeof spec !== "object") return;
  if (!spec.dnsPolicy) spec.dnsPolicy = "ClusterFirst";
  if (!spec.restartPolicy && defaultRestartPolicy) spec.restartPolicy = "Always";
  if (!spec.securityContext) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === void 0 || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = "default-scheduler";
  const hn = spec.hostNetwork === true;
  if (Array.isArray(spec.containers)) for (const c of spec.containers) defaultContainer(c, hn);
  if (Array.isArray(spec.initContainers)) for (const c of spec.initContainers) defaultContainer(c, hn);
  if (Array.isArray(spec.ephemeralContainers)) for (const c of spec.ephemeralContainers) defaultContainer(c, hn);
  if (Array.isArray(spec.volumes)) for (const v of spec.volumes) defaultVolume(v);
}
function applyPodTemplateDefaults(t, defaultRestartPolicy = true) {
  if (!t || typeof t !== "object") return;
  applyPodSpecDefaults(t.spec, defaultRestartPolicy);
}
function applyPodDefaults(pod) {
  const spec = pod.spec;
  if (!spec || typeof spec !== "object") return;
  applyPodSpecDefaults(spec);
  for (const list2 of [spec.containers, spec.initContainers]) {
    if (!Array.isArray(list2)) continue;
    for (const c of list2) {
      const r = c?.resources;
      if (!r?.limits) continue;
      for (const k in r.limits) {
        r.requests ??= {};
        if (!(k in r.requests)) r.requests[k] = r.limits[k];
      }
    }
  }
  if (spec.enableServiceLinks === void 0 || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.priority === void 0 || spec.priority === null) spec.priority = 0;
  if (!spec.preemptionPolicy) spec.preemptionPolicy = "PreemptLowerPriority";
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || "default";
  spec.serviceAccount = spec.serviceAccountName;
}
function podQOSClass(spec) {
  const requests = /* @__PURE__ */ new Map();
  const limits = /* @__PURE__ */ new Map();
  let isGuaranteed = true;
  const all = [...spec.initContainers ?? [], ...spec.containers ?? []];
  for (const c of all) {
    const r = c.resources ?? {};
    for (const [name2, v] of Object.entries(r.requests ?? {})) {
      if (name2 !== "cpu" && name2 !== "memory") continue;
      const q3 = tryParseQuantity(v);
      if (typeof q3 === "string" || q3.isZero()) continue;
      requests.set(name2, (requests.get(name2) ?? 0n) + q3.nanos);
    }
    const seen = /* @__PURE__ */ new Set();
    for (const [name2, v] of Object.entries(r.limits ?? {})) {
      if (name2 !== "cpu" && name2 !== "memory") continue;
      const q3 = tryParseQuantity(v);
      if (typeof q3 === "string" || q3.isZero()) continue;
      seen.add(name2);
      limits.set(name2, (limits.get(name2) ?? 0n) + q3.nanos);
    }
    if (!seen.has("cpu") || !seen.has("memory")) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (isGuaranteed) {
    for (const [name2, v] of requests) if (limits.get(name2) !== v) isGuaranteed = false;
  }
  return isGuaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

// packages/api/src/defaults.ts
function isObj(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
var unset = (v) => v === void 0 || v === null;
function deploymentDefaults(d) {
  const spec = d.spec;
  if (!isObj(spec)) return;
  if (unset(spec.replicas)) spec.replicas = 1;
  spec.strategy ??= {};
  if (!spec.strategy.type) spec.strategy.type = "RollingUpdate";
  if (spec.strategy.type === "RollingUpdate") {
    spec.strategy.rollingUpdate ??= {};
    if (unset(spec.strategy.rollingUpdate.maxUnavailable)) spec.strategy.rollingUpdate.maxUnavailable = "25%";
    if (unset(spec.strategy.rollingUpdate.maxSurge)) spec.strategy.rollingUpdate.maxSurge = "25%";
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  if (unset(spec.progressDeadlineSeconds)) spec.progressDeadlineSeconds = 600;
  applyPodTemplateDefaults(spec.template);
}
function replicaSetDefaults(rs) {
  if (!isObj(rs.spec)) return;
  if (unset(rs.spec.replicas)) rs.spec.replicas = 1;
  applyPodTemplateDefaults(rs.spec.template);
}
function daemonSetDefaults(ds) {
  const spec = ds.spec;
  if (!isObj(spec)) return;
  spec.updateStrategy ??= {};
  if (!spec.updateStrategy.type) spec.updateStrategy.type = "RollingUpdate";
  if (spec.updateStrategy.type === "RollingUpdate") {
    spec.updateStrategy.rollingUpdate ??= {};
    if (unset(spec.updateStrategy.rollingUpdate.maxUnavailable)) spec.updateStrategy.rollingUpdate.maxUnavailable = 1;
    if (unset(spec.updateStrategy.rollingUpdate.maxSurge)) spec.updateStrategy.rollingUpdate.maxSurge = 0;
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  applyPodTemplateDefaults(spec.template);
}
function jobDefaults(job) {
  const spec = job.spec;
  if (!isObj(spec)) return;
  if (unset(spec.completions) && unset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (unset(spec.parallelism)) spec.parallelism = 1;
  if (unset(spec.backoffLimit)) spec.backoffLimit = unset(spec.backoffLimitPerIndex) ? 6 : 2147483647;
  if (!spec.completionMode) spec.completionMode = "NonIndexed";
  if (unset(spec.suspend)) spec.suspend = false;
  if (!spec.podReplacementPolicy) spec.podReplacementPolicy = spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed";
  const tl = spec.template?.metadata?.labels;
  if (tl && (!job.metadata.labels || Object.keys(job.metadata.labels).length === 0)) job.metadata.labels = { ...tl };
  applyPodTemplateDefaults(spec.template, false);
}
function cronJobDefaults(cj) {
  const spec = cj.spec;
  if (!isObj(spec)) return;
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = "Allow";
  if (unset(spec.suspend)) spec.suspend = false;
  if (unset(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (unset(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  if (isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec)) applyPodTemplateDefaults(spec.jobTemplate.spec.template, false);
}
function serviceDefaults(svc) {
  const spec = svc.spec;
  if (!isObj(spec)) return;
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (!spec.type) spec.type = "ClusterIP";
  if (spec.sessionAffinity === "ClientIP") {
    spec.sessionAffinityConfig ??= {};
    spec.sessionAffinityConfig.clientIP ??= {};
    spec.sessionAffinityConfig.clientIP.timeoutSeconds ??= 10800;
  }
  if (Array.isArray(spec.ports)) {
    for (const p of spec.ports) {
      if (!isObj(p)) continue;
      if (!p.protocol) p.protocol = "TCP";
      if (unset(p.targetPort) || p.targetPort === 0 || p.targetPort === "") p.targetPort = p.port;
    }
  }
  if ((spec.type === "NodePort" || spec.type === "LoadBalancer") && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  if (spec.type !== "ExternalName") {
    if (!spec.internalTrafficPolicy) spec.internalTrafficPolicy = "Cluster";
    if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = "SingleStack";
    if (!spec.ipFamilies || spec.ipFamilies.length === 0) spec.ipFamilies = ["IPv4"];
  }
  if (spec.type === "LoadBalancer" && unset(spec.allocateLoadBalancerNodePorts)) spec.allocateLoadBalancerNodePorts = true;
}
var DEFAULTERS = {
  Pod: (o) => applyPodDefaults(o),
  Deployment: deploymentDefaults,
  ReplicaSet: replicaSetDefaults,
  DaemonSet: daemonSetDefaults,
  Job: jobDefaults,
  CronJob: cronJobDefaults,
  Service: serviceDefaults,
  Secret: (s2) => {
    if (!s2.type) s2.type = "Opaque";
  },
  Namespace: (ns) => {
    if (!isObj(ns.status)) ns.status = {};
    if (!ns.status.phase) ns.status.phase = "Active";
  },
  Node: (n) => {
    if (isObj(n.status) && n.status.capacity && !n.status.allocatable) n.status.allocatable = { ...n.status.capacity };
  },
  Endpoints: (ep) => {
    for (const ss of Array.isArray(ep.subsets) ? ep.subsets : []) for (const p of ss?.ports ?? []) if (isObj(p) && !p.protocol) p.protocol = "TCP";
  },
  EndpointSlice: (es) => {
    for (const p of Array.isArray(es.ports) ? es.ports : []) {
      if (!isObj(p)) continue;
      if (!p.protocol) p.protocol = "TCP";
      if (unset(p.name)) p.name = "";
    }
  },
  PriorityClass: (pc) => {
    if (!pc.preemptionPolicy) pc.preemptionPolicy = "PreemptLowerPriority";
  },
  PodDisruptionBudget: () => {
  }
};
function applyDefaults(obj2) {
  if (!isObj(obj2) || !obj2.kind) return;
  if (!isObj(obj2.metadata)) return;
  const f = DEFAULTERS[obj2.kind];
  if (f) f(obj2);
}

// packages/api/src/validation/pod.ts
var RESTART_POLICIES = ["Always", "OnFailure", "Never"];
var PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
var DNS_POLICIES = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"];
var PROTOCOLS = ["SCTP", "TCP", "UDP"];
var TERMINATION_MESSAGE_POLICIES = ["FallbackToLogsOnError", "File"];
var TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
var STANDARD_CONTAINER_RESOURCES = /* @__PURE__ */ new Set(["cpu", "memory", "ephemeral-storage"]);
var isSet = (v) => v !== void 0 && v !== null;
function validatePortNumOrName(port, path, errs) {
  if (typeof port === "number") {
    for (const msg of isValidPortNum(port)) errs.push(invalid2(path, port, msg));
  } else if (typeof port === "string") {
    if (port.length === 0) errs.push(required(path));
    else for (const msg of isValidPortName(port)) errs.push(invalid2(path, port, msg));
  } else if (!isSet(port)) {
    errs.push(required(path));
  }
}
function validateHTTPGet(h, path, errs) {
  if (!h.path && h.path !== void 0) errs.push(required(`${path}.path`));
  validatePortNumOrName(h.port, `${path}.port`, errs);
  if (h.scheme && h.scheme !== "HTTP" && h.scheme !== "HTTPS") errs.push(notSupported(`${path}.scheme`, h.scheme, ["HTTP", "HTTPS"]));
  (h.httpHeaders ?? []).forEach((hd, i) => {
    if (hd && !/^[-A-Za-z0-9!#$%&'*+.^_`|~]+$/.test(hd.name ?? "")) {
      errs.push(invalid2(`${path}.httpHeaders[${i}].name`, hd.name, "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')"));
    }
  });
}
function validateHandler(h, kinds, path, errs) {
  const set = kinds.filter((k2) => isSet(h[k2]));
  if (set.length === 0) {
    errs.push(required(path, "must specify a handler type"));
    return;
  }
  for (const k2 of set.slice(1)) errs.push(forbidden(`${path}.${k2}`, "may not specify more than 1 handler type"));
  const k = set[0];
  const p = `${path}.${k}`;
  if (k === "exec") {
    const cmd = h.exec.command;
    if (!cmd || cmd.length === 0) errs.push(required(`${p}.command`));
  } else if (k === "httpGet") validateHTTPGet(h.httpGet, p, errs);
  else if (k === "tcpSocket") validatePortNumOrName(h.tcpSocket.port, `${p}.port`, errs);
  else if (k === "grpc") validatePortNumOrName(h.grpc.port, `${p}.port`, errs);
  else if (k === "sleep") {
    const s2 = h.sleep.seconds;
    if (typeof s2 === "number" && s2 < 0) errs.push(invalid2(`${p}.seconds`, s2, "must be greater than or equal to 0"));
  }
}
function validateProbe(p, path, errs, kind) {
  if (!p || typeof p !== "object") return;
  validateHandler(p, ["exec", "httpGet", "tcpSocket", "grpc"], path, errs);
  nonNegative(p.initialDelaySeconds, `${path}.initialDelaySeconds`, errs);
  nonNegative(p.timeoutSeconds, `${path}.timeoutSeconds`, errs);
  nonNegative(p.periodSeconds, `${path}.periodSeconds`, errs);
  nonNegative(p.successThreshold, `${path}.successThreshold`, errs);
  nonNegative(p.failureThreshold, `${path}.failureThreshold`, errs);
  if (isSet(p.terminationGracePeriodSeconds) && p.terminationGracePeriodSeconds <= 0) {
    errs.push(invalid2(`${path}.terminationGracePeriodSeconds`, p.terminationGracePeriodSeconds, "must be greater than 0"));
  }
  if (kind !== "readiness" && isSet(p.successThreshold) && p.successThreshold !== 1) {
    errs.push(invalid2(`${path}.successThreshold`, p.successThreshold, "must be 1"));
  }
  if (kind === "readiness" && isSet(p.terminationGracePeriodSeconds)) {
    errs.push(invalid2(`${path}.terminationGracePeriodSeconds`, p.terminationGracePeriodSeconds, "must not be set for readinessProbes"));
  }
}
function validateResourceName(name2, path, errs) {
  if (STANDARD_CONTAINER_RESOURCES.has(name2) || name2.startsWith("hugepages-")) return;
  const qn = isQualifiedName(name2);
  if (qn.length) for (const msg of qn) errs.push(invalid2(path, name2, msg));
  else if (!name2.includes("/")) errs.push(invalid2(path, name2, "must be a standard resource for containers"));
}
function validateResources(r, path, errs) {
  if (!r || typeof r !== "object") return;
  const parsed = { limits: /* @__PURE__ */ new Map(), requests: /* @__PURE__ */ new Map() };
  for (const which of ["limits", "requests"]) {
    const list2 = r[which];
    if (!list2 || typeof list2 !== "object") continue;
    for (const name2 in list2) {
      const p = `${path}.${which}[${name2}]`;
      validateResourceName(name2, p, errs);
      const q3 = tryParseQuantity(list2[name2]);
      if (typeof q3 === "string") {
        errs.push(invalid2(p, list2[name2], q3));
        continue;
      }
      if (q3.sign() < 0) errs.push(invalid2(p, q3.toString(), "must be greater than or equal to 0"));
      if (name2.startsWith("hugepages-") && which === "requests" && !r.limits?.[name2]) errs.push(forbidden(`${path}.limits`, `HugePages require cpu or memory`));
      parsed[which].set(name2, q3);
    }
  }
  for (const [name2, req] of parsed.requests) {
    const lim = parsed.limits.get(name2);
    if (lim && req.cmp(lim) > 0) {
      errs.push(invalid2(`${path}.requests`, req.toString(), `must be less than or equal to ${name2} limit of ${lim.toString()}`));
    }
  }
}
function validateEnv(c, path, errs) {
  (c.env ?? []).forEach((e, i) => {
    const p = `${path}.env[${i}]`;
    if (!e || typeof e !== "object") return;
    if (!e.name) errs.push(required(`${p}.name`));
    else for (const msg of isEnvVarName(e.name)) errs.push(invalid2(`${p}.name`, e.name, msg));
    const vf = e.valueFrom;
    if (vf && typeof vf === "object") {
      const kinds = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"].filter((k) => isSet(vf[k]));
      if (e.value) errs.push(invalid2(`${p}.valueFrom`, "", "may not be specified when `value` is not empty"));
      if (kinds.length === 0) errs.push(invalid2(`${p}.valueFrom`, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
      else if (kinds.length > 1) errs.push(invalid2(`${p}.valueFrom`, "", "may not have more than one field specified at a time"));
      if (vf.fieldRef && !vf.fieldRef.fieldPath) errs.push(required(`${p}.valueFrom.fieldRef.fieldPath`));
      for (const k of ["configMapKeyRef", "secretKeyRef"]) {
        const ref2 = vf[k];
        if (!ref2) continue;
        if (!ref2.key) errs.push(required(`${p}.valueFrom.${k}.key`));
        else for (const msg of isConfigMapKey(ref2.key)) errs.push(invalid2(`${p}.valueFrom.${k}.key`, ref2.key, msg));
      }
    }
  });
}
function validateContainer(c, path, errs, opts, volumes, hostNetwork, init) {
  if (!c || typeof c !== "object") return;
  if (!c.name) errs.push(required(`${path}.name`));
  else for (const msg of isDNS1123Label(c.name)) errs.push(invalid2(`${path}.name`, c.name, msg));
  if (!c.image) {
    if (opts.requireImage) errs.push(required(`${path}.image`));
  } else if (c.image.trim() !== c.image) {
    errs.push(invalid2(`${path}.image`, c.image, "must not have leading or trailing whitespace"));
  }
  if (c.imagePullPolicy && !PULL_POLICIES.includes(c.imagePullPolicy)) errs.push(notSupported(`${path}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  if (c.terminationMessagePolicy && !TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy)) {
    errs.push(notSupported(`${path}.terminationMessagePolicy`, c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES));
  }
  if (c.restartPolicy !== void 0 && c.restartPolicy !== null) {
    if (!init) errs.push(forbidden(`${path}.restartPolicy`, "may not be set for non-init containers"));
    else if (c.restartPolicy !== "Always") errs.push(notSupported(`${path}.restartPolicy`, c.restartPolicy, ["Always"]));
  }
  const portNames = /* @__PURE__ */ new Set();
  (c.ports ?? []).forEach((port, i) => {
    const p = `${path}.ports[${i}]`;
    if (!port || typeof port !== "object") return;
    if (port.name) {
      for (const msg of isValidPortName(port.name)) errs.push(invalid2(`${p}.name`, port.name, msg));
      if (portNames.has(port.name)) errs.push(duplicate(`${p}.name`, port.name));
      portNames.add(port.name);
    }
    if (!port.containerPort) errs.push(required(`${p}.containerPort`));
    else for (const msg of isValidPortNum(port.containerPort)) errs.push(invalid2(`${p}.containerPort`, port.containerPort, msg));
    if (port.hostPort) for (const msg of isValidPortNum(port.hostPort)) errs.push(invalid2(`${p}.hostPort`, port.hostPort, msg));
    if (hostNetwork && port.hostPort && port.hostPort !== port.containerPort) {
      errs.push(invalid2(`${p}.hostPort`, port.hostPort, "must match `containerPort` when `hostNetwork` is true"));
    }
    if (port.protocol && !PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
  });
  validateEnv(c, path, errs);
  validateResources(c.resources, `${path}.resources`, errs);
  const mountPaths = /* @__PURE__ */ new Set();
  (c.volumeMounts ?? []).forEach((m, i) => {
    const p = `${path}.volumeMounts[${i}]`;
    if (!m || typeof m !== "object") return;
    if (!m.name) errs.push(required(`${p}.name`));
    else if (!volumes.has(m.name)) errs.push({ type: "FieldValueNotFound", field: `${p}.name`, badValue: m.name });
    if (!m.mountPath) errs.push(required(`${p}.mountPath`));
    else {
      if (mountPaths.has(m.mountPath)) errs.push(invalid2(`${p}.mountPath`, m.mountPath, "must be unique"));
      mountPaths.add(m.mountPath);
    }
    if (m.subPath && (m.subPath.startsWith("/") || m.subPath.split("/").includes(".."))) {
      errs.push(invalid2(`${p}.subPath`, m.subPath, m.subPath.startsWith("/") ? "must be a relative path" : "must not contain '..'"));
    }
    if (m.mountPropagation && !["None", "HostToContainer", "Bidirectional"].includes(m.mountPropagation)) {
      errs.push(notSupported(`${p}.mountPropagation`, m.mountPropagation, ["Bidirectional", "HostToContainer", "None"]));
    }
  });
  if (init && c.restartPolicy !== "Always") {
    for (const k of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      if (c[k]) errs.push(forbidden(`${path}.${k}`, "may not be set for init containers without restartPolicy=Always"));
    }
    if (c.lifecycle) errs.push(forbidden(`${path}.lifecycle`, "may not be set for init containers without restartPolicy=Always"));
  } else {
    validateProbe(c.livenessProbe, `${path}.livenessProbe`, errs, "liveness");
    validateProbe(c.readinessProbe, `${path}.readinessProbe`, errs, "readiness");
    validateProbe(c.startupProbe, `${path}.startupProbe`, errs, "startup");
    if (c.lifecycle && typeof c.lifecycle === "object") {
      for (const k of ["postStart", "preStop"]) {
        const h = c.lifecycle[k];
        if (h && typeof h === "object") validateHandler(h, ["exec", "httpGet", "tcpSocket", "sleep"], `${path}.lifecycle.${k}`, errs);
      }
    }
  }
}
var VOLUME_SOURCES = ["emptyDir", "hostPath", "configMap", "secret", "downwardAPI", "projected", "persistentVolumeClaim", "nfs"];
function validateVolume(v, path, errs) {
  if (!v.name) errs.push(required(`${path}.name`));
  else for (const msg of isDNS1123Label(v.name)) errs.push(invalid2(`${path}.name`, v.name, msg));
  const set = VOLUME_SOURCES.filter((k) => isSet(v[k]));
  if (set.length === 0) {
    errs.push(required(path, "must specify a volume type"));
    return;
  }
  for (const k of set.slice(1)) errs.push(forbidden(`${path}.${k}`, "may not specify more than 1 volume type"));
  const mode = (m, p) => {
    if (typeof m === "number" && (m < 0 || m > 511)) errs.push(invalid2(p, m, "must be a number between 0 and 0777 (octal), both inclusive"));
  };
  const items = (list2, p) => (list2 ?? []).forEach((it, i) => {
    if (!it) return;
    if (!it.key) errs.push(required(`${p}[${i}].key`));
    if (!it.path) errs.push(required(`${p}[${i}].path`));
    else if (it.path.startsWith("/")) errs.push(invalid2(`${p}[${i}].path`, it.path, "must be a relative path"));
    else if (it.path.split("/").includes("..")) errs.push(invalid2(`${p}[${i}].path`, it.path, "must not contain '..'"));
    mode(it.mode, `${p}[${i}].mode`);
  });
  if (v.hostPath) {
    if (!v.hostPath.path) errs.push(required(`${path}.hostPath.path`));
    const types = ["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"];
    if (v.hostPath.type !== void 0 && !types.includes(v.hostPath.type)) errs.push(notSupported(`${path}.hostPath.type`, v.hostPath.type, types));
  }
  if (v.emptyDir?.medium !== void 0 && !["", "Memory", "HugePages"].includes(v.emptyDir.medium)) {
    errs.push(notSupported(`${path}.emptyDir.medium`, v.emptyDir.medium, ["", "HugePages", "Memory"]));
  }
  if (v.emptyDir?.sizeLimit !== void 0) {
    const q3 = tryParseQuantity(v.emptyDir.sizeLimit);
    if (typeof q3 === "string") errs.push(invalid2(`${path}.emptyDir.sizeLimit`, v.emptyDir.sizeLimit, q3));
  }
  if (v.configMap) {
    if (!v.configMap.name) errs.push(required(`${path}.configMap.name`));
    items(v.configMap.items, `${path}.configMap.items`);
    mode(v.configMap.defaultMode, `${path}.configMap.defaultMode`);
  }
  if (v.secret) {
    if (!v.secret.secretName) errs.push(required(`${path}.secret.secretName`));
    items(v.secret.items, `${path}.secret.items`);
    mode(v.secret.defaultMode, `${path}.secret.defaultMode`);
  }
  if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) errs.push(required(`${path}.persistentVolumeClaim.claimName`));
  if (v.nfs) {
    if (!v.nfs.server) errs.push(required(`${path}.nfs.server`));
    if (!v.nfs.path) errs.push(required(`${path}.nfs.path`));
    else if (!v.nfs.path.startsWith("/")) errs.push(invalid2(`${path}.nfs.path`, v.nfs.path, "must be an absolute path"));
  }
  if (v.downwardAPI) {
    (v.downwardAPI.items ?? []).forEach((it, i) => {
      if (it && !it.path) errs.push(required(`${path}.downwardAPI.items[${i}].path`));
    });
  }
}
function validateNodeSelectorRequirement(r, path, errs) {
  if (!r || typeof r !== "object") return;
  const n = r.values?.length ?? 0;
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (n === 0) errs.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (n > 0) errs.push(forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case "Gt":
    case "Lt":
      if (n !== 1) errs.push(required(`${path}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid2(`${path}.operator`, r.operator, "not a valid selector operator"));
  }
  for (const msg of isQualifiedName(r.key ?? "")) errs.push(invalid2(`${path}.key`, r.key ?? "", msg));
}
function validateNodeSelectorTerm(t, path, errs) {
  if (!t || typeof t !== "object") return;
  (t.matchExpressions ?? []).forEach((r, i) => validateNodeSelectorRequirement(r, `${path}.matchExpressions[${i}]`, errs));
  (t.matchFields ?? []).forEach((r, i) => {
    const p = `${path}.matchFields[${i}]`;
    if (r?.key !== "metadata.name") errs.push(invalid2(`${p}.key`, r?.key, "not a valid field selector key"));
    else if (r.operator !== "In" && r.operator !== "NotIn") errs.push(invalid2(`${p}.operator`, r.operator, "not a valid selector operator"));
    else if (r.values?.length !== 1) errs.push(required(`${p}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  });
}
function validatePodAffinityTerm(t, path, errs) {
  if (!t || typeof t !== "object") return;
  errs.push(...validateLabelSelectorShape(t.labelSelector, `${path}.labelSelector`));
  errs.push(...validateLabelSelectorShape(t.namespaceSelector, `${path}.namespaceSelector`));
  for (const ns of t.namespaces ?? []) for (const msg of isDNS1123Label(ns)) errs.push(invalid2(`${path}.namespace`, ns, msg));
  if (!t.topologyKey) errs.push(required(`${path}.topologyKey`, "can not be empty"));
  else for (const msg of isQualifiedName(t.topologyKey)) errs.push(invalid2(`${path}.topologyKey`, t.topologyKey, msg));
}
function validateWeight(w2, path, errs) {
  if (typeof w2 !== "number" || w2 < 1 || w2 > 100) errs.push(invalid2(path, w2 ?? 0, "must be in the range 1-100"));
}
function validateAffinity(a, path, errs) {
  if (!a || typeof a !== "object") return;
  const na = a.nodeAffinity;
  if (na) {
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (req) {
      const rp = `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`;
      if (!req.nodeSelectorTerms?.length) errs.push(required(`${rp}.nodeSelectorTerms`, "must have at least one node selector term"));
      (req.nodeSelectorTerms ?? []).forEach((t, i) => validateNodeSelectorTerm(t, `${rp}.nodeSelectorTerms[${i}]`, errs));
    }
    (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const p = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      validateWeight(t?.weight, `${p}.weight`, errs);
      if (t?.preference) validateNodeSelectorTerm(t.preference, `${p}.preference`, errs);
    });
  }
  for (const k of ["podAffinity", "podAntiAffinity"]) {
    const pa = a[k];
    if (!pa) continue;
    (pa.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach(
      (t, i) => validatePodAffinityTerm(t, `${path}.${k}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, errs)
    );
    (pa.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const p = `${path}.${k}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      validateWeight(t?.weight, `${p}.weight`, errs);
      validatePodAffinityTerm(t?.podAffinityTerm, `${p}.podAffinityTerm`, errs);
    });
  }
}
function validateTolerations(tols, path, errs) {
  (tols ?? []).forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (!t || typeof t !== "object") return;
    if (t.key) for (const msg of isQualifiedName(t.key)) errs.push(invalid2(`${p}.key`, t.key, msg));
    if (!t.key && t.operator !== "Exists") {
      errs.push(invalid2(`${p}.operator`, t.operator ?? "", 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (isSet(t.tolerationSeconds) && t.effect !== "NoExecute") {
      errs.push(invalid2(`${p}.effect`, t.effect ?? "", "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (t.operator) {
      case void 0:
      case null:
      case "Equal":
        if (t.value) for (const msg of isValidLabelValue(t.value)) errs.push(invalid2(`${p}.value`, t.value, msg));
        break;
      case "Exists":
        if (t.value) errs.push(invalid2(`${p}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(`${p}.operator`, t.operator, ["Equal", "Exists"]));
    }
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
  });
}
function validateTaintEffect(effect, allowEmpty, path, errs) {
  if (!effect) {
    if (!allowEmpty) errs.push(required(path));
    return;
  }
  if (!TAINT_EFFECTS.includes(effect)) errs.push(notSupported(path, effect, TAINT_EFFECTS));
}
function validateTopologySpread(cs, path, errs) {
  const seen = /* @__PURE__ */ new Set();
  (cs ?? []).forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c || typeof c !== "object") return;
    if (typeof c.maxSkew !== "number" || c.maxSkew <= 0) errs.push(invalid2(`${p}.maxSkew`, c.maxSkew ?? 0, "must be greater than zero"));
    if (!c.topologyKey) errs.push(required(`${p}.topologyKey`, "can not be empty"));
    else for (const msg of isQualifiedName(c.topologyKey)) errs.push(invalid2(`${p}.topologyKey`, c.topologyKey, msg));
    if (!["DoNotSchedule", "ScheduleAnyway"].includes(c.whenUnsatisfiable)) {
      errs.push(notSupported(`${p}.whenUnsatisfiable`, c.whenUnsatisfiable ?? "", ["DoNotSchedule", "ScheduleAnyway"]));
    }
    if (isSet(c.minDomains)) {
      if (c.minDomains <= 0) errs.push(invalid2(`${p}.minDomains`, c.minDomains, "must be greater than 0"));
      else if (c.whenUnsatisfiable !== "DoNotSchedule") errs.push(invalid2(`${p}.minDomains`, c.minDomains, "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway"));
    }
    const key = `${c.topologyKey}/${c.whenUnsatisfiable}`;
    if (seen.has(key)) errs.push(duplicate(`${p}.{topologyKey, whenUnsatisfiable}`, `{${c.topologyKey}, ${c.whenUnsatisfiable}}`));
    seen.add(key);
    errs.push(...validateLabelSelectorShape(c.labelSelector, `${p}.labelSelector`));
  });
}
function validatePodSpec(spec, path, opts) {
  const errs = [];
  if (!spec || typeof spec !== "object") {
    errs.push(required(`${path}.containers`));
    return errs;
  }
  const volumes = /* @__PURE__ */ new Set();
  (spec.volumes ?? []).forEach((v, i) => {
    if (!v || typeof v !== "object") return;
    validateVolume(v, `${path}.volumes[${i}]`, errs);
    if (v.name) {
      if (volumes.has(v.name)) errs.push(duplicate(`${path}.volumes[${i}].name`, v.name));
      volumes.add(v.name);
    }
  });
  const hostNetwork = spec.hostNetwork === true;
  const names = /* @__PURE__ */ new Set();
  const checkName2 = (c, p) => {
    if (!c?.name) return;
    if (names.has(c.name)) errs.push(duplicate(`${p}.name`, c.name));
    names.add(c.name);
  };
  (spec.initContainers ?? []).forEach((c, i) => {
    validateContainer(c, `${path}.initContainers[${i}]`, errs, opts, volumes, hostNetwork, true);
    checkName2(c, `${path}.initContainers[${i}]`);
  });
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) errs.push(required(`${path}.containers`));
  else
    spec.containers.forEach((c, i) => {
      validateContainer(c, `${path}.containers[${i}]`, errs, opts, volumes, hostNetwork, false);
      checkName2(c, `${path}.containers[${i}]`);
    });
  if (spec.restartPolicy && !RESTART_POLICIES.includes(spec.restartPolicy)) errs.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  if (spec.dnsPolicy && !DNS_POLICIES.includes(spec.dnsPolicy)) errs.push(notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  if (spec.dnsPolicy === "None" && !spec.dnsConfig) errs.push(required(`${path}.dnsConfig`, "must provide `dnsConfig` when `dnsPolicy` is None"));
  validateLabels(spec.nodeSelector, `${path}.nodeSelector`, errs);
  if (spec.nodeName) for (const msg of isDNS1123Subdomain(spec.nodeName)) errs.push(invalid2(`${path}.nodeName`, spec.nodeName, msg));
  if (spec.serviceAccountName) for (const msg of isDNS1123Subdomain(spec.serviceAccountName)) errs.push(invalid2(`${path}.serviceAccountName`, spec.serviceAccountName, msg));
  if (spec.schedulerName) for (const msg of isDNS1123Subdomain(spec.schedulerName)) errs.push(invalid2(`${path}.schedulerName`, spec.schedulerName, msg));
  if (spec.priorityClassName) for (const msg of isDNS1123Subdomain(spec.priorityClassName)) errs.push(invalid2(`${path}.priorityClassName`, spec.priorityClassName, msg));
  if (spec.hostname) for (const msg of isDNS1123Label(spec.hostname)) errs.push(invalid2(`${path}.hostname`, spec.hostname, msg));
  if (spec.subdomain) for (const msg of isDNS1123Label(spec.subdomain)) errs.push(invalid2(`${path}.subdomain`, spec.subdomain, msg));
  nonNegative(spec.terminationGracePeriodSeconds, `${path}.terminationGracePeriodSeconds`, errs);
  if (isSet(spec.activeDeadlineSeconds)) {
    const v = spec.activeDeadlineSeconds;
    if (v < 1 || v > 2147483647) errs.push(invalid2(`${path}.activeDeadlineSeconds`, v, "must be between 1 and 2147483647, inclusive"));
  }
  if (spec.preemptionPolicy && !["Never", "PreemptLowerPriority"].includes(spec.preemptionPolicy)) {
    errs.push(notSupported(`${path}.preemptionPolicy`, spec.preemptionPolicy, ["Never", "PreemptLowerPriority"]));
  }
  validateAffinity(spec.affinity, `${path}.affinity`, errs);
  validateTolerations(spec.tolerations, `${path}.tolerations`, errs);
  validateTopologySpread(spec.topologySpreadConstraints, `${path}.topologySpreadConstraints`, errs);
  (spec.imagePullSecrets ?? []).forEach((s2, i) => {
    if (s2 && !s2.name) errs.push(required(`${path}.imagePullSecrets[${i}].name`));
  });
  if (spec.os && !["linux", "windows"].includes(spec.os.name)) errs.push(notSupported(`${path}.os.name`, spec.os.name, ["linux", "windows"]));
  return errs;
}
function validatePod(pod) {
  return validatePodSpec(pod.spec, "spec", { requireImage: true });
}
var POD_UPDATE_FORBIDDEN = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
function validatePodUpdate(pod, old) {
  const errs = [];
  const ns = pod.spec;
  const os = old.spec;
  if (!ns || !os) return errs;
  const na = ns.activeDeadlineSeconds;
  const oa = os.activeDeadlineSeconds;
  if (isSet(oa)) {
    if (!isSet(na)) errs.push(invalid2("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"));
    else if (na > oa) errs.push(invalid2("spec.activeDeadlineSeconds", na, "must be less than or equal to previous value"));
  }
  const tolKey = (t) => JSON.stringify([t.key ?? "", t.operator ?? "Equal", t.value ?? "", t.effect ?? ""]);
  const newTols = new Map((ns.tolerations ?? []).map((t) => [tolKey(t), t]));
  let tolsOK = true;
  for (const t of os.tolerations ?? []) if (!newTols.has(tolKey(t))) tolsOK = false;
  const mask = (s2, imagesFrom) => {
    const c = { ...s2 };
    c.containers = (s2.containers ?? []).map((x, i) => ({ ...x, image: imagesFrom?.containers?.[i]?.image ?? x.image }));
    if (s2.initContainers) c.initContainers = s2.initContainers.map((x, i) => ({ ...x, image: imagesFrom?.initContainers?.[i]?.image ?? x.image }));
    delete c.activeDeadlineSeconds;
    delete c.tolerations;
    if (imagesFrom && typeof imagesFrom.terminationGracePeriodSeconds === "number" && imagesFrom.terminationGracePeriodSeconds < 0 && s2.terminationGracePeriodSeconds === 1) {
      c.terminationGracePeriodSeconds = imagesFrom.terminationGracePeriodSeconds;
    }
    return c;
  };
  if (!tolsOK || !jsonEqual2(mask(ns, os), mask(os))) errs.push(forbidden("spec", POD_UPDATE_FORBIDDEN));
  return errs;
}

// packages/api/src/validation/core.ts
var SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
var PROTOCOLS2 = ["SCTP", "TCP", "UDP"];
var IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
var MAX_SECRET_SIZE = 1024 * 1024;
function isIP(s2) {
  return IPV4_RE.test(s2) || s2.includes(":") && /^[0-9a-fA-F:.]+$/.test(s2);
}
function validateService(svc) {
  const errs = [];
  const spec = svc.spec;
  if (!spec || typeof spec !== "object") return [required("spec.ports")];
  const type = spec.type ?? "ClusterIP";
  if (!SERVICE_TYPES.includes(type)) errs.push(notSupported("spec.type", type, SERVICE_TYPES));
  const headless = spec.clusterIP === "None";
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && !headless && type !== "ExternalName") errs.push(required("spec.ports"));
  const names = /* @__PURE__ */ new Set();
  const portProto = /* @__PURE__ */ new Set();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    if (!p || typeof p !== "object") return;
    if (ports.length > 1 && !p.name) errs.push(required(`${path}.name`));
    if (p.name) {
      for (const msg of isDNS1123Label(p.name)) errs.push(invalid2(`${path}.name`, p.name, msg));
      if (names.has(p.name)) errs.push(duplicate(`${path}.name`, p.name));
      names.add(p.name);
    }
    for (const msg of isValidPortNum(p.port ?? 0)) errs.push(invalid2(`${path}.port`, p.port ?? 0, msg));
    if (!p.protocol) errs.push(required(`${path}.protocol`));
    else if (!PROTOCOLS2.includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS2));
    if (p.targetPort !== void 0 && p.targetPort !== null) validatePortNumOrName(p.targetPort, `${path}.targetPort`, errs);
    if (p.nodePort) {
      for (const msg of isValidPortNum(p.nodePort)) errs.push(invalid2(`${path}.nodePort`, p.nodePort, msg));
      if (type === "ClusterIP") errs.push(forbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
    const key = `${p.port}/${p.protocol}`;
    if (portProto.has(key)) errs.push(duplicate(path, { port: p.port, protocol: p.protocol }));
    portProto.add(key);
  });
  if (spec.sessionAffinity && !["ClientIP", "None"].includes(spec.sessionAffinity)) {
    errs.push(notSupported("spec.sessionAffinity", spec.sessionAffinity, ["ClientIP", "None"]));
  }
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (typeof timeout === "number" && (timeout <= 0 || timeout > 86400)) {
    errs.push(invalid2("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout, "must be greater than 0 and less than 86400"));
  }
  if (type === "ExternalName") {
    if (!spec.externalName) errs.push(required("spec.externalName"));
    else for (const msg of isDNS1123Subdomain(spec.externalName.replace(/\.$/, ""))) errs.push(invalid2("spec.externalName", spec.externalName, msg));
  }
  if (spec.clusterIP && spec.clusterIP !== "None" && !isIP(spec.clusterIP)) {
    errs.push(invalid2("spec.clusterIPs[0]", spec.clusterIP, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
  }
  for (const [k, allowed] of [
    ["externalTrafficPolicy", ["Cluster", "Local"]],
    ["internalTrafficPolicy", ["Cluster", "Local"]],
    ["ipFamilyPolicy", ["PreferDualStack", "RequireDualStack", "SingleStack"]]
  ]) {
    const v = spec[k];
    if (v && !allowed.includes(v)) errs.push(notSupported(`spec.${k}`, v, allowed));
  }
  if (spec.externalTrafficPolicy && type !== "NodePort" && type !== "LoadBalancer") {
    errs.push(invalid2("spec.externalTrafficPolicy", spec.externalTrafficPolicy, "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
  }
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== "IPv4" && f !== "IPv6") errs.push(notSupported(`spec.ipFamilies[${i}]`, f, ["IPv4", "IPv6"]));
  });
  validateLabels(spec.selector, "spec.selector", errs);
  return errs;
}
function validateServiceUpdate(svc, old) {
  const errs = [];
  const o = old.spec?.clusterIP;
  const n = svc.spec?.clusterIP;
  if (o && o !== "None" && svc.spec?.type !== "ExternalName" && old.spec?.type !== "ExternalName" && n !== o) {
    errs.push(invalid2("spec.clusterIPs[0]", n ?? "", "may not change once set"));
  }
  return errs;
}
function validateNode(node) {
  const errs = [];
  const seen = /* @__PURE__ */ new Set();
  (node.spec?.taints ?? []).forEach((t, i) => {
    const p = `spec.taints[${i}]`;
    if (!t || typeof t !== "object") return;
    if (!t.key) errs.push(required(`${p}.key`));
    else for (const msg of isQualifiedName(t.key)) errs.push(invalid2(`${p}.key`, t.key, msg));
    if (t.value) for (const msg of isValidLabelValue(t.value)) errs.push(invalid2(`${p}.value`, t.value, msg));
    validateTaintEffect(t.effect, false, `${p}.effect`, errs);
    const key = `${t.key}:${t.effect}`;
    if (seen.has(key)) errs.push(duplicate(p, t.key + ":" + t.effect));
    seen.add(key);
  });
  (node.spec?.podCIDRs ?? []).forEach((c, i) => {
    if (!/^[0-9a-fA-F:.]+\/\d+$/.test(c)) errs.push(invalid2(`spec.podCIDRs[${i}]`, c, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
  });
  return errs;
}
function validateDataKeys(data, path, errs) {
  for (const k in data ?? {}) for (const msg of isConfigMapKey(k)) errs.push(invalid2(`${path}[${k}]`, k, msg));
}
function base64ErrorOffset(s2) {
  if (s2.length % 4 !== 0) {
    const bad2 = s2.search(/[^A-Za-z0-9+/=]/);
    return bad2 >= 0 ? bad2 : s2.length - s2.length % 4;
  }
  const m = /^[A-Za-z0-9+/]*={0,2}$/.exec(s2);
  if (m) return -1;
  const bad = s2.search(/[^A-Za-z0-9+/=]/);
  return bad >= 0 ? bad : s2.indexOf("=");
}
function validateSecret(sec) {
  const errs = [];
  validateDataKeys(sec.data, "data", errs);
  validateDataKeys(sec.stringData, "stringData", errs);
  let size = 0;
  for (const [k, v] of Object.entries(sec.data ?? {})) {
    if (typeof v !== "string") continue;
    const off = base64ErrorOffset(v);
    if (off >= 0) errs.push(invalid2(`data[${k}]`, "<secret contents redacted>", `illegal base64 data at input byte ${off}`));
    size += Math.floor(v.length * 3 / 4);
  }
  if (size > MAX_SECRET_SIZE) errs.push(tooLong("data", "", MAX_SECRET_SIZE));
  const has = (k) => sec.data && k in sec.data || sec.stringData && k in sec.stringData;
  switch (sec.type) {
    case "kubernetes.io/service-account-token":
      if (!sec.metadata.annotations?.["kubernetes.io/service-account.name"]) errs.push(required("metadata.annotations[kubernetes.io/service-account.name]"));
      break;
    case "kubernetes.io/dockercfg":
      if (!has(".dockercfg")) errs.push(required("data[.dockercfg]"));
      break;
    case "kubernetes.io/dockerconfigjson":
      if (!has(".dockerconfigjson")) errs.push(required("data[.dockerconfigjson]"));
      break;
    case "kubernetes.io/basic-auth":
      if (!has("username") && !has("password")) errs.push(required("data[username]"), required("data[password]"));
      break;
    case "kubernetes.io/ssh-auth":
      if (!has("ssh-privatekey")) errs.push(required("data[ssh-privatekey]"));
      break;
    case "kubernetes.io/tls":
      if (!has("tls.crt")) errs.push(required("data[tls.crt]"));
      if (!has("tls.key")) errs.push(required("data[tls.key]"));
      break;
  }
  return errs;
}
function validateDataUpdate(kind, obj2, old) {
  const errs = [];
  if (kind === "Secret" && old.type !== void 0 && obj2.type !== old.type) {
    errs.push(invalid2("type", obj2.type ?? "", "field is immutable"));
  }
  if (old.immutable === true) {
    if (obj2.immutable !== true) errs.push(forbidden("immutable", "field is immutable when `immutable` is set"));
    if (JSON.stringify(obj2.data ?? {}) !== JSON.stringify(old.data ?? {})) errs.push(forbidden("data", "field is immutable when `immutable` is set"));
    if (kind === "ConfigMap" && JSON.stringify(obj2.binaryData ?? {}) !== JSON.stringify(old.binaryData ?? {})) {
      errs.push(forbidden("binaryData", "field is immutable when `immutable` is set"));
    }
  }
  return errs;
}
function validateConfigMap(cm) {
  const errs = [];
  validateDataKeys(cm.data, "data", errs);
  validateDataKeys(cm.binaryData, "binaryData", errs);
  for (const k in cm.binaryData ?? {}) if (cm.data && k in cm.data) errs.push(invalid2(`data[${k}]`, k, "duplicate of key present in binaryData"));
  let size = 0;
  for (const v of Object.values(cm.data ?? {})) if (typeof v === "string") size += v.length;
  for (const v of Object.values(cm.binaryData ?? {})) if (typeof v === "string") size += Math.floor(v.length * 3 / 4);
  if (size > MAX_SECRET_SIZE) errs.push(tooLong("", "", MAX_SECRET_SIZE));
  return errs;
}
function validateEvent(ev) {
  const errs = [];
  const io = ev.involvedObject;
  if (!io || typeof io !== "object") errs.push(required("involvedObject"));
  else if (io.namespace && ev.metadata.namespace && io.namespace !== ev.metadata.namespace) {
    errs.push(invalid2("involvedObject.namespace", io.namespace, "does not match event.namespace"));
  }
  if (ev.type && ev.type !== "Normal" && ev.type !== "Warning" && ev.reportingComponent) {
    errs.push(notSupported("type", ev.type, ["Normal", "Warning"]));
  }
  nonNegative(ev.count, "count", errs);
  return errs;
}
function validateEndpoints(ep) {
  const errs = [];
  (ep.subsets ?? []).forEach((ss, i) => {
    const p = `subsets[${i}]`;
    for (const k of ["addresses", "notReadyAddresses"]) {
      (ss?.[k] ?? []).forEach((a, j) => {
        if (!a?.ip) errs.push(required(`${p}.${k}[${j}].ip`));
        else if (!isIP(a.ip)) errs.push(invalid2(`${p}.${k}[${j}].ip`, a.ip, "must be a valid IP address"));
      });
    }
    (ss?.ports ?? []).forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      for (const msg of isValidPortNum(port?.port ?? 0)) errs.push(invalid2(`${pp}.port`, port?.port ?? 0, msg));
      if (port?.protocol && !PROTOCOLS2.includes(port.protocol)) errs.push(notSupported(`${pp}.protocol`, port.protocol, PROTOCOLS2));
      if (port?.name) for (const msg of isDNS1123Label(port.name)) errs.push(invalid2(`${pp}.name`, port.name, msg));
    });
  });
  return errs;
}
function validateEndpointSlice(es) {
  const errs = [];
  const types = ["IPv4", "IPv6", "FQDN"];
  if (!es.addressType) errs.push(required("addressType"));
  else if (!types.includes(es.addressType)) errs.push(notSupported("addressType", es.addressType, types));
  if (Array.isArray(es.endpoints) && es.endpoints.length > 1e3) errs.push({ type: "FieldValueTooMany", field: "endpoints", badValue: es.endpoints.length, detail: "must have at most 1000 items" });
  (es.endpoints ?? []).forEach((e, i) => {
    const p = `endpoints[${i}]`;
    if (!e) return;
    const addrs = e.addresses ?? [];
    if (addrs.length === 0) errs.push(required(`${p}.addresses`, "must contain at least 1 address"));
    else if (addrs.length > 100) errs.push({ type: "FieldValueTooMany", field: `${p}.addresses`, badValue: addrs.length, detail: "must have at most 100 items" });
    addrs.forEach((a, j) => {
      if (es.addressType === "IPv4" && !IPV4_RE.test(a)) errs.push(invalid2(`${p}.addresses[${j}]`, a, "must be a valid IPv4 address"));
      if (es.addressType === "FQDN") for (const msg of isDNS1123Subdomain(a)) errs.push(invalid2(`${p}.addresses[${j}]`, a, msg));
    });
    if (e.hostname) for (const msg of isDNS1123Label(e.hostname)) errs.push(invalid2(`${p}.hostname`, e.hostname, msg));
    if (e.nodeName) for (const msg of isDNS1123Subdomain(e.nodeName)) errs.push(invalid2(`${p}.nodeName`, e.nodeName, msg));
  });
  const names = /* @__PURE__ */ new Set();
  (es.ports ?? []).forEach((port, i) => {
    const p = `ports[${i}]`;
    if (!port) return;
    if (port.name) for (const msg of isDNS1123Label(port.name)) errs.push(invalid2(`${p}.name`, port.name, msg));
    if (names.has(port.name ?? "")) errs.push(duplicate(`${p}.name`, port.name ?? ""));
    names.add(port.name ?? "");
    if (port.port !== void 0 && port.port !== null) for (const msg of isValidPortNum(port.port)) errs.push(invalid2(`${p}.port`, port.port, msg));
    if (port.protocol && !PROTOCOLS2.includes(port.protocol)) errs.push(notSupported(`${p}.protocol`, port.protocol, PROTOCOLS2));
  });
  return errs;
}
function validateLease(l) {
  const errs = [];
  positive(l.spec?.leaseDurationSeconds, "spec.leaseDurationSeconds", errs);
  nonNegative(l.spec?.leaseTransitions, "spec.leaseTransitions", errs);
  return errs;
}
var HIGHEST_USER_DEFINABLE_PRIORITY = 1e9;
var SYSTEM_PRIORITY_CLASSES = { "system-node-critical": 2000001e3, "system-cluster-critical": 2e9 };
function validatePriorityClass(pc) {
  const errs = [];
  const name2 = pc.metadata.name ?? "";
  if (name2 in SYSTEM_PRIORITY_CLASSES) {
    if (pc.value !== SYSTEM_PRIORITY_CLASSES[name2]) errs.push(forbidden("metadata.name", `${name2} is a system priority class and its value must be ${SYSTEM_PRIORITY_CLASSES[name2]}`));
  } else {
    if (name2.startsWith("system-")) errs.push(forbidden("metadata.name", "priority class names with 'system-' prefix are reserved for system use only"));
    if (typeof pc.value === "number" && pc.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
      errs.push(forbidden("value", `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
    }
  }
  if (pc.preemptionPolicy && !["Never", "PreemptLowerPriority"].includes(pc.preemptionPolicy)) {
    errs.push(notSupported("preemptionPolicy", pc.preemptionPolicy, ["Never", "PreemptLowerPriority"]));
  }
  return errs;
}
function validatePriorityClassUpdate(pc, old) {
  const errs = [];
  if (pc.value !== old.value) errs.push(forbidden("value", "may not be changed in an update."));
  if ((pc.preemptionPolicy ?? "PreemptLowerPriority") !== (old.preemptionPolicy ?? "PreemptLowerPriority")) {
    errs.push(invalid2("preemptionPolicy", pc.preemptionPolicy ?? "", "field is immutable"));
  }
  return errs;
}
function validatePDB(pdb) {
  const errs = [];
  const spec = pdb.spec;
  if (!spec || typeof spec !== "object") return errs;
  const has = (v) => v !== void 0 && v !== null;
  if (has(spec.minAvailable) && has(spec.maxUnavailable)) errs.push(invalid2("spec", spec, "minAvailable and maxUnavailable cannot be both set"));
  intOrPercent(spec.minAvailable, "spec.minAvailable", errs);
  intOrPercent(spec.maxUnavailable, "spec.maxUnavailable", errs);
  errs.push(...validateLabelSelectorShape(spec.selector, "spec.selector"));
  if (spec.unhealthyPodEvictionPolicy && !["AlwaysAllow", "IfHealthyBudget"].includes(spec.unhealthyPodEvictionPolicy)) {
    errs.push(notSupported("spec.unhealthyPodEvictionPolicy", spec.unhealthyPodEvictionPolicy, ["AlwaysAllow", "IfHealthyBudget"]));
  }
  return errs;
}
function validateControllerRevision(cr) {
  const errs = [];
  nonNegative(cr.revision, "revision", errs);
  return errs;
}

// packages/api/src/validation/workloads.ts
function selectorMatches(sel, labels) {
  try {
    return labelSelectorFromObject(sel).matches(labels ?? {});
  } catch {
    return true;
  }
}
function validateSelectorAndTemplate(selector, template, path, emptyMsg, errs) {
  if (!selector || typeof selector !== "object") errs.push(required(`${path}.selector`));
  else {
    errs.push(...validateLabelSelectorShape(selector, `${path}.selector`));
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) === 0) {
      errs.push(invalid2(`${path}.selector`, selector, emptyMsg));
    }
  }
  if (!template || typeof template !== "object") {
    errs.push(required(`${path}.template`));
    return;
  }
  if (selector && typeof selector === "object" && !errs.some((e) => e.field.startsWith(`${path}.selector`))) {
    const labels = template.metadata?.labels ?? {};
    if (!selectorMatches(selector, labels)) errs.push(invalid2(`${path}.template.metadata.labels`, labels, "`selector` does not match template `labels`"));
  }
}
function validatePodTemplate(t, path, errs, restartPolicies) {
  if (!t || typeof t !== "object") return;
  const meta = t.metadata ?? {};
  validateLabels(meta.labels, `${path}.metadata.labels`, errs);
  validateAnnotations(meta.annotations, `${path}.metadata.annotations`, errs);
  errs.push(...validatePodSpec(t.spec, `${path}.spec`, { requireImage: false }));
  if (restartPolicies && t.spec) {
    const rp = t.spec.restartPolicy;
    if (rp && !restartPolicies.includes(rp)) {
      if (!errs.some((e) => e.field === `${path}.spec.restartPolicy`)) errs.push(notSupported(`${path}.spec.restartPolicy`, rp, restartPolicies));
    }
    if (t.spec.activeDeadlineSeconds !== void 0 && restartPolicies.length === 1) {
      errs.push(forbidden(`${path}.spec.activeDeadlineSeconds`, "activeDeadlineSeconds in ReplicaSet is not Supported"));
    }
  }
}
function bothZero(ru, path, errs) {
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(invalid2(`${path}.maxUnavailable`, ru.maxUnavailable ?? 0, "may not be 0 when `maxSurge` is 0"));
  }
}
function validateDeployment(d) {
  const errs = [];
  const spec = d.spec;
  if (!spec || typeof spec !== "object") return [required("spec.selector"), required("spec.template")];
  nonNegative(spec.replicas, "spec.replicas", errs);
  validateSelectorAndTemplate(spec.selector, spec.template, "spec", "empty selector is invalid for deployment", errs);
  validatePodTemplate(spec.template, "spec.template", errs, ["Always"]);
  const st = spec.strategy;
  if (st && typeof st === "object") {
    if (st.type === "Recreate") {
      if (st.rollingUpdate) errs.push(forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
    } else if (st.type === "RollingUpdate" || st.type === void 0) {
      const ru = st.rollingUpdate;
      if (ru) {
        intOrPercent(ru.maxUnavailable, "spec.strategy.rollingUpdate.maxUnavailable", errs);
        intOrPercent(ru.maxSurge, "spec.strategy.rollingUpdate.maxSurge", errs, false);
        bothZero(ru, "spec.strategy.rollingUpdate", errs);
      } else if (st.type === "RollingUpdate") {
        errs.push(required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"));
      }
    } else {
      errs.push(notSupported("spec.strategy.type", st.type, ["Recreate", "RollingUpdate"]));
    }
  }
  nonNegative(spec.minReadySeconds, "spec.minReadySeconds", errs);
  nonNegative(spec.revisionHistoryLimit, "spec.revisionHistoryLimit", errs);
  if (typeof spec.progressDeadlineSeconds === "number") {
    nonNegative(spec.progressDeadlineSeconds, "spec.progressDeadlineSeconds", errs);
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(invalid2("spec.progressDeadlineSeconds", spec.progressDeadlineSeconds, "must be greater than minReadySeconds"));
    }
  }
  return errs;
}
function validateReplicaSet(rs) {
  const errs = [];
  const spec = rs.spec;
  if (!spec || typeof spec !== "object") return [required("spec.selector")];
  nonNegative(spec.replicas, "spec.replicas", errs);
  nonNegative(spec.minReadySeconds, "spec.minReadySeconds", errs);
  validateSelectorAndTemplate(spec.selector, spec.template, "spec", "empty selector is invalid for deployment", errs);
  validatePodTemplate(spec.template, "spec.template", errs, ["Always"]);
  return errs;
}
function validateDaemonSet(ds) {
  const errs = [];
  const spec = ds.spec;
  if (!spec || typeof spec !== "object") return [required("spec.selector"), required("spec.template")];
  validateSelectorAndTemplate(spec.selector, spec.template, "spec", "empty selector is invalid for daemonset", errs);
  validatePodTemplate(spec.template, "spec.template", errs, ["Always"]);
  const us = spec.updateStrategy;
  if (us && typeof us === "object") {
    if (us.type === "RollingUpdate" || us.type === void 0) {
      const ru = us.rollingUpdate;
      if (ru) {
        intOrPercent(ru.maxUnavailable, "spec.updateStrategy.rollingUpdate.maxUnavailable", errs);
        intOrPercent(ru.maxSurge, "spec.updateStrategy.rollingUpdate.maxSurge", errs);
        bothZero(ru, "spec.updateStrategy.rollingUpdate", errs);
      }
    } else if (us.type !== "OnDelete") {
      errs.push(notSupported("spec.updateStrategy.type", us.type, ["OnDelete", "RollingUpdate"]));
    }
  }
  nonNegative(spec.minReadySeconds, "spec.minReadySeconds", errs);
  nonNegative(spec.revisionHistoryLimit, "spec.revisionHistoryLimit", errs);
  return errs;
}
function validateJobSpec(spec, path, errs) {
  if (!spec || typeof spec !== "object") {
    errs.push(required(`${path}.template`));
    return;
  }
  nonNegative(spec.parallelism, `${path}.parallelism`, errs);
  nonNegative(spec.completions, `${path}.completions`, errs);
  nonNegative(spec.backoffLimit, `${path}.backoffLimit`, errs);
  nonNegative(spec.ttlSecondsAfterFinished, `${path}.ttlSecondsAfterFinished`, errs);
  positive(spec.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`, errs);
  if (spec.completionMode && spec.completionMode !== "NonIndexed" && spec.completionMode !== "Indexed") {
    errs.push(notSupported(`${path}.completionMode`, spec.completionMode, ["NonIndexed", "Indexed"]));
  }
  if (spec.completionMode === "Indexed" && (spec.completions === void 0 || spec.completions === null)) {
    errs.push(required(`${path}.completions`, "when completion mode is Indexed"));
  }
  if (spec.selector) {
    errs.push(...validateLabelSelectorShape(spec.selector, `${path}.selector`));
    const labels = spec.template?.metadata?.labels ?? {};
    if (!selectorMatches(spec.selector, labels)) errs.push(invalid2(`${path}.template.metadata.labels`, labels, "`selector` does not match template `labels`"));
  }
  if (!spec.template || typeof spec.template !== "object") errs.push(required(`${path}.template`));
  else {
    validatePodTemplate(spec.template, `${path}.template`, errs, ["OnFailure", "Never"]);
    if (spec.template.spec && !spec.template.spec.restartPolicy) {
      errs.push(required(`${path}.template.spec.restartPolicy`, 'valid values: "OnFailure", "Never"'));
    }
  }
}
function validateJob(job) {
  const errs = [];
  validateJobSpec(job.spec, "spec", errs);
  return errs;
}
var CRON_DESCRIPTORS = /* @__PURE__ */ new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);
function cronScheduleError(schedule) {
  let s2 = schedule.trim();
  if (/^(TZ|CRON_TZ)=/.test(s2)) return void 0;
  if (s2.startsWith("@")) {
    if (CRON_DESCRIPTORS.has(s2) || /^@every\s+\S+$/.test(s2)) return void 0;
    return `unrecognized descriptor: ${s2}`;
  }
  const fields = s2.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`;
  const ranges = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]],
    [0, 6, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]]
  ];
  for (let i = 0; i < 5; i++) {
    const [lo, hi, names] = ranges[i];
    for (const part of fields[i].split(",")) {
      const [rng, step] = part.split("/");
      if (step !== void 0 && !/^\d+$/.test(step)) return `failed to parse int from ${step}: strconv.Atoi: parsing "${step}": invalid syntax`;
      if (rng === "*" || rng === "?") continue;
      for (const b of rng.split("-")) {
        const idx = names ? names.indexOf(b.toLowerCase()) : -1;
        const n = idx >= 0 ? idx + lo : /^\d+$/.test(b) ? Number(b) : NaN;
        if (Number.isNaN(n)) return `failed to parse int from ${b}: strconv.Atoi: parsing "${b}": invalid syntax`;
        if (n < lo || n > hi) return `end of range (${n}) above maximum (${hi}): ${rng}`;
      }
    }
  }
  s2 = "";
  return void 0;
}
function validateCronJob(cj) {
  const errs = [];
  const name2 = cj.metadata?.name;
  if (name2 && name2.length > 52) errs.push(invalid2("metadata.name", name2, "must be no more than 52 characters"));
  const spec = cj.spec;
  if (!spec || typeof spec !== "object") return [...errs, required("spec.schedule")];
  if (!spec.schedule) errs.push(required("spec.schedule"));
  else {
    const e = cronScheduleError(spec.schedule);
    if (e) errs.push(invalid2("spec.schedule", spec.schedule, e));
  }
  if (spec.concurrencyPolicy && !["Allow", "Forbid", "Replace"].includes(spec.concurrencyPolicy)) {
    errs.push(notSupported("spec.concurrencyPolicy", spec.concurrencyPolicy, ["Allow", "Forbid", "Replace"]));
  }
  nonNegative(spec.startingDeadlineSeconds, "spec.startingDeadlineSeconds", errs);
  nonNegative(spec.successfulJobsHistoryLimit, "spec.successfulJobsHistoryLimit", errs);
  nonNegative(spec.failedJobsHistoryLimit, "spec.failedJobsHistoryLimit", errs);
  if (!spec.jobTemplate || typeof spec.jobTemplate !== "object") errs.push(required("spec.jobTemplate"));
  else {
    validateLabels(spec.jobTemplate.metadata?.labels, "spec.jobTemplate.metadata.labels", errs);
    validateJobSpec(spec.jobTemplate.spec, "spec.jobTemplate.spec", errs);
  }
  return errs;
}
function validateWorkloadUpdate(kind, spec, old) {
  const errs = [];
  if (!spec || !old) return errs;
  if ((kind === "Deployment" || kind === "ReplicaSet" || kind === "DaemonSet" || kind === "Job") && old.selector !== void 0) {
    if (!jsonEqual2(spec.selector, old.selector)) errs.push(invalid2("spec.selector", spec.selector, "field is immutable"));
  }
  if (kind === "Job") {
    const suspended = old.suspend === true;
    if (!suspended && !jsonEqual2(spec.template, old.template)) errs.push(invalid2("spec.template", spec.template, "field is immutable"));
    if (old.completions !== void 0 && !jsonEqual2(spec.completions, old.completions)) errs.push(invalid2("spec.completions", spec.completions, "field is immutable"));
    if (old.completionMode !== void 0 && !jsonEqual2(spec.completionMode, old.completionMode)) errs.push(invalid2("spec.completionMode", spec.completionMode, "field is immutable"));
  }
  return errs;
}

// packages/api/src/validation/index.ts
var subdomain = nameFn(isDNS1123Subdomain);
var NAME_CHECKS = {
  Namespace: nameFn(isDNS1123Label),
  Service: nameFn(isDNS1035Label)
};
var VALIDATORS = {
  Pod: (o) => validatePod(o),
  Deployment: (o) => validateDeployment(o),
  ReplicaSet: (o) => validateReplicaSet(o),
  DaemonSet: (o) => validateDaemonSet(o),
  Job: (o) => validateJob(o),
  CronJob: (o) => validateCronJob(o),
  Service: (o) => validateService(o),
  Node: (o) => validateNode(o),
  Secret: (o) => validateSecret(o),
  ConfigMap: (o) => validateConfigMap(o),
  Event: (o) => validateEvent(o),
  Endpoints: (o) => validateEndpoints(o),
  EndpointSlice: (o) => validateEndpointSlice(o),
  Lease: (o) => validateLease(o),
  PriorityClass: (o) => validatePriorityClass(o),
  PodDisruptionBudget: (o) => validatePDB(o),
  ControllerRevision: (o) => validateControllerRevision(o)
};
var NAMESPACED = new Map(RESOURCES.map((r) => [r.kind, r.namespaced]));
function validateObject(obj2, old, opts = {}) {
  const kind = obj2.kind ?? "";
  if (!opts.skipTypeCheck) {
    const te = typeErrors(obj2);
    if (te.length) return te;
  }
  const errs = [];
  const namespaced = NAMESPACED.get(kind);
  if (namespaced !== void 0) errs.push(...validateObjectMeta(obj2.metadata, namespaced, NAME_CHECKS[kind] ?? subdomain));
  const v = VALIDATORS[kind];
  if (v) errs.push(...v(obj2));
  if (old) errs.push(...validateUpdate(kind, obj2, old));
  return errs;
}
function validateUpdate(kind, obj2, old) {
  const errs = validateObjectMetaUpdate(obj2.metadata ?? {}, old.metadata ?? {});
  switch (kind) {
    case "Pod":
      errs.push(...validatePodUpdate(obj2, old));
      break;
    case "Deployment":
    case "ReplicaSet":
    case "DaemonSet":
    case "Job":
      errs.push(...validateWorkloadUpdate(kind, obj2.spec, old.spec));
      break;
    case "Service":
      errs.push(...validateServiceUpdate(obj2, old));
      break;
    case "Secret":
    case "ConfigMap":
      errs.push(...validateDataUpdate(kind, obj2, old));
      break;
    case "PriorityClass":
      errs.push(...validatePriorityClassUpdate(obj2, old));
      break;
  }
  return errs;
}

// packages/apiserver/src/storage/index.ts
import { join } from "node:path";

// packages/apiserver/src/storage/level-backend.ts
import { mkdir } from "node:fs/promises";
import { ClassicLevel } from "classic-level";

// packages/apiserver/src/storage/keys.ts
var REGISTRY_PREFIX = "/registry/";
var RESOURCE_VERSION_KEY = "/mk/resourceVersion";
function resourceId(r) {
  return `${r.group === "" ? "core" : r.group}/${r.plural}`;
}
function qualifiedResource(r) {
  return r.group === "" ? r.plural : `${r.plural}.${r.group}`;
}
function objectKey(namespace, name2) {
  return namespace ? `${namespace}/${name2}` : name2;
}
function backendKey(resId, key) {
  return `${REGISTRY_PREFIX}${resId}/${key}`;
}
function parseBackendKey(k) {
  if (!k.startsWith(REGISTRY_PREFIX)) return void 0;
  const rest = k.slice(REGISTRY_PREFIX.length);
  const g = rest.indexOf("/");
  const p = g < 0 ? -1 : rest.indexOf("/", g + 1);
  if (p < 0 || p === rest.length - 1) return void 0;
  return { resId: rest.slice(0, p), key: rest.slice(p + 1) };
}

// packages/apiserver/src/storage/level-backend.ts
var LevelBackend = class {
  constructor(location) {
    this.location = location;
    this.db = new ClassicLevel(location, { keyEncoding: "utf8", valueEncoding: "utf8" });
  }
  db;
  waiting = [];
  inFlight = false;
  failure;
  idle = [];
  stats = { batches: 0, writes: 0 };
  async open() {
    await mkdir(this.location, { recursive: true });
    await this.db.open();
  }
  async load() {
    const entries = await this.db.iterator({ gte: REGISTRY_PREFIX, lt: REGISTRY_PREFIX.slice(0, -1) + "0" }).all();
    const rv = await this.db.get(RESOURCE_VERSION_KEY);
    const resourceVersion = rv === void 0 ? 0 : Number(rv);
    if (!Number.isSafeInteger(resourceVersion) || resourceVersion < 0) {
      throw new Error(`corrupt store: ${RESOURCE_VERSION_KEY} is ${JSON.stringify(rv)}`);
    }
    return { entries, resourceVersion };
  }
  write(ops, resourceVersion) {
    if (this.failure) return Promise.reject(this.failure);
    const bad = ops.find((op) => op.type === "put" && op.value === void 0);
    if (bad) return Promise.reject(new Error(`put of ${bad.key} without a value`));
    return new Promise((resolve, reject) => {
      this.waiting.push({ ops, resourceVersion, resolve, reject });
      if (!this.inFlight) this.flush();
    });
  }
  /** Write everything queued as one synced batch. */
  flush() {
    const batch = this.waiting;
    this.waiting = [];
    let written;
    try {
      let rv = 0;
      const chained = this.db.batch();
      for (const w2 of batch) {
        if (w2.resourceVersion > rv) rv = w2.resourceVersion;
        for (const op of w2.ops) {
          if (op.type === "put") chained.put(op.key, op.value);
          else chained.del(op.key);
        }
      }
      chained.put(RESOURCE_VERSION_KEY, String(rv));
      written = chained.write({ sync: true });
    } catch (err) {
      written = Promise.reject(err);
    }
    this.inFlight = true;
    written.then(
      () => {
        this.stats.batches++;
        this.stats.writes += batch.length;
        for (const w2 of batch) w2.resolve();
        this.afterBatch();
      },
      (cause2) => {
        const err = new Error(`LevelDB write failed: ${cause2 instanceof Error ? cause2.message : String(cause2)}`, { cause: cause2 });
        this.failure = err;
        const rest = this.waiting;
        this.waiting = [];
        for (const w2 of batch) w2.reject(err);
        for (const w2 of rest) w2.reject(err);
        this.afterBatch();
      }
    );
  }
  afterBatch() {
    this.inFlight = false;
    if (this.waiting.length > 0 && !this.failure) this.flush();
    else {
      const idle = this.idle;
      this.idle = [];
      for (const f of idle) f();
    }
  }
  /** Resolves when no batch is in flight or queued. */
  drained() {
    if (!this.inFlight && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
  async close() {
    await this.drained();
    await this.db.close();
  }
};

// packages/apiserver/src/storage/entry.ts
var PARSED_CACHE_SIZE = 2048;
var parsedCache = new Array(PARSED_CACHE_SIZE);
var parsedNext = 0;
var FREEZE = process.env.VITEST !== void 0;
function deepFreeze(o) {
  if (typeof o !== "object" || o === null || Object.isFrozen(o)) return;
  Object.freeze(o);
  for (const v of Object.values(o)) deepFreeze(v);
}
var Entry = class {
  constructor(key, json, resourceVersion, uid, labels, fields) {
    this.key = key;
    this.json = json;
    this.resourceVersion = resourceVersion;
    this.uid = uid;
    this.labels = labels;
    this.fields = fields;
  }
  parsed;
  get object() {
    let o = this.parsed;
    if (o === void 0) {
      o = JSON.parse(this.json);
      if (FREEZE) deepFreeze(o);
      this.parsed = o;
      const evicted = parsedCache[parsedNext];
      if (evicted !== void 0) evicted.parsed = void 0;
      parsedCache[parsedNext] = this;
      parsedNext = (parsedNext + 1) % PARSED_CACHE_SIZE;
    }
    return o;
  }
};

// packages/apiserver/src/storage/sorted-entries.ts
var MAX_CHUNK = 1024;
function lowerBoundIn(a, key) {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (a[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
var SortedEntries = class {
  chunks = [];
  count = 0;
  get size() {
    return this.count;
  }
  /** The chunk that holds key or would: the first whose last key is >= key, else the last. */
  chunkFor(key) {
    const c = this.chunks;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = lo + hi >>> 1;
      const last = c[mid];
      if (last[last.length - 1].key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** Insert e, or replace the entry with its key. */
  set(e) {
    if (this.chunks.length === 0) {
      this.chunks.push([e]);
      this.count = 1;
      return;
    }
    const ci = this.chunkFor(e.key);
    const chunk = this.chunks[ci];
    const i = lowerBoundIn(chunk, e.key);
    if (i < chunk.length && chunk[i].key === e.key) {
      chunk[i] = e;
      return;
    }
    chunk.splice(i, 0, e);
    this.count++;
    if (chunk.length > MAX_CHUNK) this.chunks.splice(ci + 1, 0, chunk.splice(chunk.length >>> 1));
  }
  delete(key) {
    if (this.chunks.length === 0) return false;
    const ci = this.chunkFor(key);
    const chunk = this.chunks[ci];
    const i = lowerBoundIn(chunk, key);
    if (i >= chunk.length || chunk[i].key !== key) return false;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(ci, 1);
    return true;
  }
  /** How many entries have a key below key. */
  rank(key) {
    if (this.chunks.length === 0) return 0;
    const ci = this.chunkFor(key);
    let r = 0;
    for (let c = 0; c < ci; c++) r += this.chunks[c].length;
    return r + lowerBoundIn(this.chunks[ci], key);
  }
  /** Calls f on entries in key order starting at rank `from`, until f returns false or `to` is reached. */
  forEach(from, to, f) {
    let skip = from;
    let left = to - from;
    for (const chunk of this.chunks) {
      if (left <= 0) return;
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      for (let i = skip; i < chunk.length && left > 0; i++, left--) if (!f(chunk[i])) return;
      skip = 0;
    }
  }
  /** Replace everything with these entries (any order). */
  load(entries) {
    entries.sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    this.chunks = [];
    for (let i = 0; i < entries.length; i += MAX_CHUNK / 2) this.chunks.push(entries.slice(i, i + MAX_CHUNK / 2));
    this.count = entries.length;
  }
};

// packages/apiserver/src/storage/resource-state.ts
var ResourceState = class {
  constructor(id, floorRv) {
    this.id = id;
    this.droppedUpTo = floorRv;
  }
  /** Committed (durable) objects by key. */
  entries = /* @__PURE__ */ new Map();
  /** The same entries in key order. */
  sorted = new SortedEntries();
  /** Keys with a write accepted but not yet durable. */
  pending = /* @__PURE__ */ new Map();
  watchers = /* @__PURE__ */ new Set();
  /** Events at or below this resourceVersion may be missing from the watch cache. */
  droppedUpTo;
  info;
  /** Make e the committed state of its key. */
  put(e) {
    this.entries.set(e.key, e);
    this.sorted.set(e);
  }
  remove(key) {
    if (this.entries.delete(key)) this.sorted.delete(key);
  }
  /** Loading: the whole committed state at once. */
  load(entries) {
    for (const e of entries) this.entries.set(e.key, e);
    this.sorted.load(entries);
  }
  /** Ranks [from, to) of the entries whose keys start with prefix ('' for all). */
  range(prefix) {
    if (prefix === "") return [0, this.sorted.size];
    return [this.sorted.rank(prefix), this.sorted.rank(prefix + "\uFFFF")];
  }
};

// packages/apiserver/src/storage/selectors.ts
function derive(kind, obj2) {
  return { labels: obj2.metadata.labels, fields: objectFields(kind, obj2) };
}
var EVERYTHING = { everything: true, selective: false, matches: () => true };
function compileFilter(kind, labelSelector2, fieldSelector) {
  const ls = labelSelector2 ? parseLabelSelector(labelSelector2) : void 0;
  const fs = fieldSelector ? parseFieldSelector(fieldSelector) : void 0;
  if (fs) validateFieldSelector(kind, fs);
  const l = ls && !ls.empty ? ls : void 0;
  const f = fs && !fs.empty ? fs : void 0;
  if (!l && !f) return EVERYTHING;
  if (!f) return { everything: false, selective: true, matches: (d) => l.matches(d.labels) };
  if (!l) return { everything: false, selective: true, matches: (d) => f.matches(d.fields) };
  return { everything: false, selective: true, matches: (d) => l.matches(d.labels) && f.matches(d.fields) };
}

// packages/apiserver/src/storage/watch-cache.ts
function eventLine(type, objectJson) {
  return `{"type":"${type}","object":${objectJson}}`;
}
function withResourceVersion(json, rv) {
  const obj2 = JSON.parse(json);
  obj2.metadata = { ...obj2.metadata, resourceVersion: String(rv) };
  return JSON.stringify(obj2);
}
var CachedEvent = class {
  constructor(type, resourceVersion, resId, cur, prev) {
    this.type = type;
    this.resourceVersion = resourceVersion;
    this.resId = resId;
    this.cur = cur;
    this.prev = prev;
  }
  main;
  added;
  deleted;
  /** The event as written. */
  asIs() {
    return this.main ??= { type: this.type, resourceVersion: this.resourceVersion, json: eventLine(this.type, this.cur.json) };
  }
  /** A MODIFIED that makes the object match a watcher's selector is an ADDED for that watcher. */
  asAdded() {
    return this.added ??= { type: "ADDED", resourceVersion: this.resourceVersion, json: eventLine("ADDED", this.cur.json) };
  }
  /**
   * A MODIFIED that makes the object stop matching is a DELETED carrying the previous content with
   * this event's resourceVersion, as Kubernetes' cacheWatcher does.
   */
  asDeleted() {
    if (this.deleted) return this.deleted;
    const json = this.prev ? withResourceVersion(this.prev.json, this.resourceVersion) : this.cur.json;
    return this.deleted = { type: "DELETED", resourceVersion: this.resourceVersion, json: eventLine("DELETED", json) };
  }
};
var EventRing = class {
  constructor(capacity) {
    this.capacity = capacity;
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`watch cache size must be a positive integer, got ${capacity}`);
    this.buf = new Array(capacity);
  }
  buf;
  head = 0;
  // index of the oldest event
  count = 0;
  get size() {
    return this.count;
  }
  /** Appends ev; returns the event it evicted, if the ring was full. */
  push(ev) {
    if (this.count < this.capacity) {
      this.buf[(this.head + this.count) % this.capacity] = ev;
      this.count++;
      return void 0;
    }
    const evicted = this.buf[this.head];
    this.buf[this.head] = ev;
    this.head = (this.head + 1) % this.capacity;
    return evicted;
  }
  at(i) {
    return this.buf[(this.head + i) % this.capacity];
  }
  /** Calls f for every event with resourceVersion > rv, oldest first. */
  forEachAfter(rv, f) {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = lo + hi >>> 1;
      if (this.at(mid).resourceVersion <= rv) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.count; i++) f(this.at(i));
  }
};
var Watcher = class {
  constructor(nsPrefix, filter, sendFn, bookmarks, afterRv, onError) {
    this.nsPrefix = nsPrefix;
    this.filter = filter;
    this.sendFn = sendFn;
    this.bookmarks = bookmarks;
    this.afterRv = afterRv;
    this.onError = onError;
  }
  stopped = false;
  passes(e) {
    return (this.nsPrefix === void 0 || e.key.startsWith(this.nsPrefix)) && this.filter.matches(e);
  }
  /** Sends what this watcher should see of ev, if anything (Kubernetes' cacheWatcher.convertToWatchEvent). */
  deliver(ev) {
    if (ev.resourceVersion <= this.afterRv) return;
    if (this.nsPrefix === void 0 && this.filter.everything) return this.send(ev.asIs());
    const cur = ev.type !== "DELETED" && this.passes(ev.cur);
    const old = ev.prev !== void 0 && this.passes(ev.prev);
    if (cur && old) this.send(ev.asIs());
    else if (cur) this.send(ev.type === "ADDED" ? ev.asIs() : ev.asAdded());
    else if (old) this.send(ev.type === "DELETED" ? ev.asIs() : ev.asDeleted());
  }
  send(ev) {
    if (this.stopped) return;
    try {
      this.sendFn(ev);
    } catch (err) {
      this.onError(this, err);
    }
  }
};

// packages/apiserver/src/storage/continue-token.ts
var VERSION = "meta.k8s.io/v1";
function encodeContinue(t) {
  return Buffer.from(JSON.stringify({ v: VERSION, rv: t.rv, start: t.start })).toString("base64url");
}
function decodeContinue(token) {
  const invalid3 = (why) => badRequest(`invalid continue token: continue key is not valid: ${why}`);
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(token)) throw invalid3("illegal base64 data");
  let parsed;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch (err) {
    throw invalid3(err instanceof Error ? err.message : String(err));
  }
  if (typeof parsed !== "object" || parsed === null) throw invalid3("not a JSON object");
  const { v, rv, start } = parsed;
  if (v !== VERSION) throw invalid3("server does not recognize this encoded version");
  if (typeof rv !== "number" || !Number.isSafeInteger(rv) || rv <= 0) {
    throw invalid3(`incorrect encoded start resourceVersion (version ${VERSION})`);
  }
  if (typeof start !== "string" || start === "" || start.startsWith("/")) throw invalid3("encoded start key is not valid");
  return { rv, start };
}

// packages/apiserver/src/storage/memory-store.ts
var DEFAULT_WATCH_CACHE_SIZE = 1e5;
var DEFAULT_BOOKMARK_INTERVAL_MS = 6e4;
var KNOWN = new Map(RESOURCES.map((r) => [resourceId(r), r]));
function nameOf(obj2) {
  const name2 = obj2.metadata?.name;
  if (!name2) throw badRequest("resource name may not be empty");
  return name2;
}
var MemoryStore = class _MemoryStore {
  constructor(backend, rv, opts) {
    this.backend = backend;
    this.opts = opts;
    this.assignedRv = this.committedRv = this.floorRv = rv;
    this.ring = new EventRing(opts.watchCacheSize ?? DEFAULT_WATCH_CACHE_SIZE);
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), opts.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS);
    this.bookmarkTimer.unref();
  }
  resources = /* @__PURE__ */ new Map();
  ring;
  queue = [];
  queueHead = 0;
  /** Last resourceVersion handed out (may not be durable yet). */
  assignedRv;
  /** Last durable resourceVersion: what readers see. */
  committedRv;
  /** Watch cache holds no events at or below this (the resourceVersion at open). */
  floorRv;
  failure;
  closed = false;
  bookmarkTimer;
  /** Opens the backend and loads every object into memory. */
  static async open(backend, opts = {}) {
    await backend.open();
    const { entries, resourceVersion } = await backend.load();
    const loaded = [];
    let maxRv = resourceVersion;
    for (const [k, json] of entries) {
      const parsed = parseBackendKey(k);
      if (!parsed) continue;
      let obj2;
      try {
        obj2 = JSON.parse(json);
      } catch (err) {
        throw new Error(`corrupt store: value of ${k} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
      const rv = Number(obj2.metadata?.resourceVersion ?? 0);
      if (rv > maxRv) maxRv = rv;
      const kind = KNOWN.get(parsed.resId)?.kind ?? obj2.kind ?? "";
      const d = derive(kind, obj2);
      loaded.push([parsed.resId, new Entry(parsed.key, json, rv, obj2.metadata?.uid, d.labels, d.fields)]);
    }
    const store = new _MemoryStore(backend, maxRv, opts);
    const byResource = /* @__PURE__ */ new Map();
    for (const [resId, e] of loaded) {
      const list2 = byResource.get(resId);
      if (list2) list2.push(e);
      else byResource.set(resId, [e]);
    }
    for (const [resId, list2] of byResource) store.stateById(resId).load(list2);
    return store;
  }
  get resourceVersion() {
    return this.committedRv;
  }
  stateById(id) {
    let st = this.resources.get(id);
    if (!st) {
      st = new ResourceState(id, this.floorRv);
      st.info = KNOWN.get(id);
      this.resources.set(id, st);
    }
    return st;
  }
  state(r) {
    const st = this.stateById(resourceId(r));
    st.info ??= r;
    return st;
  }
  keyOf(r, namespace, name2) {
    if (r.namespaced && !namespace) throw badRequest(`a namespace is required for ${qualifiedResource(r)}`);
    return objectKey(r.namespaced ? namespace : void 0, name2);
  }
  get(r, namespace, name2) {
    return this.state(r).entries.get(this.keyOf(r, namespace, name2));
  }
  // ---- writes ----
  checkWritable() {
    if (this.failure) throw this.failure;
    if (this.closed) throw new StatusError(newStatus(503, "ServiceUnavailable", "the storage is closed"));
  }
  /**
   * The object with metadata.resourceVersion set, serialised once: the Entry the store keeps,
   * and the result handed to the writer, which carries the already parsed object so that the
   * REST layer need not parse it again.
   */
  makeEntry(r, key, obj2, rv) {
    const stored = { ...obj2, metadata: { ...obj2.metadata, resourceVersion: String(rv) } };
    const d = derive(r.kind, stored);
    const json = JSON.stringify(stored);
    return { entry: new Entry(key, json, rv, stored.metadata.uid, d.labels, d.fields), result: { object: stored, json, resourceVersion: rv } };
  }
  create(r, obj2) {
    try {
      this.checkWritable();
      const name2 = nameOf(obj2);
      const st = this.state(r);
      const key = this.keyOf(r, obj2.metadata.namespace, name2);
      const busy = st.pending.get(key);
      if (busy) return this.after(busy, () => this.create(r, obj2));
      if (st.entries.has(key)) throw alreadyExists(qualifiedResource(r), name2, r.group);
      const rv = ++this.assignedRv;
      const e = this.makeEntry(r, key, obj2, rv);
      return this.enqueue(st, "ADDED", e, void 0, { type: "put", key: backendKey(st.id, key), value: e.entry.json });
    } catch (err) {
      return Promise.reject(err);
    }
  }
  update(r, obj2, pre) {
    try {
      this.checkWritable();
      const name2 = nameOf(obj2);
      const st = this.state(r);
      const key = this.keyOf(r, obj2.metadata.namespace, name2);
      const busy = st.pending.get(key);
      if (busy) return this.after(busy, () => this.update(r, obj2, pre));
      const cur = st.entries.get(key);
      if (!cur) throw notFound(qualifiedResource(r), name2, r.group);
      this.checkUid(r, name2, cur, pre?.uid);
      const expected = pre?.resourceVersion || obj2.metadata.resourceVersion || void 0;
      if (expected !== void 0 && expected !== String(cur.resourceVersion)) {
        throw conflict(qualifiedResource(r), name2, "the object has been modified; please apply your changes to the latest version and try again", r.group);
      }
      const rv = ++this.assignedRv;
      const e = this.makeEntry(r, key, obj2, rv);
      return this.enqueue(st, "MODIFIED", e, cur, { type: "put", key: backendKey(st.id, key), value: e.entry.json });
    } catch (err) {
      return Promise.reject(err);
    }
  }
  delete(r, namespace, name2, pre) {
    try {
      this.checkWritable();
      const st = this.state(r);
      const key = this.keyOf(r, namespace, name2);
      const busy = st.pending.get(key);
      if (busy) return this.after(busy, () => this.delete(r, namespace, name2, pre));
      const cur = st.entries.get(key);
      if (!cur) throw notFound(qualifiedResource(r), name2, r.group);
      this.checkUid(r, name2, cur, pre?.uid);
      if (pre?.resourceVersion && pre.resourceVersion !== String(cur.resourceVersion)) {
        throw conflict(
          qualifiedResource(r),
          name2,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.resourceVersion}`,
          r.group
        );
      }
      const rv = ++this.assignedRv;
      const e = this.makeEntry(r, key, JSON.parse(cur.json), rv);
      return this.enqueue(st, "DELETED", e, cur, { type: "del", key: backendKey(st.id, key) });
    } catch (err) {
      return Promise.reject(err);
    }
  }
  /** Runs write once the key's pending write is durable (or failed). */
  after(busy, write) {
    return new Promise((resolve) => busy.waiters.push(resolve)).then(write);
  }
  checkUid(r, name2, cur, uid) {
    if (uid && uid !== cur.uid) {
      throw conflict(qualifiedResource(r), name2, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${cur.uid ?? ""}`, r.group);
    }
  }
  enqueue(st, type, { entry, result }, prev, op) {
    const rv = entry.resourceVersion;
    st.pending.set(entry.key, { waiters: [] });
    return new Promise((resolve, reject) => {
      const w2 = { rv, st, key: entry.key, type, entry, result, prev, done: false, resolve, reject };
      this.queue.push(w2);
      this.backend.write([op], rv).then(
        () => {
          w2.done = true;
          this.commitReady();
        },
        (err) => this.fail(err)
      );
    });
  }
  /** Make durable writes visible, strictly in resourceVersion order. */
  commitReady() {
    const q3 = this.queue;
    while (this.queueHead < q3.length && q3[this.queueHead].done) {
      const w2 = q3[this.queueHead++];
      this.commit(w2);
    }
    if (this.queueHead === q3.length) {
      q3.length = 0;
      this.queueHead = 0;
    } else if (this.queueHead > 1024) {
      q3.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }
  commit(w2) {
    const { st, key } = w2;
    if (w2.type === "DELETED") st.remove(key);
    else st.put(w2.entry);
    const busy = st.pending.get(key);
    st.pending.delete(key);
    this.committedRv = w2.rv;
    const ev = new CachedEvent(w2.type, w2.rv, st.id, w2.entry, w2.prev);
    const evicted = this.ring.push(ev);
    if (evicted) this.stateById(evicted.resId).droppedUpTo = evicted.resourceVersion;
    for (const watcher of st.watchers) watcher.deliver(ev);
    w2.resolve(w2.result);
    if (busy) for (const wake of busy.waiters) wake();
  }
  /** A failed write: memory may now be ahead of disk, so refuse all further writes. */
  fail(cause2) {
    const msg = cause2 instanceof Error ? cause2.message : String(cause2);
    this.failure ??= new StatusError(
      newStatus(500, "InternalError", `Internal error occurred: storage is read-only after a failed write (restart the apiserver): ${msg}`)
    );
    const q3 = this.queue;
    for (let i = this.queueHead; i < q3.length; i++) q3[i].reject(this.failure);
    q3.length = 0;
    this.queueHead = 0;
    for (const st of this.resources.values()) {
      for (const busy of st.pending.values()) for (const wake of busy.waiters) wake();
      st.pending.clear();
    }
  }
  // ---- lists ----
  list(r, opts) {
    const st = this.state(r);
    const filter = compileFilter(r.kind, opts.labelSelector, opts.fieldSelector);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : void 0;
    let listRv = this.committedRv;
    const prefix = r.namespaced && opts.namespace ? `${opts.namespace}/` : "";
    let [i, end] = st.range(prefix);
    if (opts.continue) {
      const t = decodeContinue(opts.continue);
      listRv = t.rv;
      i = Math.max(i, st.sorted.rank(t.start));
    }
    const items = [];
    let more = false;
    st.sorted.forEach(i, end, (e) => {
      if (!filter.matches(e)) return true;
      if (limit !== void 0 && items.length === limit) {
        more = true;
        return false;
      }
      items.push(e);
      return true;
    });
    const result = { items, resourceVersion: listRv };
    if (more) {
      result.continue = encodeContinue({ rv: listRv, start: items[items.length - 1].key + "\0" });
      if (!filter.selective) result.remainingItemCount = end - i - items.length;
    }
    return result;
  }
  // ---- watches ----
  watch(r, opts, send) {
    const st = this.state(r);
    const filter = compileFilter(r.kind, opts.labelSelector, opts.fieldSelector);
    const nsPrefix = r.namespaced && opts.namespace ? `${opts.namespace}/` : void 0;
    const rvParam = opts.resourceVersion ?? "";
    const onError = (w2, err) => {
      stop(w2);
      this.opts.onWatcherError?.(err);
    };
    const stop = (w2) => {
      w2.stopped = true;
      st.watchers.delete(w2);
    };
    const bookmarks = opts.allowWatchBookmarks === true;
    const fromNow = rvParam === "" || rvParam === "0";
    let n = this.committedRv;
    if (!fromNow) {
      n = /^\d+$/.test(rvParam) ? Number(rvParam) : NaN;
      if (!Number.isSafeInteger(n)) throw badRequest(`invalid resource version: ${JSON.stringify(rvParam)}`);
    }
    const initial = opts.sendInitialEvents ?? fromNow;
    if (initial) n = Math.max(n, this.committedRv);
    else if (n < st.droppedUpTo) throw gone(`too old resource version: ${n} (${st.droppedUpTo})`);
    const watcher = new Watcher(nsPrefix, filter, send, bookmarks, n, onError);
    if (initial) {
      const [from, to] = st.range(nsPrefix ?? "");
      st.sorted.forEach(from, to, (e) => {
        if (filter.matches(e)) watcher.send({ type: "ADDED", resourceVersion: e.resourceVersion, json: eventLine("ADDED", e.json) });
        return !watcher.stopped;
      });
      if (opts.sendInitialEvents === true && bookmarks) watcher.send(this.bookmark(st, this.committedRv, true));
    } else {
      this.ring.forEachAfter(n, (ev) => {
        if (ev.resId === st.id && !watcher.stopped) watcher.deliver(ev);
      });
    }
    if (!watcher.stopped) st.watchers.add(watcher);
    return { stop: () => stop(watcher) };
  }
  sendBookmarks() {
    const rv = this.committedRv;
    for (const st of this.resources.values()) {
      if (st.watchers.size === 0) continue;
      let ev;
      for (const w2 of st.watchers) {
        if (!w2.bookmarks || rv < w2.afterRv) continue;
        ev ??= this.bookmark(st, rv);
        w2.send(ev);
      }
    }
  }
  /**
   * A BOOKMARK: an object with only kind, apiVersion and metadata.resourceVersion (plus the
   * k8s.io/initial-events-end annotation when it closes the initial events).
   */
  bookmark(st, rv, initialEventsEnd = false) {
    const info = st.info;
    const metadata = { resourceVersion: String(rv) };
    if (initialEventsEnd) metadata.annotations = { "k8s.io/initial-events-end": "true" };
    const obj2 = {
      kind: info?.kind ?? "",
      apiVersion: info ? info.group === "" ? info.version : `${info.group}/${info.version}` : "",
      metadata
    };
    return { type: "BOOKMARK", resourceVersion: rv, json: eventLine("BOOKMARK", JSON.stringify(obj2)) };
  }
  /** Sends a BOOKMARK to every watcher that allows them now (tests; normally periodic). */
  bookmarkNow() {
    this.sendBookmarks();
  }
  /** Waits for accepted writes to become durable, then closes the backend. */
  async close() {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.bookmarkTimer);
    const pending = this.queue.slice(this.queueHead);
    await Promise.allSettled(pending.map((w2) => new Promise((res) => {
      const { resolve, reject } = w2;
      w2.resolve = (e) => {
        resolve(e);
        res();
      };
      w2.reject = (err) => {
        reject(err);
        res();
      };
    })));
    for (const st of this.resources.values()) st.watchers.clear();
    await this.backend.close();
  }
};

// packages/apiserver/src/storage/index.ts
async function openStore(opts) {
  const { dataDir, ...rest } = opts;
  return MemoryStore.open(new LevelBackend(join(dataDir, "registry")), rest);
}

// packages/apiserver/src/openapi/documents.ts
import { createHash } from "node:crypto";

// packages/apiserver/src/discovery/version.ts
var KUBERNETES_VERSION = { major: "1", minor: "32", gitVersion: "v1.32.0+mk" };
var ARCH = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386" };
function versionInfo(overrides = {}) {
  return {
    major: KUBERNETES_VERSION.major,
    minor: KUBERNETES_VERSION.minor,
    gitVersion: KUBERNETES_VERSION.gitVersion,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2025-01-01T00:00:00Z",
    // Not Go: the runtime mk is built on.
    goVersion: `node${process.versions.node}`,
    compiler: "mk",
    platform: `${process.platform}/${ARCH[process.arch] ?? process.arch}`,
    ...overrides
  };
}

// packages/apiserver/src/openapi/descriptions.ts
var MORE = (anchor) => `More info: https://kubernetes.io/docs/${anchor}`;
var DESCRIPTIONS = {
  // meta/v1 ObjectMeta
  "ObjectMeta.name": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. " + MORE("concepts/overview/working-with-objects/names#names"),
  "ObjectMeta.generateName": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. The server appends a random suffix to it.",
  "ObjectMeta.namespace": 'Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace. Must be a DNS_LABEL. Cannot be updated. ' + MORE("concepts/overview/working-with-objects/namespaces"),
  "ObjectMeta.uid": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations. Populated by the system. Read-only.",
  "ObjectMeta.resourceVersion": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Populated by the system. Read-only.",
  "ObjectMeta.generation": "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.",
  "ObjectMeta.creationTimestamp": "CreationTimestamp is a timestamp representing the server time when this object was created. It is represented in RFC3339 form and is in UTC. Populated by the system. Read-only. Null for lists.",
  "ObjectMeta.deletionTimestamp": "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. Populated by the system when a graceful deletion is requested. Read-only.",
  "ObjectMeta.deletionGracePeriodSeconds": "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only.",
  "ObjectMeta.labels": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. " + MORE("concepts/overview/working-with-objects/labels"),
  "ObjectMeta.annotations": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. " + MORE("concepts/overview/working-with-objects/annotations"),
  "ObjectMeta.ownerReferences": "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller.",
  "ObjectMeta.finalizers": "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed.",
  "ObjectMeta.managedFields": "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field.",
  // meta/v1 LabelSelector
  "LabelSelector.matchLabels": 'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.',
  "LabelSelector.matchExpressions": "matchExpressions is a list of label selector requirements. The requirements are ANDed.",
  // core/v1 PodTemplateSpec
  "PodTemplateSpec.metadata": "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  "PodTemplateSpec.spec": "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
  // core/v1 PodSpec
  "PodSpec.volumes": "List of volumes that can be mounted by containers belonging to the pod. " + MORE("concepts/storage/volumes"),
  "PodSpec.initContainers": "List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started. If any init container fails, the pod is considered to have failed and is handled according to its restartPolicy. " + MORE("concepts/workloads/pods/init-containers/"),
  "PodSpec.containers": "List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.",
  "PodSpec.ephemeralContainers": "List of ephemeral containers run in this pod. Ephemeral containers may be run in an existing pod to perform user-initiated actions such as debugging. This list cannot be specified when creating a pod, and it cannot be modified by updating the pod spec.",
  "PodSpec.restartPolicy": "Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. " + MORE("concepts/workloads/pods/pod-lifecycle/#restart-policy"),
  "PodSpec.terminationGracePeriodSeconds": "Optional duration in seconds the pod needs to terminate gracefully. May be decreased in delete request. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). Defaults to 30 seconds.",
  "PodSpec.activeDeadlineSeconds": "Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer.",
  "PodSpec.dnsPolicy": `Set DNS policy for the pod. Defaults to "ClusterFirst". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'.`,
  "PodSpec.nodeSelector": "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. " + MORE("concepts/configuration/assign-pod-node/"),
  "PodSpec.serviceAccountName": "ServiceAccountName is the name of the ServiceAccount to use to run this pod. " + MORE("tasks/configure-pod-container/configure-service-account/"),
  "PodSpec.serviceAccount": "DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead.",
  "PodSpec.automountServiceAccountToken": "AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.",
  "PodSpec.nodeName": "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod.",
  "PodSpec.hostNetwork": "Host networking requested for this pod. Use the host's network namespace. If this option is set, the ports that will be used must be specified. Default to false.",
  "PodSpec.hostPID": "Use the host's pid namespace. Optional: Default to false.",
  "PodSpec.hostIPC": "Use the host's ipc namespace. Optional: Default to false.",
  "PodSpec.securityContext": "SecurityContext holds pod-level security attributes and common container settings. Optional: Defaults to empty.",
  "PodSpec.imagePullSecrets": "ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec. " + MORE("concepts/containers/images#specifying-imagepullsecrets-on-a-pod"),
  "PodSpec.hostname": "Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value.",
  "PodSpec.subdomain": 'If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>". If not specified, the pod will not have a domainname at all.',
  "PodSpec.affinity": "If specified, the pod's scheduling constraints",
  "PodSpec.schedulerName": "If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.",
  "PodSpec.tolerations": "If specified, the pod's tolerations.",
  "PodSpec.hostAliases": "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified.",
  "PodSpec.priorityClassName": `If specified, indicates the pod's priority. "system-node-critical" and "system-cluster-critical" are two special keywords which indicate the highest priorities with the former being the highest priority. Any other name must be defined by creating a PriorityClass object with that name. If not specified, the pod priority will be default or zero if there is no default.`,
  "PodSpec.priority": "The priority value. Various system components use this field to find the priority of the pod. When Priority Admission Controller is enabled, it prevents users from setting this field. The admission controller populates this field from PriorityClassName. The higher the value, the higher the priority.",
  "PodSpec.readinessGates": 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True"',
  "PodSpec.enableServiceLinks": "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true.",
  "PodSpec.preemptionPolicy": "PreemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.",
  "PodSpec.topologySpreadConstraints": "TopologySpreadConstraints describes how a group of pods ought to spread across topology domains. Scheduler will schedule pods in a way which abides to the constraints. All topologySpreadConstraints are ANDed.",
  "PodSpec.schedulingGates": "SchedulingGates is an opaque list of values that if specified will block scheduling the pod. If schedulingGates is not empty, the pod will stay in the SchedulingGated state and the scheduler will not attempt to schedule the pod.",
  // core/v1 Container
  "Container.name": "Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.",
  "Container.image": "Container image name. " + MORE("concepts/containers/images") + " This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.",
  "Container.command": "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container's environment. Cannot be updated. " + MORE("tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell"),
  "Container.args": "Arguments to the entrypoint. The container image's CMD is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container's environment. Cannot be updated. " + MORE("tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell"),
  "Container.workingDir": "Container's working directory. If not specified, the container runtime's default will be used, which might be configured in the container image. Cannot be updated.",
  "Container.ports": 'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default "0.0.0.0" address inside a container will be accessible from the network. Cannot be updated.',
  "Container.ports.containerPort": "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.",
  "Container.ports.hostPort": "Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this.",
  "Container.ports.name": "If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services.",
  "Container.ports.protocol": 'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".',
  "Container.ports.hostIP": "What host IP to bind the external port to.",
  "Container.env": "List of environment variables to set in the container. Cannot be updated.",
  "Container.envFrom": "List of sources to populate environment variables in the container. The keys defined within a source must be a C_IDENTIFIER. All invalid keys will be reported as an event when the container is starting. Cannot be updated.",
  "Container.resources": "Compute Resources required by this container. Cannot be updated. " + MORE("concepts/configuration/manage-resources-containers/"),
  "Container.volumeMounts": "Pod volumes to mount into the container's filesystem. Cannot be updated.",
  "Container.livenessProbe": "Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. " + MORE("concepts/workloads/pods/pod-lifecycle#container-probes"),
  "Container.readinessProbe": "Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated. " + MORE("concepts/workloads/pods/pod-lifecycle#container-probes"),
  "Container.startupProbe": "StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully. " + MORE("concepts/workloads/pods/pod-lifecycle#container-probes"),
  "Container.lifecycle": "Actions that the management system should take in response to container lifecycle events. Cannot be updated.",
  "Container.imagePullPolicy": "Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. " + MORE("concepts/containers/images#updating-images"),
  "Container.securityContext": "SecurityContext defines the security options the container should be run with. If set, the fields of SecurityContext override the equivalent fields of PodSecurityContext.",
  "Container.restartPolicy": 'RestartPolicy defines the restart behavior of individual containers in a pod. This field may only be set for init containers, and the only allowed value is "Always". Setting it makes the init container a sidecar that keeps running.',
  "Container.terminationMessagePath": "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem. Defaults to /dev/termination-log. Cannot be updated.",
  "Container.terminationMessagePolicy": "Indicate how the termination message should be populated. File will use the contents of terminationMessagePath. Defaults to File. Cannot be updated.",
  "Container.stdin": "Whether this container should allocate a buffer for stdin in the container runtime. If this is not set, reads from stdin in the container will always result in EOF. Default is false.",
  "Container.tty": "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true. Default is false.",
  // kinds
  "Pod.status": "Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only.",
  "Deployment.spec.replicas": "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.",
  "Deployment.spec.selector": "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
  "Deployment.spec.template": 'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".',
  "Deployment.spec.strategy": "The deployment strategy to use to replace existing pods with new ones.",
  "Deployment.spec.minReadySeconds": "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)",
  "Deployment.spec.revisionHistoryLimit": "The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10.",
  "Deployment.spec.paused": "Indicates that the deployment is paused.",
  "Deployment.spec.progressDeadlineSeconds": "The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Defaults to 600s.",
  "ReplicaSet.spec.replicas": "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1.",
  "ReplicaSet.spec.selector": "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels.",
  "ReplicaSet.spec.template": "Template is the object that describes the pod that will be created if insufficient replicas are detected.",
  "DaemonSet.spec.selector": "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels.",
  "DaemonSet.spec.template": "An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template's node selector (or on every node if no node selector is specified).",
  "DaemonSet.spec.updateStrategy": "An update strategy to replace existing DaemonSet pods with new pods.",
  "Service.spec.type": 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName.',
  "Service.spec.selector": "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify.",
  "Service.spec.ports": "The list of ports that are exposed by this service. " + MORE("concepts/services-networking/service/#virtual-ips-and-service-proxies"),
  "Service.spec.ports.port": "The port that will be exposed by this service.",
  "Service.spec.ports.targetPort": "Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod's container ports. If this is not specified, the value of the 'port' field is used (an identity map).",
  "Service.spec.ports.nodePort": "The port on each node on which this service is exposed when type is NodePort or LoadBalancer. Usually assigned by the system. If a value is specified, in-range, and not in use it will be used, otherwise the operation will fail.",
  "Service.spec.ports.protocol": 'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.',
  "Service.spec.ports.name": "The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names.",
  "Service.spec.clusterIP": 'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range, and is not in use, it will be allocated to the service; otherwise creation of the service will fail. Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP).',
  "Service.spec.externalIPs": "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service. These IPs are not managed by Kubernetes.",
  "Service.spec.sessionAffinity": 'Supports "ClientIP" and "None". Used to maintain session affinity. Enable client IP based session affinity. Must be ClientIP or None. Defaults to None.',
  "Job.spec.completions": "Specifies the desired number of successfully finished pods the job should be run with. Setting to null means that the success of any pod signals the success of all pods, and allows parallelism to have any positive value.",
  "Job.spec.parallelism": "Specifies the maximum desired number of pods the job should run at any given time.",
  "Job.spec.backoffLimit": "Specifies the number of retries before marking this job failed. Defaults to 6",
  "Job.spec.activeDeadlineSeconds": "Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer.",
  "Job.spec.template": 'Describes the pod that will be created when executing a job. The only allowed template.spec.restartPolicy values are "Never" or "OnFailure".',
  "Job.spec.ttlSecondsAfterFinished": "ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed). If this field is set, ttlSecondsAfterFinished after the Job finishes, it is eligible to be automatically deleted.",
  "CronJob.spec.schedule": "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.",
  "CronJob.spec.jobTemplate": "Specifies the job that will be created when executing a CronJob.",
  "CronJob.spec.suspend": "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions. Defaults to false.",
  "CronJob.spec.concurrencyPolicy": 'Specifies how to treat concurrent executions of a Job. Valid values are: "Allow" (default), "Forbid" and "Replace".',
  "ConfigMap.data": "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field.",
  "ConfigMap.binaryData": "BinaryData contains the binary data. Each key must consist of alphanumeric characters, '-', '_' or '.'.",
  "Secret.data": "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here.",
  "Secret.stringData": "stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values.",
  "Secret.type": "Used to facilitate programmatic handling of secret data. " + MORE("concepts/configuration/secret/#secret-types"),
  "Node.spec.unschedulable": "Unschedulable controls node schedulability of new pods. By default, node is schedulable.",
  "Node.spec.taints": "If specified, the node's taints.",
  "Node.spec.podCIDR": "PodCIDR represents the pod IP range assigned to the node."
};
var STRUCT_DESCRIPTIONS = {
  ObjectMeta: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  LabelSelector: "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.",
  PodTemplateSpec: "PodTemplateSpec describes the data a pod should have when created from a template",
  PodSpec: "PodSpec is a description of a pod.",
  Container: "A single application container that you want to run within a pod."
};

// packages/apiserver/src/openapi/schemas.ts
var REF = "#/definitions/";
var DOC = {
  apiVersion: "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  kind: "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  metadata: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  listMetadata: "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  spec: "Specification of the desired behavior. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
  status: "Most recently observed status. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"
};
var KIND_DOC = {
  Pod: "Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.",
  Node: "Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).",
  Namespace: "Namespace provides a scope for Names. Use of multiple namespaces is optional.",
  Service: "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.",
  Endpoints: "Endpoints is a collection of endpoints that implement the actual service.",
  ConfigMap: "ConfigMap holds configuration data for pods to consume.",
  Secret: "Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.",
  Event: "Event is a report of an event somewhere in the cluster.",
  ServiceAccount: "ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets",
  Deployment: "Deployment enables declarative updates for Pods and ReplicaSets.",
  ReplicaSet: "ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
  DaemonSet: "DaemonSet represents the configuration of a daemon set.",
  ControllerRevision: "ControllerRevision implements an immutable snapshot of state data. Clients are responsible for serializing and deserializing the objects that contain their internal state.",
  Job: "Job represents the configuration of a single job.",
  CronJob: "CronJob represents the configuration of a single cron job.",
  Lease: "Lease defines a lease concept.",
  EndpointSlice: "EndpointSlice represents a subset of the endpoints that implement a service.",
  PriorityClass: "PriorityClass defines mapping from a priority class name to the priority integer value.",
  PodDisruptionBudget: "PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods"
};
function definitionName(group, version, kind) {
  const pkg = group === "" ? "core" : group.split(".")[0];
  return `io.k8s.api.${pkg}.${version}.${kind}`;
}
var PATCH_DEF = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
var STATUS_DEF = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
var STRUCTS2 = /* @__PURE__ */ new Map([
  [objectMeta, { name: "ObjectMeta", definition: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", kind: "Pod", path: ["metadata"] }],
  [labelSelector, { name: "LabelSelector", definition: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", kind: "Deployment", path: ["spec", "selector"] }],
  [podTemplateSpec, { name: "PodTemplateSpec", definition: "io.k8s.api.core.v1.PodTemplateSpec", kind: "Deployment", path: ["spec", "template"] }],
  [podSpec, { name: "PodSpec", definition: "io.k8s.api.core.v1.PodSpec", kind: "Pod", path: ["spec"] }],
  [container, { name: "Container", definition: "io.k8s.api.core.v1.Container", kind: "Pod", path: ["spec", "containers"] }]
]);
var INT_OR_STRING_DEF = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
var QUANTITY_DEF = "io.k8s.apimachinery.pkg.api.resource.Quantity";
var ref = (definition) => ({ allOf: [{ $ref: REF + definition }] });
function structOf(shape) {
  return STRUCTS2.get(shape) ?? (shape.k === "array" || shape.k === "map" ? STRUCTS2.get(shape.of) : void 0);
}
function valueSchema(shape, at) {
  const named = STRUCTS2.get(shape);
  if (named) return ref(named.definition);
  switch (shape.k) {
    case "intOrString":
      return ref(INT_OR_STRING_DEF);
    case "quantity":
      return ref(QUANTITY_DEF);
    case "array":
      return { type: "array", items: valueSchema(shape.of, at) };
    case "map":
      return { type: "object", additionalProperties: valueSchema(shape.of, at) };
    default:
      return shapeSchema(shape, at);
  }
}
function shapeSchema(shape, at) {
  switch (shape.k) {
    case "string":
      return { type: "string" };
    case "int32":
      return { type: "integer", format: "int32" };
    case "int64":
      return { type: "integer", format: "int64" };
    case "number":
      return { type: "number", format: "double" };
    case "boolean":
      return { type: "boolean" };
    case "intOrString":
      return { type: "string", format: "int-or-string" };
    case "quantity":
      return { type: "string" };
    case "any":
      return { type: "object", "x-kubernetes-preserve-unknown-fields": true };
    case "array":
      return { type: "array", items: valueSchema(shape.of, at) };
    case "map":
      return { type: "object", additionalProperties: valueSchema(shape.of, at) };
    case "object": {
      const properties = {};
      for (const [field, fieldShape] of Object.entries(shape.fields)) {
        const path = [...at.path, field];
        const rel = [...at.rel, field];
        const struct = structOf(fieldShape);
        const s2 = valueSchema(fieldShape, { kind: at.kind, path, struct: at.struct, rel });
        const description = DESCRIPTIONS[at.struct ? `${at.struct}.${rel.join(".")}` : `${at.kind}.${path.join(".")}`] ?? (struct ? STRUCT_DESCRIPTIONS[struct.name] : void 0);
        const meta = patchMetaFor(at.kind, path);
        const out = description ? { ...s2, description } : s2;
        if (meta?.strategy) out["x-kubernetes-patch-strategy"] = meta.strategy;
        if (meta?.mergeKey) out["x-kubernetes-patch-merge-key"] = meta.mergeKey;
        properties[field] = out;
      }
      return { type: "object", properties };
    }
  }
}
function sharedDefinitions() {
  const defs = {
    [INT_OR_STRING_DEF]: {
      description: "IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type. This allows you to have, for example, a JSON field that can accept a name or number.",
      type: "string",
      format: "int-or-string"
    },
    [QUANTITY_DEF]: {
      description: "Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors. Examples: 100m (0.1 CPU), 1Gi, 500Mi, 2.",
      type: "string"
    }
  };
  for (const [shape, s2] of STRUCTS2) {
    defs[s2.definition] = { description: STRUCT_DESCRIPTIONS[s2.name], ...shapeSchema(shape, { kind: s2.kind, path: s2.path, struct: s2.name, rel: [] }) };
  }
  return defs;
}
function kindSchema(r) {
  const shape = shapeFor(r.kind);
  const s2 = shape ? shapeSchema(shape, { kind: r.kind, path: [], rel: [] }) : { type: "object", properties: { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" } }, "x-kubernetes-preserve-unknown-fields": true };
  const props = s2.properties ?? {};
  for (const field of ["apiVersion", "kind", "metadata", "spec", "status"]) {
    if (props[field] && !DESCRIPTIONS[`${r.kind}.${field}`]) props[field].description = DOC[field];
  }
  return {
    description: KIND_DOC[r.kind] ?? `${r.kind} is a ${groupVersion(r)} object.`,
    ...s2,
    "x-kubernetes-group-version-kind": [{ group: r.group, kind: r.kind, version: r.version }]
  };
}
function listSchema(r) {
  return {
    description: `${r.kind}List is a list of ${r.kind} objects.`,
    type: "object",
    required: ["items"],
    properties: {
      apiVersion: { type: "string", description: DOC.apiVersion },
      items: { type: "array", description: `List of ${r.kind} objects.`, items: { $ref: REF + definitionName(r.group, r.version, r.kind) } },
      kind: { type: "string", description: DOC.kind },
      metadata: {
        type: "object",
        description: DOC.listMetadata,
        properties: { continue: { type: "string" }, remainingItemCount: { type: "integer", format: "int64" }, resourceVersion: { type: "string" } }
      }
    },
    "x-kubernetes-group-version-kind": [{ group: r.group, kind: `${r.kind}List`, version: r.version }]
  };
}
var SUBRESOURCE_KINDS = {
  scale: {
    group: "autoscaling",
    version: "v1",
    kind: "Scale",
    schema: {
      description: "Scale represents a scaling request for a resource.",
      type: "object",
      properties: {
        apiVersion: { type: "string", description: DOC.apiVersion },
        kind: { type: "string", description: DOC.kind },
        metadata: { type: "object", description: DOC.metadata, "x-kubernetes-preserve-unknown-fields": true },
        spec: { type: "object", description: DOC.spec, properties: { replicas: { type: "integer", format: "int32" } } },
        status: { type: "object", description: DOC.status, properties: { replicas: { type: "integer", format: "int32" }, selector: { type: "string" } } }
      },
      "x-kubernetes-group-version-kind": [{ group: "autoscaling", kind: "Scale", version: "v1" }]
    }
  },
  binding: {
    group: "",
    version: "v1",
    kind: "Binding",
    schema: {
      description: "Binding ties one object to another; for example, a pod is bound to a node by a scheduler.",
      type: "object",
      required: ["target"],
      properties: {
        apiVersion: { type: "string", description: DOC.apiVersion },
        kind: { type: "string", description: DOC.kind },
        metadata: { type: "object", description: DOC.metadata, "x-kubernetes-preserve-unknown-fields": true },
        target: { type: "object", description: "The target object that you want to bind to the standard object.", "x-kubernetes-preserve-unknown-fields": true }
      },
      "x-kubernetes-group-version-kind": [{ group: "", kind: "Binding", version: "v1" }]
    }
  },
  eviction: {
    group: "policy",
    version: "v1",
    kind: "Eviction",
    schema: {
      description: "Eviction evicts a pod from its node subject to certain policies and safety constraints.",
      type: "object",
      properties: {
        apiVersion: { type: "string", description: DOC.apiVersion },
        deleteOptions: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        kind: { type: "string", description: DOC.kind },
        metadata: { type: "object", description: DOC.metadata, "x-kubernetes-preserve-unknown-fields": true }
      },
      "x-kubernetes-group-version-kind": [{ group: "policy", kind: "Eviction", version: "v1" }]
    }
  }
};
var COMMON_DEFINITIONS = {
  [PATCH_DEF]: { description: "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.", type: "object" },
  [STATUS_DEF]: {
    description: "Status is a return value for calls that don't return other objects.",
    type: "object",
    properties: {
      apiVersion: { type: "string", description: DOC.apiVersion },
      code: { type: "integer", format: "int32" },
      details: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
      kind: { type: "string", description: DOC.kind },
      message: { type: "string" },
      metadata: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
      reason: { type: "string" },
      status: { type: "string" }
    },
    "x-kubernetes-group-version-kind": [{ group: "", kind: "Status", version: "v1" }]
  }
};

// packages/apiserver/src/openapi/operations.ts
var q = (name2, type, description) => ({ name: name2, type, description });
var DRY_RUN = q(
  "dryRun",
  "string",
  "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed"
);
var FIELD_MANAGER = q(
  "fieldManager",
  "string",
  "fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint."
);
var FIELD_VALIDATION = q(
  "fieldValidation",
  "string",
  "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered."
);
var FORCE = q(
  "force",
  "boolean",
  'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.'
);
var LIST_PARAMS = [
  q("allowWatchBookmarks", "boolean", 'allowWatchBookmarks requests watch events with type "BOOKMARK".'),
  q("continue", "string", "The continue option should be set when retrieving more results from the server."),
  q("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
  q("labelSelector", "string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
  q("limit", "integer", "limit is a maximum number of responses to return for a list call."),
  q("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
  q("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is applied to list calls."),
  q("sendInitialEvents", "boolean", "sendInitialEvents=true may be set together with watch=true."),
  q("timeoutSeconds", "integer", "Timeout for the list/watch call."),
  q("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.")
];
var DELETE_PARAMS = [
  DRY_RUN,
  q("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted. Value must be non-negative integer."),
  q("orphanDependents", "boolean", "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7."),
  q("propagationPolicy", "string", "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Dependents', and 'Background'.")
];
var WRITE_PARAMS = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
var PATCH_PARAMS = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE];
var PRETTY = q("pretty", "string", "If 'true', then the output is pretty printed.");
function opId(verb, r, namespaced, suffix = "") {
  const cap = (s2) => s2.charAt(0).toUpperCase() + s2.slice(1);
  const group = r.group === "" ? "Core" : r.group.split(".").map(cap).join("");
  return `${verb}${group}${cap(r.version)}${namespaced ? "Namespaced" : ""}${r.kind}${suffix}`;
}
function resourcePaths(r) {
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const def = definitionName(r.group, r.version, r.kind);
  const listDef = `${def}List`;
  const ns = r.namespaced;
  const verbs = new Set(r.verbs ?? []);
  const collection = resourcePath(r, ns ? "{namespace}" : void 0).replace("%7Bnamespace%7D", "{namespace}");
  const nsParams = ns ? ["namespace"] : [];
  const items = [];
  const collectionOps = [];
  if (verbs.has("list"))
    collectionOps.push({ method: "get", action: "list", operationId: opId("list", r, ns), description: `list or watch objects of kind ${r.kind}`, gvk, query: LIST_PARAMS, response: listDef });
  if (verbs.has("create"))
    collectionOps.push({ method: "post", action: "post", operationId: opId("create", r, ns), description: `create a ${r.kind}`, gvk, query: WRITE_PARAMS, body: def, response: def, codes: [201, 202] });
  if (verbs.has("deletecollection"))
    collectionOps.push({
      method: "delete",
      action: "deletecollection",
      operationId: opId("deleteCollection", r, ns),
      description: `delete collection of ${r.kind}`,
      gvk,
      query: [...DELETE_PARAMS, ...LIST_PARAMS.filter((p) => p.name !== "watch" && p.name !== "allowWatchBookmarks")],
      response: STATUS_DEF
    });
  items.push({ path: collection, pathParams: nsParams, operations: collectionOps });
  const smp = hasStrategicMeta(r.kind);
  const objectOps = [];
  if (verbs.has("get")) objectOps.push({ method: "get", action: "get", operationId: opId("read", r, ns), description: `read the specified ${r.kind}`, gvk, query: [], response: def });
  if (verbs.has("update"))
    objectOps.push({ method: "put", action: "put", operationId: opId("replace", r, ns), description: `replace the specified ${r.kind}`, gvk, query: WRITE_PARAMS, body: def, response: def, codes: [201] });
  if (verbs.has("patch"))
    objectOps.push({
      method: "patch",
      action: "patch",
      operationId: opId("patch", r, ns),
      description: `partially update the specified ${r.kind}`,
      gvk,
      query: PATCH_PARAMS,
      body: "patch",
      strategicMerge: smp,
      response: def,
      codes: [201]
    });
  if (verbs.has("delete"))
    objectOps.push({ method: "delete", action: "delete", operationId: opId("delete", r, ns), description: `delete a ${r.kind}`, gvk, query: DELETE_PARAMS, response: STATUS_DEF, codes: [202] });
  items.push({ path: `${collection}/{name}`, pathParams: ["name", ...nsParams], operations: objectOps });
  if (ns && verbs.has("list")) {
    const all = resourcePath(r);
    items.push({
      path: all,
      pathParams: [],
      operations: [{ method: "get", action: "list", operationId: opId("list", r, false, "ForAllNamespaces"), description: `list or watch objects of kind ${r.kind}`, gvk, query: LIST_PARAMS, response: listDef }]
    });
  }
  for (const sub2 of r.subresources ?? []) {
    const path = `${collection}/{name}/${sub2}`;
    const pathParams = ["name", ...nsParams];
    if (sub2 === "status") {
      items.push({
        path,
        pathParams,
        operations: [
          { method: "get", action: "get", operationId: opId("read", r, ns, "Status"), description: `read status of the specified ${r.kind}`, gvk, query: [], response: def },
          { method: "put", action: "put", operationId: opId("replace", r, ns, "Status"), description: `replace status of the specified ${r.kind}`, gvk, query: WRITE_PARAMS, body: def, response: def, codes: [201] },
          {
            method: "patch",
            action: "patch",
            operationId: opId("patch", r, ns, "Status"),
            description: `partially update status of the specified ${r.kind}`,
            gvk,
            query: PATCH_PARAMS,
            body: "patch",
            strategicMerge: smp,
            response: def,
            codes: [201]
          }
        ]
      });
    } else if (sub2 === "scale") {
      const k = SUBRESOURCE_KINDS.scale;
      const sgvk = { group: k.group, version: k.version, kind: k.kind };
      const sdef = definitionName(k.group, k.version, k.kind);
      items.push({
        path,
        pathParams,
        operations: [
          { method: "get", action: "get", operationId: opId("read", r, ns, "Scale"), description: `read scale of the specified ${r.kind}`, gvk: sgvk, query: [], response: sdef },
          { method: "put", action: "put", operationId: opId("replace", r, ns, "Scale"), description: `replace scale of the specified ${r.kind}`, gvk: sgvk, query: WRITE_PARAMS, body: sdef, response: sdef, codes: [201] },
          {
            method: "patch",
            action: "patch",
            operationId: opId("patch", r, ns, "Scale"),
            description: `partially update scale of the specified ${r.kind}`,
            gvk: sgvk,
            query: PATCH_PARAMS,
            body: "patch",
            strategicMerge: true,
            response: sdef,
            codes: [201]
          }
        ]
      });
    } else if (sub2 === "binding" || sub2 === "eviction") {
      const k = SUBRESOURCE_KINDS[sub2];
      const sdef = definitionName(k.group, k.version, k.kind);
      items.push({
        path,
        pathParams,
        operations: [
          {
            method: "post",
            action: "post",
            operationId: opId("create", r, ns, k.kind),
            description: `create ${k.kind} of a ${r.kind}`,
            gvk: { group: k.group, version: k.version, kind: k.kind },
            query: WRITE_PARAMS,
            body: sdef,
            response: sdef,
            codes: [201, 202]
          }
        ]
      });
    }
  }
  return items.filter((p) => p.operations.length > 0);
}

// packages/apiserver/src/openapi/documents.ts
var PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];
var PATH_PARAM_DOC = {
  name: "name of the object",
  namespace: "object name and auth scope, such as for teams and projects"
};
function definitions(resources) {
  const defs = { ...COMMON_DEFINITIONS, ...sharedDefinitions() };
  for (const r of resources) {
    defs[definitionName(r.group, r.version, r.kind)] = kindSchema(r);
    defs[`${definitionName(r.group, r.version, r.kind)}List`] = listSchema(r);
    for (const sub2 of r.subresources ?? []) {
      const k = SUBRESOURCE_KINDS[sub2];
      if (k) defs[definitionName(k.group, k.version, k.kind)] = k.schema;
    }
  }
  return Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}
function withRefs(value, prefix, flattenAllOf) {
  if (Array.isArray(value)) return value.map((v) => withRefs(v, prefix, flattenAllOf));
  if (value && typeof value === "object") {
    let src = value;
    const allOf = src.allOf;
    if (flattenAllOf && Array.isArray(allOf) && allOf.length === 1 && !src.properties) {
      const { allOf: _drop, ...rest } = src;
      src = { ...allOf[0], ...rest };
    }
    const out = {};
    for (const [k, v] of Object.entries(src)) {
      out[k] = k === "$ref" && typeof v === "string" && v.startsWith(REF) ? prefix + v.slice(REF.length) : withRefs(v, prefix, flattenAllOf);
    }
    return out;
  }
  return value;
}
var gvkExt = (op) => ({ group: op.gvk.group, kind: op.gvk.kind, version: op.gvk.version });
function v2Query(p) {
  return { uniqueItems: true, type: p.type, description: p.description, name: p.name, in: "query" };
}
function v2Operation(op) {
  const parameters = [];
  if (op.body) {
    parameters.push({ name: "body", in: "body", required: true, schema: { $ref: `#/definitions/${op.body === "patch" ? PATCH_DEF : op.body}` } });
  }
  parameters.push(...op.query.map(v2Query));
  const responses = { "200": { description: "OK", schema: { $ref: `#/definitions/${op.response}` } } };
  for (const c of op.codes ?? []) responses[String(c)] = { description: c === 201 ? "Created" : "Accepted", schema: { $ref: `#/definitions/${op.response}` } };
  responses["401"] = { description: "Unauthorized" };
  const consumes = op.body === "patch" ? PATCH_TYPES.filter((t) => op.strategicMerge || t !== "application/strategic-merge-patch+json") : ["*/*"];
  return {
    description: op.description,
    consumes,
    produces: ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"],
    schemes: ["https"],
    tags: [op.gvk.group === "" ? "core_v1" : `${op.gvk.group.split(".")[0]}_${op.gvk.version}`],
    operationId: op.operationId,
    parameters,
    responses,
    "x-kubernetes-action": op.action,
    "x-kubernetes-group-version-kind": gvkExt(op)
  };
}
function v2PathItem(p) {
  const item = {};
  for (const op of p.operations) item[op.method] = v2Operation(op);
  item.parameters = [
    ...p.pathParams.map((n) => ({ uniqueItems: true, type: "string", description: PATH_PARAM_DOC[n] ?? n, name: n, in: "path", required: true })),
    v2Query(PRETTY)
  ];
  return item;
}
function openAPIV2(resources) {
  const paths = {};
  for (const r of resources) for (const p of resourcePaths(r)) paths[p.path] = v2PathItem(p);
  return {
    swagger: "2.0",
    info: { title: "Kubernetes", version: KUBERNETES_VERSION.gitVersion },
    paths,
    definitions: withRefs(definitions(resources), "#/definitions/", true),
    securityDefinitions: { BearerToken: { description: "Bearer Token authentication", type: "apiKey", name: "authorization", in: "header" } },
    security: [{ BearerToken: [] }]
  };
}
function v3Query(p) {
  return { name: p.name, in: "query", description: p.description, schema: { type: p.type, uniqueItems: true } };
}
function v3Content(ref2) {
  const schema2 = { $ref: `#/components/schemas/${ref2}` };
  return { "application/json": { schema: schema2 }, "application/yaml": { schema: schema2 }, "application/vnd.kubernetes.protobuf": { schema: schema2 } };
}
function v3Operation(op) {
  const out = {
    tags: [op.gvk.group === "" ? "core_v1" : `${op.gvk.group.split(".")[0]}_${op.gvk.version}`],
    description: op.description,
    operationId: op.operationId
  };
  if (op.query.length) out.parameters = op.query.map(v3Query);
  if (op.body === "patch") {
    const content = {};
    for (const t of PATCH_TYPES) {
      if (t === "application/strategic-merge-patch+json" && !op.strategicMerge) continue;
      content[t] = { schema: { $ref: `#/components/schemas/${PATCH_DEF}` } };
    }
    out.requestBody = { content, required: true };
  } else if (op.body) {
    out.requestBody = { content: { "*/*": { schema: { $ref: `#/components/schemas/${op.body}` } } }, required: true };
  }
  const responses = { "200": { description: "OK", content: v3Content(op.response) } };
  for (const c of op.codes ?? []) responses[String(c)] = { description: c === 201 ? "Created" : "Accepted", content: v3Content(op.response) };
  responses["401"] = { description: "Unauthorized" };
  out.responses = responses;
  out["x-kubernetes-action"] = op.action;
  out["x-kubernetes-group-version-kind"] = gvkExt(op);
  return out;
}
function v3PathItem(p) {
  const item = {};
  for (const op of p.operations) item[op.method] = v3Operation(op);
  item.parameters = [
    ...p.pathParams.map((n) => ({ name: n, in: "path", description: PATH_PARAM_DOC[n] ?? n, required: true, schema: { type: "string", uniqueItems: true } })),
    v3Query(PRETTY)
  ];
  return item;
}
function openAPIV3(resources, group, version) {
  const rs = resources.filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return void 0;
  const paths = {};
  for (const r of rs) for (const p of resourcePaths(r)) paths[p.path] = v3PathItem(p);
  const schemas = withRefs(definitions(rs), "#/components/schemas/", false);
  schemas[INT_OR_STRING_DEF] = {
    description: schemas[INT_OR_STRING_DEF].description,
    anyOf: [{ type: "integer" }, { type: "string" }],
    "x-kubernetes-int-or-string": true
  };
  schemas[QUANTITY_DEF] = { description: schemas[QUANTITY_DEF].description, oneOf: [{ type: "string" }, { type: "number" }] };
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: KUBERNETES_VERSION.gitVersion },
    paths,
    components: {
      schemas,
      securitySchemes: { BearerToken: { type: "apiKey", description: "Bearer Token authentication", name: "authorization", in: "header" } }
    }
  };
}
function v3PathOf(r) {
  return r.group === "" ? `api/${r.version}` : `apis/${groupVersion(r)}`;
}
function documentHash(json) {
  return createHash("sha512").update(json).digest("hex").toUpperCase();
}

// packages/apiserver/src/openapi/proto.ts
var Writer = class {
  chunks = [];
  varint(n) {
    const bytes = [];
    let v = n;
    while (v > 127) {
      bytes.push(v & 127 | 128);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
    this.chunks.push(Buffer.from(bytes));
  }
  tag(field, wire) {
    this.varint(field * 8 + wire);
  }
  string(field, s2) {
    if (s2 === void 0 || s2 === "") return this;
    const b = Buffer.from(s2, "utf8");
    this.tag(field, 2);
    this.varint(b.length);
    this.chunks.push(b);
    return this;
  }
  strings(field, list2) {
    for (const s2 of list2 ?? []) {
      const b = Buffer.from(s2, "utf8");
      this.tag(field, 2);
      this.varint(b.length);
      this.chunks.push(b);
    }
    return this;
  }
  bool(field, v) {
    if (!v) return this;
    this.tag(field, 0);
    this.varint(1);
    return this;
  }
  message(field, m) {
    if (!m) return this;
    const b = m.finish();
    this.tag(field, 2);
    this.varint(b.length);
    this.chunks.push(b);
    return this;
  }
  finish() {
    return Buffer.concat(this.chunks);
  }
};
var w = () => new Writer();
var isObj2 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var str3 = (v) => typeof v === "string" ? v : void 0;
var strList = (v) => Array.isArray(v) ? v.filter((x) => typeof x === "string") : [];
function vendorExtensions(out, field, o) {
  for (const [k, v] of Object.entries(o)) {
    if (!k.startsWith("x-")) continue;
    out.message(field, w().string(1, k).message(2, w().string(2, `${JSON.stringify(v)}
`)));
  }
}
function schema(s2) {
  const m = w();
  m.string(1, str3(s2.$ref)).string(2, str3(s2.format)).string(3, str3(s2.title)).string(4, str3(s2.description));
  m.strings(19, strList(s2.required));
  const ap = s2.additionalProperties;
  if (isObj2(ap)) m.message(21, w().message(1, schema(ap)));
  else if (typeof ap === "boolean") m.message(21, w().bool(2, ap));
  if (typeof s2.type === "string") m.message(22, w().strings(1, [s2.type]));
  if (isObj2(s2.items)) m.message(23, w().message(1, schema(s2.items)));
  if (Array.isArray(s2.allOf)) {
    for (const a of s2.allOf) if (isObj2(a)) m.message(24, schema(a));
  }
  if (isObj2(s2.properties)) {
    const props = w();
    for (const [name2, p] of Object.entries(s2.properties)) if (isObj2(p)) props.message(1, w().string(1, name2).message(2, schema(p)));
    m.message(25, props);
  }
  vendorExtensions(m, 31, s2);
  return m;
}
function parameter(p) {
  const where = str3(p.in);
  let param;
  if (where === "body") {
    const body = w().string(1, str3(p.description)).string(2, str3(p.name)).string(3, where).bool(4, p.required === true);
    if (isObj2(p.schema)) body.message(5, schema(p.schema));
    param = w().message(1, body);
  } else if (where === "path") {
    const sub2 = w().bool(1, true).string(2, where).string(3, str3(p.description)).string(4, str3(p.name)).string(5, str3(p.type)).bool(19, p.uniqueItems === true);
    param = w().message(2, w().message(4, sub2));
  } else {
    const sub2 = w().bool(1, p.required === true).string(2, where).string(3, str3(p.description)).string(4, str3(p.name)).string(6, str3(p.type)).bool(20, p.uniqueItems === true);
    param = w().message(2, w().message(3, sub2));
  }
  return w().message(1, param);
}
function operation(op) {
  const m = w();
  m.strings(1, strList(op.tags)).string(3, str3(op.description)).string(5, str3(op.operationId));
  m.strings(6, strList(op.produces)).strings(7, strList(op.consumes));
  if (Array.isArray(op.parameters)) {
    for (const p of op.parameters) if (isObj2(p)) m.message(8, parameter(p));
  }
  if (isObj2(op.responses)) {
    const responses = w();
    for (const [code, r] of Object.entries(op.responses)) {
      if (!isObj2(r)) continue;
      const resp = w().string(1, str3(r.description));
      if (isObj2(r.schema)) resp.message(2, w().message(1, schema(r.schema)));
      responses.message(1, w().string(1, code).message(2, w().message(1, resp)));
    }
    m.message(9, responses);
  }
  m.strings(10, strList(op.schemes));
  vendorExtensions(m, 13, op);
  return m;
}
var METHOD_FIELD = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 };
function pathItem(item) {
  const m = w();
  for (const [method, field] of Object.entries(METHOD_FIELD)) {
    const op = item[method];
    if (isObj2(op)) m.message(field, operation(op));
  }
  if (Array.isArray(item.parameters)) {
    for (const p of item.parameters) if (isObj2(p)) m.message(9, parameter(p));
  }
  return m;
}
function encodeOpenAPIV2(doc) {
  const m = w();
  m.string(1, str3(doc.swagger));
  if (isObj2(doc.info)) m.message(2, w().string(1, str3(doc.info.title)).string(2, str3(doc.info.version)));
  if (isObj2(doc.paths)) {
    const paths = w();
    for (const [p, item] of Object.entries(doc.paths)) if (isObj2(item)) paths.message(2, w().string(1, p).message(2, pathItem(item)));
    m.message(8, paths);
  }
  if (isObj2(doc.definitions)) {
    const defs = w();
    for (const [name2, s2] of Object.entries(doc.definitions)) if (isObj2(s2)) defs.message(1, w().string(1, name2).message(2, schema(s2)));
    m.message(9, defs);
  }
  return m.finish();
}

// packages/apiserver/src/openapi/index.ts
var PROTO_V2 = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
var OpenAPIDocuments = class {
  constructor(resources = RESOURCES) {
    this.resources = resources;
  }
  v2;
  v3 = /* @__PURE__ */ new Map();
  /** `api/v1`, `apis/apps/v1`, ... in discovery order. */
  v3Paths() {
    return [...new Set(this.resources.map(v3PathOf))];
  }
  v2Document() {
    if (!this.v2) {
      const doc = openAPIV2(this.resources);
      const json = JSON.stringify(doc);
      this.v2 = { json, proto: encodeOpenAPIV2(doc), hash: documentHash(json) };
    }
    return this.v2;
  }
  v3Document(path) {
    if (!this.v3.has(path)) {
      const m = /^api\/([^/]+)$/.exec(path) ?? /^apis\/([^/]+)\/([^/]+)$/.exec(path);
      let doc;
      if (m && m.length === 2) doc = openAPIV3(this.resources, "", m[1]);
      else if (m) doc = openAPIV3(this.resources, m[1], m[2]);
      const json = doc ? JSON.stringify(doc) : void 0;
      this.v3.set(path, json ? { json, hash: documentHash(json) } : null);
    }
    return this.v3.get(path) ?? void 0;
  }
  /** The /openapi/v3 discovery document: each group version's URL, with its hash for caching. */
  v3Root() {
    const paths = {};
    for (const p of this.v3Paths()) {
      const d = this.v3Document(p);
      if (d) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` };
    }
    return { paths };
  }
};
function notFound2(reply) {
  return reply.code(404).type("application/json").send(JSON.stringify(newStatus(404, "NotFound", "the server could not find the requested resource")));
}
function sendCached(req, reply, body, hash, type) {
  const etag = `"${hash}"`;
  reply.header("ETag", etag).header("Vary", "Accept");
  const asked = req.query.hash;
  if (asked && asked === hash) reply.header("Cache-Control", "public, immutable").header("Expires", new Date(Date.now() + 365 * 24 * 3600 * 1e3).toUTCString());
  else reply.header("Cache-Control", "no-cache, private");
  if (req.headers["if-none-match"] === etag) return reply.code(304).send();
  return reply.type(type).send(body);
}
function registerOpenAPI(app, resources = RESOURCES) {
  const docs = new OpenAPIDocuments(resources);
  app.get("/openapi/v2", (req, reply) => {
    const d = docs.v2Document();
    const accept = req.headers.accept ?? "";
    if (accept.includes("protobuf")) return sendCached(req, reply, d.proto, d.hash, PROTO_V2);
    return sendCached(req, reply, d.json, d.hash, "application/json");
  });
  app.get("/openapi/v3", (_req, reply) => reply.type("application/json").send(JSON.stringify(docs.v3Root())));
  app.get("/openapi/v3/*", (req, reply) => {
    const path = req.params["*"].replace(/\/+$/, "");
    const d = docs.v3Document(path);
    if (!d) return notFound2(reply);
    const accept = req.headers.accept ?? "";
    if (accept && !/json|\*\/\*/.test(accept)) {
      return reply.code(406).type("application/json").send(JSON.stringify(newStatus(406, "NotAcceptable", `only the following media types are accepted: application/json`)));
    }
    return sendCached(req, reply, d.json, d.hash, "application/json");
  });
  return docs;
}

// packages/apiserver/src/discovery/documents.ts
var SUBRESOURCES = {
  status: (r) => ({ kind: r.kind, verbs: ["get", "patch", "update"] }),
  scale: () => ({ group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] }),
  binding: () => ({ kind: "Binding", verbs: ["create"] }),
  eviction: () => ({ group: "policy", version: "v1", kind: "Eviction", verbs: ["create"] }),
  log: () => ({ kind: "Pod", verbs: ["get"] }),
  exec: () => ({ kind: "PodExecOptions", verbs: ["create", "get"] })
};
var GROUP_ORDER = [
  "apps",
  "events.k8s.io",
  "authentication.k8s.io",
  "authorization.k8s.io",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "networking.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "storage.k8s.io",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "node.k8s.io",
  "discovery.k8s.io",
  "flowcontrol.apiserver.k8s.io"
];
var Discovery = class {
  resources;
  constructor(resources = RESOURCES) {
    this.resources = resources;
  }
  /** Named groups (not core) in Kubernetes' order, each with its versions (first preferred). */
  groups() {
    const byGroup = /* @__PURE__ */ new Map();
    for (const r of this.resources) {
      if (r.group === "") continue;
      const versions = byGroup.get(r.group) ?? [];
      if (!versions.includes(r.version)) versions.push(r.version);
      byGroup.set(r.group, versions);
    }
    const rank = (g) => {
      const i = GROUP_ORDER.indexOf(g);
      return i < 0 ? GROUP_ORDER.length : i;
    };
    return [...byGroup.keys()].sort((a, b) => rank(a) - rank(b)).map((name2) => this.group(name2)).filter(Boolean);
  }
  group(name2) {
    const versions = [...new Set(this.resources.filter((r) => r.group === name2 && name2 !== "").map((r) => r.version))];
    if (versions.length === 0) return void 0;
    const gvs = versions.map((version) => ({ groupVersion: `${name2}/${version}`, version }));
    return { name: name2, versions: gvs, preferredVersion: gvs[0] };
  }
  coreVersions() {
    return [...new Set(this.resources.filter((r) => r.group === "").map((r) => r.version))];
  }
  /** The resources of one group version, subresources as `pods/status`, sorted by name as Kubernetes does. */
  apiResources(group, version) {
    const rs = this.resources.filter((r) => r.group === group && r.version === version);
    if (rs.length === 0) return void 0;
    const out = [];
    for (const r of rs) {
      const res = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: [...r.verbs ?? []] };
      if (r.shortNames?.length) res.shortNames = [...r.shortNames];
      if (r.categories?.length) res.categories = [...r.categories];
      out.push(res);
      for (const sub2 of r.subresources ?? []) {
        const s2 = SUBRESOURCES[sub2](r);
        const entry = { name: `${r.plural}/${sub2}`, singularName: "", namespaced: r.namespaced, kind: s2.kind, verbs: s2.verbs };
        if (s2.group !== void 0) entry.group = s2.group;
        if (s2.version !== void 0) entry.version = s2.version;
        out.push(entry);
      }
    }
    return out.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  }
  apiResourceList(group, version) {
    const resources = this.apiResources(group, version);
    if (!resources) return void 0;
    return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupVersion({ group, version }), resources };
  }
  /** apidiscovery.k8s.io APIGroupDiscoveryList for /api (core) or /apis (named groups). */
  aggregated(which, apiVersion) {
    const groups = which === "core" ? [{ name: "", versions: this.coreVersions() }] : this.groups().map((g) => ({ name: g.name, versions: g.versions.map((v) => v.version) }));
    const items = groups.map((g) => ({
      metadata: g.name ? { name: g.name, creationTimestamp: null } : { creationTimestamp: null },
      versions: g.versions.map((version) => ({
        version,
        resources: this.aggregatedResources(g.name, version),
        freshness: "Current"
      }))
    }));
    return { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${apiVersion}`, metadata: {}, items };
  }
  aggregatedResources(group, version) {
    return this.resources.filter((r) => r.group === group && r.version === version).sort((a, b) => a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0).map((r) => {
      const entry = {
        resource: r.plural,
        responseKind: { group: r.group, version: r.version, kind: r.kind },
        scope: r.namespaced ? "Namespaced" : "Cluster",
        singularResource: r.singular,
        verbs: [...r.verbs ?? []]
      };
      if (r.shortNames?.length) entry.shortNames = [...r.shortNames];
      if (r.categories?.length) entry.categories = [...r.categories];
      const subs = [...r.subresources ?? []].sort();
      if (subs.length) {
        entry.subresources = subs.map((sub2) => {
          const s2 = SUBRESOURCES[sub2](r);
          return { subresource: sub2, responseKind: { group: s2.group ?? r.group, version: s2.version ?? r.version, kind: s2.kind }, verbs: s2.verbs };
        });
      }
      return entry;
    });
  }
};

// packages/apiserver/src/discovery/index.ts
function aggregatedVersion(accept) {
  if (!accept) return void 0;
  for (const entry of accept.split(",")) {
    const [type, ...paramParts] = entry.split(";").map((s2) => s2.trim());
    const params = new Map(paramParts.map((p) => p.split("=").map((s2) => s2.trim())));
    if (params.get("as") === "APIGroupDiscoveryList" && params.get("g") === "apidiscovery.k8s.io" && (type === "application/json" || type === "*/*")) {
      const v = params.get("v");
      if (v === "v2" || v === "v2beta1") return v;
      continue;
    }
    if (type === "application/json" || type === "*/*" || type === "application/*" || type === "application/yaml") return void 0;
  }
  return void 0;
}
var aggregatedType = (v) => `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;
function sendJSON(reply, body, type = "application/json") {
  return reply.header("Vary", "Accept").header("Content-Type", type).send(Buffer.from(JSON.stringify(body)));
}
function notFound3(reply) {
  return reply.code(404).type("application/json").send(JSON.stringify(newStatus(404, "NotFound", "the server could not find the requested resource")));
}
function serverAddress(req) {
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  return host;
}
function registerDiscovery(app, opts = {}) {
  const discovery = new Discovery(opts.resources ?? RESOURCES);
  const version = versionInfo(opts.version);
  app.get("/api", (req, reply) => {
    const agg = aggregatedVersion(req.headers.accept);
    if (agg) return sendJSON(reply, discovery.aggregated("core", agg), aggregatedType(agg));
    return sendJSON(reply, {
      kind: "APIVersions",
      versions: discovery.coreVersions(),
      serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: serverAddress(req) }]
    });
  });
  app.get("/apis", (req, reply) => {
    const agg = aggregatedVersion(req.headers.accept);
    if (agg) return sendJSON(reply, discovery.aggregated("groups", agg), aggregatedType(agg));
    return sendJSON(reply, { kind: "APIGroupList", apiVersion: "v1", groups: discovery.groups() });
  });
  app.get("/api/:version", (req, reply) => {
    const { version: v } = req.params;
    const list2 = discovery.apiResourceList("", v);
    return list2 ? sendJSON(reply, list2) : notFound3(reply);
  });
  app.get("/apis/:group", (req, reply) => {
    const { group } = req.params;
    const g = discovery.group(group);
    return g ? sendJSON(reply, { kind: "APIGroup", apiVersion: "v1", ...g }) : notFound3(reply);
  });
  app.get("/apis/:group/:version", (req, reply) => {
    const { group, version: v } = req.params;
    const list2 = discovery.apiResourceList(group, v);
    return list2 ? sendJSON(reply, list2) : notFound3(reply);
  });
  app.get("/version", (_req, reply) => sendJSON(reply, version));
  registerOpenAPI(app, discovery.resources);
}

// packages/apiserver/src/rest/errors.ts
function qualifiedResource2(r, subresource) {
  const res = subresource ? `${r.plural}/${subresource}` : r.plural;
  return r.group === "" ? res : `${res}.${r.group}`;
}
function statusError(code, reason, message, details) {
  return new StatusError(newStatus(code, reason, message, details));
}
function forbidden2(r, name2, why) {
  const q3 = qualifiedResource2(r);
  return statusError(403, "Forbidden", `${q3} "${name2}" is forbidden: ${why}`, { name: name2, group: r.group, kind: r.plural });
}
function notFoundPath() {
  return statusError(404, "NotFound", "the server could not find the requested resource", {});
}
function methodNotAllowed(method, what) {
  return statusError(405, "MethodNotAllowed", `${method} is not supported on ${what}`, {});
}
function internalError(err) {
  const msg = err instanceof Error ? err.message : String(err);
  return statusError(500, "InternalError", `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
}
function asStatusError(err) {
  if (err instanceof StatusError) return err;
  if (typeof err === "object" && err !== null && isStatus(err.status)) {
    return new StatusError(err.status);
  }
  return internalError(err);
}
function isConflict(err) {
  return err instanceof StatusError && err.code === 409 && err.reason === "Conflict";
}

// packages/apiserver/src/admission/pods.ts
var PRIORITY_CLASSES = RESOURCES.find((r) => r.kind === "PriorityClass");
var NOT_READY = "node.kubernetes.io/not-ready";
var UNREACHABLE = "node.kubernetes.io/unreachable";
var DEFAULT_TOLERATION_SECONDS = 300;
function tolerates(t, key) {
  if (t.effect && t.effect !== "NoExecute") return false;
  if (!t.key) return t.operator === "Exists";
  return t.key === key;
}
function defaultTolerationSeconds(pod) {
  const spec = pod.spec ?? {};
  const tols = spec.tolerations ?? [];
  const add = [];
  for (const key of [NOT_READY, UNREACHABLE]) {
    if (!tols.some((t) => tolerates(t, key))) {
      add.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
  if (add.length) spec.tolerations = [...tols, ...add];
  pod.spec = spec;
}
var SYSTEM_PRIORITY_CLASSES2 = [
  {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: "system-node-critical" },
    value: 2000001e3,
    description: "Used for system critical pods that must not be moved from their current node.",
    preemptionPolicy: "PreemptLowerPriority"
  },
  {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: "system-cluster-critical" },
    value: 2e9,
    description: "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
    preemptionPolicy: "PreemptLowerPriority"
  }
];
function admitPriority(store, pod) {
  const spec = pod.spec ?? {};
  let value = 0;
  let policy;
  if (spec.priorityClassName) {
    const pc = store.get(PRIORITY_CLASSES, void 0, spec.priorityClassName);
    if (!pc) return `no PriorityClass with name ${spec.priorityClassName} was found`;
    value = Number(pc.object.value ?? 0);
    policy = pc.object.preemptionPolicy;
  } else {
    const def = store.list(PRIORITY_CLASSES, {}).items.find((e) => e.object.globalDefault === true);
    if (def) {
      spec.priorityClassName = def.object.metadata.name;
      value = Number(def.object.value ?? 0);
      policy = def.object.preemptionPolicy;
    }
  }
  if (spec.priority !== void 0 && spec.priority !== null && spec.priority !== value) {
    return `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`;
  }
  spec.priority = value;
  spec.preemptionPolicy = spec.preemptionPolicy ?? policy ?? "PreemptLowerPriority";
  pod.spec = spec;
  return void 0;
}

// packages/apiserver/src/admission/ipallocator.ts
var CIDR = class {
  // number of addresses
  constructor(text) {
    this.text = text;
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text);
    if (!m) throw new Error(`invalid CIDR address: ${text}`);
    const bits = Number(m[5]);
    if (bits < 1 || bits > 30) throw new Error(`invalid CIDR prefix length: ${text}`);
    const ip = parseIPv4(`${m[1]}.${m[2]}.${m[3]}.${m[4]}`);
    if (ip === void 0) throw new Error(`invalid CIDR address: ${text}`);
    this.size = 2 ** (32 - bits);
    this.base = ip - ip % this.size;
  }
  base;
  // network address as uint32
  size;
  contains(ip) {
    return ip >= this.base && ip < this.base + this.size;
  }
};
function parseIPv4(s2) {
  const parts = s2.split(".");
  if (parts.length !== 4) return void 0;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return void 0;
    const v = Number(p);
    if (v > 255) return void 0;
    n = n * 256 + v;
  }
  return n;
}
function formatIPv4(n) {
  return [24, 16, 8, 0].map((s2) => Math.floor(n / 2 ** s2) % 256).join(".");
}
var IPAllocator = class {
  cidr;
  used = /* @__PURE__ */ new Set();
  constructor(cidrText) {
    this.cidr = new CIDR(cidrText);
  }
  /** The first usable address: the `kubernetes` Service's ClusterIP. */
  firstAddress() {
    return formatIPv4(this.cidr.base + 1);
  }
  usable(ip) {
    return this.cidr.contains(ip) && ip !== this.cidr.base && ip !== this.cidr.base + this.cidr.size - 1;
  }
  allocate(ipText) {
    const ip = parseIPv4(ipText);
    if (ip === void 0 || !this.usable(ip)) return "not-in-range";
    if (this.used.has(ip)) return "allocated";
    this.used.add(ip);
    return void 0;
  }
  /** Marks an address used without checks (rebuilding state from stored Services). */
  restore(ipText) {
    const ip = parseIPv4(ipText);
    if (ip !== void 0 && this.cidr.contains(ip)) this.used.add(ip);
  }
  allocateNext() {
    const first = this.cidr.base + 1;
    const count = this.cidr.size - 2;
    if (this.used.size >= count) return void 0;
    const lowBlock = Math.min(Math.max(16, Math.floor(count / 16)), 256);
    const pick = (from, n) => {
      if (n <= 0) return void 0;
      const start = Math.floor(Math.random() * n);
      for (let i = 0; i < n; i++) {
        const ip2 = from + (start + i) % n;
        if (!this.used.has(ip2)) return ip2;
      }
      return void 0;
    };
    const ip = pick(first + lowBlock, count - lowBlock) ?? pick(first, Math.min(lowBlock, count));
    if (ip === void 0) return void 0;
    this.used.add(ip);
    return formatIPv4(ip);
  }
  release(ipText) {
    if (!ipText) return;
    const ip = parseIPv4(ipText);
    if (ip !== void 0) this.used.delete(ip);
  }
  has(ipText) {
    const ip = parseIPv4(ipText);
    return ip !== void 0 && this.used.has(ip);
  }
};

// packages/apiserver/src/admission/portallocator.ts
var PortRange = class {
  constructor(text) {
    this.text = text;
    const m = /^(\d+)-(\d+)$/.exec(text.trim());
    if (!m) throw new Error(`invalid port range: ${text}`);
    const lo = Number(m[1]);
    const hi = Number(m[2]);
    if (lo < 1 || hi > 65535 || lo > hi) throw new Error(`invalid port range: ${text}`);
    this.base = lo;
    this.size = hi - lo + 1;
  }
  base;
  size;
  contains(p) {
    return p >= this.base && p < this.base + this.size;
  }
  toString() {
    return `${this.base}-${this.base + this.size - 1}`;
  }
};
var PortAllocator = class {
  range;
  used = /* @__PURE__ */ new Set();
  constructor(rangeText) {
    this.range = new PortRange(rangeText);
  }
  allocate(port) {
    if (!this.range.contains(port)) return "not-in-range";
    if (this.used.has(port)) return "allocated";
    this.used.add(port);
    return void 0;
  }
  restore(port) {
    if (this.range.contains(port)) this.used.add(port);
  }
  allocateNext() {
    const n = this.range.size;
    if (this.used.size >= n) return void 0;
    const start = Math.floor(Math.random() * n);
    for (let i = 0; i < n; i++) {
      const p = this.range.base + (start + i) % n;
      if (!this.used.has(p)) {
        this.used.add(p);
        return p;
      }
    }
    return void 0;
  }
  release(port) {
    if (port !== void 0) this.used.delete(port);
  }
  has(port) {
    return this.used.has(port);
  }
};

// packages/apiserver/src/admission/services.ts
var NOOP_TXN = { commit() {
}, rollback() {
} };
var needsClusterIP = (s2) => (s2.type ?? "ClusterIP") !== "ExternalName";
var needsNodePorts = (s2) => s2.type === "NodePort" || s2.type === "LoadBalancer";
var specOf = (o) => {
  if (!o.spec || typeof o.spec !== "object") o.spec = {};
  return o.spec;
};
function dropTypeDependentFields(s2, o) {
  if ((s2.type ?? "ClusterIP") === (o.type ?? "ClusterIP")) return;
  if (!needsClusterIP(s2) && needsClusterIP(o) && s2.clusterIP === o.clusterIP) {
    delete s2.clusterIP;
    delete s2.clusterIPs;
    delete s2.ipFamilies;
    delete s2.ipFamilyPolicy;
  }
  if (!needsNodePorts(s2) && needsNodePorts(o)) {
    (s2.ports ?? []).forEach((p, i) => {
      if (p.nodePort !== void 0 && p.nodePort === o.ports?.[i]?.nodePort) delete p.nodePort;
    });
    if (s2.externalTrafficPolicy === o.externalTrafficPolicy) delete s2.externalTrafficPolicy;
  }
  if (s2.type !== "LoadBalancer" && o.type === "LoadBalancer") {
    for (const f of ["healthCheckNodePort", "allocateLoadBalancerNodePorts", "loadBalancerClass"]) if (s2[f] === o[f]) delete s2[f];
  }
}
function cause(field, value, detail) {
  return { reason: "FieldValueInvalid", field, message: `Invalid value: ${typeof value === "string" ? JSON.stringify(value) : String(value)}: ${detail}` };
}
var ServiceAllocator = class {
  ips;
  ports;
  constructor(serviceCIDR, nodePortRange) {
    this.ips = new IPAllocator(serviceCIDR);
    this.ports = new PortAllocator(nodePortRange);
  }
  /** Rebuild allocations from a stored Service (at start). */
  restore(svc) {
    const s2 = specOf(svc);
    if (s2.clusterIP && s2.clusterIP !== "None") this.ips.restore(s2.clusterIP);
    for (const p of s2.ports ?? []) if (p.nodePort) this.ports.restore(p.nodePort);
  }
  /** Frees what a removed Service held. */
  release(svc) {
    const s2 = specOf(svc);
    if (s2.clusterIP && s2.clusterIP !== "None") this.ips.release(s2.clusterIP);
    for (const p of s2.ports ?? []) if (p.nodePort) this.ports.release(p.nodePort);
  }
  /**
   * Allocates for a new (old undefined) or updated Service, filling in spec.clusterIP(s) and
   * nodePorts. Throws 422 with Kubernetes' messages. dryRun checks without holding anything.
   */
  allocate(svc, old, dryRun) {
    const s2 = specOf(svc);
    const o = old ? specOf(old) : void 0;
    if (o) dropTypeDependentFields(s2, o);
    const taken = [];
    const replaced = [];
    const causes = [];
    const name2 = svc.metadata.name ?? "";
    if (needsClusterIP(s2)) {
      let ip = s2.clusterIP || s2.clusterIPs?.[0] || "";
      const oldIP = o && needsClusterIP(o) ? o.clusterIP ?? "" : "";
      if (ip === "" && oldIP) ip = oldIP;
      if (oldIP && ip !== oldIP) {
      } else if (ip === "None") {
      } else if (ip === oldIP && ip !== "") {
      } else if (ip) {
        const err = dryRun ? this.ips.has(ip) ? "allocated" : this.inRange(ip) : this.ips.allocate(ip);
        if (err === "not-in-range") {
          causes.push(cause("spec.clusterIP", ip, `provided IP is not in the valid range. The range of valid IPs is ${this.ips.cidr.text}`));
        } else if (err === "allocated") causes.push(cause("spec.clusterIP", ip, "provided IP is already allocated"));
        else if (!dryRun) taken.push(() => this.ips.release(ip));
      } else if (!dryRun) {
        const next = this.ips.allocateNext();
        if (!next) causes.push(cause("spec.clusterIP", "", "range is full"));
        else {
          ip = next;
          taken.push(() => this.ips.release(next));
        }
      }
      if (ip) {
        s2.clusterIP = ip;
        s2.clusterIPs = [ip];
        if (ip !== "None" || !s2.ipFamilies) s2.ipFamilies = s2.ipFamilies ?? ["IPv4"];
        s2.ipFamilyPolicy = s2.ipFamilyPolicy ?? "SingleStack";
      }
    } else if (o && needsClusterIP(o) && o.clusterIP && o.clusterIP !== "None") {
      const was = o.clusterIP;
      replaced.push(() => this.ips.release(was));
      delete s2.clusterIP;
      delete s2.clusterIPs;
    }
    const keep = /* @__PURE__ */ new Set();
    if (needsNodePorts(s2)) {
      const oldPorts = o && needsNodePorts(o) ? o.ports ?? [] : [];
      const oldNodePorts = new Set(oldPorts.map((p) => p.nodePort).filter((p) => !!p));
      const mine = /* @__PURE__ */ new Set();
      (s2.ports ?? []).forEach((p, i) => {
        if (!p.nodePort) {
          const prev = oldPorts.find((q3) => q3.port === p.port && (q3.protocol ?? "TCP") === (p.protocol ?? "TCP"));
          if (prev?.nodePort) p.nodePort = prev.nodePort;
        }
        const field = `spec.ports[${i}].nodePort`;
        if (p.nodePort) {
          const np = p.nodePort;
          keep.add(np);
          if (oldNodePorts.has(np) || mine.has(np)) return;
          const err = dryRun ? this.ports.has(np) ? "allocated" : this.ports.range.contains(np) ? void 0 : "not-in-range" : this.ports.allocate(np);
          if (err === "not-in-range") {
            causes.push(cause(field, np, `provided port is not in the valid range. The range of valid ports is ${this.ports.range}`));
          } else if (err === "allocated") causes.push(cause(field, np, "provided port is already allocated"));
          else {
            mine.add(np);
            if (!dryRun) taken.push(() => this.ports.release(np));
          }
        } else if (!dryRun) {
          const np = this.ports.allocateNext();
          if (np === void 0) causes.push(cause(field, 0, "range is full"));
          else {
            p.nodePort = np;
            keep.add(np);
            mine.add(np);
            taken.push(() => this.ports.release(np));
          }
        }
      });
    }
    for (const p of o?.ports ?? []) {
      const np = p.nodePort;
      if (np && !keep.has(np)) replaced.push(() => this.ports.release(np));
    }
    if (causes.length) {
      for (const undo of taken) undo();
      throw invalid("Service", name2, causes);
    }
    return {
      commit: () => {
        for (const r of replaced) r();
      },
      rollback: () => {
        for (const undo of taken) undo();
      }
    };
  }
  inRange(ip) {
    const err = this.ips.allocate(ip);
    if (err === void 0) this.ips.release(ip);
    return err === "not-in-range" ? "not-in-range" : void 0;
  }
};

// packages/apiserver/src/admission/index.ts
var NAMESPACES = RESOURCES.find((r) => r.kind === "Namespace");
var SERVICES = RESOURCES.find((r) => r.kind === "Service");
var IMMORTAL_NAMESPACES = /* @__PURE__ */ new Set(["default", "kube-system", "kube-public"]);
var Admission = class {
  constructor(store, opts) {
    this.store = store;
    this.services = new ServiceAllocator(opts.serviceClusterIPRange, opts.serviceNodePortRange);
  }
  services;
  /** Rebuild allocator state from stored Services. */
  rebuild() {
    for (const e of this.store.list(SERVICES, {}).items) this.services.restore(e.object);
  }
  /** NamespaceLifecycle for creates: the namespace must exist and not be terminating. */
  checkNamespace(r, obj2) {
    if (!r.namespaced) return;
    const ns = obj2.metadata.namespace ?? "";
    const nsEntry = this.store.get(NAMESPACES, void 0, ns);
    if (!nsEntry) throw notFound("namespaces", ns, "", "namespaces");
    const phase = nsEntry.object.status?.phase;
    if (phase === "Terminating" || nsEntry.object.metadata.deletionTimestamp) {
      throw forbidden2(r, obj2.metadata.name ?? "", `unable to create new content in namespace ${ns} because it is being terminated`);
    }
  }
  /**
   * What the user asked for in fields admission owns, read before defaulting fills them in
   * (spec.priority and spec.preemptionPolicy are the Priority plugin's to set).
   */
  beforeDefaults(r, obj2) {
    if (r.kind !== "Pod") return void 0;
    const spec = obj2.spec ?? {};
    return { priority: spec.priority ?? void 0, preemptionPolicy: spec.preemptionPolicy ?? void 0 };
  }
  /** Mutating plugins for a create (after defaulting, before validation). */
  mutateCreate(r, obj2, requested) {
    if (r.kind === "Pod") {
      defaultTolerationSeconds(obj2);
      const spec = obj2.spec ?? {};
      if (requested) {
        if (requested.priority === void 0) delete spec.priority;
        if (requested.preemptionPolicy === void 0) delete spec.preemptionPolicy;
      }
      const why = admitPriority(this.store, obj2);
      if (why) throw forbidden2(r, obj2.metadata.name ?? obj2.metadata.generateName ?? "", why);
    }
  }
  /** Allocations a write needs (Service ClusterIP/NodePorts), after validation. */
  allocate(r, obj2, old, dryRun) {
    if (r.kind === "Service") return this.services.allocate(obj2, old, dryRun);
    return NOOP_TXN;
  }
  /** Called when an object has left storage. */
  removed(r, obj2) {
    if (r.kind === "Service") this.services.release(obj2);
  }
};

// packages/apiserver/src/rest/decode.ts
import { parse as parseYaml } from "yaml";
var MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;
function tooLarge() {
  return statusError(413, "RequestEntityTooLarge", `Request entity too large: limit is ${MAX_REQUEST_BODY_BYTES}`);
}
var GO_TYPEMETA = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
function goTypeName2(v) {
  if (Array.isArray(v)) return "array";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  return "object";
}
function isYamlContentType(contentType2) {
  return !!contentType2 && (contentType2.startsWith("application/yaml") || contentType2.startsWith("application/apply-patch+yaml"));
}
var ACCEPTED = "application/json, application/yaml";
function parseBody(body, contentType2) {
  if (contentType2 && contentType2.startsWith("application/vnd.kubernetes.protobuf")) {
    throw statusError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${ACCEPTED}`);
  }
  if (body.length === 0) throw badRequest("Object 'Kind' is missing in ''");
  if (isYamlContentType(contentType2)) {
    try {
      return parseYaml(body, { uniqueKeys: true, schema: "core" });
    } catch (e) {
      throw badRequest(`error converting YAML to JSON: yaml: ${e.message.split("\n")[0]}`);
    }
  }
  try {
    return JSON.parse(body);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${e.message}`);
  }
}
function asObjectFor(parsed, r, body) {
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    if (parsed === null) throw badRequest(`Object 'Kind' is missing in '${body.slice(0, 100)}'`);
    throw badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${goTypeName2(parsed)} into Go value of type ${GO_TYPEMETA}`);
  }
  const obj2 = parsed;
  const gv = groupVersion(r);
  if (obj2.apiVersion !== void 0 && typeof obj2.apiVersion !== "string") {
    throw badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${goTypeName2(obj2.apiVersion)} into Go struct field .apiVersion of type string`);
  }
  if (obj2.kind !== void 0 && typeof obj2.kind !== "string") {
    throw badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${goTypeName2(obj2.kind)} into Go struct field .kind of type string`);
  }
  const apiVersion = obj2.apiVersion || gv;
  const kind = obj2.kind || r.kind;
  if (kind !== r.kind) {
    const version = apiVersion.includes("/") ? apiVersion.split("/")[1] : apiVersion;
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${r.kind}: no kind "${kind}" is registered for version "${apiVersion}" in this endpoint`);
  }
  if (apiVersion !== gv) {
    throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${gv})`);
  }
  obj2.apiVersion = apiVersion;
  obj2.kind = kind;
  if (obj2.metadata === void 0 || obj2.metadata === null) obj2.metadata = {};
  else if (typeof obj2.metadata !== "object" || Array.isArray(obj2.metadata)) {
    throw badRequest(
      `${kind} in version "${r.version}" cannot be handled as a ${r.kind}: json: cannot unmarshal ${goTypeName2(obj2.metadata)} into Go struct field ${r.kind}.metadata of type v1.ObjectMeta`
    );
  }
  return obj2;
}

// packages/apiserver/src/rest/fields.ts
function pathTokens(path) {
  const out = [];
  for (const part of path.split(".")) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}
function removePath(obj2, path) {
  const toks = pathTokens(path);
  let cur = obj2;
  for (let i = 0; i < toks.length - 1; i++) {
    if (cur === null || typeof cur !== "object") return;
    cur = cur[toks[i]];
  }
  if (cur !== null && typeof cur === "object" && !Array.isArray(cur)) delete cur[toks[toks.length - 1]];
}
function checkDecodedFields(r, obj2, opts) {
  const types = typeErrors(obj2);
  if (types.length) {
    const e = types[0];
    const m = /must be of type (\S+), not (\S+)/.exec(e.detail ?? "");
    const why = m ? `json: cannot unmarshal ${m[2] === "boolean" ? "bool" : m[2]} into Go struct field ${r.kind}.${e.field} of type ${m[1]}` : fieldErrorMessage(e);
    throw badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${why}`);
  }
  const unknown = findUnknownFields(obj2);
  if (unknown.length === 0) return;
  if (opts.fieldValidation === "Strict") {
    throw badRequest(`strict decoding error: ${unknown.map((p) => `unknown field "${p}"`).join(", ")}`);
  }
  if (opts.fieldValidation === "Warn") for (const p of unknown) opts.warnings.push(`unknown field "${p}"`);
  for (const p of unknown) removePath(obj2, p);
}

// packages/apiserver/src/rest/strategy.ts
import { randomBytes, randomUUID } from "node:crypto";
var GENERATION_KINDS = /* @__PURE__ */ new Set(["Pod", "Deployment", "ReplicaSet", "DaemonSet", "Job", "CronJob", "PodDisruptionBudget"]);
var CREATE_ON_UPDATE = /* @__PURE__ */ new Set(["Endpoints", "Lease", "Event"]);
var RETURN_DELETED_OBJECT = /* @__PURE__ */ new Set(["Pod", "Service", "ServiceAccount", "Namespace"]);
var RESET_STATUS_ON_CREATE = /* @__PURE__ */ new Set(["Deployment", "ReplicaSet", "DaemonSet", "Job", "CronJob", "Service", "PodDisruptionBudget"]);
var ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
function randomSuffix(n = 5) {
  const bytes = randomBytes(n);
  let s2 = "";
  for (let i = 0; i < n; i++) s2 += ALPHABET[bytes[i] % ALPHABET.length];
  return s2;
}
var cachedSecond = -1;
var cachedText = "";
function nowRFC3339(offsetSeconds = 0) {
  const sec = Math.floor(Date.now() / 1e3) + offsetSeconds;
  if (offsetSeconds === 0 && sec === cachedSecond) return cachedText;
  const text = new Date(sec * 1e3).toISOString().replace(".000Z", "Z");
  if (offsetSeconds === 0) {
    cachedSecond = sec;
    cachedText = text;
  }
  return text;
}
function hasStatusSubresource(r) {
  return !!r.subresources?.includes("status");
}
function tracksGeneration(r) {
  return GENERATION_KINDS.has(r.kind);
}
function allowCreateOnUpdate(r) {
  return CREATE_ON_UPDATE.has(r.kind);
}
function returnsDeletedObject(r) {
  return RETURN_DELETED_OBJECT.has(r.kind);
}
var asObj = (v) => v && typeof v === "object" && !Array.isArray(v) ? v : {};
function prepareForCreate(r, obj2) {
  const m = obj2.metadata;
  if (!m.name && m.generateName) m.name = m.generateName + randomSuffix();
  m.uid = randomUUID();
  m.creationTimestamp = nowRFC3339();
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.resourceVersion;
  if (tracksGeneration(r)) m.generation = 1;
  else delete m.generation;
  if (!r.namespaced) delete m.namespace;
  if (RESET_STATUS_ON_CREATE.has(r.kind)) obj2.status = r.kind === "Service" ? { loadBalancer: {} } : {};
  switch (r.kind) {
    case "Pod":
      obj2.status = { phase: "Pending", qosClass: podQOSClass(obj2.spec ?? {}) };
      break;
    case "Namespace": {
      const spec = asObj(obj2.spec);
      const fin = spec.finalizers ?? [];
      if (!fin.includes("kubernetes")) fin.push("kubernetes");
      obj2.spec = { ...spec, finalizers: fin };
      obj2.status = { phase: "Active" };
      break;
    }
  }
}
function prepareForUpdate(r, obj2, old) {
  const m = obj2.metadata;
  const om = old.metadata;
  m.uid = om.uid;
  m.creationTimestamp = om.creationTimestamp;
  if (om.deletionTimestamp !== void 0) m.deletionTimestamp = om.deletionTimestamp;
  else delete m.deletionTimestamp;
  if (om.deletionGracePeriodSeconds !== void 0) m.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
  else delete m.deletionGracePeriodSeconds;
  if (r.namespaced) m.namespace = om.namespace;
  else delete m.namespace;
  if (hasStatusSubresource(r)) {
    if (old.status === void 0) delete obj2.status;
    else obj2.status = old.status;
  }
  if (r.kind === "Namespace") obj2.spec = old.spec;
  if (tracksGeneration(r)) {
    const g = om.generation ?? 1;
    m.generation = deepEqual(obj2.spec, old.spec) ? g : g + 1;
  } else delete m.generation;
}
function prepareForStatusUpdate(obj2, old) {
  const next = { ...old, metadata: { ...old.metadata } };
  if (obj2.status === void 0) delete next.status;
  else next.status = obj2.status;
  return next;
}
function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a;
  const bo = b;
  const ak = Object.keys(ao).filter((k) => ao[k] !== void 0);
  const bk = Object.keys(bo).filter((k) => bo[k] !== void 0);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}
function clone(v) {
  return structuredClone(v);
}

// packages/apiserver/src/rest/registry.ts
var MODIFIED = "the object has been modified; please apply your changes to the latest version and try again";
var MAX_RETRIES = 16;
function notFoundFor(r, name2) {
  return notFound(qualifiedResource2(r), name2, r.group, r.plural);
}
function conflictFor(r, name2, why = MODIFIED) {
  return conflict(qualifiedResource2(r), name2, why, r.group, r.plural);
}
function invalidFor(r, name2, causes) {
  const err = invalid(r.group ? `${r.kind}.${r.group}` : r.kind, name2, causes, r.group);
  if (err.status.details) err.status.details.kind = r.kind;
  return err;
}
function validate(r, obj2, old) {
  const errs = validateObject(obj2, old);
  if (errs.length) throw invalidFor(r, obj2.metadata.name ?? "", fieldErrorsToCauses(errs));
}
var entryResult = (e) => ({ object: e.object, json: e.json });
async function createObject(ctx, r, obj2, dryRun) {
  const requested = ctx.admission.beforeDefaults(r, obj2);
  applyDefaults(obj2);
  ctx.admission.checkNamespace(r, obj2);
  ctx.admission.mutateCreate(r, obj2, requested);
  if (!obj2.metadata.name && !obj2.metadata.generateName) {
    throw invalidFor(r, "", [{ reason: "FieldValueRequired", field: "metadata.name", message: "Required value: name or generateName is required" }]);
  }
  prepareForCreate(r, obj2);
  const txn = ctx.admission.allocate(r, obj2, void 0, dryRun);
  try {
    validate(r, obj2);
  } catch (err) {
    txn.rollback();
    throw err;
  }
  if (dryRun) {
    txn.rollback();
    if (ctx.store.get(r, obj2.metadata.namespace, obj2.metadata.name)) {
      throw alreadyExistsFor(r, obj2.metadata.name);
    }
    return { object: obj2, json: JSON.stringify(obj2) };
  }
  try {
    const e = await ctx.store.create(r, obj2);
    txn.commit();
    return entryResult(e);
  } catch (err) {
    txn.rollback();
    throw err;
  }
}
function alreadyExistsFor(r, name2) {
  const s2 = new StatusError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `${qualifiedResource2(r)} "${name2}" already exists`,
    reason: "AlreadyExists",
    details: { name: name2, group: r.group, kind: r.plural },
    code: 409
  });
  return s2;
}
async function updateObject(ctx, r, namespace, name2, tryUpdate, o) {
  for (let attempt = 0; ; attempt++) {
    const cur = ctx.store.get(r, namespace, name2);
    if (!cur) {
      if (o.createIfMissing) return { ...await o.createIfMissing(), created: true };
      throw notFoundFor(r, name2);
    }
    const next = tryUpdate(clone(cur.object), cur);
    next.metadata ??= {};
    if (!o.subresource) {
      applyDefaults(next);
      prepareForUpdate(r, next, cur.object);
    }
    next.metadata.resourceVersion = String(cur.resourceVersion);
    checkFinalizersWhileDeleting(r, next, cur.object);
    const txn = ctx.admission.allocate(r, next, cur.object, o.dryRun);
    try {
      if (o.subresource !== "binding") validate(r, next, cur.object);
    } catch (err) {
      txn.rollback();
      throw err;
    }
    if (deepEqual(next, cur.object)) {
      txn.rollback();
      return entryResult(cur);
    }
    if (o.dryRun) {
      txn.rollback();
      return { object: next, json: JSON.stringify(next) };
    }
    try {
      const pre = { resourceVersion: String(cur.resourceVersion) };
      if (shouldDeleteDuringUpdate(next, cur.object)) {
        const e2 = await ctx.store.delete(r, namespace, name2, pre);
        txn.commit();
        ctx.admission.removed(r, e2.object);
        return entryResult(e2);
      }
      const e = await ctx.store.update(r, next, pre);
      txn.commit();
      return entryResult(e);
    } catch (err) {
      txn.rollback();
      if (o.retry && isConflict(err) && attempt < MAX_RETRIES) continue;
      throw err;
    }
  }
}
function finalizersOf(o) {
  return o.metadata.finalizers ?? [];
}
function shouldDeleteDuringUpdate(next, old) {
  return !!old.metadata.deletionTimestamp && finalizersOf(next).length === 0 && old.metadata.deletionGracePeriodSeconds === 0;
}
function checkFinalizersWhileDeleting(r, next, old) {
  if (!old.metadata.deletionTimestamp) return;
  const had = new Set(finalizersOf(old));
  const added = finalizersOf(next).filter((f) => !had.has(f));
  if (added.length) {
    throw invalidFor(r, next.metadata.name ?? "", [
      {
        reason: "FieldValueForbidden",
        field: "metadata.finalizers",
        message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(", ")}}`
      }
    ]);
  }
}
function checkPreconditions(r, cur, pre) {
  if (!pre) return;
  const m = cur.object.metadata;
  if (pre.uid && pre.uid !== m.uid) {
    throw conflictFor(r, m.name ?? "", `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${m.uid ?? ""}`);
  }
  if (pre.resourceVersion && pre.resourceVersion !== String(cur.resourceVersion)) {
    throw conflictFor(
      r,
      m.name ?? "",
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.resourceVersion}`
    );
  }
}
function gracePeriod(r, obj2, requested) {
  if (r.kind !== "Pod") return void 0;
  const spec = obj2.spec ?? {};
  const phase = obj2.status?.phase;
  if (!spec.nodeName || phase === "Succeeded" || phase === "Failed") return 0;
  let g = requested ?? spec.terminationGracePeriodSeconds ?? 30;
  if (g < 0) g = 1;
  return g;
}
function finalizersFor(obj2, o) {
  let f = [...finalizersOf(obj2)];
  const policy = o.propagationPolicy ?? (o.orphanDependents === true ? "Orphan" : o.orphanDependents === false ? "Background" : void 0);
  if (policy === "Foreground") {
    f = f.filter((x) => x !== "orphan");
    if (!f.includes("foregroundDeletion")) f.push("foregroundDeletion");
  } else if (policy === "Orphan") {
    f = f.filter((x) => x !== "foregroundDeletion");
    if (!f.includes("orphan")) f.push("orphan");
  } else if (policy === "Background") {
    f = f.filter((x) => x !== "orphan" && x !== "foregroundDeletion");
  }
  return f;
}
function deleteSuccessStatus(r, obj2) {
  const details = { name: obj2.metadata.name ?? "" };
  if (r.group) details.group = r.group;
  details.kind = r.plural;
  if (obj2.metadata.uid) details.uid = obj2.metadata.uid;
  return JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details });
}
async function deleteObject(ctx, r, namespace, name2, o) {
  for (let attempt = 0; ; attempt++) {
    const cur = ctx.store.get(r, namespace, name2);
    if (!cur) throw notFoundFor(r, name2);
    checkPreconditions(r, cur, o.preconditions);
    const obj2 = cur.object;
    const grace = gracePeriod(r, obj2, o.gracePeriodSeconds);
    const finalizers = finalizersFor(obj2, o);
    const m = obj2.metadata;
    let next;
    if (grace !== void 0 && grace > 0) {
      const remaining = m.deletionGracePeriodSeconds;
      if (m.deletionTimestamp && remaining !== void 0 && remaining <= grace && sameList(finalizers, finalizersOf(obj2))) {
        return { object: obj2, json: cur.json, deleted: false };
      }
      next = marked(obj2, m.deletionTimestamp && remaining !== void 0 && remaining <= grace ? void 0 : grace, finalizers);
    } else if (finalizers.length > 0) {
      if (m.deletionTimestamp && m.deletionGracePeriodSeconds === 0 && sameList(finalizers, finalizersOf(obj2))) {
        return { object: obj2, json: cur.json, deleted: false };
      }
      next = marked(obj2, m.deletionTimestamp && m.deletionGracePeriodSeconds === 0 ? void 0 : 0, finalizers);
    }
    const pre = { resourceVersion: String(cur.resourceVersion) };
    try {
      if (next) {
        if (o.dryRun) return { object: next, json: JSON.stringify(next), deleted: false };
        const e2 = await ctx.store.update(r, next, pre);
        return { ...entryResult(e2), deleted: false };
      }
      if (o.dryRun) return { object: obj2, json: returnsDeletedObject(r) ? cur.json : deleteSuccessStatus(r, obj2), deleted: true };
      const e = await ctx.store.delete(r, namespace, name2, pre);
      ctx.admission.removed(r, e.object);
      return { object: e.object, json: returnsDeletedObject(r) ? e.json : deleteSuccessStatus(r, e.object), deleted: true };
    } catch (err) {
      if (isConflict(err) && attempt < MAX_RETRIES) continue;
      throw err;
    }
  }
}
function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
function marked(obj2, grace, finalizers) {
  const next = clone(obj2);
  if (grace !== void 0) {
    next.metadata.deletionTimestamp = nowRFC3339(grace);
    next.metadata.deletionGracePeriodSeconds = grace;
  }
  if (finalizers.length) next.metadata.finalizers = finalizers;
  else delete next.metadata.finalizers;
  return next;
}

// packages/apiserver/src/rest/namespaces.ts
var NAMESPACES2 = RESOURCES.find((r) => r.kind === "Namespace");
var NAMESPACED2 = RESOURCES.filter((r) => r.namespaced);
async function deleteNamespace(ctx, name2, o) {
  if (IMMORTAL_NAMESPACES.has(name2)) throw forbidden2(NAMESPACES2, name2, "this namespace may not be deleted");
  for (let attempt = 0; ; attempt++) {
    const cur = ctx.store.get(NAMESPACES2, void 0, name2);
    if (!cur) throw notFoundFor(NAMESPACES2, name2);
    const obj2 = cur.object;
    if (o.preconditions?.uid && o.preconditions.uid !== obj2.metadata.uid) {
      return deleteObject(ctx, NAMESPACES2, void 0, name2, o);
    }
    const specFinalizers = (obj2.spec?.finalizers ?? []).length;
    if (obj2.metadata.deletionTimestamp) {
      if (specFinalizers === 0 && (obj2.metadata.finalizers ?? []).length === 0) {
        return deleteObject(ctx, NAMESPACES2, void 0, name2, o);
      }
      if (!o.dryRun) ctx.finalizeNamespace(name2);
      return { object: obj2, json: cur.json, deleted: false };
    }
    const next = clone(obj2);
    next.metadata.deletionTimestamp = nowRFC3339();
    next.metadata.deletionGracePeriodSeconds = 0;
    next.status = { ...next.status ?? {}, phase: "Terminating" };
    if (o.dryRun) return { object: next, json: JSON.stringify(next), deleted: false };
    try {
      const e = await ctx.store.update(NAMESPACES2, next, { resourceVersion: String(cur.resourceVersion) });
      ctx.finalizeNamespace(name2);
      return { object: e.object, json: e.json, deleted: false };
    } catch (err) {
      if (isConflict(err) && attempt < 16) continue;
      throw err;
    }
  }
}
var NamespaceFinalizer = class {
  constructor(ctx) {
    this.ctx = ctx;
  }
  running = /* @__PURE__ */ new Set();
  stopped = false;
  timers = /* @__PURE__ */ new Set();
  schedule(name2) {
    if (this.stopped || this.running.has(name2)) return;
    this.running.add(name2);
    void this.run(name2).finally(() => this.running.delete(name2));
  }
  stop() {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
  sleep(ms) {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      t.unref();
      this.timers.add(t);
    });
  }
  async run(name2) {
    const ctx = this.ctx();
    let delay = 50;
    while (!this.stopped) {
      try {
        const ns = ctx.store.get(NAMESPACES2, void 0, name2);
        if (!ns || !ns.object.metadata.deletionTimestamp) return;
        const remaining = await this.deleteContents(ctx, name2);
        if (remaining === 0) {
          await this.finish(ctx, ns.object);
          return;
        }
      } catch (err) {
        ctx.log.error({ err, namespace: name2 }, "namespace finalization failed; retrying");
      }
      await this.sleep(delay);
      delay = Math.min(delay * 2, 2e3);
    }
  }
  async deleteContents(ctx, ns) {
    let remaining = 0;
    for (const r of NAMESPACED2) {
      for (const e of ctx.store.list(r, { namespace: ns }).items) {
        remaining++;
        if (e.object.metadata.deletionTimestamp) continue;
        await deleteQuietly(ctx, r, ns, e.object.metadata.name ?? "");
      }
    }
    return remaining;
  }
  /** Removes the `kubernetes` finalizer (what /finalize does) and deletes the namespace. */
  async finish(ctx, ns) {
    const name2 = ns.metadata.name ?? "";
    const cur = ctx.store.get(NAMESPACES2, void 0, name2);
    if (!cur) return;
    const next = clone(cur.object);
    const spec = next.spec ?? {};
    spec.finalizers = (spec.finalizers ?? []).filter((f) => f !== "kubernetes");
    next.spec = spec;
    if (spec.finalizers.length === 0 && (next.metadata.finalizers ?? []).length === 0) {
      const e = await ctx.store.delete(NAMESPACES2, void 0, name2, { resourceVersion: String(cur.resourceVersion) });
      ctx.admission.removed(NAMESPACES2, e.object);
      ctx.log.info({ namespace: name2 }, "namespace deleted");
    } else {
      await ctx.store.update(NAMESPACES2, next, { resourceVersion: String(cur.resourceVersion) });
    }
  }
};
async function deleteQuietly(ctx, r, ns, name2) {
  try {
    await deleteObject(ctx, r, ns, name2, { dryRun: false });
  } catch (err) {
    if (err.code === 404) return;
    throw err;
  }
}

// packages/apiserver/src/rest/pods.ts
var PODS = RESOURCES.find((r) => r.kind === "Pod");
var PDBS = RESOURCES.find((r) => r.kind === "PodDisruptionBudget");
var BINDING = { ...PODS, kind: "Binding", plural: "bindings" };
var CREATED_STATUS_JSON = JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
async function bindPod(ctx, namespace, name2, binding2, dryRun) {
  if (binding2.metadata.name !== void 0 && binding2.metadata.name !== name2) {
    throw badRequest(`the name of the object (${binding2.metadata.name}) does not match the name on the URL (${name2})`);
  }
  if (binding2.metadata.namespace !== void 0 && binding2.metadata.namespace !== namespace) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  const target = binding2.target ?? {};
  if (!target.name) {
    throw invalidFor(BINDING, name2, [{ reason: "FieldValueRequired", field: "target.name", message: "Required value" }]);
  }
  if (target.kind && target.kind !== "Node") {
    throw invalidFor(BINDING, name2, [
      { reason: "FieldValueNotSupported", field: "target.kind", message: `Unsupported value: ${JSON.stringify(target.kind)}: supported values: "Node"` }
    ]);
  }
  const podsBinding = qualifiedResource2(PODS, "binding");
  await updateObject(
    ctx,
    PODS,
    namespace,
    name2,
    (pod) => {
      const spec = pod.spec ?? {};
      if (pod.metadata.deletionTimestamp) {
        throw conflictOn(podsBinding, name2, `pod ${name2} is being deleted, cannot be assigned to a host`);
      }
      if (spec.nodeName) throw conflictOn(podsBinding, name2, `pod ${name2} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
      spec.nodeName = target.name;
      pod.spec = spec;
      const ann = binding2.metadata.annotations;
      if (ann && Object.keys(ann).length) pod.metadata.annotations = { ...pod.metadata.annotations ?? {}, ...ann };
      const status = pod.status ?? {};
      const conds = (status.conditions ?? []).filter((c) => c.type !== "PodScheduled");
      const prev = (status.conditions ?? []).find((c) => c.type === "PodScheduled");
      conds.push({
        type: "PodScheduled",
        status: "True",
        lastProbeTime: null,
        lastTransitionTime: prev?.status === "True" && prev.lastTransitionTime ? prev.lastTransitionTime : nowRFC3339()
      });
      status.conditions = conds;
      pod.status = status;
      return pod;
    },
    { dryRun, retry: true, subresource: "binding" }
  );
}
function conflictOn(qualified, name2, why) {
  const [resource, ...group] = qualified.split(".");
  return new StatusError(
    newStatus(409, "Conflict", `Operation cannot be fulfilled on ${qualified} "${name2}": ${why}`, { name: name2, group: group.join("."), kind: resource })
  );
}
function canIgnorePDB(pod) {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed" || phase === "Pending" || !!pod.metadata.deletionTimestamp;
}
function tooManyRequests(causeMessage) {
  return statusError(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", {
    causes: [{ reason: "DisruptionBudget", message: causeMessage }]
  });
}
async function evictPod(ctx, namespace, name2, eviction2, dryRun) {
  if (eviction2.metadata.name !== void 0 && eviction2.metadata.name !== name2) {
    throw badRequest(`name in URL does not match name in Eviction object`);
  }
  const pod = ctx.store.get(PODS, namespace, name2);
  if (!pod) throw notFoundFor(PODS, name2);
  const opts = eviction2.deleteOptions ?? {};
  const del2 = {
    gracePeriodSeconds: opts.gracePeriodSeconds,
    preconditions: opts.preconditions,
    propagationPolicy: opts.propagationPolicy,
    dryRun: dryRun || Array.isArray(opts.dryRun) && opts.dryRun.includes("All")
  };
  if (!canIgnorePDB(pod.object)) {
    const labels = pod.object.metadata.labels;
    const pdbs = ctx.store.list(PDBS, { namespace }).items.filter((e) => labelSelectorFromObject(e.object.spec?.selector).matches(labels));
    if (pdbs.length > 1) {
      throw statusError(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    }
    if (pdbs.length === 1) {
      const pdbName = pdbs[0].object.metadata.name ?? "";
      await updateObject(
        ctx,
        PDBS,
        namespace,
        pdbName,
        (pdb) => {
          const st = pdb.status ?? {};
          if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
            throw tooManyRequests(`The disruption budget ${pdbName} is still being processed by the server.`);
          }
          const allowed = st.disruptionsAllowed ?? 0;
          if (allowed < 0) throw statusError(403, "Forbidden", "pdb disruptions allowed is negative");
          if (allowed === 0) {
            throw tooManyRequests(`The disruption budget ${pdbName} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`);
          }
          st.disruptionsAllowed = allowed - 1;
          st.disruptedPods = { ...st.disruptedPods ?? {}, [name2]: nowRFC3339() };
          pdb.status = st;
          return pdb;
        },
        { dryRun: del2.dryRun, retry: true, subresource: "status" }
      );
    }
  }
  await deleteObject(ctx, PODS, namespace, name2, del2);
}

// packages/apiserver/src/table/duration.ts
function humanDuration(ms) {
  const seconds = Math.trunc(ms / 1e3);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s2 = seconds % 60;
    return s2 === 0 ? `${minutes}m` : `${minutes}m${s2}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}
function since(timestamp, now) {
  if (!timestamp) return "<unknown>";
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return "<unknown>";
  return humanDuration(now.getTime() - t);
}

// packages/apiserver/src/table/format.ts
function formatLabels(labels) {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${labels[k]}`).join(",");
}
function selectorString(sel) {
  if (!sel) return "";
  const reqs = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...e.values ?? []].sort().join(",");
    switch (e.operator) {
      case "In":
        reqs.push({ key: e.key, text: `${e.key} in (${vals})` });
        break;
      case "NotIn":
        reqs.push({ key: e.key, text: `${e.key} notin (${vals})` });
        break;
      case "Exists":
        reqs.push({ key: e.key, text: e.key });
        break;
      case "DoesNotExist":
        reqs.push({ key: e.key, text: `!${e.key}` });
        break;
    }
  }
  reqs.sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return reqs.map((r) => r.text).join(",");
}
function formatLabelSelector(sel) {
  const s2 = selectorString(sel);
  return s2 === "" ? "<none>" : s2;
}
function containerCells(containers) {
  const list2 = containers ?? [];
  return [list2.map((c) => c.name ?? "").join(","), list2.map((c) => c.image ?? "").join(",")];
}
function listWithMore(list2, more, count, max) {
  const ret = list2.join(",");
  if (more) return `${ret} + ${count - max} more...`;
  return ret === "" ? "<unset>" : ret;
}
function joinHostPort(host, port) {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
function intOrString(v) {
  return typeof v === "number" ? String(v) : v;
}

// packages/apiserver/src/table/pod.ts
var NODE_UNREACHABLE_POD_REASON = "NodeLost";
var isSidecar = (c) => c?.restartPolicy === "Always";
function later(a, b) {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
function summarizePod(podObj) {
  const pod = podObj;
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initContainers = /* @__PURE__ */ new Map();
  let total = spec.containers?.length ?? 0;
  for (const c of spec.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isSidecar(c)) total++;
  }
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart;
  let lastSidecarRestart;
  const phase = status.phase ?? "";
  let reason = status.reason || phase;
  for (const c of status.conditions ?? []) {
    if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";
  }
  const initStatuses = status.initContainerStatuses ?? [];
  const initCount = spec.initContainers?.length ?? 0;
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
    const sidecar = isSidecar(initContainers.get(c.name));
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, c.lastState?.terminated?.finishedAt);
    }
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
      else reason = `Init:${term.reason}`;
    } else if (wait?.reason && wait.reason !== "PodInitializing") {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }
  const initialized = (status.conditions ?? []).some((c) => c.type === "Initialized" && c.status === "True");
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait?.reason) reason = wait.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      const podReady = (status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
      reason = podReady ? "Running" : "NotReady";
    }
  }
  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) reason = "Unknown";
  else if (pod.metadata.deletionTimestamp && phase !== "Succeeded" && phase !== "Failed") reason = "Terminating";
  return { ready, total, reason, restarts, lastRestart };
}
function podReadinessGates(podObj) {
  const pod = podObj;
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return "<none>";
  let trueCount = 0;
  for (const g of gates) {
    const c = (pod.status?.conditions ?? []).find((x) => x.type === g.conditionType);
    if (c?.status === "True") trueCount++;
  }
  return `${trueCount}/${gates.length}`;
}

// packages/apiserver/src/table/printers.ts
var NAME_DOC = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
var AGE_DOC = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
function col(name2, type, description, priority = 0, format = "") {
  return { name: name2, type, format, description, priority };
}
var NAME = col("Name", "string", NAME_DOC, 0, "name");
var AGE = col("Age", "string", AGE_DOC);
var CONTAINERS = col("Containers", "string", "Names of each container in the template.", 1);
var IMAGES = col("Images", "string", "Images referenced by each container in the template.", 1);
var SELECTOR = (doc) => col("Selector", "string", doc, 1);
var name = (o) => o.metadata.name ?? "";
var age = (o, now) => since(o.metadata.creationTimestamp, now);
var podPrinter = {
  columns: [
    NAME,
    col("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
    col("Status", "string", "The aggregate status of the containers in this pod."),
    col("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
    AGE,
    col("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
    col("Node", "string", "NodeName indicates in which node this pod is scheduled.", 1),
    col("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node.", 1),
    col("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", 1)
  ],
  cells(o, now) {
    const pod = o;
    const s2 = summarizePod(pod);
    const restarts = s2.restarts !== 0 && s2.lastRestart ? `${s2.restarts} (${since(s2.lastRestart, now)} ago)` : String(s2.restarts);
    const ip = pod.status?.podIPs?.[0]?.ip || "<none>";
    return [
      name(o),
      `${s2.ready}/${s2.total}`,
      s2.reason,
      restarts,
      age(o, now),
      ip,
      pod.spec?.nodeName || "<none>",
      pod.status?.nominatedNodeName || "<none>",
      podReadinessGates(pod)
    ];
  },
  conditions(o) {
    const phase = o.status?.phase;
    if (phase === "Succeeded") return [{ type: "Completed", status: "True", reason: "Succeeded", message: "The pod has completed successfully." }];
    if (phase === "Failed") return [{ type: "Completed", status: "True", reason: "Failed", message: "The pod failed." }];
    return void 0;
  }
};
function nodeRoles(labels) {
  const roles = /* @__PURE__ */ new Set();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role) roles.add(role);
    } else if (k === "kubernetes.io/role" && v !== "") roles.add(v);
  }
  return [...roles].sort();
}
function nodeStatus(node) {
  const n = node;
  const ready = n.status?.conditions?.find((c) => c.type === "Ready");
  const status = [];
  if (ready) status.push(ready.status === "True" ? "Ready" : "NotReady");
  else status.push("Unknown");
  if (n.spec?.unschedulable) status.push("SchedulingDisabled");
  return status.join(",");
}
var nodePrinter = {
  columns: [
    NAME,
    col("Status", "string", "The status of the node"),
    col("Roles", "string", "The roles of the node"),
    AGE,
    col("Version", "string", "Kubelet Version reported by the node."),
    col("Internal-IP", "string", "List of addresses reachable to the node.", 1),
    col("External-IP", "string", "List of addresses reachable to the node.", 1),
    col("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
    col("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    col("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1)
  ],
  cells(o, now) {
    const n = o;
    const info = n.status?.nodeInfo ?? {};
    const addr = (t) => n.status?.addresses?.find((a) => a.type === t)?.address || "<none>";
    return [
      name(o),
      nodeStatus(o),
      nodeRoles(o.metadata.labels).join(",") || "<none>",
      age(o, now),
      info.kubeletVersion ?? "",
      addr("InternalIP"),
      addr("ExternalIP"),
      info.osImage || "<unknown>",
      info.kernelVersion || "<unknown>",
      info.containerRuntimeVersion || "<unknown>"
    ];
  }
};
function loadBalancerIPs(svc, wide) {
  const set = /* @__PURE__ */ new Set();
  for (const i of svc.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  let r = [...set].sort().join(",");
  if (!wide && r.length > 16) r = `${r.slice(0, 13)}...`;
  return r;
}
function serviceExternalIP(o, wide = true) {
  const svc = o;
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? "ClusterIP") {
    case "ClusterIP":
    case "NodePort":
      return external.length ? external.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = loadBalancerIPs(svc, wide);
      if (external.length) return [...lb ? lb.split(",") : [], ...external].join(",");
      return lb || "<pending>";
    }
    case "ExternalName":
      return svc.spec?.externalName ?? "";
  }
  return "<unknown>";
}
function servicePorts(o) {
  const ports = o.spec?.ports ?? [];
  return ports.map((p) => p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? "TCP"}` : `${p.port}/${p.protocol ?? "TCP"}`).join(",");
}
var servicePrinter = {
  columns: [
    NAME,
    col("Type", "string", "type determines how the Service is exposed."),
    col("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
    col("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
    col("Port(s)", "string", "The list of ports that are exposed by this service."),
    AGE,
    SELECTOR("Route service traffic to pods with label keys and values matching this selector.")
  ],
  cells(o, now) {
    const svc = o;
    const clusterIP = svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP ?? "<none>";
    return [
      name(o),
      svc.spec?.type ?? "",
      clusterIP || "<none>",
      serviceExternalIP(o, true),
      servicePorts(o) || "<none>",
      age(o, now),
      formatLabels(svc.spec?.selector)
    ];
  }
};
function formatEndpoints(o) {
  const subsets = o.subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const list2 = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if (!ss.ports?.length) {
      count += addresses.length;
      for (const a of addresses) {
        if (list2.length === max) {
          more = true;
          break;
        }
        list2.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list2.length === max) {
          more = true;
          break;
        }
        list2.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list2.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}
var endpointsPrinter = {
  columns: [NAME, col("Endpoints", "string", "The set of all endpoints is the union of all subsets."), AGE],
  cells: (o, now) => [name(o), formatEndpoints(o), age(o, now)]
};
var endpointSlicePrinter = {
  columns: [
    NAME,
    col("AddressType", "string", "addressType specifies the type of address carried by this EndpointSlice."),
    col("Ports", "string", "ports specifies the list of network ports exposed by each endpoint in this slice."),
    col("Endpoints", "string", "endpoints is a list of unique endpoints in this slice."),
    AGE
  ],
  cells(o, now) {
    const es = o;
    const max = 3;
    const ports = [];
    let pc = 0;
    let pmore = false;
    for (const p of es.ports ?? []) {
      if (ports.length < max) ports.push(p.port !== void 0 && p.port !== null ? String(p.port) : p.name ?? "*");
      else pmore = true;
      pc++;
    }
    const addrs = [];
    let ac = 0;
    let amore = false;
    for (const e of es.endpoints ?? []) {
      for (const a of e.addresses ?? []) {
        if (addrs.length < max) addrs.push(a);
        else amore = true;
        ac++;
      }
    }
    return [name(o), es.addressType ?? "", listWithMore(ports, pmore, pc, max), listWithMore(addrs, amore, ac, max), age(o, now)];
  }
};
var deploymentPrinter = {
  columns: [
    NAME,
    col("Ready", "string", "Number of the pod with ready state"),
    col("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
    col("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR("Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.")
  ],
  cells(o, now) {
    const d = o;
    const [cs, is] = containerCells(d.spec?.template?.spec?.containers);
    return [
      name(o),
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      age(o, now),
      cs,
      is,
      selectorString(d.spec?.selector)
    ];
  }
};
var replicaSetPrinter = {
  columns: [
    NAME,
    col("Desired", "integer", "Replicas is the number of desired pods."),
    col("Current", "integer", "Replicas is the most recently observed number of replicas."),
    col("Ready", "integer", "The number of ready replicas for this replica set."),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR("Selector is a label query over pods that should match the replica count.")
  ],
  cells(o, now) {
    const r = o;
    const [cs, is] = containerCells(r.spec?.template?.spec?.containers);
    return [name(o), r.spec?.replicas ?? 0, r.status?.replicas ?? 0, r.status?.readyReplicas ?? 0, age(o, now), cs, is, selectorString(r.spec?.selector)];
  }
};
var daemonSetPrinter = {
  columns: [
    NAME,
    col("Desired", "integer", "The total number of nodes that should be running the daemon pod."),
    col("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
    col("Ready", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
    col("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"),
    col("Available", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available."),
    col("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node."),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR("A label query over pods that are managed by the daemon set.")
  ],
  cells(o, now) {
    const d = o;
    const s2 = d.status ?? {};
    const [cs, is] = containerCells(d.spec?.template?.spec?.containers);
    return [
      name(o),
      s2.desiredNumberScheduled ?? 0,
      s2.currentNumberScheduled ?? 0,
      s2.numberReady ?? 0,
      s2.updatedNumberScheduled ?? 0,
      s2.numberAvailable ?? 0,
      formatLabels(d.spec?.template?.spec?.nodeSelector),
      age(o, now),
      cs,
      is,
      selectorString(d.spec?.selector)
    ];
  }
};
function jobStatus(o) {
  const j = o;
  const has = (t) => (j.status?.conditions ?? []).some((c) => c.type === t && c.status === "True");
  if (has("Complete")) return "Complete";
  if (has("Failed")) return "Failed";
  if (o.metadata.deletionTimestamp) return "Terminating";
  if (has("Suspended")) return "Suspended";
  if (has("FailureTarget")) return "FailureTarget";
  if (has("SuccessCriteriaMet")) return "SuccessCriteriaMet";
  return "Running";
}
var jobPrinter = {
  columns: [
    NAME,
    col("Status", "string", "Status of the job."),
    col("Completions", "string", "The number of pods which reached phase Succeeded."),
    col("Duration", "string", "Time required to complete the job."),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR("A label query over pods that should match the pod count.")
  ],
  cells(o, now) {
    const j = o;
    const succeeded = j.status?.succeeded ?? 0;
    let completions;
    if (j.spec?.completions !== void 0 && j.spec.completions !== null) completions = `${succeeded}/${j.spec.completions}`;
    else if ((j.spec?.parallelism ?? 0) > 1) completions = `${succeeded}/1 of ${j.spec?.parallelism}`;
    else completions = `${succeeded}/1`;
    let duration = "";
    const start = j.status?.startTime;
    const end = j.status?.completionTime;
    if (start && !end) duration = since(start, now);
    else if (start && end) duration = humanDuration(Date.parse(end) - Date.parse(start));
    const [cs, is] = containerCells(j.spec?.template?.spec?.containers);
    return [name(o), jobStatus(o), completions, duration, age(o, now), cs, is, selectorString(j.spec?.selector)];
  }
};
var boolPtr = (v) => v === void 0 || v === null ? "<unset>" : v ? "True" : "False";
var cronJobPrinter = {
  columns: [
    NAME,
    col("Schedule", "string", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
    col("Timezone", "string", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
    col("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions."),
    col("Active", "integer", "A list of pointers to currently running jobs."),
    col("Last Schedule", "string", "Information when was the last time the job was successfully scheduled."),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR("A label query over pods that should match the pod count.")
  ],
  cells(o, now) {
    const c = o;
    const jt = c.spec?.jobTemplate?.spec;
    const [cs, is] = containerCells(jt?.template?.spec?.containers);
    return [
      name(o),
      c.spec?.schedule ?? "",
      c.spec?.timeZone ?? "<none>",
      boolPtr(c.spec?.suspend),
      c.status?.active?.length ?? 0,
      c.status?.lastScheduleTime ? since(c.status.lastScheduleTime, now) : "<none>",
      age(o, now),
      cs,
      is,
      formatLabelSelector(jt?.selector)
    ];
  }
};
var namespacePrinter = {
  columns: [NAME, col("Status", "string", "The status of the namespace"), AGE],
  cells: (o, now) => [name(o), o.status?.phase ?? "", age(o, now)]
};
var configMapPrinter = {
  columns: [NAME, col("Data", "string", "Data contains the configuration data."), AGE],
  cells(o, now) {
    const c = o;
    return [name(o), Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length, age(o, now)];
  }
};
var secretPrinter = {
  columns: [NAME, col("Type", "string", "Used to facilitate programmatic handling of secret data."), col("Data", "string", "Data contains the secret data."), AGE],
  cells(o, now) {
    const s2 = o;
    return [name(o), s2.type ?? "", Object.keys(s2.data ?? {}).length, age(o, now)];
  }
};
var serviceAccountPrinter = {
  columns: [NAME, col("Secrets", "string", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), AGE],
  cells: (o, now) => [name(o), o.secrets?.length ?? 0, age(o, now)]
};
var eventPrinter = {
  columns: [
    col("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
    col("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
    col("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    col("Object", "string", "The object that this event is about."),
    col("Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go-field access statement.", 1),
    col("Source", "string", "The component reporting this event. Should be a short machine understandable string.", 1),
    col("Message", "string", "A human-readable description of the status of this operation."),
    col("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
    col("Count", "string", "The number of times this event has occurred.", 1),
    col("Name", "string", NAME_DOC, 1, "name")
  ],
  cells(o, now) {
    const e = o;
    const first = e.firstTimestamp ? since(e.firstTimestamp, now) : since(e.eventTime, now);
    let last = e.lastTimestamp ? since(e.lastTimestamp, now) : first;
    let count = e.count ?? 0;
    if (e.series) {
      last = since(e.series.lastObservedTime, now);
      count = e.series.count ?? 0;
    } else if (count === 0) count = 1;
    const kind = (e.involvedObject?.kind ?? "").toLowerCase();
    const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
    const component = e.source?.component || e.reportingComponent || "";
    const instance = e.source?.host || e.reportingInstance || "";
    const source = instance ? `${component}, ${instance}` : component;
    return [last, e.type ?? "", e.reason ?? "", target, e.involvedObject?.fieldPath ?? "", source, (e.message ?? "").trim(), first, count, name(o)];
  }
};
var leasePrinter = {
  columns: [NAME, col("Holder", "string", "holderIdentity contains the identity of the holder of a current lease."), AGE],
  cells: (o, now) => [name(o), o.spec?.holderIdentity ?? "", age(o, now)]
};
var priorityClassPrinter = {
  columns: [
    NAME,
    col("Value", "integer", "value represents the integer value of this priority class."),
    col("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class."),
    AGE,
    col("PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with lower priority.")
  ],
  cells(o, now) {
    const p = o;
    return [name(o), p.value ?? 0, p.globalDefault ?? false, age(o, now), p.preemptionPolicy ?? ""];
  }
};
var pdbPrinter = {
  columns: [
    NAME,
    col("Min Available", "string", "The minimum number of pods that must be available."),
    col("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
    col("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
    AGE
  ],
  cells(o, now) {
    const p = o;
    const min = p.spec?.minAvailable;
    const max = p.spec?.maxUnavailable;
    return [
      name(o),
      min === void 0 || min === null ? "N/A" : intOrString(min),
      max === void 0 || max === null ? "N/A" : intOrString(max),
      p.status?.disruptionsAllowed ?? 0,
      age(o, now)
    ];
  }
};
var controllerRevisionPrinter = {
  columns: [NAME, col("Controller", "string", "Controller of the object"), col("Revision", "string", "Revision indicates the revision of the state represented by Data."), AGE],
  cells(o, now) {
    const ref2 = o.metadata.ownerReferences?.find((r) => r.controller);
    let controller = "<none>";
    if (ref2) {
      const slash = ref2.apiVersion.indexOf("/");
      const group = slash >= 0 ? ref2.apiVersion.slice(0, slash) : "";
      const gk = group ? `${ref2.kind}.${group}` : ref2.kind;
      controller = gk ? `${gk.toLowerCase()}/${ref2.name}` : ref2.name;
    }
    return [name(o), controller, o.revision ?? 0, age(o, now)];
  }
};
var PRINTERS = {
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
  ControllerRevision: controllerRevisionPrinter
};
var DEFAULT_PRINTER = {
  columns: [NAME, col("Created At", "date", AGE_DOC)],
  cells: (o) => [name(o), o.metadata.creationTimestamp ?? null]
};

// packages/apiserver/src/table/index.ts
function rowObject(obj2, include) {
  switch (include) {
    case "None":
      return null;
    case "Object":
      return obj2;
    default:
      return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj2.metadata };
  }
}
function toTable(r, objects, opts = {}) {
  const printer = PRINTERS[r.kind] ?? DEFAULT_PRINTER;
  const now = opts.now ?? /* @__PURE__ */ new Date();
  const include = opts.includeObject ?? "Metadata";
  const rows = objects.map((obj2) => {
    const row = { cells: printer.cells(obj2, now), object: rowObject(obj2, include) };
    const conditions2 = printer.conditions?.(obj2);
    if (conditions2) row.conditions = conditions2;
    return row;
  });
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { ...opts.listMeta ?? {} },
    columnDefinitions: printer.columns.map((c) => ({ ...c })),
    rows
  };
}

// packages/apiserver/src/rest/request.ts
function q2(query, key) {
  const v = query[key];
  return Array.isArray(v) ? v[0] : v;
}
function isTrue(v) {
  return v === "1" || v === "true";
}
function writeOptions(query) {
  const dry = query.dryRun;
  const dryValues = dry === void 0 ? [] : Array.isArray(dry) ? dry : [dry];
  for (const d of dryValues) {
    if (d !== "All") throw badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  }
  const fv = q2(query, "fieldValidation") ?? "Warn";
  if (fv !== "Ignore" && fv !== "Warn" && fv !== "Strict") {
    throw badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Warn", "Strict"`);
  }
  return { dryRun: dryValues.length > 0, fieldValidation: fv, fieldManager: q2(query, "fieldManager"), warnings: [] };
}
function parseIntParam(query, key) {
  const v = q2(query, key);
  if (v === void 0 || v === "") return void 0;
  if (!/^-?\d+$/.test(v)) throw badRequest(`invalid value for ${key}: ${JSON.stringify(v)}: strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}
function warningHeader(text) {
  return `299 - "${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
function sendJson(reply, code, json, warnings) {
  if (warnings && warnings.length) reply.header("Warning", warnings.map(warningHeader));
  reply.code(code).header("Content-Type", "application/json").send(json);
}
function wantsTable(accept) {
  return !!accept && accept.includes("as=Table");
}
function includeObjectParam(query) {
  const v = q2(query, "includeObject");
  if (v === void 0 || v === "") return void 0;
  if (v !== "None" && v !== "Metadata" && v !== "Object") {
    throw badRequest(`includeObject: Unsupported value: "${v}": supported values: "None", "Metadata", "Object"`);
  }
  return v;
}
function tableJson(r, objects, query, listMeta) {
  return JSON.stringify(toTable(r, objects, { includeObject: includeObjectParam(query), listMeta }));
}

// packages/apiserver/src/rest/scale.ts
function scaleOf(obj2) {
  const m = obj2.metadata;
  const spec = obj2.spec ?? {};
  const status = obj2.status ?? {};
  const metadata = { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata,
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector) }
  };
}
var SCALE = { group: "autoscaling", version: "v1", kind: "Scale", plural: "scale", singular: "scale", namespaced: true };
async function updateScale(ctx, r, namespace, name2, toScale, dryRun) {
  const result = await updateObject(
    ctx,
    r,
    namespace,
    name2,
    (cur, entry) => {
      const scale2 = toScale(scaleOf({ ...cur, metadata: { ...cur.metadata, resourceVersion: String(entry.resourceVersion) } }));
      if (scale2.metadata?.name !== void 0 && scale2.metadata.name !== name2) {
        throw badRequest(`the name of the object (${scale2.metadata.name}) does not match the name on the URL (${name2})`);
      }
      const rv = scale2.metadata?.resourceVersion;
      if (rv && rv !== String(entry.resourceVersion)) throw conflictFor(r, name2);
      const replicas = scale2.spec?.replicas;
      if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
        throw invalidFor(SCALE, name2, [
          { reason: "FieldValueInvalid", field: "spec.replicas", message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0` }
        ]);
      }
      cur.spec = { ...cur.spec ?? {}, replicas };
      return cur;
    },
    { dryRun, retry: true }
  );
  return { result, scale: scaleOf(result.object) };
}

// packages/apiserver/src/rest/watch.ts
var MAX_WATCH_BUFFER_BYTES = 16 * 1024 * 1024;
var MIN_REQUEST_TIMEOUT_SECONDS = 1800;
function eventTransformer(r, query, accept) {
  if (!accept || !accept.includes("as=Table")) return void 0;
  const includeObject = includeObjectParam(query);
  return (ev) => {
    if (ev.type === "BOOKMARK") return ev.json;
    const parsed = JSON.parse(ev.json);
    return JSON.stringify({ type: parsed.type, object: toTable(r, [parsed.object], { includeObject }) });
  };
}
function sendInitialEvents(v) {
  if (v === void 0 || v === "") return void 0;
  return isTrue(v);
}
function errorEventJson(err) {
  return JSON.stringify({ type: "ERROR", object: err.status });
}
function openWatch(ctx, t, query, accept, sink) {
  const transform = eventTransformer(t.r, query, accept);
  const timeoutSeconds = parseIntParam(query, "timeoutSeconds");
  const timeoutMs = (timeoutSeconds !== void 0 && timeoutSeconds > 0 ? timeoutSeconds : MIN_REQUEST_TIMEOUT_SECONDS * (1 + Math.random())) * 1e3;
  const rv = q2(query, "resourceVersion");
  let closed = false;
  let handle;
  const stop = () => {
    closed = true;
    handle?.stop();
  };
  const send = (ev) => {
    if (closed) return;
    let line;
    try {
      line = transform ? transform(ev) : ev.json;
    } catch (err) {
      ctx.log.error({ err }, "watch event transform failed");
      return;
    }
    if (!sink.send(line)) {
      ctx.log.warn({ resource: t.r.plural }, "watcher too slow; closing it");
      stop();
      sink.end();
    }
  };
  try {
    handle = ctx.store.watch(
      t.r,
      {
        namespace: t.namespace,
        labelSelector: q2(query, "labelSelector"),
        fieldSelector: q2(query, "fieldSelector"),
        // Unset and "0" both start with synthetic ADDED events for what exists (Kubernetes' watch semantics).
        resourceVersion: rv === void 0 || rv === "" ? "0" : rv,
        allowWatchBookmarks: isTrue(q2(query, "allowWatchBookmarks")),
        sendInitialEvents: sendInitialEvents(q2(query, "sendInitialEvents"))
      },
      send
    );
  } catch (err) {
    const se = asStatusError(err);
    if (se.code === 410) return { expired: se };
    throw se;
  }
  if (closed) handle.stop();
  return { stop, timeoutMs };
}
function serveHttpWatch(ctx, t, query, accept, res) {
  const held = [];
  let live = false;
  let corked = false;
  const write = (line) => {
    if (!corked) {
      corked = true;
      res.cork();
      process.nextTick(() => {
        corked = false;
        res.uncork();
      });
    }
    res.write(line + "\n");
    return res.writableLength <= MAX_WATCH_BUFFER_BYTES;
  };
  const sink = {
    send: (line) => {
      if (!live) {
        held.push(line);
        return true;
      }
      return write(line);
    },
    end: () => {
      if (!res.writableEnded) res.end();
    }
  };
  const opened = openWatch(ctx, t, query, accept, sink);
  res.writeHead(200, {
    "Content-Type": "application/json",
    "Transfer-Encoding": "chunked",
    "Cache-Control": "no-cache, private"
  });
  if ("expired" in opened) {
    res.end(errorEventJson(opened.expired) + "\n");
    return;
  }
  res.flushHeaders();
  live = true;
  for (const line of held) {
    if (!write(line)) {
      opened.stop();
      res.end();
      return;
    }
  }
  held.length = 0;
  const timer = setTimeout(() => {
    opened.stop();
    sink.end();
  }, opened.timeoutMs);
  timer.unref();
  res.on("close", () => {
    clearTimeout(timer);
    opened.stop();
  });
}
function serveWebSocketWatch(ctx, t, query, accept, ws) {
  const sink = {
    send: (line) => {
      if (ws.readyState !== ws.OPEN) return true;
      ws.send(line);
      return ws.bufferedAmount <= MAX_WATCH_BUFFER_BYTES;
    },
    end: () => ws.close(1e3)
  };
  let opened;
  try {
    opened = openWatch(ctx, t, query, accept, sink);
  } catch (err) {
    ws.send(errorEventJson(asStatusError(err)));
    ws.close(1e3);
    return;
  }
  if ("expired" in opened) {
    ws.send(errorEventJson(opened.expired));
    ws.close(1e3);
    return;
  }
  const timer = setTimeout(() => {
    opened.stop();
    ws.close(1e3);
  }, opened.timeoutMs);
  timer.unref();
  ws.on("close", () => {
    clearTimeout(timer);
    opened.stop();
  });
  ws.on("error", () => opened.stop());
}

// packages/apiserver/src/rest/apply.ts
var SKIP_META = /* @__PURE__ */ new Set(["name", "namespace", "resourceVersion", "uid", "creationTimestamp", "generation", "managedFields"]);
function fieldSet(v, top = false, inMeta = false) {
  const out = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      if (item && typeof item === "object" && !Array.isArray(item) && typeof item.name === "string") {
        out[`k:${JSON.stringify({ name: item.name })}`] = { ".": {}, ...fieldSet(item) };
      } else if (typeof item !== "object" || item === null) {
        out[`v:${JSON.stringify(item)}`] = {};
      }
    }
    return out;
  }
  if (!v || typeof v !== "object") return out;
  for (const [k, child] of Object.entries(v)) {
    if (top && (k === "apiVersion" || k === "kind")) continue;
    if (inMeta && SKIP_META.has(k)) continue;
    out[`f:${k}`] = child && typeof child === "object" ? fieldSet(child, false, top && k === "metadata") : {};
  }
  return out;
}
function appliedFields(obj2) {
  return fieldSet(obj2, true);
}
function withApplyEntry(existing, manager, applied) {
  const others = (existing ?? []).filter((e) => !(e.manager === manager && e.operation === "Apply"));
  return [
    ...others,
    { manager, operation: "Apply", apiVersion: applied.apiVersion, time: nowRFC3339(), fieldsType: "FieldsV1", fieldsV1: appliedFields(applied) }
  ];
}

// packages/apiserver/src/rest/handlers.ts
var NAMESPACE_MISMATCH = "the namespace of the provided object does not match the namespace sent on the request";
function bodyOf(req) {
  const b = req.body;
  return typeof b === "string" ? b : b === void 0 || b === null ? "" : String(b);
}
function contentType(req) {
  return (req.headers["content-type"] ?? "application/json").split(";")[0].trim().toLowerCase();
}
function decodeObject(req, r, wo) {
  const body = bodyOf(req);
  const obj2 = asObjectFor(parseBody(body, contentType(req)), r, body);
  checkDecodedFields(r, obj2, wo);
  return obj2;
}
function setNamespace(t, obj2) {
  if (!t.r.namespaced) return;
  const ns = obj2.metadata.namespace;
  if (ns !== void 0 && ns !== "" && ns !== t.namespace) throw badRequest(NAMESPACE_MISMATCH);
  obj2.metadata.namespace = t.namespace;
}
function checkName(t, obj2) {
  if (obj2.metadata.name !== t.name) {
    throw badRequest(`the name of the object (${obj2.metadata.name ?? ""}) does not match the name on the URL (${t.name})`);
  }
}
async function handleResource(ctx, t, req, reply) {
  const query = req.query;
  const { r, name: name2, subresource } = t;
  if (r.namespaced && name2 !== void 0 && t.namespace === void 0) throw notFoundPath();
  if (subresource !== void 0 && !r.subresources?.includes(subresource)) throw notFoundPath();
  const method = req.method;
  const watch = t.watchPath || isTrue(q2(query, "watch"));
  if (name2 === void 0) {
    switch (method) {
      case "GET":
        return watch ? startWatch(ctx, t, req, reply) : list(ctx, t, req, reply);
      case "POST":
        if (r.namespaced && t.namespace === void 0) throw methodNotAllowed(method, `${r.plural} without a namespace`);
        return create(ctx, t, req, reply);
      case "DELETE":
        if (r.verbs && !r.verbs.includes("deletecollection")) throw methodNotAllowed(method, r.plural);
        return deleteCollection(ctx, t, req, reply);
      default:
        throw methodNotAllowed(method, r.plural);
    }
  }
  if (watch && method === "GET" && subresource === void 0) {
    const fs = q2(query, "fieldSelector");
    const byName = `metadata.name=${name2}`;
    query.fieldSelector = fs ? `${fs},${byName}` : byName;
    return startWatch(ctx, { ...t, name: void 0 }, req, reply);
  }
  switch (subresource) {
    case void 0:
      switch (method) {
        case "GET":
          return get(ctx, t, req, reply);
        case "PUT":
          return update(ctx, t, req, reply);
        case "PATCH":
          return patch(ctx, t, req, reply);
        case "DELETE":
          return del(ctx, t, req, reply);
      }
      throw methodNotAllowed(method, `${r.plural}/${name2}`);
    case "status":
      if (method === "GET") return get(ctx, t, req, reply);
      if (method === "PUT") return updateStatus(ctx, t, req, reply);
      if (method === "PATCH") return patch(ctx, t, req, reply);
      throw methodNotAllowed(method, `${r.plural}/status`);
    case "scale":
      return scale(ctx, t, req, reply);
    case "binding":
      if (method !== "POST") throw methodNotAllowed(method, "pods/binding");
      return binding(ctx, t, req, reply);
    case "eviction":
      if (method !== "POST") throw methodNotAllowed(method, "pods/eviction");
      return eviction(ctx, t, req, reply);
    default:
      throw notFoundPath();
  }
}
function get(ctx, t, req, reply) {
  const e = ctx.store.get(t.r, t.namespace, t.name);
  if (!e) throw notFoundFor(t.r, t.name);
  if (wantsTable(req.headers.accept)) return sendJson(reply, 200, tableJson(t.r, [e.object], req.query));
  sendJson(reply, 200, e.json);
}
function list(ctx, t, req, reply) {
  const query = req.query;
  const limit = parseIntParam(query, "limit");
  const res = ctx.store.list(t.r, {
    namespace: t.namespace,
    labelSelector: q2(query, "labelSelector"),
    fieldSelector: q2(query, "fieldSelector"),
    limit: limit !== void 0 && limit > 0 ? limit : void 0,
    continue: q2(query, "continue") || void 0
  });
  const meta = { resourceVersion: String(res.resourceVersion) };
  if (res.continue) meta.continue = res.continue;
  if (res.remainingItemCount !== void 0) meta.remainingItemCount = res.remainingItemCount;
  if (wantsTable(req.headers.accept)) {
    return sendJson(reply, 200, tableJson(t.r, res.items.map((e) => e.object), query, meta));
  }
  let body = `{"kind":"${t.r.kind}List","apiVersion":"${groupVersion(t.r)}","metadata":${JSON.stringify(meta)},"items":[`;
  for (let i = 0; i < res.items.length; i++) body += (i ? "," : "") + res.items[i].json;
  body += "]}";
  sendJson(reply, 200, body);
}
function startWatch(ctx, t, req, reply) {
  parseIntParam(req.query, "timeoutSeconds");
  reply.hijack();
  const res = reply.raw;
  try {
    serveHttpWatch(ctx, t, req.query, req.headers.accept, res);
  } catch (err) {
    const se = asStatusError(err);
    if (!res.headersSent) {
      res.writeHead(se.code, { "Content-Type": "application/json" });
      res.end(JSON.stringify(se.status));
    } else res.destroy();
  }
}
async function create(ctx, t, req, reply) {
  const wo = writeOptions(req.query);
  const obj2 = decodeObject(req, t.r, wo);
  setNamespace(t, obj2);
  if (obj2.metadata.resourceVersion) {
    throw statusError(500, "InternalError", "Internal error occurred: resourceVersion should not be set on objects to be created", {
      causes: [{ message: "resourceVersion should not be set on objects to be created" }]
    });
  }
  const res = await createObject(ctx, t.r, obj2, wo.dryRun);
  sendJson(reply, 201, res.json, wo.warnings);
}
async function update(ctx, t, req, reply) {
  const wo = writeOptions(req.query);
  const obj2 = decodeObject(req, t.r, wo);
  checkName(t, obj2);
  setNamespace(t, obj2);
  const bodyRV = obj2.metadata.resourceVersion;
  const res = await updateObject(
    ctx,
    t.r,
    t.namespace,
    t.name,
    (_cur, entry) => {
      if (bodyRV && bodyRV !== String(entry.resourceVersion)) throw conflictFor(t.r, t.name);
      return clone(obj2);
    },
    {
      dryRun: wo.dryRun,
      retry: !bodyRV,
      createIfMissing: allowCreateOnUpdate(t.r) ? () => createObject(ctx, t.r, clone(obj2), wo.dryRun) : void 0
    }
  );
  sendJson(reply, res.created ? 201 : 200, res.json, wo.warnings);
}
async function updateStatus(ctx, t, req, reply) {
  const wo = writeOptions(req.query);
  const obj2 = decodeObject(req, t.r, wo);
  checkName(t, obj2);
  setNamespace(t, obj2);
  const bodyRV = obj2.metadata.resourceVersion;
  const res = await updateObject(
    ctx,
    t.r,
    t.namespace,
    t.name,
    (cur, entry) => {
      if (bodyRV && bodyRV !== String(entry.resourceVersion)) throw conflictFor(t.r, t.name);
      return prepareForStatusUpdate(obj2, cur);
    },
    { dryRun: wo.dryRun, retry: !bodyRV, subresource: "status" }
  );
  sendJson(reply, 200, res.json, wo.warnings);
}
var PATCH_TYPES2 = "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json";
function parsePatchJson(body) {
  try {
    return JSON.parse(body);
  } catch (e) {
    throw badRequest(`error decoding patch: ${e.message}`);
  }
}
function patchFunction(ct, body, r) {
  switch (ct) {
    case "application/json-patch+json": {
      const ops = parsePatchJson(body);
      return (doc) => applyJsonPatch(doc, ops);
    }
    case "application/merge-patch+json": {
      const p = parsePatchJson(body);
      return (doc) => applyMergePatch(doc, p);
    }
    case "application/strategic-merge-patch+json": {
      const p = parsePatchJson(body);
      return (doc) => applyStrategicMergePatch(doc, p, r.kind);
    }
    case "application/apply-patch+yaml":
      return void 0;
    default:
      throw statusError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES2}`);
  }
}
function checkPatched(t, patched, wo) {
  if (!patched || typeof patched !== "object" || Array.isArray(patched)) throw badRequest("the patched object is not a JSON object");
  const obj2 = patched;
  if (obj2.apiVersion !== groupVersion(t.r) || obj2.kind !== t.r.kind) {
    throw badRequest(`the API version in the data (${String(obj2.apiVersion)}) does not match the expected API version (${groupVersion(t.r)})`);
  }
  obj2.metadata ??= {};
  checkName(t, obj2);
  if (t.r.namespaced && obj2.metadata.namespace !== t.namespace) throw badRequest(NAMESPACE_MISMATCH);
  checkDecodedFields(t.r, obj2, wo);
  return obj2;
}
async function patch(ctx, t, req, reply) {
  const wo = writeOptions(req.query);
  const ct = contentType(req);
  const body = bodyOf(req);
  const fn = patchFunction(ct, body, t.r);
  if (!fn) return apply(ctx, t, req, reply, wo);
  const status = t.subresource === "status";
  let warned = false;
  const res = await updateObject(
    ctx,
    t.r,
    t.namespace,
    t.name,
    (cur, entry) => {
      const attemptWo = warned ? { ...wo, warnings: [] } : wo;
      const patched = checkPatched(t, fn(cur), attemptWo);
      warned = true;
      const rv = patched.metadata.resourceVersion;
      if (rv && rv !== String(entry.resourceVersion)) throw conflictFor(t.r, t.name);
      return status ? prepareForStatusUpdate(patched, cur) : patched;
    },
    { dryRun: wo.dryRun, retry: true, subresource: status ? "status" : void 0 }
  );
  sendJson(reply, 200, res.json, wo.warnings);
}
async function apply(ctx, t, req, reply, wo) {
  if (!wo.fieldManager) throw badRequest("PATCH with apply requires a fieldManager: set the fieldManager query parameter");
  if (t.subresource) throw badRequest(`apply is not supported on the ${t.subresource} subresource`);
  const manager = wo.fieldManager;
  const applied = decodeObject(req, t.r, wo);
  checkName(t, applied);
  setNamespace(t, applied);
  delete applied.metadata.managedFields;
  const bodyRV = applied.metadata.resourceVersion;
  const res = await updateObject(
    ctx,
    t.r,
    t.namespace,
    t.name,
    (cur, entry) => {
      if (bodyRV && bodyRV !== String(entry.resourceVersion)) throw conflictFor(t.r, t.name);
      const merged = applyStrategicMergePatch(cur, applied, t.r.kind);
      merged.metadata.managedFields = withApplyEntry(cur.metadata.managedFields, manager, applied);
      return merged;
    },
    {
      dryRun: wo.dryRun,
      retry: true,
      createIfMissing: () => {
        const obj2 = clone(applied);
        if (bodyRV) throw notFoundFor(t.r, t.name);
        obj2.metadata.managedFields = withApplyEntry(void 0, manager, applied);
        return createObject(ctx, t.r, obj2, wo.dryRun);
      }
    }
  );
  sendJson(reply, res.created ? 201 : 200, res.json, wo.warnings);
}
async function scale(ctx, t, req, reply) {
  const { r, namespace, name: name2 } = t;
  if (req.method === "GET") {
    const e = ctx.store.get(r, namespace, name2);
    if (!e) throw notFoundFor(r, name2);
    return sendJson(reply, 200, JSON.stringify(scaleOf(e.object)));
  }
  const wo = writeOptions(req.query);
  const SCALE_RI = { group: "autoscaling", version: "v1", kind: "Scale", plural: "scale", singular: "scale", namespaced: true };
  let toScale;
  if (req.method === "PUT") {
    const body = bodyOf(req);
    const s2 = asObjectFor(parseBody(body, contentType(req)), SCALE_RI, body);
    toScale = () => clone(s2);
  } else if (req.method === "PATCH") {
    const ct = contentType(req);
    const fn = patchFunction(ct, bodyOf(req), SCALE_RI);
    if (!fn) throw badRequest("apply is not supported on the scale subresource");
    toScale = (cur) => fn(cur);
  } else throw methodNotAllowed(req.method, `${r.plural}/scale`);
  const res = await updateScale(ctx, r, namespace, name2, toScale, wo.dryRun);
  sendJson(reply, 200, JSON.stringify(res.scale));
}
var BINDING_RI = { group: "", version: "v1", kind: "Binding", plural: "bindings", singular: "binding", namespaced: true };
var EVICTION_RI = { group: "policy", version: "v1", kind: "Eviction", plural: "evictions", singular: "eviction", namespaced: true };
async function binding(ctx, t, req, reply) {
  const wo = writeOptions(req.query);
  const body = bodyOf(req);
  const b = asObjectFor(parseBody(body, contentType(req)), BINDING_RI, body);
  await bindPod(ctx, t.namespace, t.name, b, wo.dryRun);
  sendJson(reply, 201, CREATED_STATUS_JSON);
}
async function eviction(ctx, t, req, reply) {
  const wo = writeOptions(req.query);
  const body = bodyOf(req);
  const parsed = parseBody(body, contentType(req));
  const ri = parsed && typeof parsed === "object" && parsed.apiVersion === "policy/v1beta1" ? { ...EVICTION_RI, version: "v1beta1" } : EVICTION_RI;
  const ev = asObjectFor(parsed, ri, body);
  await evictPod(ctx, t.namespace, t.name, ev, wo.dryRun);
  sendJson(reply, 201, CREATED_STATUS_JSON);
}
var POLICIES = /* @__PURE__ */ new Set(["Foreground", "Background", "Orphan"]);
function deleteOptions(req, wo) {
  const query = req.query;
  const body = bodyOf(req);
  let b = {};
  if (body.trim() !== "") {
    const parsed = parseBody(body, contentType(req));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) b = parsed;
    else throw badRequest("the body of a DELETE must be a DeleteOptions object");
  }
  const o = { dryRun: wo.dryRun || Array.isArray(b.dryRun) && b.dryRun.includes("All") };
  const grace = parseIntParam(query, "gracePeriodSeconds") ?? b.gracePeriodSeconds;
  if (grace !== void 0 && grace !== null) o.gracePeriodSeconds = Number(grace);
  const policy = q2(query, "propagationPolicy") ?? b.propagationPolicy;
  if (policy !== void 0 && policy !== null) {
    if (!POLICIES.has(policy)) {
      throw invalidFor({ group: "meta.k8s.io", version: "v1", kind: "DeleteOptions", plural: "deleteoptions", singular: "", namespaced: false }, "", [
        { reason: "FieldValueNotSupported", field: "propagationPolicy", message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"` }
      ]);
    }
    o.propagationPolicy = policy;
  }
  const orphan = q2(query, "orphanDependents") ?? b.orphanDependents;
  if (orphan !== void 0 && orphan !== null) o.orphanDependents = orphan === true || orphan === "true";
  if (b.preconditions && typeof b.preconditions === "object") o.preconditions = b.preconditions;
  return o;
}
async function deleteOne(ctx, r, namespace, name2, o) {
  return r.kind === "Namespace" ? deleteNamespace(ctx, name2, o) : deleteObject(ctx, r, namespace, name2, o);
}
async function del(ctx, t, req, reply) {
  const wo = writeOptions(req.query);
  const o = deleteOptions(req, wo);
  const res = await deleteOne(ctx, t.r, t.namespace, t.name, o);
  const code = !res.deleted && o.orphanDependents === false ? 202 : 200;
  sendJson(reply, code, res.json, wo.warnings);
}
async function deleteCollection(ctx, t, req, reply) {
  const query = req.query;
  const wo = writeOptions(query);
  const o = deleteOptions(req, wo);
  const res = ctx.store.list(t.r, { namespace: t.namespace, labelSelector: q2(query, "labelSelector"), fieldSelector: q2(query, "fieldSelector") });
  const items = [];
  for (const e of res.items) {
    const m = e.object.metadata;
    try {
      const d = await deleteOne(ctx, t.r, m.namespace, m.name ?? "", o);
      items.push(JSON.stringify(d.object));
    } catch (err) {
      if (err.code === 404) continue;
      throw err;
    }
  }
  const body = `{"kind":"${t.r.kind}List","apiVersion":"${groupVersion(t.r)}","metadata":{"resourceVersion":"${ctx.store.resourceVersion}"},"items":[${items.join(",")}]}`;
  sendJson(reply, 200, body);
}

// packages/apiserver/src/rest/path.ts
function parseResourcePath(pathname) {
  const segs = pathname.split("/");
  let group;
  let version;
  let i;
  if (segs[1] === "api") {
    group = "";
    version = segs[2];
    i = 3;
  } else if (segs[1] === "apis") {
    group = segs[2];
    version = segs[3];
    i = 4;
  } else return void 0;
  if (!version) return void 0;
  let rest = segs.slice(i);
  if (rest.length > 0 && rest[rest.length - 1] === "") rest = rest.slice(0, -1);
  let watchPath = false;
  if (rest[0] === "watch") {
    watchPath = true;
    rest = rest.slice(1);
  }
  if (rest.length === 0) return void 0;
  let dec;
  try {
    dec = rest.map(decodeURIComponent);
  } catch {
    return void 0;
  }
  if (dec[0] === "namespaces" && dec.length >= 3) {
    const r2 = resourceForPath(group, version, dec[2]);
    if (r2 && r2.namespaced) {
      if (dec.length > 5) return void 0;
      return { r: r2, namespace: dec[1], name: dec[3], subresource: dec[4], watchPath };
    }
  }
  const r = resourceForPath(group, version, dec[0]);
  if (!r || dec.length > 3) return void 0;
  return { r, name: dec[1], subresource: dec[2], watchPath };
}

// packages/apiserver/src/bootstrap.ts
import { networkInterfaces } from "node:os";
var byKind = (kind) => RESOURCES.find((r) => r.kind === kind);
var SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];
function advertiseAddress(host) {
  if (host !== "0.0.0.0" && host !== "::" && /^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
  if (host === "0.0.0.0" || host === "::") {
    for (const addrs of Object.values(networkInterfaces())) {
      for (const a of addrs ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
    }
  }
  return "127.0.0.1";
}
async function ensure(ctx, r, obj2) {
  if (ctx.store.get(r, obj2.metadata.namespace, obj2.metadata.name)) return;
  try {
    await createObject(ctx, r, structuredClone(obj2), false);
  } catch (err) {
    if (err.code !== 409) throw err;
  }
}
async function bootstrap(ctx, opts) {
  for (const name2 of SYSTEM_NAMESPACES) {
    await ensure(ctx, byKind("Namespace"), { apiVersion: "v1", kind: "Namespace", metadata: { name: name2 } });
  }
  for (const pc of SYSTEM_PRIORITY_CLASSES2) await ensure(ctx, byKind("PriorityClass"), pc);
  await ensure(ctx, byKind("Service"), {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } },
    spec: {
      type: "ClusterIP",
      clusterIP: ctx.admission.services.ips.firstAddress(),
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: opts.port }],
      sessionAffinity: "None"
    }
  });
  const endpoints = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "kubernetes", namespace: "default", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
    subsets: [{ addresses: [{ ip: opts.address }], ports: [{ name: "https", port: opts.port, protocol: "TCP" }] }]
  };
  const EP = byKind("Endpoints");
  const cur = ctx.store.get(EP, "default", "kubernetes");
  if (!cur) await ensure(ctx, EP, endpoints);
  else if (!deepEqual(cur.object.subsets, endpoints.subsets)) {
    await updateObject(ctx, EP, "default", "kubernetes", (o) => ({ ...o, subsets: endpoints.subsets }), { dryRun: false, retry: true });
  }
}

// packages/apiserver/src/server.ts
var NAMESPACES3 = RESOURCES.find((r) => r.kind === "Namespace");
function sendStatus(reply, err) {
  reply.code(err.code).header("Content-Type", "application/json").send(JSON.stringify(err.status));
}
function toStatus(err, log) {
  const fe = err;
  if (fe && typeof fe === "object" && typeof fe.code === "string" && fe.code.startsWith("FST_")) {
    if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") return tooLarge();
    const code = fe.statusCode ?? 500;
    if (code === 415) return statusError(415, "UnsupportedMediaType", fe.message ?? "unsupported media type");
    if (code >= 400 && code < 500) return statusError(400, "BadRequest", fe.message ?? "bad request");
  }
  const se = asStatusError(err);
  if (se.code >= 500) log.error({ err }, "request failed");
  return se;
}
async function startApiServer(opts) {
  const log = opts.log ?? pino({ name: "apiserver", level: opts.logLevel ?? process.env.MK_LOG_LEVEL ?? "info" }, pino.destination({ dest: 2, sync: true }));
  const host = opts.host ?? "127.0.0.1";
  const store = await openStore({
    dataDir: opts.dataDir,
    watchCacheSize: opts.watchCacheSize,
    bookmarkIntervalMs: opts.bookmarkIntervalMs,
    onWatcherError: (err) => log.error({ err }, "watcher failed; closed it")
  });
  let admission;
  try {
    admission = new Admission(store, {
      serviceClusterIPRange: opts.serviceClusterIPRange ?? "10.96.0.0/12",
      serviceNodePortRange: opts.serviceNodePortRange ?? "30000-32767"
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  admission.rebuild();
  const finalizer = new NamespaceFinalizer(() => ctx);
  const ctx = { store, admission, log, finalizeNamespace: (name2) => finalizer.schedule(name2) };
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: MAX_REQUEST_BODY_BYTES,
    forceCloseConnections: true,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 1024 }
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));
  app.setErrorHandler((err, _req, reply) => sendStatus(reply, toStatus(err, log)));
  app.setNotFoundHandler((_req, reply) => sendStatus(reply, notFoundPath()));
  for (const path of ["/healthz", "/livez", "/readyz"]) {
    app.get(path, (_req, reply) => {
      reply.header("Content-Type", "text/plain; charset=utf-8").send("ok");
    });
  }
  registerDiscovery(app);
  const handler = async (req, reply) => {
    const url2 = req.url;
    const qi = url2.indexOf("?");
    const t = parseResourcePath(qi < 0 ? url2 : url2.slice(0, qi));
    if (!t) throw notFoundPath();
    await handleResource(ctx, t, req, reply);
  };
  const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
  app.route({ method: [...methods], url: "/api/*", handler });
  app.route({ method: [...methods], url: "/apis/*", handler });
  const wss = new WebSocketServer({ noServer: true });
  app.server.on("upgrade", (req, socket, head) => {
    const url2 = new URL(req.url ?? "/", "http://localhost");
    const t = parseResourcePath(url2.pathname);
    const query = Object.fromEntries(url2.searchParams.entries());
    if (!t || !(t.watchPath || isTrue(query.watch)) || t.subresource) {
      socket.end("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + JSON.stringify(notFoundPath().status));
      return;
    }
    if (t.name !== void 0) {
      const fs = query.fieldSelector;
      query.fieldSelector = fs ? `${fs},metadata.name=${t.name}` : `metadata.name=${t.name}`;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      serveWebSocketWatch(ctx, { ...t, name: void 0 }, query, req.headers.accept, ws);
    });
  });
  try {
    await app.listen({ port: opts.port ?? 0, host });
  } catch (err) {
    await store.close();
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : opts.port ?? 0;
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  const url = `http://${urlHost}:${port}`;
  try {
    await bootstrap(ctx, { address: advertiseAddress(host), port });
  } catch (err) {
    await app.close();
    await store.close();
    throw err;
  }
  for (const e of store.list(NAMESPACES3, {}).items) if (e.object.metadata.deletionTimestamp) finalizer.schedule(e.object.metadata.name ?? "");
  log.info({ url }, "apiserver ready");
  let closing;
  return {
    url,
    port,
    store,
    close: () => closing ??= (async () => {
      finalizer.stop();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await app.close();
      await store.close();
    })()
  };
}

// ../../tmp/mkplay/real.ts
import { mkdtempSync } from "node:fs";
var s = await startApiServer({ dataDir: mkdtempSync("/tmp/mkplay/data-"), port: 18081, logLevel: "warn" });
console.log("up", s.url);
setTimeout(() => s.close(), 1e3 * Number(process.env.SECS ?? 600));
