// Turning failed requests into the errors kubectl users know: a StatusError carrying the
// server's Status for HTTP errors, and kubectl's wording when the server cannot be reached.
import { isStatus, newStatus, StatusError } from '@mk/api';
import type { Status, StatusReason } from '@mk/api';

/** The server could not be reached (refused, unknown host, TLS failure, reset). */
export class ConnectionError extends Error {
  /** The underlying error code, e.g. ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET. */
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined, cause: unknown) {
    super(message, { cause });
    this.name = 'ConnectionError';
    this.code = code;
  }
}

/** Walk `cause` chains and AggregateErrors for the first errno-style code. */
function errorCode(err: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && !e.code.startsWith('UND_ERR')) return e.code;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const c = errorCode(inner, depth + 1);
      if (c) return c;
    }
  }
  const c = errorCode(e.cause, depth + 1);
  if (c) return c;
  return typeof e.code === 'string' ? e.code : undefined;
}

/** Wrap a transport error in kubectl's words; `host` is `127.0.0.1:6443`. */
export function connectionError(err: unknown, host: string): ConnectionError {
  const code = errorCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (code === 'ECONNREFUSED') {
    return new ConnectionError(
      `The connection to the server ${host} was refused - did you specify the right host or port?`,
      code,
      err,
    );
  }
  return new ConnectionError(`Unable to connect to the server: ${detail}`, code, err);
}

/** True for errors worth retrying after a pause: transport failures, 429, 5xx, timeouts. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof ConnectionError) return true;
  if (err instanceof StatusError) return err.code === 429 || err.code >= 500;
  return false;
}

/** True for 410 Gone/Expired: the resourceVersion is older than the server's watch cache. */
export function isExpired(err: unknown): boolean {
  return err instanceof StatusError && err.code === 410;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.code === 404;
}

export function isConflict(err: unknown): boolean {
  return err instanceof StatusError && err.code === 409 && err.reason === 'Conflict';
}

export function isAlreadyExists(err: unknown): boolean {
  return err instanceof StatusError && err.code === 409 && err.reason === 'AlreadyExists';
}

// apimachinery's NewGenericServerResponse: the error for a response without a Status body.
const GENERIC: Record<number, [StatusReason, string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
  403: ['Forbidden', 'the server does not allow access to the requested resource'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  406: ['NotAcceptable', 'the server was unable to respond with a content type that the client supports'],
  409: ['Conflict', 'the server reported a conflict'],
  410: ['Gone', 'the server reports that the resource is gone'],
  415: ['UnsupportedMediaType', 'the server was unable to respond with a content type that the client supports'],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
};

/** The StatusError for a non-2xx response: the server's own Status when it sent one. */
export function statusErrorFromResponse(code: number, body: string): StatusError {
  let parsed: unknown;
  try {
    parsed = body.length ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  if (isStatus(parsed)) {
    const status = parsed as Status;
    if (typeof status.code !== 'number' || status.code === 0) status.code = code;
    return new StatusError(status);
  }
  const known = GENERIC[code];
  if (known) return new StatusError(newStatus(code, known[0], known[1]));
  if (code >= 500) {
    const text = body.trim();
    return new StatusError(
      newStatus(code, 'InternalError', `an error on the server (${JSON.stringify(text || 'unknown')}) has prevented the request from succeeding`),
    );
  }
  const s = newStatus(code, 'BadRequest', `the server responded with the status code ${code} but did not return more information`);
  s.reason = '';
  return new StatusError(s);
}
