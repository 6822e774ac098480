import type { ErrorCode, ErrorKind } from '@app/domain';

/**
 * A refusal of a document upload. Like the application's errors it carries a stable code, a kind
 * (the HTTP edge maps kinds to statuses) and details; it does not extend them so the application
 * layer may depend on this library without a cycle.
 */
export abstract class DocumentError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly kind: ErrorKind;
  readonly details: Readonly<Record<string, unknown>> = {};
}

/**
 * The upload passed the largest size a document may have; staging stopped there.
 *
 * @example
 * throw new DocumentTooLargeError(20 * 1024 * 1024);
 */
export class DocumentTooLargeError extends DocumentError {
  readonly code = 'DOCUMENT.TOO_LARGE';
  readonly kind = 'too_large' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(readonly maxBytes: number) {
    super(`The document is larger than ${maxBytes} bytes, the most one document may have`);
    this.details = { maxBytes };
  }
}

/** The upload holds no bytes. */
export class DocumentEmptyError extends DocumentError {
  readonly code = 'DOCUMENT.EMPTY';
  readonly kind = 'malformed' as const;
  constructor() {
    super('The document is empty');
  }
}

/** The bytes are none of the document types the engine accepts (or are not recognised). */
export class UnsupportedDocumentTypeError extends DocumentError {
  readonly code = 'DOCUMENT.UNSUPPORTED_TYPE';
  readonly kind = 'unsupported_media_type' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(readonly allowed: readonly string[]) {
    super(`The document is not of an accepted type (${allowed.join(', ')})`);
    this.details = { allowed };
  }
}

/** The file name's extension says one type, the bytes another. */
export class DocumentTypeMismatchError extends DocumentError {
  readonly code = 'DOCUMENT.TYPE_MISMATCH';
  readonly kind = 'unsupported_media_type' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(
    readonly extension: string,
    readonly sniffed: string,
  ) {
    super(`The file name ends in .${extension} but its content is ${sniffed}`);
    this.details = { extension, sniffed };
  }
}
