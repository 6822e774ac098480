import type { Authority, Role } from '@app/domain';

/** A demo user the development sign-in may mint a token for. */
export interface DevPerson {
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly areas?: readonly string[];
  /** The decision level the person holds (API.md "Identity"). */
  readonly authority?: Authority;
}

/**
 * The demo users of `npm run cli -- demo` (apps/cli/src/demo/demo-data.ts), one or more per role,
 * so the development sign-in acts as the same people the demo data names in its history. Apps do
 * not import each other, so the list is repeated here; keep the two in step.
 */
export const DEV_PEOPLE: readonly DevPerson[] = [
  { sub: 'demo-officer', roles: ['officer'], name: 'Nguyễn Văn Tâm', areas: ['80'] },
  { sub: 'demo-ctv', roles: ['collaborator'], name: 'Lê Thị Mai', areas: ['27811'] },
  { sub: 'demo-appraiser-1', roles: ['appraiser'], name: 'Trần Quốc Bảo' },
  { sub: 'demo-appraiser-2', roles: ['appraiser'], name: 'Phạm Thị Thu Hà' },
  { sub: 'demo-appraiser-3', roles: ['appraiser'], name: 'Võ Minh Trí' },
  { sub: 'demo-appraiser-4', roles: ['appraiser'], name: 'Huỳnh Ngọc Lan' },
  { sub: 'demo-approver', roles: ['approver'], name: 'Đặng Văn Hùng', authority: 'people_committee' },
  { sub: 'demo-accountant', roles: ['accountant'], name: 'Ngô Thị Kim Oanh' },
  { sub: 'demo-auditor', roles: ['auditor'], name: 'Lý Thanh Sơn' },
  { sub: 'demo-admin', roles: ['admin'], name: 'Quản trị hệ thống' },
];
