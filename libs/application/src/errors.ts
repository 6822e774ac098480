import type { ErrorCode, ErrorKind } from '@app/domain';

/**
 * Refusals of the command path that are not business rules. Like domain errors they carry a
 * stable code and a kind saying what happened; the HTTP edge maps the kind to a status.
 */
export abstract class ApplicationError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly kind: ErrorKind;
  readonly details: Readonly<Record<string, unknown>> = {};
}

/** `If-Match` named a version the stream has moved past. */
export class PreconditionFailedError extends ApplicationError {
  readonly code = 'COMMAND.PRECONDITION_FAILED';
  readonly kind = 'precondition_failed' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(expectedVersion: number, actualVersion: number) {
    super(`The resource is at version ${actualVersion}, not ${expectedVersion}; reload it and try again`);
    this.details = { expectedVersion, actualVersion };
  }
}

/** The same `Idempotency-Key` came with a different request. */
export class IdempotencyKeyReusedError extends ApplicationError {
  readonly code = 'IDEMPOTENCY.KEY_REUSED';
  readonly kind = 'invalid' as const;
  constructor(readonly key: string) {
    super('This Idempotency-Key was already used for a different request');
  }
}

/** A request with the same `Idempotency-Key` is still being processed. */
export class IdempotencyKeyInFlightError extends ApplicationError {
  readonly code = 'IDEMPOTENCY.IN_PROGRESS';
  readonly kind = 'conflict' as const;
  constructor(readonly key: string) {
    super('A request with this Idempotency-Key is being processed; retry shortly');
  }
}

/** Concurrent writers kept moving the stream; the bounded retries ran out. */
export class ConcurrencyConflictError extends ApplicationError {
  readonly code = 'COMMAND.CONCURRENT_UPDATE';
  readonly kind = 'conflict' as const;
  constructor(readonly streamId: string, attempts: number) {
    super(`Stream ${streamId} changed concurrently ${attempts} times; try again`);
  }
}

/** The read model has not reached the requested position in time. */
export class ReadModelLaggingError extends ApplicationError {
  readonly code = 'READ_MODEL.NOT_CAUGHT_UP';
  readonly kind = 'unavailable' as const;
  constructor(readonly position: number, readonly waitedMs: number) {
    super(`The read model has not yet processed position ${position}; retry shortly`);
  }
}

/** Something asked for does not exist. */
export class NotFoundError extends ApplicationError {
  readonly kind = 'not_found' as const;
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
  }
}

/** The request is well-formed but names something that cannot be used. */
export class UnprocessableError extends ApplicationError {
  readonly kind = 'invalid' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(readonly code: ErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.details = details;
  }
}
