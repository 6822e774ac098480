import { type Actor, ForbiddenError, type Role } from '../shared';
import type { DocumentCommandType, PolicySet } from './policy-set';

/**
 * Refuses an actor who holds none of the roles the policy names for a command
 * (`AUTH.ROLE_NOT_ALLOWED`, forbidden). Nobody is allowed implicitly, admin included.
 *
 * @example
 * requireRole(policy, 'CreateProgramme', actor);
 */
export function requireRole(policy: PolicySet, command: keyof PolicySet['roles'], actor: Actor): void {
  const required = rolesFor(policy, command) ?? [];
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

/**
 * The roles a policy set names for a command, the document commands' from its dossier;
 * `undefined` when it names none (nobody may issue the command).
 *
 * @example
 * rolesFor(policy, 'SupersedeDocument'); // ['officer', 'admin']
 */
export function rolesFor(policy: PolicySet, command: keyof PolicySet['roles']): readonly Role[] | undefined {
  return policy.roles[command] ?? policy.dossier?.roles[command as DocumentCommandType];
}
