/**
 * How a refusal should be understood by a caller. The HTTP edge maps each kind to one status:
 * `conflict` → 409 (a business rule or the current state refuses), `invalid` → 422 (the command
 * is well-formed but makes no sense), `forbidden` → 403 (role, area or separation of duties),
 * `not_found` → 404.
 */
export type DomainErrorKind = 'conflict' | 'invalid' | 'forbidden' | 'not_found';

/**
 * A refusal with a stable, dotted code (`PROJECT.INVALID_TRANSITION`, `FUNDING.CAP_EXCEEDED`),
 * a human message, and the values that were checked (policy values included) so the caller can
 * explain it.
 *
 * @example
 * throw new DomainError('conflict', 'FUNDING.CAP_EXCEEDED', 'Support exceeds the cap', { capVnd: 200_000_000 });
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The command is not allowed in the aggregate's current state. */
export class InvalidTransitionError extends DomainError {
  constructor(aggregate: string, command: string, state: string) {
    super(
      'conflict',
      `${aggregate.toUpperCase()}.INVALID_TRANSITION`,
      `${command} is not allowed while the ${aggregate} is ${state}`,
      { command, state },
    );
  }
}

/** The actor lacks the role, the area or the independence a command requires. */
export class ForbiddenError extends DomainError {
  constructor(code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super('forbidden', code, message, details);
  }
}
