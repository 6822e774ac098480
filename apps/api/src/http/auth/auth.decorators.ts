import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '@app/domain';
import { Principal } from './principal';

export const PUBLIC_ROUTE = 'grants:public';
export const ROUTE_ROLES = 'grants:roles';

/** The route needs no token (health, metrics, docs, the console, signed webhooks). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Coarse access to a route by role. Commands are also checked by the domain against the pinned
 * policy (role, area, separation of duties); this keeps whole areas (admin, audit) closed.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ROLES, roles);

/** Every role that reads the read models. */
export const STAFF_AND_AUDIT: Role[] = ['officer', 'collaborator', 'appraiser', 'approver', 'accountant', 'auditor', 'admin'];

/** The verified caller of the request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<Request>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
