import type { ErrorKind } from '@app/domain';

/**
 * The one mapping from what happened to an HTTP status: every layer below the edge names a kind
 * (`ErrorKind`, and each code of `ERROR_CATALOGUE` has one), never a status.
 */
export const KIND_STATUS: Readonly<Record<ErrorKind, number>> = {
  conflict: 409,
  invalid: 422,
  forbidden: 403,
  not_found: 404,
  precondition_failed: 412,
  too_large: 413,
  unavailable: 503,
  malformed: 400,
  unauthenticated: 401,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  rate_limited: 429,
  gone: 410,
  range_not_satisfiable: 416,
  internal: 500,
};

