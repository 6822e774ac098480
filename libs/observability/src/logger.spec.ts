import { setCorrelationActor, setCorrelationRoute, withCorrelation } from './correlation';
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

  it('names the actor and the route once they are known, and the trace when there is one', () => {
    const lines: string[] = [];
    const log = new JsonLogger({ level: 'info', sink: (l) => lines.push(l) });
    withCorrelation({ correlationId: 'c-43' }, () => {
      log.info('before routing');
      setCorrelationActor('u7');
      setCorrelationRoute('POST', '/api/v1/projects/:id/submit');
      log.info('inside the handler');
    });
    withCorrelation({ correlationId: 'job:1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' }, () => log.info('a traced job'));
    log.info('outside');
    const [before, inside, traced, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(before).toMatchObject({ correlationId: 'c-43' });
    expect(before).not.toHaveProperty('actorId');
    expect(before).not.toHaveProperty('route');
    expect(inside).toMatchObject({ correlationId: 'c-43', actorId: 'u7', method: 'POST', route: '/api/v1/projects/:id/submit' });
    expect(traced).toMatchObject({ correlationId: 'job:1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(outside).not.toHaveProperty('correlationId');
  });
});
