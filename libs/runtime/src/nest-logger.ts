import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@app/observability';

/** What a stack trace looks like: a first line, then `at …:line:column` frames. */
const STACK = /^.+\n\s+at .+:\d+:\d+/s;

/**
 * Nest's own messages (start, route mapping, shutdown, its warnings and errors) as lines of the
 * engine's JSON logger, so every line the process writes is JSON. Nest's `log` and `verbose`
 * (route mapping, "application started") are debug lines: at the default `LOG_LEVEL` only its
 * warnings and errors are written, as before. Nest's context (`NestFactory`, `ExceptionsHandler`)
 * becomes the line's `context`.
 *
 * @example
 * const app = await NestFactory.create(AppModule, { logger: new NestJsonLogger(logger) });
 */
export class NestJsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  private write(level: 'debug' | 'warn' | 'error', message: unknown, params: unknown[]): void {
    // Nest passes (message, context) or, for errors, (message, stack, context); a lone string
    // after an error's message is its stack when it looks like one, its context otherwise.
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    const last = rest[rest.length - 1];
    if (typeof last === 'string' && !(level === 'error' && rest.length === 1 && STACK.test(last))) {
      fields.context = last;
      rest.pop();
    }
    if (message instanceof Error) fields.error = message;
    for (const param of rest) {
      if (typeof param === 'string' && STACK.test(param)) fields.stack = param;
      else if (param instanceof Error) fields.error = param;
      else if (param !== undefined) fields.detail = param;
    }
    const text = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    this.logger[level](text, fields);
  }
}
