import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApplicationError } from '@app/application';
import { DocumentError } from '@app/documents';
import { DomainError, ErrorCode, errorMessage, isErrorCode, MessageLanguage } from '@app/domain';
import { InvalidAppendError, StoreUnavailableError, WrongExpectedVersionError } from '@app/event-store';
import type { Logger } from '@app/observability';
import { InvalidCursorError } from '@app/projections';
import { RedisUnavailableError } from '@app/queue';
import { WebhookRequestError } from '@app/webhooks';
import { LOGGER } from '@app/runtime';
import { isConnectionLoss } from './connection-loss';
import { KIND_STATUS } from './error-status';
import { answerLanguage } from './language';

/** An RFC 9457 problem with the engine's stable `code` and field `errors`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: { field: string; message: string }[];
  details?: Readonly<Record<string, unknown>>;
  retryAfterSeconds?: number;
}

/** What the edge gives to build a problem. */
export interface ProblemInit {
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: { field: string; message: string }[];
  details?: Readonly<Record<string, unknown>>;
}

const HTTP_CODES: Record<number, string> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
};

/** Thrown by the edge with a ready problem (validation, auth, parameters). */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemInit) {
    super(problem.detail, problem.status);
  }
}

function titleOf(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  return name ? name.toLowerCase().replace(/(^|_)(\w)/g, (_, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase()) : 'Error';
}

/**
 * The status of an error raised by the HTTP stack while reading a request (the router, the body
 * parser: errors in the `http-errors` style with a 4xx `status`), undefined for others.
 */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
  return value !== undefined && Number.isInteger(value) && value >= 400 && value < 500 ? value : undefined;
}

/**
 * Errors that only reading a value of the request raises: a `SyntaxError` or `RangeError` from
 * parsing or converting it (JSON, dates, numbers, stack depth), or a PostgreSQL "data exception"
 * (class 22: a value out of range or of the wrong form for its column). They are the caller's
 * (400), not the server's; they are still logged as warnings in case a bug raised one.
 */
export function isInputError(error: unknown): boolean {
  if (error instanceof SyntaxError || error instanceof RangeError) return true;
  const { code, severity } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && typeof severity === 'string';
}

/** The Vietnamese `title` of a problem, by its status (the English one is the status's name). */
const VI_TITLES: Readonly<Record<number, string>> = {
  400: 'Yêu cầu không hợp lệ',
  401: 'Chưa xác thực',
  403: 'Không có quyền',
  404: 'Không tìm thấy',
  405: 'Phương thức không được phép',
  409: 'Xung đột với quy tắc nghiệp vụ',
  410: 'Dữ liệu không còn',
  412: 'Dữ liệu đã thay đổi',
  413: 'Dữ liệu quá lớn',
  415: 'Định dạng không được hỗ trợ',
  416: 'Phạm vi không đáp ứng được',
  422: 'Dữ liệu không hợp lệ theo quy định',
  429: 'Quá nhiều yêu cầu',
  500: 'Lỗi máy chủ',
  503: 'Dịch vụ tạm thời không sẵn sàng',
};

/**
 * A problem in the language of the answer: English as built; in Vietnamese, the title of its
 * status and the catalogue's `vi` message of its code rendered with its `details` (field
 * `errors` keep their English messages, the detail names their fields). A code outside the
 * catalogue (`HTTP.<status>`) keeps its English detail.
 *
 * @example
 * localized({ status: 404, code: 'PROJECT.NOT_FOUND', detail: 'Unknown project p-1', … }, 'vi').detail; // 'Không tìm thấy đề án.'
 */
export function localized(body: ProblemDetails, lang: MessageLanguage): ProblemDetails {
  if (lang === 'en') return body;
  const title = VI_TITLES[body.status] ?? body.title;
  if (!isErrorCode(body.code)) return { ...body, title };
  const fields = [...new Set((body.errors ?? []).map((error) => error.field))];
  const message = errorMessage(body.code, lang, body.details ?? {});
  return { ...body, title, detail: fields.length ? `${message} Trường: ${fields.join(', ')}.` : message };
}

function problem(status: number, code: string, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return { type: `urn:problem:${code}`, title: titleOf(status), status, detail, code, ...extra };
}

/**
 * The one place where errors become HTTP answers: domain, application, document and webhook refusals by
 * kind (`KIND_STATUS`), store errors by their class, framework errors by theirs, everything as
 * `application/problem+json` with a stable code, in the language `Accept-Language` asks for
 * (`vi` or `en`, English by default; `Content-Language` says which). Errors of reading the request (the router's,
 * the body parser's, `isInputError`) are 4xx, never 5xx. Unexpected errors are logged and
 * answered 500 without internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const lang = answerLanguage(request.headers['accept-language']);
    const body: ProblemDetails = localized({ ...this.toProblem(exception), instance: request.originalUrl }, lang);
    if (body.status < 500 && !(exception instanceof HttpException) && isInputError(exception)) {
      this.logger.warn('request refused: a value could not be read', { method: request.method, path: request.originalUrl, status: body.status, error: exception });
    } else if (body.status === 500) {
      this.logger.error('request failed', { method: request.method, path: request.originalUrl, status: body.status, error: exception });
    } else if (body.status >= 500) {
      this.logger.warn('request not served', { method: request.method, path: request.originalUrl, status: body.status, code: body.code });
    }
    if (response.headersSent) return;
    response.setHeader('Content-Language', lang);
    response.vary('Accept-Language');
    if (body.status === 503) response.setHeader('Retry-After', String(body.retryAfterSeconds ?? 5));
    delete body.retryAfterSeconds;
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(error: unknown): ProblemDetails {
    if (error instanceof ProblemException) {
      const { status, code, detail, ...rest } = error.problem;
      return problem(status, code, detail, rest);
    }
    if (error instanceof DomainError) {
      return problem(KIND_STATUS[error.kind], error.code, error.message, Object.keys(error.details).length ? { details: error.details } : {});
    }
    if (error instanceof ApplicationError) {
      return problem(KIND_STATUS[error.kind], error.code, error.message, Object.keys(error.details).length ? { details: error.details } : {});
    }
    if (error instanceof DocumentError) {
      return problem(KIND_STATUS[error.kind], error.code, error.message, {
        errors: [{ field: 'file', message: error.message }],
        ...(Object.keys(error.details).length ? { details: error.details } : {}),
      });
    }
    if (error instanceof WebhookRequestError) {
      return problem(KIND_STATUS[error.kind], error.code, error.message, error.field ? { errors: [{ field: error.field, message: error.message }] } : {});
    }
    if (error instanceof WrongExpectedVersionError) {
      return problem(409, 'COMMAND.CONCURRENT_UPDATE', error.message);
    }
    if (error instanceof StoreUnavailableError || error instanceof RedisUnavailableError) {
      return problem(503, 'SERVICE.UNAVAILABLE', 'A backing service is unavailable; retry shortly', { retryAfterSeconds: 5 });
    }
    if (isConnectionLoss(error)) {
      // A connection to PostgreSQL or Redis dropped under the request: the pool reconnects by itself.
      return problem(503, 'SERVICE.CONNECTION_LOST', 'The connection to the database or the queue was lost; retry shortly', { retryAfterSeconds: 5 });
    }
    if (error instanceof InvalidAppendError) return problem(400, 'REQUEST.INVALID', error.message);
    if (error instanceof InvalidCursorError) {
      return problem(400, 'REQUEST.INVALID', error.message, { errors: [{ field: 'cursor', message: error.message }] });
    }
    const bodyParser = error as { type?: string; status?: number; limit?: number } | null;
    if (bodyParser?.type === 'entity.too.large') {
      const limit = bodyParser.limit ?? 'the limit';
      return problem(413, 'REQUEST.TOO_LARGE', `The request body is larger than ${limit} bytes`, { errors: [{ field: '$', message: `must be at most ${limit} bytes` }] });
    }
    if (bodyParser?.type === 'entity.parse.failed') {
      return problem(400, 'REQUEST.MALFORMED_JSON', 'The request body is not valid JSON', { errors: [{ field: '$', message: 'must be valid JSON' }] });
    }
    if (bodyParser?.type === 'encoding.unsupported' || bodyParser?.type === 'charset.unsupported') {
      const field = bodyParser.type === 'encoding.unsupported' ? 'Content-Encoding' : 'Content-Type';
      return problem(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'The request body encoding is not supported', { errors: [{ field, message: 'is not supported' }] });
    }
    if (error instanceof URIError) {
      return problem(400, 'REQUEST.INVALID_TEXT', 'The path or query is not valid percent-encoded UTF-8', { errors: [{ field: 'path', message: 'must be valid percent-encoded UTF-8' }] });
    }
    if (!(error instanceof HttpException)) {
      const status = clientErrorStatus(error);
      if (status !== undefined) {
        const exposed = (error as { expose?: unknown; message?: unknown }).expose === true ? String((error as { message?: unknown }).message ?? '') : '';
        return problem(status, HTTP_CODES[status] ?? 'REQUEST.INVALID', exposed || titleOf(status));
      }
      if (isInputError(error)) return problem(400, 'REQUEST.INVALID', 'A value of the request could not be read: it is malformed or out of range');
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      const message =
        typeof response === 'string' ? response : typeof (response as { message?: unknown }).message === 'string' ? String((response as { message: string }).message) : error.message;
      // Nest turns body-parser's SyntaxError and the router's URIError (a path segment that is
      // not percent-encoded UTF-8) into plain 400s with their messages.
      if (status === 400 && /JSON/.test(message)) {
        return problem(400, 'REQUEST.MALFORMED_JSON', `The request body is not valid JSON: ${message}`, { errors: [{ field: '$', message: 'must be valid JSON' }] });
      }
      if (status === 400 && /^Failed to decode param/.test(message)) {
        return problem(400, 'REQUEST.INVALID_TEXT', 'The path is not valid percent-encoded UTF-8', { errors: [{ field: 'path', message: 'must be valid percent-encoded UTF-8' }] });
      }
      return problem(status, HTTP_CODES[status] ?? `HTTP.${status}`, message);
    }
    return problem(500, 'INTERNAL', 'An unexpected error occurred; it has been logged');
  }
}
