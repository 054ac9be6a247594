// kubectl's cmdutil.CheckErr: how an error reads on stderr.
import { CliError } from './errors.js';

interface StatusLike {
  reason?: string;
  message?: string;
  code?: number;
  details?: { kind?: string; name?: string; causes?: Array<{ field?: string; message?: string }> };
}

function statusOf(e: unknown): StatusLike | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const s = (e as { status?: unknown }).status;
  if (typeof s === 'object' && s !== null && (s as { kind?: unknown }).kind === 'Status') return s as StatusLike;
  return undefined;
}

const CONN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Find a connection error's code and address anywhere in the cause chain. */
export function connectionError(e: unknown): { code: string; address?: string } | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 6; depth++) {
    const c = cur as { code?: unknown; address?: unknown; port?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof c.code === 'string' && CONN_CODES.has(c.code)) {
      const address = typeof c.address === 'string' ? `${c.address}${c.port ? `:${String(c.port)}` : ''}` : undefined;
      return { code: c.code, address };
    }
    if (Array.isArray(c.errors) && c.errors.length) cur = c.errors[0];
    else cur = c.cause;
  }
  return undefined;
}

/** A message about a Status error, the way kubectl prints it. */
export function statusMessage(s: StatusLike): string {
  if (s.reason === 'Invalid' && s.details) {
    let head = 'The request is invalid';
    if (s.details.kind || s.details.name) head = `The ${s.details.kind ?? ''} "${s.details.name ?? ''}" is invalid`;
    const causes = (s.details.causes ?? []).map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : (c.message ?? '')));
    if (causes.length === 1) return `${head}: ${causes[0]}`;
    if (causes.length > 1) return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
    return s.message ?? head;
  }
  const reason = s.reason || 'unknown';
  return `Error from server (${reason}): ${s.message ?? ''}`;
}

export function renderError(e: unknown, server?: string): { message: string; exitCode: number } {
  if (e instanceof CliError) {
    const m = e.message;
    return { message: e.raw || m.startsWith('error: ') ? m : `error: ${m}`, exitCode: e.exitCode };
  }
  const s = statusOf(e);
  if (s) return { message: statusMessage(s), exitCode: 1 };
  // @mk/client already words connection failures as kubectl does.
  if (e instanceof Error && e.name === 'ConnectionError') return { message: e.message, exitCode: 1 };
  const conn = connectionError(e);
  if (conn) {
    const where = server ?? conn.address ?? 'localhost:8080';
    if (conn.code === 'ECONNREFUSED') return { message: `The connection to the server ${where} was refused - did you specify the right host or port?`, exitCode: 1 };
    return { message: `Unable to connect to the server: dial tcp ${where}: ${conn.code}`, exitCode: 1 };
  }
  const msg = e instanceof Error ? e.message : String(e);
  if (process.env.MK_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return { message: msg.startsWith('error: ') ? msg : `error: ${msg}`, exitCode: 1 };
}
