import { findPolicy } from '../policy/policy-registry';
import type { PolicySet } from '../policy/policy-set';
import type { ProgrammeEvent } from '../programme/programme.events';
import type { Beneficiary } from '../project/project.commands';
import { type Actor, ROLES } from '../shared';

// The fixed people, instants, programmes and beneficiary every domain spec shares.

export const PROJECT_ID = 'p-1';

export const actors = {
  officer: { id: 'officer-1', roles: ['officer'] },
  officer2: { id: 'officer-2', roles: ['officer'] },
  areaOfficer: { id: 'officer-80', roles: ['officer'], areas: ['80'] },
  otherAreaOfficer: { id: 'officer-79', roles: ['officer'], areas: ['79'] },
  collaborator: { id: 'ctv-1', roles: ['collaborator'], areas: ['80123'] },
  a1: { id: 'appraiser-1', roles: ['appraiser'] },
  a2: { id: 'appraiser-2', roles: ['appraiser'] },
  a3: { id: 'appraiser-3', roles: ['appraiser'] },
  a4: { id: 'appraiser-4', roles: ['appraiser'] },
  // The provincial People's Committee decides what a local policy gives above the department.
  approver: { id: 'approver-1', roles: ['approver'], authority: 'people_committee' },
  approver2: { id: 'approver-2', roles: ['approver'], authority: 'people_committee' },
  departmentApprover: { id: 'approver-3', roles: ['approver'], authority: 'department' },
  ministryApprover: { id: 'approver-4', roles: ['approver'], authority: 'ministry' },
  approverWithoutAuthority: { id: 'approver-5', roles: ['approver'] },
  accountant: { id: 'accountant-1', roles: ['accountant'] },
  treasury: { id: 'treasury', roles: ['finance-system'] },
  admin: { id: 'admin-1', roles: ['admin'] },
  auditor: { id: 'auditor-1', roles: ['auditor'] },
  everyone: { id: 'all-roles', roles: [...ROLES] },
} satisfies Record<string, Actor>;

/** Instants in order, Vietnamese time. */
export const T = {
  created: '2026-03-02T09:00:00+07:00',
  submitted: '2026-03-03T09:00:00+07:00',
  appraisalOpened: '2026-03-10T09:00:00+07:00',
  scored: '2026-03-20T09:00:00+07:00',
  concluded: '2026-04-01T09:00:00+07:00',
  approved: '2026-04-10T09:00:00+07:00',
  contracted: '2026-04-20T09:00:00+07:00',
  started: '2026-05-04T09:00:00+07:00',
  progress: '2026-07-20T09:00:00+07:00',
  trancheRequested: '2026-07-22T09:00:00+07:00',
  trancheApproved: '2026-07-23T09:00:00+07:00',
  paid: '2026-07-25T09:00:00+07:00',
  completed: '2026-10-01T09:00:00+07:00',
  accepted: '2026-10-10T09:00:00+07:00',
  finalRequested: '2026-10-12T09:00:00+07:00',
  finalApproved: '2026-10-13T09:00:00+07:00',
  finalPaid: '2026-10-14T09:00:00+07:00',
  settlementSubmitted: '2026-10-20T09:00:00+07:00',
  settled: '2026-11-01T09:00:00+07:00',
  refunded: '2026-11-15T09:00:00+07:00',
  outcome: '2027-05-02T09:00:00+07:00',
  closed: '2027-11-02T09:00:00+07:00',
} as const;

export function programmeCreated(
  overrides: Partial<Extract<ProgrammeEvent, { type: 'ProgrammeCreated' }>['data']> = {},
): ProgrammeEvent {
  return {
    type: 'ProgrammeCreated',
    data: {
      programmeId: 'la-2026',
      code: 'KCDP-LA-2026',
      name: 'Khuyến công địa phương Long An 2026',
      year: 2026,
      fundingSource: 'local',
      province: '80',
      budgetVnd: 1_000_000_000,
      policyId: 'vn-longan-local-2022',
      policyVersion: 1,
      registrationOpensOn: '2026-01-05',
      registrationClosesOn: '2026-05-20',
      createdBy: actors.admin.id,
      at: '2026-01-02T09:00:00+07:00',
      ...overrides,
    },
  };
}

/** A national programme pinned to `vn-2014-national` at the given version. */
export function nationalProgrammeCreated(version: 1 | 2, budgetVnd = 5_000_000_000): ProgrammeEvent {
  return programmeCreated({
    programmeId: `kcqg-v${version}`,
    code: `KCQG-2026-V${version}`,
    name: 'Khuyến công quốc gia 2026',
    fundingSource: 'national',
    province: undefined,
    budgetVnd,
    policyId: 'vn-2014-national',
    policyVersion: version,
  });
}

export function policyOf(event: ProgrammeEvent): PolicySet {
  if (event.type !== 'ProgrammeCreated') throw new Error('not a ProgrammeCreated event');
  const policy = findPolicy(event.data.policyId, event.data.policyVersion);
  if (policy === undefined) throw new Error('unknown fixture policy');
  return policy;
}

export const beneficiary: Beneficiary = {
  name: 'Cơ sở bánh tráng Hòa Phát',
  kind: 'household_business',
  province: '80',
  commune: '80123',
  contact: { name: 'Nguyễn Văn A', phone: '0900000000' },
};
