import { authorityCovers } from '@app/domain';
import type { FieldError } from '../forms';
import type { SignedInUser } from './user';

/*
 * Decision levels (docs/plans.md): a decision the policy gives to a level is offered to a person
 * whose token's `authority` covers it, by the engine's own rule (`authorityCovers`); to anyone
 * else it shows disabled, naming the level needed.
 */

/**
 * Why the signed-in person may not take a decision of `required` level, or undefined when they may
 * (a level that is not a decision level needs none).
 *
 * @example
 * authorityBlock({ sub: 'u1', roles: ['approver'], authority: 'department' }, 'people_committee'); // { key: 'blocked.authority.people_committee' }
 * authorityBlock({ sub: 'u1', roles: ['approver'], authority: 'people_committee' }, 'department'); // undefined
 */
export function authorityBlock(user: Pick<SignedInUser, 'authority'>, required: string): FieldError | undefined {
  return authorityCovers(user.authority, required) ? undefined : { key: `blocked.authority.${required}` };
}
