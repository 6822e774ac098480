import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { inspectInput, refusal } from './input-safety';
import { ProblemException } from './problem-details.filter';

/** The media types of request bodies the API reads (every body it takes is JSON). */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/**
 * The one route that takes another body than JSON: a document upload, `multipart/form-data`,
 * which its controller streams (busboy) without buffering it.
 */
const MULTIPART_ROUTE = /^\/api\/v1\/projects\/[^/]+\/documents\/?$/;

/** Whether the request is a multipart upload to the route that takes one. */
export function isDocumentUpload(request: Request): boolean {
  return request.method === 'POST' && MULTIPART_ROUTE.test(request.path) && request.is('multipart/form-data') === 'multipart/form-data';
}

/** Whether a request carries a body (a `Content-Length: 0` request does not). */
function carriesBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/**
 * The middleware right after the JSON parser: a body of another media type is answered 415 (but
 * for a document upload, `isDocumentUpload`, left unread for its route to stream), a
 * parsed body that breaks the input rules (`__proto__`, `constructor` or `prototype` keys at
 * any depth, NUL characters or unpaired surrogates in any key or string, nesting too deep) is
 * answered 400 naming the path, before any route, pipe or class-transformer sees it.
 *
 * @example
 * app.use(checkJsonBody);
 */
export function checkJsonBody(request: Request, _response: Response, next: NextFunction): void {
  if (!carriesBody(request) || isDocumentUpload(request)) return next();
  if (!request.is(JSON_MEDIA_TYPES)) {
    return next(
      new ProblemException({
        status: 415,
        code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        detail: 'Request bodies must be JSON sent as Content-Type: application/json',
        errors: [{ field: 'Content-Type', message: 'must be application/json' }],
      }),
    );
  }
  const violations = inspectInput(request.body);
  if (violations.length > 0) return next(refusal(violations, 'The request body'));
  next();
}

/**
 * Reads JSON request bodies up to `limitBytes` (larger → 413; broken JSON → 400; the raw bytes
 * are kept for signature checks) and applies `checkJsonBody` to them.
 *
 * @example
 * useJsonBodies(app, config.bodyLimitBytes);
 */
export function useJsonBodies(app: NestExpressApplication, limitBytes: number): void {
  app.useBodyParser('json', { limit: limitBytes, type: JSON_MEDIA_TYPES });
  app.use(checkJsonBody);
}
