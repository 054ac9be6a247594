// Status objects: how every error travels between apiserver, client and CLI.
import type { Status, StatusCause, StatusReason } from './meta.js';

/** An error that carries a Kubernetes Status; thrown by the apiserver, rethrown by the client. */
export class StatusError extends Error {
  readonly status: Status;
  constructor(status: Status) {
    super(status.message ?? status.reason ?? 'unknown error');
    this.name = 'StatusError';
    this.status = status;
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): StatusReason | '' | undefined {
    return this.status.reason;
  }
}

export function newStatus(code: number, reason: StatusReason, message: string, details?: Status['details']): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return s;
}

/** `pods "web" not found`: the resource is the plural with its group (`deployments.apps`). */
export function notFound(qualifiedResource: string, name: string, group = '', kind = qualifiedResource.split('.')[0]): StatusError {
  return new StatusError(newStatus(404, 'NotFound', `${qualifiedResource} "${name}" not found`, { name, group, kind }));
}

export function alreadyExists(qualifiedResource: string, name: string, group = '', kind = qualifiedResource.split('.')[0]): StatusError {
  return new StatusError(newStatus(409, 'AlreadyExists', `${qualifiedResource} "${name}" already exists`, { name, group, kind }));
}

export function conflict(qualifiedResource: string, name: string, why: string, group = '', kind = qualifiedResource.split('.')[0]): StatusError {
  return new StatusError(
    newStatus(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource} "${name}": ${why}`, { name, group, kind }),
  );
}

/**
 * 422, as Kubernetes' NewInvalid: `Pod "x" is invalid: spec.containers[0].image: Required value`;
 * the kind is group-qualified (`Deployment.apps "x" is invalid: ...`), several errors read `[a, b]`.
 */
export function invalid(kind: string, name: string, causes: StatusCause[], group = ''): StatusError {
  const msgs = [...new Set(causes.map((c) => (c.field ? `${c.field}: ${c.message}` : (c.message ?? ''))))];
  const joined = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  // Callers may pass the kind already qualified ("Deployment.apps"); details.kind stays bare.
  const bareKind = group && kind.endsWith(`.${group}`) ? kind.slice(0, -group.length - 1) : kind;
  const qualifiedKind = group ? `${bareKind}.${group}` : bareKind;
  return new StatusError(newStatus(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, { name, group, kind: bareKind, causes }));
}

export function badRequest(message: string): StatusError {
  return new StatusError(newStatus(400, 'BadRequest', message));
}

export function gone(message: string): StatusError {
  return new StatusError(newStatus(410, 'Expired', message));
}

export function isStatus(x: unknown): x is Status {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'Status';
}
