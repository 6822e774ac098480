import { deciderSpec } from '@app/testing/decider-spec';
import { projectDecider } from './project.decider';
import { ProgrammeRequiredError } from './project-decision';
import { settlementHardStopOf } from './project-hard-stop.rules';
import type { ContractedProject } from './project.state';
import { cmd, deciderOn, T, World, worldAt } from '../testing/domain-fixtures';

/** Given the world's project history, decided with the world's programme (year 2026) and policy. */
const given = (w: World) => deciderSpec(deciderOn(w)).given(w.history);

/** Instants around the hard stop of budget year 2026 (22 January 2027, Vietnamese time). */
const AT = {
  before: '2027-01-21T09:00:00+07:00',
  lastMinute: '2027-01-22T23:59:59+07:00',
  lastMinuteUtc: '2027-01-22T16:59:59Z',
  firstMinuteAfter: '2027-01-23T00:00:00+07:00',
  firstMinuteAfterUtc: '2027-01-22T17:00:00Z',
  nextSummer: '2027-06-01T09:00:00+07:00',
  extendedLastDay: '2028-01-22T17:00:00+07:00',
  afterExtended: '2028-01-23T08:00:00+07:00',
} as const;

const extension = () => cmd.requestAmendment({ kind: 'extension_next_year', changes: { plannedEnd: '2027-03-31' } });

/** In implementation, tranche 1 requested; `amend` runs first (an extension, approved or not). */
function trancheRequested(amend: (w: World) => World = (w) => w): World {
  return amend(worldAt('in_implementation')).run(cmd.progress(), cmd.requestTranche());
}

/** A settlement submitted; `amend` runs while the project is in implementation. */
function settlementSubmitted(amend: (w: World) => World = (w) => w): World {
  const w = amend(worldAt('in_implementation'));
  return w.run(
    cmd.progress(),
    cmd.requestTranche(),
    cmd.approveTranche(),
    cmd.confirmPayment(),
    cmd.complete(),
    cmd.accept(),
    cmd.requestTranche({ trancheNo: 2, amountVnd: 50_000_000, at: T.finalRequested }),
    cmd.approveTranche({ trancheNo: 2, paymentOrderNo: 'UNC-002', at: T.finalApproved }),
    cmd.confirmPayment({ paymentOrderNo: 'UNC-002', amountVnd: 50_000_000, treasuryRef: 'KB-0002', at: T.finalPaid }),
    cmd.submitSettlement(),
  );
}

const approvedExtension = (w: World) => w.run(extension(), cmd.decideAmendment());
const pendingExtension = (w: World) => w.run(extension());
const rejectedExtension = (w: World) => w.run(extension(), cmd.decideAmendment({ approve: false, note: 'Không đồng ý' }));

describe('the settlement hard stop of the budget year', () => {
  describe('settlementHardStopOf', () => {
    it('is the policy day of the year after the programme year, one year later with an approved extension', () => {
      const w = trancheRequested();
      const deadlines = w.policy.deadlines;
      expect(settlementHardStopOf(w.project as ContractedProject, 2026, deadlines)).toBe('2027-01-22');
      expect(settlementHardStopOf(trancheRequested(approvedExtension).project as ContractedProject, 2026, deadlines)).toBe('2028-01-22');
      expect(settlementHardStopOf(trancheRequested(pendingExtension).project as ContractedProject, 2026, deadlines)).toBe('2027-01-22');
      expect(settlementHardStopOf(w.project as ContractedProject, 2026, { settlementHardStop: { month: 1, day: 31 } })).toBe('2027-01-31');
    });
  });

  describe.each([
    ['ApproveTranche', trancheRequested, (at: string) => cmd.approveTranche({ at }), 'TrancheApproved'],
    ['ApproveSettlement', settlementSubmitted, (at: string) => cmd.approveSettlement({ at }), 'SettlementApproved'],
  ] as const)('%s', (_name, reach, approve, approvedType) => {
    it('is allowed before the hard stop', () => {
      given(reach()).when(approve(AT.before)).thenMatches([{ type: approvedType }]);
    });

    it('is allowed through the end of the hard-stop day, Vietnamese time', () => {
      given(reach()).when(approve(AT.lastMinute)).thenMatches([{ type: approvedType }]);
      given(reach()).when(approve(AT.lastMinuteUtc)).thenMatches([{ type: approvedType }]);
    });

    it('is refused from the first minute after the hard-stop day, naming the hard stop and the budget year', () => {
      const error = given(reach()).when(approve(AT.firstMinuteAfter)).thenThrows('DEADLINE.HARD_STOP');
      expect([error.kind, error.details]).toEqual(['conflict', { hardStop: '2027-01-22', budgetYear: 2026, on: '2027-01-23' }]);
      expect((error as unknown as Error).message).toContain('2027-01-22');
      // 17:00 UTC on the 22nd is already midnight of the 23rd in Vietnam.
      given(reach()).when(approve(AT.firstMinuteAfterUtc)).thenThrows('DEADLINE.HARD_STOP');
      given(reach()).when(approve(AT.nextSummer)).thenThrows('DEADLINE.HARD_STOP');
    });

    it('is allowed after the hard stop once an extension into the next year was approved, until the next year’s', () => {
      given(reach(approvedExtension)).when(approve(AT.nextSummer)).thenMatches([{ type: approvedType }]);
      given(reach(approvedExtension)).when(approve(AT.extendedLastDay)).thenMatches([{ type: approvedType }]);
      const error = given(reach(approvedExtension)).when(approve(AT.afterExtended)).thenThrows('DEADLINE.HARD_STOP');
      expect(error.details).toEqual({ hardStop: '2028-01-22', budgetYear: 2026, on: '2028-01-23' });
    });

    it('stays refused with an extension that is pending or was rejected', () => {
      const pending = given(reach(pendingExtension)).when(approve(AT.nextSummer)).thenThrows('DEADLINE.HARD_STOP');
      expect(pending.details).toMatchObject({ hardStop: '2027-01-22' });
      given(reach(rejectedExtension)).when(approve(AT.nextSummer)).thenThrows('DEADLINE.HARD_STOP');
    });

    it('needs the programme: the programme-less decider refuses to decide it', () => {
      expect(() => projectDecider.decide(approve(AT.before), reach().project)).toThrow(ProgrammeRequiredError);
    });
  });

  it('takes the budget year from the programme, not from the date of the funding decision', () => {
    const w = trancheRequested();
    expect(w.programme).toMatchObject({ year: 2026 });
    // The same project under a programme of 2025 is past its hard stop (22 January 2026) already in July 2026.
    if (w.programme.status === 'active') w.programme = { ...w.programme, year: 2025 };
    const error = given(w).when(cmd.approveTranche()).thenThrows('DEADLINE.HARD_STOP');
    expect(error.details).toEqual({ hardStop: '2026-01-22', budgetYear: 2025, on: '2026-07-23' });
  });
});
