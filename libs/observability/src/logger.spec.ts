import { withCorrelation } from './correlation';
import { JsonLogger } from './logger';

describe('JsonLogger', () => {
  it('writes JSON lines with the correlation id and redacts secrets', () => {
    const lines: string[] = [];
    const log = new JsonLogger({ level: 'info', sink: (l) => lines.push(l) }).child('api');
    withCorrelation({ correlationId: 'c-42', actorId: 'u1' }, () => {
      log.info('command handled', { headers: { authorization: 'Bearer x', accept: 'json' }, secret: 'whsec_x' });
      log.debug('not written');
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toMatchObject({
      level: 'info',
      context: 'api',
      msg: 'command handled',
      correlationId: 'c-42',
      actorId: 'u1',
      headers: { authorization: '[redacted]', accept: 'json' },
      secret: '[redacted]',
    });
  });
});
