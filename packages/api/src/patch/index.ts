// Patching: JSON patch, JSON merge patch and Kubernetes strategic merge patch, applied
// by the apiserver and computed by the `mk` CLI (apply, label, set image, ...).
export { applyJsonPatch, parseJsonPointer, escapeJsonPointerToken, MAX_JSON_PATCH_OPERATIONS, JSON_PATCH_REJECTED } from './jsonpatch.js';
export type { JsonPatchOp } from './jsonpatch.js';
export { applyMergePatch, createMergePatch, createThreeWayJsonMergePatch } from './mergepatch.js';
export { applyStrategicMergePatch } from './strategic.js';
export { createTwoWayMergePatch, createThreeWayMergePatch } from './diff.js';
export { patchMetaFor, hasStrategicMeta } from './patchmeta.js';
export type { PatchStrategy } from './patchmeta.js';
