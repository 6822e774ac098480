import { INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject, SecurityRequirementObject } from '@nestjs/swagger';
import { PUBLIC_ROUTE } from './auth/auth.decorators';

/** The Problem Details answers the document names, by status (shared `components.responses`). */
const PROBLEMS: Readonly<Record<number, { name: string; description: string }>> = {
  400: { name: 'BadRequest', description: 'Bad input (REQUEST.* codes): errors[] names each field and rule' },
  401: { name: 'Unauthorized', description: 'No bearer token, or one that is expired, malformed or not signed by a trusted issuer' },
  403: { name: 'Forbidden', description: 'The caller’s roles, areas or decision level do not allow this' },
  404: { name: 'NotFound', description: 'No such resource, or one outside the caller’s scope (the answer is the same)' },
  409: { name: 'Conflict', description: 'The state does not allow the command, or an Idempotency-Key was reused with another request' },
  412: { name: 'PreconditionFailed', description: 'If-Match names another version than the current one: read it again and retry' },
  413: { name: 'PayloadTooLarge', description: 'The body is over the size limit' },
  422: { name: 'UnprocessableEntity', description: 'The command breaks a rule of the domain or of the pinned policy (details names it)' },
  503: {
    name: 'ServiceUnavailable',
    description:
      'The database or the queue cannot be reached for now (SERVICE.UNAVAILABLE, SERVICE.CONNECTION_LOST; a failover, a restart): nothing half-written, retry after Retry-After seconds (a command with the same Idempotency-Key)',
  },
};

/** The header of every 503 answer. */
const RETRY_AFTER_HEADER = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', example: 5 } } };

const COMMAND_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** `application/problem+json` (RFC 9457) with the engine's stable `code`. */
const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 Problem Details with the engine’s stable code',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'urn:problem:<code>', example: 'urn:problem:REQUEST.VALIDATION_FAILED' },
    title: { type: 'string', description: 'The HTTP status phrase', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', description: 'What went wrong, in the language Accept-Language asks for' },
    code: { type: 'string', description: 'Stable error code (see the error catalogue)', example: 'REQUEST.VALIDATION_FAILED' },
    errors: {
      type: 'array',
      description: 'One entry per field and rule that refused the input',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', example: 'beneficiary.contact.phone' }, message: { type: 'string' } },
      },
    },
    details: { type: 'object', additionalProperties: true, description: 'Values of the rule that refused the command' },
  },
};

/**
 * The operation ids (Swagger's default `<Controller>_<method>`) of the routes marked `@Public()`,
 * on the method or on its controller.
 */
function publicOperationIds(app: INestApplication): Set<string> {
  const reflector = new Reflector();
  const ids = new Set<string>();
  for (const module of app.get(ModulesContainer, { strict: false }).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        if (reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [handler, controller])) ids.add(`${controller.name}_${name}`);
      }
    }
  }
  return ids;
}

/**
 * Completes the document Swagger builds from the decorators with what holds for every route:
 * public routes say `security: []` (or make the token optional where they read one), and every
 * operation lists the Problem Details answers its kind can give — 401/403 when authenticated,
 * 404 with path parameters, 400 with any input, 413 with a body, 409/412/422 for commands, 503
 * (with `Retry-After`) when authenticated —
 * as references to shared responses with one `Problem` schema. Answers a decorator documents
 * are kept as they are.
 */
export function completeContract(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  const publicIds = publicOperationIds(app);
  const components = (document.components ??= {});
  components.schemas = { ...components.schemas, Problem: PROBLEM_SCHEMA };
  const responses: Record<string, ResponseObject> = { ...(components.responses as Record<string, ResponseObject> | undefined) };
  for (const { name, description } of Object.values(PROBLEMS)) {
    responses[name] = {
      description,
      ...(name === 'ServiceUnavailable' ? { headers: RETRY_AFTER_HEADER } : {}),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  components.responses = responses;

  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      const isPublic = operation.operationId !== undefined && publicIds.has(operation.operationId);
      if (isPublic) operation.security = publicSecurity(operation.security);
      const authenticated = !isPublic && (operation.security ?? document.security ?? []).length > 0;
      const parameters = (operation.parameters ?? []).filter((p): p is ParameterObject => 'in' in p);
      const statuses: number[] = [];
      if (parameters.length > 0 || operation.requestBody) statuses.push(400);
      if (authenticated) statuses.push(401, 403);
      if (parameters.some((p) => p.in === 'path')) statuses.push(404);
      if (authenticated && COMMAND_METHODS.has(method)) statuses.push(409, 412, 422);
      if (operation.requestBody) statuses.push(413);
      // Every authenticated route reads the database (and a command may need the queue).
      if (authenticated) statuses.push(503);
      for (const status of statuses) {
        operation.responses[status] ??= { $ref: `#/components/responses/${(PROBLEMS[status] as { name: string }).name}` };
      }
    }
  }
  return document;
}

/** No token needed: `[]`, or `[{}, …]` where the route reads a token when one is sent. */
function publicSecurity(security: SecurityRequirementObject[] | undefined): SecurityRequirementObject[] {
  return security && security.length > 0 ? [{}, ...security.filter((requirement) => Object.keys(requirement).length > 0)] : [];
}
