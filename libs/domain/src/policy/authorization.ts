import { type Actor, type Authority, ForbiddenError, isAuthority, type Role } from '../shared';
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

/**
 * Whether a person holding `held` may take a decision the policy gives to `required`. A level
 * that is not a decision level (an appraisal level such as `base` or `province`) needs none. The
 * department's decisions may be taken by any level; the People's Committee's and the ministry's
 * only by themselves (they sit over different funds, local and national).
 *
 * @example
 * authorityCovers('people_committee', 'department'); // true
 * authorityCovers(undefined, 'people_committee'); // false
 */
export function authorityCovers(held: Authority | undefined, required: string): boolean {
  if (!isAuthority(required)) return true;
  if (held === undefined) return false;
  return held === required || required === 'department';
}

/**
 * Refuses an actor whose `authority` does not cover the level a decision needs
 * (`AUTHORITY.INSUFFICIENT`, forbidden), naming the level needed.
 *
 * @example
 * requireAuthority(actor, 'people_committee', { decision: 'ApprovePlan' });
 */
export function requireAuthority(actor: Actor, required: string, details: Readonly<Record<string, unknown>> = {}): void {
  if (authorityCovers(actor.authority, required)) return;
  throw new ForbiddenError('AUTHORITY.INSUFFICIENT', `This decision needs the authority of the ${required} level`, {
    ...details,
    requiredAuthority: required,
    actorAuthority: actor.authority ?? null,
  });
}
