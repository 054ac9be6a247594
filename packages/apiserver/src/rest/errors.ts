// Status errors the REST layer raises beyond @mk/api's constructors, with Kubernetes' texts.
import { newStatus, StatusError, isStatus, type ResourceInfo, type Status } from '@mk/api';

/** `pods`, `deployments.apps`: the qualified resource Kubernetes names in messages. */
export function qualifiedResource(r: ResourceInfo, subresource?: string): string {
  const res = subresource ? `${r.plural}/${subresource}` : r.plural;
  return r.group === '' ? res : `${res}.${r.group}`;
}

export function statusError(code: number, reason: Status['reason'] & string, message: string, details?: Status['details']): StatusError {
  return new StatusError(newStatus(code, reason as Parameters<typeof newStatus>[1], message, details));
}

/** 403: `pods "x" is forbidden: <why>`. */
export function forbidden(r: ResourceInfo, name: string, why: string): StatusError {
  const q = qualifiedResource(r);
  return statusError(403, 'Forbidden', `${q} "${name}" is forbidden: ${why}`, { name, group: r.group, kind: r.plural });
}

export function notFoundPath(): StatusError {
  return statusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function methodNotAllowed(method: string, what: string): StatusError {
  return statusError(405, 'MethodNotAllowed', `${method} is not supported on ${what}`, {});
}

export function internalError(err: unknown): StatusError {
  const msg = err instanceof Error ? err.message : String(err);
  return statusError(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
}

/** Any thrown value as a StatusError (unknown errors become 500 InternalError). */
export function asStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  if (typeof err === 'object' && err !== null && isStatus((err as { status?: unknown }).status)) {
    return new StatusError((err as { status: Status }).status);
  }
  return internalError(err);
}

export function isConflict(err: unknown): boolean {
  return err instanceof StatusError && err.code === 409 && err.reason === 'Conflict';
}
