import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@app/domain';
import { setCorrelationActor } from '@app/observability';
import { ProblemException } from '../problem-details.filter';
import { PUBLIC_ROUTE, ROUTE_ROLES } from './auth.decorators';
import { InvalidTokenError } from '@app/runtime';
import { TokenVerifier } from './token-verifier';

/**
 * Global guard: a valid bearer token on every route not marked {@link Public} (401 otherwise),
 * and one of the route's roles when it names some (403 otherwise).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw unauthenticated('An Authorization: Bearer <token> header is required');
    try {
      request.principal = this.tokens.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthenticated(error.message);
      throw error;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);
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

function unauthenticated(detail: string): ProblemException {
  return new ProblemException({ status: 401, code: 'AUTH.UNAUTHENTICATED', detail });
}
