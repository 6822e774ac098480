import { NotFoundError, UnprocessableError } from '@app/application';
import { DomainError } from '@app/domain';
import { InvalidAppendError } from '@app/event-store';

/** Why an inbound finance event could not be applied, as the finance inbox shows it. */
export interface FinanceFailure {
  /**
   * `refused`: the event itself is wrong (amount mismatch, a tranche not awaiting payment…) and
   * will be wrong on every attempt. `transient`: the engine could not apply it now (database
   * error, timeout, concurrent writers); the same event is applied on a later attempt.
   */
  readonly kind: 'refused' | 'transient';
  /** A stable code: the refusal's own (`PAYMENT.AMOUNT_MISMATCH`) or `FINANCE.TRANSIENT_FAILURE`. */
  readonly code: string;
  readonly detail: string;
}

/** The reason code of an event kept for a later attempt after a transient failure. */
export const TRANSIENT_FAILURE = 'FINANCE.TRANSIENT_FAILURE';
/** The reason code of an event whose payment order the log does not know (yet). */
export const UNKNOWN_PAYMENT_ORDER = 'FINANCE.UNKNOWN_PAYMENT_ORDER';

/**
 * Sorts a failure to apply an inbound event. Only a refusal of the business rules or of the data
 * is permanent; everything else (database errors, timeouts, version conflicts that outlasted the
 * command's retries, a read model lagging) is transient, so a payment confirmation is never
 * thrown away because the engine was busy.
 *
 * @example
 * classifyFinanceFailure(new DomainError('invalid', 'PAYMENT.AMOUNT_MISMATCH', '…')).kind; // 'refused'
 * classifyFinanceFailure(new ConcurrencyConflictError('project-1', 5)).kind; // 'transient'
 */
export function classifyFinanceFailure(error: unknown): FinanceFailure {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof DomainError || error instanceof NotFoundError || error instanceof UnprocessableError) return { kind: 'refused', code: error.code, detail };
  if (error instanceof InvalidAppendError) return { kind: 'refused', code: 'FINANCE.INVALID_EVENT', detail };
  return { kind: 'transient', code: TRANSIENT_FAILURE, detail };
}
