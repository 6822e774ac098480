import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Role } from '@app/domain';
import type { Logger } from '@app/observability';
import { setCorrelationActor } from '@app/observability';
import { InvalidTokenError, LOGGER, TokenKeysUnavailableError } from '@app/runtime';
import { ProblemException } from '../problem-details.filter';
import { PUBLIC_ROUTE, ROUTE_ROLES } from './auth.decorators';
import { bearerToken, TokenVerifier } from './token-verifier';

/** Provider told of every request authentication refuses (the per-address rate limit counts them). */
export const AUTHENTICATION_REFUSALS = Symbol('AuthenticationRefusals');

/** What is told of a refused request; it may answer with its own refusal (429) instead. */
export interface AuthenticationRefusals {
  refused(context: ExecutionContext): Promise<void>;
}

/**
 * Global guard: a valid bearer token on every route not marked {@link Public} (401 otherwise),
 * and one of the route's roles when it names some (403 otherwise). A refused token is answered
 * with the same detail whatever the reason (RFC 6750 `invalid_token`); the reason goes to the
 * debug log only. Every refusal is told to {@link AUTHENTICATION_REFUSALS} when one is provided.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger: Logger;
  /** What each route asks of its caller, read from its metadata once (handler → controller → access). */
  private readonly access = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    @Inject(LOGGER) logger: Logger,
    @Optional() @Inject(AUTHENTICATION_REFUSALS) private readonly refusals?: AuthenticationRefusals,
  ) {
    this.logger = logger.child('auth');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessOf(context);
    if (access.public) return true;
    try {
      return await this.authenticate(context, access.roles);
    } catch (error) {
      // A refused request still counts (its own 429 when over the limit wins over the refusal).
      await this.refusals?.refused(context);
      throw error;
    }
  }

  private accessOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byController = this.access.get(handler);
    const known = byController?.get(controller);
    if (known) return known;
    const targets = [handler, controller];
    const access: RouteAccess = {
      public: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true,
      roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets),
    };
    if (!byController) this.access.set(handler, (byController = new WeakMap()));
    byController.set(controller, access);
    return access;
  }

  private async authenticate(context: ExecutionContext, roles: readonly Role[] | undefined): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      throw unauthenticated('An Authorization: Bearer <token> header is required');
    }
    try {
      request.principal = await this.tokens.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        this.logger.debug('bearer token refused', { reason: error.message, method: request.method, path: request.originalUrl });
        response.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
        throw unauthenticated('The bearer token is not accepted');
      }
      if (error instanceof TokenKeysUnavailableError) {
        this.logger.warn('identity provider keys unavailable', { reason: error.message });
        throw new ProblemException({ status: 503, code: 'SERVICE.UNAVAILABLE', detail: 'The identity provider cannot be reached to check the token; retry shortly' });
      }
      throw error;
    }
    if (roles && !roles.some((role) => request.principal?.roles.includes(role))) {
      throw new ProblemException({
        status: 403,
        code: 'AUTH.ROLE_NOT_ALLOWED',
        detail: `This needs one of the roles: ${roles.join(', ')}`,
        details: { requiredRoles: roles },
      });
    }
    // Logs written from here on carry the caller.
    setCorrelationActor(request.principal.id);
    return true;
  }
}

/** Whether a route takes callers without a token, and the roles it allows (none named: any). */
interface RouteAccess {
  readonly public: boolean;
  readonly roles: readonly Role[] | undefined;
}

function unauthenticated(detail: string): ProblemException {
  return new ProblemException({ status: 401, code: 'AUTH.UNAUTHENTICATED', detail });
}
