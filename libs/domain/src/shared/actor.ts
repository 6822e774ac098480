/** Roles of API.md "Identity". */
export const ROLES = [
  'officer',
  'collaborator',
  'appraiser',
  'approver',
  'accountant',
  'finance-system',
  'auditor',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

/**
 * The decision levels of API.md "Identity" (the token's optional `authority` claim): the
 * department (Sở Công Thương, or the ministry's Cục), the provincial People's Committee (UBND
 * tỉnh), the Ministry of Industry and Trade.
 */
export const AUTHORITY_LEVELS = ['department', 'people_committee', 'ministry'] as const;

/** One decision level a person holds. */
export type Authority = (typeof AUTHORITY_LEVELS)[number];

/**
 * Who issues a command, as the verified token says. `areas` lists the province or commune codes
 * the actor may act on; `undefined` means the whole province. `authority` is the decision level
 * the person holds; `undefined` means none.
 */
export interface Actor {
  readonly id: string;
  readonly roles: readonly Role[];
  readonly areas?: readonly string[];
  readonly authority?: Authority;
}

/**
 * Whether a value names a decision level.
 *
 * @example
 * isAuthority('people_committee'); // true
 */
export function isAuthority(value: unknown): value is Authority {
  return typeof value === 'string' && (AUTHORITY_LEVELS as readonly string[]).includes(value);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
