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
 * Who issues a command, as the verified token says. `areas` lists the province or commune codes
 * the actor may act on; `undefined` means the whole province.
 */
export interface Actor {
  readonly id: string;
  readonly roles: readonly Role[];
  readonly areas?: readonly string[];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
