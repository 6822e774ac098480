/**
 * How a refusal of the domain should be understood by a caller: `conflict` (a business rule or
 * the current state refuses), `invalid` (the command is well-formed but makes no sense),
 * `forbidden` (role, area or separation of duties), `not_found`. The HTTP edge maps each kind to
 * one status (`KIND_STATUS` in `apps/api`).
 */
export type DomainErrorKind = 'conflict' | 'invalid' | 'forbidden' | 'not_found';

/**
 * What happened, for every refusal or failure: the domain's kinds plus those of the command path,
 * the services behind it and the request itself. No layer below `apps/api` names an HTTP status;
 * the edge maps each kind to one status, in one table.
 *
 * - `precondition_failed`: `If-Match` named a version the resource has moved past.
 * - `too_large`: the request asks for more than one answer may carry.
 * - `unavailable`: a backing service or read model cannot answer now; retrying later helps.
 * - `malformed`: the request cannot be read (syntax, types, unknown fields).
 * - `unauthenticated`: the caller could not be identified (token, signature).
 * - `method_not_allowed`, `unsupported_media_type`, `rate_limited`: refused by the request's form
 *   or rate before it is read.
 * - `gone`: what was asked for existed and was destroyed on purpose (erased personal data).
 * - `range_not_satisfiable`: a byte range that lies outside what is asked for.
 * - `internal`: the engine failed; never the caller's fault.
 */
export type ErrorKind =
  | DomainErrorKind
  | 'precondition_failed'
  | 'too_large'
  | 'unavailable'
  | 'malformed'
  | 'unauthenticated'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'gone'
  | 'range_not_satisfiable'
  | 'internal';
