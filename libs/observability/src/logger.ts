import { CorrelationContext, currentCorrelation } from './correlation';
import { activeTraceId } from './trace-context';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured logging; implementations add time, level and the correlation id. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines also carry `context` (the component name). */
  child(context: string): Logger;
}

/** Keys whose values are never written to logs, wherever they appear. */
const REDACTED_KEYS = /^(authorization|password|secret|token|webhook-signature|cookie|set-cookie|phone)$/i;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = REDACTED_KEYS.test(key) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/**
 * The fields of a line written inside a request or job: only those that are known. The trace is
 * the one the context names, else the active span's (with tracing on).
 */
function correlationFields(context: CorrelationContext | undefined, traceId: string | undefined): Record<string, string> {
  if (!context) return traceId ? { traceId } : {};
  const fields: Record<string, string> = { correlationId: context.correlationId };
  if (traceId) fields.traceId = traceId;
  if (context.actorId) fields.actorId = context.actorId;
  if (context.route) {
    fields.method = context.method ?? '';
    fields.route = context.route;
  }
  return fields;
}

/**
 * One JSON object per line on stdout (or a given sink), with the correlation id of the request
 * or job in progress.
 *
 * @example
 * const log = new JsonLogger({ level: 'info' }).child('projections');
 * log.info('caught up', { position: 42 });
 */
export class JsonLogger implements Logger {
  private readonly min: number;

  constructor(
    private readonly options: { level?: LogLevel; sink?: (line: string) => void; context?: string } = {},
  ) {
    this.min = LEVELS[options.level ?? 'info'];
  }

  private write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (LEVELS[level] < this.min) return;
    const correlation = currentCorrelation();
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      ...(this.options.context ? { context: this.options.context } : {}),
      msg: message,
      ...correlationFields(correlation, correlation?.traceId ?? activeTraceId()),
      ...(fields ? (redact(fields) as Record<string, unknown>) : {}),
    });
    (this.options.sink ?? ((l: string) => process.stdout.write(`${l}\n`)))(line);
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.write('debug', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.write('error', message, fields);
  }
  child(context: string): Logger {
    return new JsonLogger({ ...this.options, context });
  }
}

/** Discards everything (tests that assert on behaviour, not logs). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
