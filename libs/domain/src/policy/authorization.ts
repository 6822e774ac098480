import { type Actor, ForbiddenError } from '../shared';
import type { PolicySet } from './policy-set';

/**
 * Refuses an actor who holds none of the roles the policy names for a command
 * (`AUTH.ROLE_NOT_ALLOWED`, forbidden). Nobody is allowed implicitly, admin included.
 *
 * @example
 * requireRole(policy, 'CreateProgramme', actor);
 */
export function requireRole(policy: PolicySet, command: keyof PolicySet['roles'], actor: Actor): void {
  const required = policy.roles[command];
  if (!actor.roles.some((role) => required.includes(role))) {
    throw new ForbiddenError('AUTH.ROLE_NOT_ALLOWED', `${command} needs one of the roles: ${required.join(', ')}`, {
      command,
      requiredRoles: required,
      actorRoles: actor.roles,
      policyId: policy.id,
      policyVersion: policy.version,
    });
  }
}
