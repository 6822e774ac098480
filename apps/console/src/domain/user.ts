import type { Authority, Role } from '@app/domain';

/** The signed-in person as the console sees them. */
export interface SignedInUser {
  readonly sub: string;
  readonly name?: string;
  readonly roles: readonly Role[];
  readonly areas?: readonly string[];
  /** The decision level of the token's `authority` claim; absent means none. */
  readonly authority?: Authority;
}
