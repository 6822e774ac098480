import { deciderSpec } from '@app/testing/decider-spec';
import { projectDecider } from './project.decider';
import { actors, cmd, deciderOn, programmeCreated, T, World, worldAt } from '../testing/domain-fixtures';

const spec = deciderSpec(projectDecider);
/** Given the world's project history, decided with the world's programme and policy. */
const given = (w: World) => deciderSpec(deciderOn(w)).given(w.history);

describe('recommended', () => {
  describe('ApproveFunding', () => {
    it('approves and reserves the support on the programme in one decision', () => {
      const w = worldAt('recommended');
      given(w)
        .when(cmd.approve({ approvedSupportVnd: 140_000_000 }))
        .then([
          {
            type: 'FundingApproved',
            data: {
              projectId: 'p-1',
              programmeId: 'la-2026',
              title: 'Ứng dụng máy đóng gói bánh tráng',
              category: 'MACHINERY',
              beneficiaryName: 'Cơ sở bánh tráng Hòa Phát',
              decisionNo: '45/QĐ-SCT',
              decidedOn: '2026-04-10',
              approvedSupportVnd: 140_000_000,
              recommendedSupportVnd: 150_000_000,
              approvedBy: 'approver-1',
              at: T.approved,
            },
          },
          {
            type: 'FundsReserved',
            data: { programmeId: 'la-2026', projectId: 'p-1', amountVnd: 140_000_000, decisionNo: '45/QĐ-SCT', at: T.approved },
          },
        ]);
    });

    it('refuses the second approval that the remaining budget cannot carry, deciding nothing', () => {
      const budget = programmeCreated({ budgetVnd: 250_000_000 });
      const first = worldAt('approved', new World(budget));
      expect(first.programme).toMatchObject({ reservedVnd: 150_000_000 });
      const second = worldAt('recommended', new World(budget, undefined, 'p-2'));
      second.programme = first.programme;
      const error = given(second).when(cmd.approve()).thenThrows('FUNDING.BUDGET_EXCEEDED');
      expect(error.kind).toBe('conflict');
      expect(error.details).toEqual({
        programmeId: 'la-2026',
        availableVnd: 100_000_000,
        requestedVnd: 150_000_000,
        totalVnd: 250_000_000,
        reservedVnd: 150_000_000,
      });
      expect(second.decide(cmd.approve({ approvedSupportVnd: 100_000_000 })).programme).toEqual([
        {
          type: 'FundsReserved',
          data: { programmeId: 'la-2026', projectId: 'p-2', amountVnd: 100_000_000, decisionNo: '45/QĐ-SCT', at: T.approved },
        },
      ]);
    });

    it('keeps the approval within the recommendation', () => {
      const error = given(worldAt('recommended'))
        .when(cmd.approve({ approvedSupportVnd: 150_000_001 }))
        .thenThrows('FUNDING.EXCEEDS_RECOMMENDED');
      expect(error.details).toEqual({ approvedSupportVnd: 150_000_001, recommendedSupportVnd: 150_000_000 });
    });

    it('refuses a decision dated after today', () => {
      const error = given(worldAt('recommended')).when(cmd.approve({ decidedOn: '2026-04-11' })).thenThrows('PROJECT.DATE_IN_FUTURE');
      expect([error.kind, error.details]).toMatchObject(['invalid', { decidedOn: '2026-04-11', today: '2026-04-10' }]);
    });

    it.each([
      ['created', { id: 'officer-1', roles: ['officer', 'approver'] }, ['creator', 'submitter']],
      ['scored', { id: 'appraiser-2', roles: ['appraiser', 'approver'] }, ['appraiser']],
    ] as const)('is not decided by whoever %s the proposal', (_label, actor, involvedAs) => {
      const w = worldAt('recommended');
      for (const command of [cmd.approve({ actor: { ...actor, roles: [...actor.roles] } }), cmd.reject({ actor: { ...actor, roles: [...actor.roles] } })]) {
        const error = given(w).when(command).thenThrows('FUNDING.SEPARATION_OF_DUTIES');
        expect([error.kind, error.details.involvedAs]).toEqual(['forbidden', involvedAs]);
      }
    });

    it('is only for approvers', () => {
      const error = given(worldAt('recommended')).when(cmd.approve({ actor: actors.officer2 })).thenThrows('AUTH.ROLE_NOT_ALLOWED');
      expect(error.details).toMatchObject({ requiredRoles: ['approver'] });
    });
  });

  describe('RejectFunding', () => {
    it('records the rejection as a decision', () => {
      spec
        .given(worldAt('recommended').history)
        .when(cmd.reject())
        .then([
          {
            type: 'FundingRejected',
            data: { projectId: 'p-1', reason: 'Không còn kinh phí', rejectedBy: 'approver-1', at: T.approved },
          },
        ]);
    });
  });
});

describe('approved', () => {
  describe('SignContract', () => {
    it('signs the tranche schedule and records the commitment', () => {
      spec
        .given(worldAt('approved').history)
        .when(cmd.signContract())
        .then([
          {
            type: 'ContractSigned',
            data: {
              projectId: 'p-1',
              programmeId: 'la-2026',
              contractNo: 'HĐ-07/2026',
              signedOn: '2026-04-20',
              tranches: [
                { no: 1, kind: 'advance', amountVnd: 100_000_000 },
                { no: 2, kind: 'final', amountVnd: 50_000_000 },
              ],
              contractVnd: 150_000_000,
              counterpartVnd: 250_000_000,
              beneficiary: { name: 'Cơ sở bánh tráng Hòa Phát', kind: 'household_business', province: '80', commune: '80123' },
              plannedEnd: '2026-10-31',
              signedBy: 'officer-1',
              at: T.contracted,
            },
          },
        ]);
    });

    it.each([
      ['numbers that skip', [{ no: 1, kind: 'advance', amountVnd: 1 }, { no: 3, kind: 'final', amountVnd: 1 }]],
      ['numbers out of order', [{ no: 2, kind: 'advance', amountVnd: 1 }, { no: 1, kind: 'final', amountVnd: 1 }]],
      ['a final tranche that is not last', [{ no: 1, kind: 'final', amountVnd: 1 }, { no: 2, kind: 'payment', amountVnd: 1 }]],
      ['two final tranches', [{ no: 1, kind: 'final', amountVnd: 1 }, { no: 2, kind: 'final', amountVnd: 1 }]],
      ['no tranche', []],
    ] as const)('refuses a schedule with %s', (_label, tranches) => {
      spec
        .given(worldAt('approved').history)
        .when(cmd.signContract({ tranches: tranches.map((t) => ({ ...t })) }))
        .thenThrows('TRANCHE.SCHEDULE_INVALID');
    });

    it('refuses tranches that are not positive', () => {
      spec
        .given(worldAt('approved').history)
        .when(cmd.signContract({ tranches: [{ no: 1, kind: 'advance', amountVnd: 0 }] }))
        .thenThrows('MONEY.INVALID_AMOUNT');
    });

    it('keeps the schedule within the approved support', () => {
      const error = spec
        .given(worldAt('approved').history)
        .when(cmd.signContract({ tranches: [{ no: 1, kind: 'advance', amountVnd: 100_000_000 }, { no: 2, kind: 'final', amountVnd: 50_000_001 }] }))
        .thenThrows('TRANCHE.SCHEDULE_EXCEEDS_APPROVED');
      expect(error.details).toEqual({ scheduledVnd: 150_000_001, approvedSupportVnd: 150_000_000 });
    });

    it('is not signed before the approval', () => {
      const error = spec
        .given(worldAt('approved').history)
        .when(cmd.signContract({ signedOn: '2026-04-09' }))
        .thenThrows('PROJECT.DATES_OUT_OF_ORDER');
      expect(error.details).toEqual({ decidedOn: '2026-04-10', signedOn: '2026-04-09' });
    });
  });
});
