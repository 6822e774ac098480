/**
 * Error codes of a lost or refused connection: the system's socket errors, PostgreSQL's
 * "operator intervention" shutdowns (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
 * cannot_connect_now), too many connections (53300) and every connection exception (class 08).
 */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);

/** What `pg` and `ioredis` say when their connection went away or never came. */
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Connection is closed|Reached the max retries per request limit|Stream isn't writeable|Client has encountered a connection error|connect ECONNREFUSED|read ECONNRESET/i;

/**
 * Whether an error (or one it wraps, as `cause` or in an `AggregateError`) is the loss of a
 * connection to PostgreSQL or Redis rather than a fault of the request or of the engine: the same
 * request can succeed once the connection is back, so the edge answers 503 with `Retry-After`.
 *
 * @example
 * isConnectionLoss(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })); // true
 */
export function isConnectionLoss(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, name, message, cause, errors } = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (name === 'MaxRetriesPerRequestError') return true;
  if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isConnectionLoss(inner, depth + 1))) return true;
  return cause !== undefined && isConnectionLoss(cause, depth + 1);
}
