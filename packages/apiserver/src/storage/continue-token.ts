// List continuation tokens, in Kubernetes' format (k8s.io/apiserver/pkg/storage.EncodeContinue):
// base64url (unpadded) of {"v":"meta.k8s.io/v1","rv":<list resourceVersion>,"start":"<next key>"}.
import { badRequest } from '@mk/api';

const VERSION = 'meta.k8s.io/v1';

export interface ContinueToken {
  /** resourceVersion of the first page; every page reports it. */
  rv: number;
  /** The key to resume at (inclusive): the last key returned plus "\u0000". */
  start: string;
}

export function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: VERSION, rv: t.rv, start: t.start })).toString('base64url');
}

/** Throws StatusError BadRequest, as Kubernetes does, for a token it did not issue. */
export function decodeContinue(token: string): ContinueToken {
  const invalid = (why: string) => badRequest(`invalid continue token: continue key is not valid: ${why}`);
  // Kubernetes accepts both base64 alphabets; so does Buffer's base64 decoder.
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(token)) throw invalid('illegal base64 data');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch (err) {
    throw invalid(err instanceof Error ? err.message : String(err));
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid('not a JSON object');
  const { v, rv, start } = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (v !== VERSION) throw invalid('server does not recognize this encoded version');
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv <= 0) {
    throw invalid(`incorrect encoded start resourceVersion (version ${VERSION})`);
  }
  if (typeof start !== 'string' || start === '' || start.startsWith('/')) throw invalid('encoded start key is not valid');
  return { rv, start };
}
