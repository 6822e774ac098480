import { Logger as NestLogger } from '@nestjs/common';
import { JsonLogger, withCorrelation } from '@app/observability';
import { NestJsonLogger } from './nest-logger';

function capture(level: 'debug' | 'info' = 'info') {
  const lines: string[] = [];
  const logger = new NestJsonLogger(new JsonLogger({ level, sink: (l) => lines.push(l) }).child('engine'));
  return { logger, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('NestJsonLogger', () => {
  it("writes Nest's warnings and errors as JSON lines with Nest's context, its log lines at debug only", () => {
    const { logger, lines } = capture('info');
    logger.log('Mapped {/api/v1/projects, GET} route', 'RouterExplorer');
    logger.warn('Duplicate DTO detected', 'SchemaObjectFactory');
    const failure = new Error('boom');
    logger.error(failure.message, failure.stack, 'ExceptionsHandler');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'warn', context: 'SchemaObjectFactory', msg: 'Duplicate DTO detected' }),
      expect.objectContaining({ level: 'error', context: 'ExceptionsHandler', msg: 'boom', stack: expect.stringContaining('at ') }),
    ]);
  });

  it('writes Nest log lines at debug, tells a lone stack from a context, and reads Error and object messages', () => {
    const { logger, lines } = capture('debug');
    logger.log('Nest application successfully started', 'NestApplication');
    logger.error('no context', new Error('x').stack);
    logger.fatal(new Error('fatal'));
    logger.warn({ some: 'object' });
    const [started, lone, fatal, object] = lines();
    expect(started).toMatchObject({ level: 'debug', context: 'NestApplication', msg: 'Nest application successfully started' });
    expect(lone).toMatchObject({ level: 'error', context: 'engine', msg: 'no context', stack: expect.stringContaining('at ') });
    expect(fatal).toMatchObject({ level: 'error', msg: 'fatal', error: { name: 'Error', message: 'fatal' } });
    expect(object).toMatchObject({ level: 'warn', msg: '{"some":"object"}' });
  });

  it("serves Nest's static Logger once it overrides it, with the request's correlation", () => {
    const { logger, lines } = capture('info');
    NestLogger.overrideLogger(logger);
    try {
      withCorrelation({ correlationId: 'c-1', actorId: 'u1' }, () => new NestLogger('Somewhere').warn('careful'));
    } finally {
      NestLogger.overrideLogger(true);
    }
    expect(lines()).toEqual([expect.objectContaining({ level: 'warn', context: 'Somewhere', msg: 'careful', correlationId: 'c-1', actorId: 'u1' })]);
  });
});
