import { deciderSpec } from '@app/testing/decider-spec';
import { projectDecider } from './project.decider';
import { ProgrammeRequiredError } from './project-decision';
import { cmd, deciderOn, T, World, worldAt } from '../testing/domain-fixtures';

const spec = deciderSpec(projectDecider);
/** Given the world's project history, decided with the world's programme and policy. */
const given = (w: World) => deciderSpec(deciderOn(w)).given(w.history);

describe('from approved to accepted', () => {
  describe('TerminateProject', () => {
    it('releases the whole reservation of an approved project with no contract', () => {
      const w = worldAt('approved');
      given(w)
        .when(cmd.terminate())
        .then([
          {
            type: 'ProjectTerminated',
            data: {
              projectId: 'p-1',
              programmeId: 'la-2026',
              reason: 'Vi phạm hợp đồng',
              fromStatus: 'approved',
              disbursedVnd: 0,
              releasedVnd: 150_000_000,
              refundDueVnd: 0,
              cancelledTrancheNos: [],
              terminatedBy: 'approver-1',
              at: T.completed,
            },
          },
          {
            type: 'ReservationReleased',
            data: { programmeId: 'la-2026', projectId: 'p-1', amountVnd: 150_000_000, reason: 'termination', at: T.completed },
          },
        ]);
    });

    it('demands back what was disbursed before acceptance and releases the rest', () => {
      const w = worldAt('in_implementation').run(cmd.progress(), cmd.requestTranche(), cmd.approveTranche(), cmd.confirmPayment());
      w.run(cmd.suspend({ at: T.paid }));
      const decision = w.decide(cmd.terminate());
      expect(decision.project.map((e) => e.type)).toEqual(['ProjectTerminated', 'RefundDemanded']);
      expect(decision.project[1]?.data).toEqual({
        projectId: 'p-1',
        programmeId: 'la-2026',
        amountVnd: 100_000_000,
        reason: 'termination',
        dueOn: '2026-10-31',
        outstandingVnd: 100_000_000,
        at: T.completed,
      });
      expect(decision.programme).toMatchObject([{ type: 'ReservationReleased', data: { amountVnd: 50_000_000 } }]);
    });

    it('demands nothing after acceptance: the disbursed money paid for accepted work', () => {
      const decision = worldAt('accepted').decide(cmd.terminate({ at: T.finalPaid }));
      expect(decision.project.map((e) => e.type)).toEqual(['ProjectTerminated']);
      expect(decision.project[0]?.data).toMatchObject({ disbursedVnd: 100_000_000, releasedVnd: 50_000_000, refundDueVnd: 0 });
    });

    it('cancels requested tranches but waits for issued payment orders', () => {
      const w = worldAt('in_implementation').run(cmd.progress(), cmd.requestTranche());
      expect(w.decide(cmd.terminate()).project[0]?.data).toMatchObject({ cancelledTrancheNos: [1] });
      w.run(cmd.approveTranche());
      const error = given(w).when(cmd.terminate()).thenThrows('PAYMENT.PENDING');
      expect(error.details).toEqual({ trancheNos: [1], paymentOrderNos: ['UNC-001'] });
    });

    it.each(['contracted', 'awaiting_acceptance'] as const)('terminates from %s', (status) => {
      expect(worldAt(status).decide(cmd.terminate({ at: T.closed })).project[0]?.type).toBe('ProjectTerminated');
    });

    it('needs the programme, so projectDecider refuses to decide it alone', () => {
      expect(() => projectDecider.decide(cmd.terminate(), worldAt('approved').project)).toThrow(ProgrammeRequiredError);
    });
  });
});

describe('accepted', () => {
  describe('SubmitSettlement', () => {
    const accepted = () =>
      worldAt('accepted').run(
        cmd.requestTranche({ trancheNo: 2, amountVnd: 50_000_000, at: T.finalRequested }),
        cmd.approveTranche({ trancheNo: 2, paymentOrderNo: 'UNC-002', at: T.finalApproved }),
        cmd.confirmPayment({ paymentOrderNo: 'UNC-002', amountVnd: 50_000_000, treasuryRef: 'KB-0002', at: T.finalPaid }),
      );

    it('records the dossier and its timeliness', () => {
      spec
        .given(accepted().history)
        .when(cmd.submitSettlement())
        .then([
          {
            type: 'SettlementSubmitted',
            data: {
              projectId: 'p-1',
              spentVnd: 150_000_000,
              counterpartSpentVnd: 250_000_000,
              dossierRef: 'QT-01',
              acceptedOn: '2026-10-10',
              daysAfterAcceptance: 10,
              dossierDueOn: '2026-10-25',
              dossierLate: false,
              hardStopOn: '2027-01-22',
              hardStopMissed: false,
              submittedBy: 'officer-1',
              at: T.settlementSubmitted,
            },
          },
        ]);
    });

    it('flags a late dossier and a missed hard stop without refusing them', () => {
      spec
        .given(accepted().history)
        .when(cmd.submitSettlement({ at: '2027-01-23T09:00:00+07:00' }))
        .thenMatches([
          {
            type: 'SettlementSubmitted',
            data: expect.objectContaining({ daysAfterAcceptance: 105, dossierLate: true, hardStopMissed: true }),
          },
        ]);
    });
  });
});

describe('settlement_submitted', () => {
  describe('ApproveSettlement', () => {
    it('releases the unspent reservation and demands back what was paid beyond the settlement', () => {
      const w = worldAt('settlement_submitted');
      given(w)
        .when(cmd.approveSettlement({ approvedVnd: 140_000_000 }))
        .then([
          {
            type: 'SettlementApproved',
            data: {
              projectId: 'p-1',
              programmeId: 'la-2026',
              approvedVnd: 140_000_000,
              spentVnd: 150_000_000,
              disbursedVnd: 150_000_000,
              releasedVnd: 10_000_000,
              refundDueVnd: 10_000_000,
              payableVnd: 0,
              approvedBy: 'approver-1',
              at: T.settled,
            },
          },
          {
            type: 'RefundDemanded',
            data: {
              projectId: 'p-1',
              programmeId: 'la-2026',
              amountVnd: 10_000_000,
              reason: 'settlement',
              dueOn: '2026-12-01',
              outstandingVnd: 10_000_000,
              at: T.settled,
            },
          },
          {
            type: 'ReservationReleased',
            data: { programmeId: 'la-2026', projectId: 'p-1', amountVnd: 10_000_000, reason: 'settlement', at: T.settled },
          },
        ]);
    });

    it('settles in full with nothing to release or refund', () => {
      expect(worldAt('settlement_submitted').decide(cmd.approveSettlement())).toMatchObject({
        project: [{ type: 'SettlementApproved', data: { releasedVnd: 0, refundDueVnd: 0 } }],
        programme: [],
      });
    });

    it('reports approved money not yet paid as payable', () => {
      const w = worldAt('accepted').run(cmd.submitSettlement({ spentVnd: 150_000_000 }));
      expect(w.decide(cmd.approveSettlement({ approvedVnd: 140_000_000 })).project[0]?.data).toMatchObject({
        disbursedVnd: 100_000_000,
        payableVnd: 40_000_000,
        refundDueVnd: 0,
        releasedVnd: 10_000_000,
      });
    });

    it('keeps the settlement within what was spent and the approved support', () => {
      const w = worldAt('settlement_submitted');
      given(w).when(cmd.approveSettlement({ approvedVnd: 150_000_001 })).thenThrows('SETTLEMENT.EXCEEDS_SPENT');
      const over = worldAt('accepted').run(cmd.submitSettlement({ spentVnd: 170_000_000 }));
      expect(given(over).when(cmd.approveSettlement({ approvedVnd: 160_000_000 })).thenThrows('SETTLEMENT.EXCEEDS_APPROVED').details).toEqual({
        approvedVnd: 160_000_000,
        supportVnd: 150_000_000,
      });
    });

    it('waits for pending tranches', () => {
      const w = worldAt('accepted').run(
        cmd.requestTranche({ trancheNo: 2, amountVnd: 50_000_000, at: T.finalRequested }),
        cmd.submitSettlement(),
      );
      given(w).when(cmd.approveSettlement()).thenThrows('PAYMENT.PENDING');
      w.run(cmd.approveTranche({ trancheNo: 2, paymentOrderNo: 'UNC-002', at: T.settlementSubmitted }));
      given(w).when(cmd.approveSettlement()).thenThrows('PAYMENT.PENDING');
    });
  });
});

describe('settled or in_post_evaluation', () => {
  describe('RecordOutcome', () => {
    it('records outcomes after settlement, more than once', () => {
      const w = worldAt('settled');
      spec
        .given(w.history)
        .when(cmd.recordOutcome())
        .then([
          {
            type: 'OutcomeRecorded',
            data: {
              projectId: 'p-1',
              measuredOn: '2027-05-01',
              indicators: { jobs: 14, revenueGrowthPercent: 30 },
              recordedBy: 'officer-1',
              at: T.outcome,
            },
          },
        ]);
      w.run(cmd.recordOutcome());
      spec.given(w.history).when(cmd.recordOutcome({ measuredOn: '2027-11-01', at: T.closed })).thenMatches([{ type: 'OutcomeRecorded' }]);
    });

    it('refuses outcomes measured in the future or without indicators', () => {
      const settled = spec.given(worldAt('settled').history);
      settled.when(cmd.recordOutcome({ measuredOn: '2027-05-03' })).thenThrows('PROJECT.DATE_IN_FUTURE');
      settled.when(cmd.recordOutcome({ indicators: {} })).thenThrows('COMMAND.FIELD_REQUIRED');
    });
  });
});

describe('in_post_evaluation', () => {
  describe('CloseProject', () => {
    it('closes a project in post-evaluation', () => {
      spec
        .given(worldAt('in_post_evaluation').history)
        .when(cmd.close())
        .then([{ type: 'ProjectClosed', data: { projectId: 'p-1', closedBy: 'officer-1', at: T.closed } }]);
    });

    it('keeps a project with an outstanding refund open', () => {
      const w = worldAt('settlement_submitted').run(cmd.approveSettlement({ approvedVnd: 140_000_000 }), cmd.recordOutcome());
      const error = spec.given(w.history).when(cmd.close()).thenThrows('REFUND.OUTSTANDING');
      expect(error.details).toEqual({ outstandingVnd: 10_000_000 });
    });
  });
});

describe('settled, in_post_evaluation or terminated', () => {
  describe('RecordRefund', () => {
    const owing = () => worldAt('settlement_submitted').run(cmd.approveSettlement({ approvedVnd: 140_000_000 }));

    it('records a refund against the outstanding demand', () => {
      spec
        .given(owing().history)
        .when(cmd.recordRefund())
        .then([
          {
            type: 'RefundRecorded',
            data: { projectId: 'p-1', amountVnd: 5_000_000, treasuryRef: 'KB-NOP-01', outstandingVnd: 5_000_000, recordedBy: 'accountant-1', at: T.refunded },
          },
        ]);
    });

    it('refuses more than is outstanding, and refunds when nothing is due', () => {
      const error = spec.given(owing().history).when(cmd.recordRefund({ amountVnd: 10_000_001 })).thenThrows('REFUND.EXCEEDS_OUTSTANDING');
      expect(error.details).toEqual({ amountVnd: 10_000_001, outstandingVnd: 10_000_000 });
      spec.given(worldAt('settled').history).when(cmd.recordRefund()).thenThrows('REFUND.NOTHING_DUE');
    });

    it('decides nothing for a treasury reference already recorded', () => {
      spec.given(owing().run(cmd.recordRefund()).history).when(cmd.recordRefund()).thenNothing();
    });

    it('records refunds after termination and during post-evaluation', () => {
      const terminated = worldAt('in_implementation').run(cmd.progress(), cmd.requestTranche(), cmd.approveTranche(), cmd.confirmPayment(), cmd.terminate());
      spec.given(terminated.history).when(cmd.recordRefund({ amountVnd: 100_000_000 })).thenMatches([{ type: 'RefundRecorded' }]);
      const evaluating = owing().run(cmd.recordOutcome());
      spec.given(evaluating.history).when(cmd.recordRefund()).thenMatches([{ type: 'RefundRecorded' }]);
    });

    it('is for accountants', () => {
      spec.given(owing().history).when(cmd.recordRefund({ actor: { id: 'o', roles: ['officer'] } })).thenThrows('AUTH.ROLE_NOT_ALLOWED');
    });
  });
});
