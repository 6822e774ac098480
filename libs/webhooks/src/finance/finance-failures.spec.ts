import { ConcurrencyConflictError, NotFoundError, ReadModelLaggingError, UnprocessableError } from '@app/application';
import { DomainError, InvalidTransitionError } from '@app/domain';
import { InvalidAppendError, StoreUnavailableError, WrongExpectedVersionError } from '@app/event-store';
import { classifyFinanceFailure, TRANSIENT_FAILURE } from './finance-failures';

describe('classifyFinanceFailure', () => {
  it('refuses an event the business rules or the data refuse, with the refusal code', () => {
    expect(classifyFinanceFailure(new DomainError('invalid', 'PAYMENT.AMOUNT_MISMATCH', 'wrong amount'))).toEqual({ kind: 'refused', code: 'PAYMENT.AMOUNT_MISMATCH', detail: 'wrong amount' });
    expect(classifyFinanceFailure(new InvalidTransitionError('project', 'ConfirmPayment', 'paid')).kind).toBe('refused');
    expect(classifyFinanceFailure(new NotFoundError('PROJECT.NOT_FOUND', 'no project')).code).toBe('PROJECT.NOT_FOUND');
    expect(classifyFinanceFailure(new UnprocessableError('PAYMENT.UNKNOWN_ORDER', 'no order')).kind).toBe('refused');
    expect(classifyFinanceFailure(new InvalidAppendError('bad event'))).toMatchObject({ kind: 'refused', code: 'FINANCE.INVALID_EVENT' });
  });

  it('treats database errors, timeouts and conflicts that outlasted the retries as transient', () => {
    const transient = [
      new StoreUnavailableError('PostgreSQL is unavailable: connection reset'),
      new WrongExpectedVersionError('project-1', 3, 4),
      new ConcurrencyConflictError('project-1', 5),
      new ReadModelLaggingError(10, 5000),
      new Error('Query read timeout'),
      'not even an error',
    ];
    for (const error of transient) expect(classifyFinanceFailure(error)).toMatchObject({ kind: 'transient', code: TRANSIENT_FAILURE });
  });
});
