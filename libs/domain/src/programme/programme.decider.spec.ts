import { deciderSpec } from '@app/testing/decider-spec';
import { VN_2014_NATIONAL_V1 } from '../policy/vn-2014-national.policy';
import type { Actor } from '../shared';
import type { AdjustProgrammeBudget, CreateProgramme } from './programme.commands';
import { createProgrammeDecider, programmeDecider } from './programme.decider';
import type { ProgrammeEvent } from './programme.events';
import { availableVnd, evolveProgramme, programmeDossierMode } from './programme.state';
import { programmeCreated } from '../testing/domain-fixtures';

const admin: Actor = { id: 'admin-1', roles: ['admin'] };
const at = '2026-01-02T09:00:00+07:00';
const spec = deciderSpec(programmeDecider);

const create = (overrides: Partial<CreateProgramme> = {}): CreateProgramme => ({
  type: 'CreateProgramme',
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
  actor: admin,
  at,
  ...overrides,
});

const adjust = (overrides: Partial<AdjustProgrammeBudget> = {}): AdjustProgrammeBudget => ({
  type: 'AdjustProgrammeBudget',
  programmeId: 'la-2026',
  deltaVnd: 500_000_000,
  reason: 'Bổ sung dự toán',
  decisionNo: '12/QĐ-UBND',
  actor: admin,
  at,
  ...overrides,
});

const created = programmeCreated();

const reserved = (projectId: string, amountVnd: number): ProgrammeEvent => ({
  type: 'FundsReserved',
  data: { programmeId: 'la-2026', projectId, amountVnd, decisionNo: '45/QĐ-SCT', at },
});

describe('no programme yet', () => {
  describe('CreateProgramme', () => {
    it('creates a programme pinned to a policy version, warning about the dossier by default', () => {
      spec.given([]).when(create()).then([programmeCreated({ dossier: 'warn' })]);
    });

    it('records the dossier mode chosen, and shows it in the state', () => {
      spec.given([]).when(create({ dossier: 'enforce' })).then([programmeCreated({ dossier: 'enforce' })]);
      expect(evolveProgramme({ status: 'none' }, programmeCreated({ dossier: 'enforce' }))).toMatchObject({ dossier: 'enforce' });
      const error = spec.given([]).when(create({ dossier: 'strict' as never })).thenThrows('COMMAND.INVALID_FIELD');
      expect(error.details).toMatchObject({ field: 'dossier' });
    });

    it('reads a programme recorded before the setting as warning', () => {
      const old = evolveProgramme({ status: 'none' }, created);
      expect(old.status === 'active' && [old.dossier, programmeDossierMode(old)]).toEqual([undefined, 'warn']);
    });

    it('pins the latest version when none is given', () => {
      spec
        .given([])
        .when(create({ fundingSource: 'national', province: undefined, policyId: 'vn-2014-national', policyVersion: undefined }))
        .thenMatches([{ type: 'ProgrammeCreated', data: expect.objectContaining({ policyVersion: 3 }) }]);
    });

    it.each([
      [{ policyId: 'vn-2099' }, 'PROGRAMME.UNKNOWN_POLICY'],
      [{ policyVersion: 9 }, 'PROGRAMME.UNKNOWN_POLICY'],
      [{ registrationOpensOn: '2026-05-21' }, 'PROGRAMME.DATES_OUT_OF_ORDER'],
      [{ registrationClosesOn: '2026-02-30' }, 'DATE.INVALID'],
      [{ fundingSource: 'national' as const }, 'PROGRAMME.POLICY_MISMATCH'],
      [{ province: '79' }, 'PROGRAMME.POLICY_MISMATCH'],
      [{ province: undefined }, 'COMMAND.FIELD_REQUIRED'],
      [{ budgetVnd: 0 }, 'PROGRAMME.BUDGET_NOT_POSITIVE'],
      [{ budgetVnd: -5 }, 'PROGRAMME.BUDGET_NOT_POSITIVE'],
      [{ budgetVnd: 10.5 }, 'MONEY.INVALID_AMOUNT'],
      [{ year: 26 }, 'COMMAND.INVALID_FIELD'],
    ])('refuses %o with %s', (override, code) => {
      const error = spec.given([]).when(create(override)).thenThrows(code);
      expect(error.kind).toBe('invalid');
    });

    it('names the policy in a funding source mismatch', () => {
      const error = spec.given([]).when(create({ policyId: 'vn-2014-national', policyVersion: 1 })).thenThrows('PROGRAMME.POLICY_MISMATCH');
      expect(error.details).toEqual({ fundingSource: 'local', policyFundingSource: 'national', policyId: 'vn-2014-national' });
    });

    it('is for admins only', () => {
      const error = spec.given([]).when(create({ actor: { id: 'o', roles: ['officer', 'approver'] } })).thenThrows('AUTH.ROLE_NOT_ALLOWED');
      expect([error.kind, error.details.requiredRoles]).toEqual(['forbidden', ['admin']]);
    });

    it('can be offered policy sets beyond the built-in ones', () => {
      const custom = { ...VN_2014_NATIONAL_V1, id: 'vn-custom', version: 7 };
      deciderSpec(createProgrammeDecider([custom]))
        .given([])
        .when(create({ fundingSource: 'national', policyId: 'vn-custom', policyVersion: undefined }))
        .thenMatches([{ type: 'ProgrammeCreated', data: expect.objectContaining({ policyId: 'vn-custom', policyVersion: 7 }) }]);
    });
  });

  describe('AdjustProgrammeBudget', () => {
    it('refuses an unknown programme', () => {
      expect(spec.given([]).when(adjust()).thenThrows('PROGRAMME.NOT_FOUND').kind).toBe('not_found');
    });
  });
});

describe('active', () => {
  describe('CreateProgramme', () => {
    it('refuses a second creation', () => {
      spec.given([created]).when(create()).thenThrows('PROGRAMME.ALREADY_EXISTS');
    });
  });

  describe('AdjustProgrammeBudget', () => {
    it('raises and lowers the budget', () => {
      spec
        .given([created])
        .when(adjust({ deltaVnd: -300_000_000 }))
        .then([
          {
            type: 'ProgrammeBudgetAdjusted',
            data: {
              programmeId: 'la-2026',
              deltaVnd: -300_000_000,
              totalVnd: 700_000_000,
              reason: 'Bổ sung dự toán',
              decisionNo: '12/QĐ-UBND',
              adjustedBy: 'admin-1',
              at,
            },
          },
        ]);
    });

    it('cannot go below what is reserved', () => {
      const error = spec.given([created, reserved('p-1', 800_000_000)]).when(adjust({ deltaVnd: -300_000_000 })).thenThrows('PROGRAMME.BUDGET_BELOW_RESERVED');
      expect([error.kind, error.details]).toEqual([
        'conflict',
        { totalVnd: 1_000_000_000, reservedVnd: 800_000_000, deltaVnd: -300_000_000, newTotalVnd: 700_000_000 },
      ]);
      spec.given([created, reserved('p-1', 800_000_000)]).when(adjust({ deltaVnd: -200_000_000 })).thenMatches([{ type: 'ProgrammeBudgetAdjusted' }]);
    });

    it('refuses a zero or fractional change', () => {
      spec.given([created]).when(adjust({ deltaVnd: 0 })).thenThrows('MONEY.INVALID_AMOUNT');
      spec.given([created]).when(adjust({ deltaVnd: 0.5 })).thenThrows('MONEY.INVALID_AMOUNT');
    });

    it('needs a reason and a decision number', () => {
      spec.given([created]).when(adjust({ decisionNo: '' })).thenThrows('COMMAND.FIELD_REQUIRED');
    });
  });
});

describe('programme state', () => {
  it('keeps reservations per project and what is available', () => {
    const events: ProgrammeEvent[] = [
      created,
      reserved('p-1', 150_000_000),
      reserved('p-2', 200_000_000),
      reserved('p-1', 30_000_000),
      {
        type: 'ReservationReleased',
        data: { programmeId: 'la-2026', projectId: 'p-1', amountVnd: 20_000_000, reason: 'settlement', at },
      },
    ];
    const state = spec.given(events).state;
    expect(state).toMatchObject({
      totalVnd: 1_000_000_000,
      reservedVnd: 360_000_000,
      releasedVnd: 20_000_000,
      reservations: { 'p-1': 160_000_000, 'p-2': 200_000_000 },
    });
    if (state.status !== 'active') throw new Error('not active');
    expect(availableVnd(state)).toBe(640_000_000);
  });

  it('treats a fact on a programme that was never created as corruption', () => {
    expect(() => programmeDecider.evolve({ status: 'none' }, reserved('p-1', 1))).toThrow(/never created/);
  });
});
