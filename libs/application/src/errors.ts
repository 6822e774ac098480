/**
 * Refusals of the command path that are not business rules. Like domain errors they carry a
 * stable code; the HTTP edge maps both in one filter.
 */
export abstract class ApplicationError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly details: Readonly<Record<string, unknown>> = {};
}

/** `If-Match` named a version the stream has moved past (HTTP 412). */
export class PreconditionFailedError extends ApplicationError {
  readonly code = 'COMMAND.PRECONDITION_FAILED';
  readonly status = 412;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(expectedVersion: number, actualVersion: number) {
    super(`The resource is at version ${actualVersion}, not ${expectedVersion}; reload it and try again`);
    this.details = { expectedVersion, actualVersion };
  }
}

/** The same `Idempotency-Key` came with a different request (HTTP 422). */
export class IdempotencyKeyReusedError extends ApplicationError {
  readonly code = 'IDEMPOTENCY.KEY_REUSED';
  readonly status = 422;
  constructor(readonly key: string) {
    super('This Idempotency-Key was already used for a different request');
  }
}

/** A request with the same `Idempotency-Key` is still being processed (HTTP 409). */
export class IdempotencyKeyInFlightError extends ApplicationError {
  readonly code = 'IDEMPOTENCY.IN_PROGRESS';
  readonly status = 409;
  constructor(readonly key: string) {
    super('A request with this Idempotency-Key is being processed; retry shortly');
  }
}

/** Concurrent writers kept moving the stream; the bounded retries ran out (HTTP 409). */
export class ConcurrencyConflictError extends ApplicationError {
  readonly code = 'COMMAND.CONCURRENT_UPDATE';
  readonly status = 409;
  constructor(readonly streamId: string, attempts: number) {
    super(`Stream ${streamId} changed concurrently ${attempts} times; try again`);
  }
}

/** The read model has not reached the requested position in time (HTTP 503, Retry-After). */
export class ReadModelLaggingError extends ApplicationError {
  readonly code = 'READ_MODEL.NOT_CAUGHT_UP';
  readonly status = 503;
  constructor(readonly position: number, readonly waitedMs: number) {
    super(`The read model has not yet processed position ${position}; retry shortly`);
  }
}

/** Something asked for does not exist (HTTP 404). */
export class NotFoundError extends ApplicationError {
  readonly status = 404;
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The request is well-formed but names something that cannot be used (HTTP 422). */
export class UnprocessableError extends ApplicationError {
  readonly status = 422;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(readonly code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.details = details;
  }
}
