// Errors of strategic merge patch, with k8s.io/apimachinery/pkg/util/mergepatch's
// messages and the codes the apiserver gives them (interpretStrategicMergePatchError).
import { StatusError, badRequest, newStatus } from '../status.js';
import { goString } from './json.js';

export const ErrBadJSONDoc = 'invalid JSON document';
export const ErrNoListOfLists = 'lists of lists are not supported';
export const ErrBadPatchFormatForPrimitiveList = 'invalid patch format of primitive list';
export const ErrBadPatchFormatForRetainKeys = 'invalid patch format of retainKeys';
export const ErrBadPatchFormatForSetElementOrderList = 'invalid patch format of setElementOrder list';

const BAD_REQUEST = new Set([ErrBadJSONDoc, ErrBadPatchFormatForPrimitiveList, ErrBadPatchFormatForRetainKeys, ErrBadPatchFormatForSetElementOrderList]);

/** 400 for malformed directives, 422 for lists of lists, 500 (reason unknown) otherwise, as the apiserver answers. */
export function patchError(message: string): StatusError {
  if (BAD_REQUEST.has(message)) return badRequest(message);
  if (message === ErrNoListOfLists) return new StatusError(newStatus(422, 'Invalid', 'the server rejected our request due to an error in our request', { causes: [{ message }] }));
  const s = newStatus(500, 'InternalError', message);
  s.reason = '';
  return new StatusError(s);
}

export function errNoMergeKey(m: unknown, mergeKey: string): StatusError {
  return patchError(`map: ${goString(m)} does not contain declared merge key: ${mergeKey}`);
}

export function errBadPatchType(t: unknown, m: unknown): StatusError {
  return patchError(`unknown patch type: ${goString(t)} in map: ${goString(m)}`);
}

function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'number') return 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

export function errBadArgType(expected: 'map' | 'slice', actual: unknown): StatusError {
  const e = expected === 'map' ? 'map[string]interface {}' : '[]interface {}';
  return patchError(`expected a ${e}, but received a ${goTypeName(actual)}`);
}
