/**
 * Errors of the event store. Each has a stable `code`; the HTTP edge maps them in one place.
 */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** A stream was not at the version the caller expected; nothing was written. */
export class WrongExpectedVersionError extends EventStoreError {
  readonly code = 'STORE.WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: number | 'no_stream' | 'any',
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at version ${actual}, expected ${expected}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** The append is malformed (empty batch, duplicate stream in one append, bad payload). */
export class InvalidAppendError extends EventStoreError {
  readonly code = 'STORE.INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

/** An idempotency key was stored concurrently by another request. */
export class IdempotencyKeyInUseError extends EventStoreError {
  readonly code = 'STORE.IDEMPOTENCY_KEY_IN_USE';
  constructor(readonly key: string) {
    super(`Idempotency key ${key} was used by a concurrent request`);
    this.name = 'IdempotencyKeyInUseError';
  }
}

/** The database cannot be reached or did not answer in time; the caller may retry later. */
export class StoreUnavailableError extends EventStoreError {
  readonly code = 'STORE.UNAVAILABLE';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}
