import type { Response } from 'express';
import type { CommandOutcome } from '@app/application';
import { sendOutcome } from './command-context';

function recorder(): { response: Response; sent: { status?: number; headers: Record<string, string> } } {
  const sent: { status?: number; headers: Record<string, string> } = { headers: {} };
  const response = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
      return this;
    },
  } as unknown as Response;
  return { response, sent };
}

describe('sendOutcome', () => {
  const body = { id: 'p-1', version: 3, position: 42, status: 'draft' };

  it.each([
    ['created', 201],
    ['updated', 200],
  ] as const)('answers a command that %s its entity with %i and its version as ETag', (result, status) => {
    const { response, sent } = recorder();
    const outcome: CommandOutcome = { result, body, replayed: false };
    expect(sendOutcome(response, outcome)).toBe(body);
    expect(sent).toEqual({ status, headers: { ETag: '"3"' } });
  });

  it('answers a replay with the status of the first answer and says it is a replay', () => {
    const { response, sent } = recorder();
    sendOutcome(response, { result: 'created', body, replayed: true });
    expect(sent).toEqual({ status: 201, headers: { ETag: '"3"', 'Idempotent-Replayed': 'true' } });
  });
});
