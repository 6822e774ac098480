import type { ArgumentsHost } from '@nestjs/common';
import { silentLogger } from '@app/observability';
import { isConnectionLoss } from './connection-loss';
import { ProblemDetailsFilter } from './problem-details.filter';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

/** The status, code and Retry-After the filter answers an error with. */
function answer(error: unknown): { status: number; code: string; retryAfter?: string } {
  const headers: Record<string, string> = {};
  let sent = { status: 0, code: '' };
  const response = {
    headersSent: false,
    setHeader: (name: string, value: string) => ((headers[name] = value), response),
    vary: () => response,
    status: (status: number) => ({ type: () => ({ send: (text: string) => (sent = { status, code: (JSON.parse(text) as { code: string }).code }) }) }),
  };
  const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ method: 'POST', originalUrl: '/api/v1/x', headers: {} }) }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter(silentLogger).catch(error, host);
  return { ...sent, ...(headers['Retry-After'] ? { retryAfter: headers['Retry-After'] } : {}) };
}

describe('a lost connection to PostgreSQL or Redis', () => {
  it('is told apart from the faults of a request or of the engine', () => {
    const lost = [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('connection failure', '08006'),
      withCode('SSL connection has been closed unexpectedly', '08003'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection is closed.'),
      Object.assign(new Error('Reached the max retries per request limit (which is 2). Refer to "maxRetriesPerRequest" option for details.'), {
        name: 'MaxRetriesPerRequestError',
      }),
      new Error('delivery failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') }),
      new AggregateError([withCode('connect ECONNREFUSED ::1:6379', 'ECONNREFUSED')], ''),
    ];
    for (const error of lost) expect([error.message, isConnectionLoss(error)]).toEqual([error.message, true]);
    const notLost = [
      new TypeError('x is undefined'),
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('value out of range', '22003'),
      withCode('could not serialize access', '40001'),
      new Error('Job q/x is not declared'),
      'Connection is closed',
      null,
    ];
    for (const error of notLost) expect(isConnectionLoss(error)).toBe(false);
  });

  it('is answered 503 with Retry-After, never 500', () => {
    expect(answer(withCode('terminating connection due to administrator command', '57P01'))).toEqual({ status: 503, code: 'SERVICE.CONNECTION_LOST', retryAfter: '5' });
    expect(answer(new Error('Connection is closed.'))).toEqual({ status: 503, code: 'SERVICE.CONNECTION_LOST', retryAfter: '5' });
    expect(answer(new TypeError('x is undefined'))).toEqual({ status: 500, code: 'INTERNAL' });
  });
});
