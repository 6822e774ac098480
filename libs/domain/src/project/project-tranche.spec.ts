import { deciderSpec } from '@app/testing/decider-spec';
import { projectDecider } from './project.decider';
import { actors, cmd, deciderOn, nationalProgrammeCreated, T, World, worldAt } from '../testing/domain-fixtures';

const spec = deciderSpec(projectDecider);
/** Given the world's project history, decided with the world's programme and policy. */
const given = (w: World) => deciderSpec(deciderOn(w)).given(w.history);

/** In implementation with 80 % progress reported: the machinery first advance is open. */
const ready = () => worldAt('in_implementation').run(cmd.progress());

describe('from contracted to settlement_submitted', () => {
  describe('RequestTranche', () => {
    it('requests the first machinery advance once progress is above 70 %', () => {
      spec
        .given(ready().history)
        .when(cmd.requestTranche())
        .then([
          {
            type: 'TrancheRequested',
            data: {
              projectId: 'p-1',
              trancheNo: 1,
              kind: 'advance',
              amountVnd: 100_000_000,
              scheduledVnd: 100_000_000,
              evidenceRefs: ['hop-dong-mua-may.pdf'],
              progressPercent: 80,
              beforeAcceptance: true,
              requestedBy: 'officer-1',
              at: T.trancheRequested,
            },
          },
        ]);
    });

    it.each(['contracted', 'awaiting_acceptance'] as const)('is allowed in %s', (status) => {
      // A soft category needs no progress, so an advance right after the contract is fine.
      const w = new World();
      w.run(cmd.create({ category: 'TRAINING', totalCostVnd: 150_000_000, requestedSupportVnd: 60_000_000, counterpartVnd: 90_000_000 }));
      w.run(cmd.submit(), cmd.openAppraisal(), cmd.score({ actor: actors.a1 }), cmd.score({ actor: actors.a2 }), cmd.score({ actor: actors.a3 }));
      w.run(cmd.conclude({ recommendedSupportVnd: 60_000_000 }), cmd.approve({ approvedSupportVnd: 60_000_000 }));
      w.run(cmd.signContract({ tranches: [{ no: 1, kind: 'advance', amountVnd: 40_000_000 }, { no: 2, kind: 'final', amountVnd: 20_000_000 }] }));
      if (status === 'awaiting_acceptance') w.run(cmd.start(), cmd.complete());
      spec.given(w.history).when(cmd.requestTranche({ amountVnd: 40_000_000 })).thenMatches([{ type: 'TrancheRequested' }]);
    });

    it('needs reported progress above the category threshold for the first advance', () => {
      const w = worldAt('in_implementation').run(cmd.progress({ percentComplete: 70 }));
      const error = spec.given(w.history).when(cmd.requestTranche()).thenThrows('TRANCHE.PROGRESS_THRESHOLD_NOT_MET');
      expect(error.details).toEqual({ category: 'MACHINERY', minProgressPercent: 70, progressPercent: 70 });
    });

    it('limits the first advance to the category’s share of the contract', () => {
      const w = new World();
      w.run(cmd.create({ category: 'POLLUTION', totalCostVnd: 500_000_000, requestedSupportVnd: 150_000_000, counterpartVnd: 350_000_000 }));
      w.run(cmd.submit(), cmd.openAppraisal(), cmd.score({ actor: actors.a1 }), cmd.score({ actor: actors.a2 }), cmd.score({ actor: actors.a3 }));
      w.run(cmd.conclude(), cmd.approve(), cmd.signContract(), cmd.start(), cmd.progress({ percentComplete: 60 }));
      const error = spec.given(w.history).when(cmd.requestTranche({ amountVnd: 50_000_000 })).thenThrows('TRANCHE.FIRST_ADVANCE_LIMIT');
      expect(error.details).toEqual({ category: 'POLLUTION', maxPercent: 30, maxVnd: 45_000_000, amountVnd: 50_000_000 });
      spec.given(w.history).when(cmd.requestTranche({ amountVnd: 45_000_000 })).thenMatches([{ type: 'TrancheRequested' }]);
    });

    it('keeps total advances before acceptance under the ceiling', () => {
      const w = new World();
      w.run(cmd.create({ category: 'TRAINING', totalCostVnd: 150_000_000, requestedSupportVnd: 80_000_000, counterpartVnd: 70_000_000 }));
      w.run(cmd.submit(), cmd.openAppraisal(), cmd.score({ actor: actors.a1 }), cmd.score({ actor: actors.a2 }), cmd.score({ actor: actors.a3 }));
      w.run(cmd.conclude({ recommendedSupportVnd: 80_000_000 }), cmd.approve({ approvedSupportVnd: 80_000_000 }));
      w.run(
        cmd.signContract({
          tranches: [
            { no: 1, kind: 'advance', amountVnd: 40_000_000 },
            { no: 2, kind: 'payment', amountVnd: 30_000_000 },
            { no: 3, kind: 'final', amountVnd: 10_000_000 },
          ],
        }),
        cmd.requestTranche({ amountVnd: 40_000_000 }),
      );
      const error = spec.given(w.history).when(cmd.requestTranche({ trancheNo: 2, amountVnd: 30_000_000 })).thenThrows('TRANCHE.ADVANCE_CEILING');
      expect(error.details).toEqual({
        ceilingPercent: 70,
        ceilingVnd: 56_000_000,
        contractVnd: 80_000_000,
        alreadyAdvancedVnd: 40_000_000,
        amountVnd: 30_000_000,
      });
      spec.given(w.history).when(cmd.requestTranche({ trancheNo: 2, amountVnd: 16_000_000 })).thenMatches([{ type: 'TrancheRequested' }]);
    });

    it('refuses an unknown tranche, a second request and more than scheduled', () => {
      const w = ready().run(cmd.requestTranche());
      expect(spec.given(w.history).when(cmd.requestTranche({ trancheNo: 9 })).thenThrows('TRANCHE.NOT_FOUND').kind).toBe('not_found');
      expect(spec.given(w.history).when(cmd.requestTranche()).thenThrows('TRANCHE.ALREADY_REQUESTED').details).toEqual({
        trancheNo: 1,
        status: 'requested',
      });
      spec.given(ready().history).when(cmd.requestTranche({ amountVnd: 100_000_001 })).thenThrows('TRANCHE.EXCEEDS_SCHEDULE');
    });

    it('pays the final tranche only after acceptance', () => {
      const w = worldAt('awaiting_acceptance');
      spec.given(w.history).when(cmd.requestTranche({ trancheNo: 2, amountVnd: 50_000_000 })).thenThrows('TRANCHE.REQUIRES_ACCEPTANCE');
      w.run(cmd.accept());
      spec
        .given(w.history)
        .when(cmd.requestTranche({ trancheNo: 2, amountVnd: 50_000_000 }))
        .thenMatches([{ type: 'TrancheRequested', data: expect.objectContaining({ beforeAcceptance: false }) }]);
    });

    it('can be requested again after a rejection', () => {
      const w = ready().run(cmd.requestTranche(), cmd.rejectTranche());
      spec.given(w.history).when(cmd.requestTranche()).thenMatches([{ type: 'TrancheRequested' }]);
    });
  });

  describe('RequestTranche on a national programme', () => {
    it('use the national policy of the programme', () => {
      const w = new World(nationalProgrammeCreated(1));
      w.run(cmd.create({ programmeId: 'kcqg-v1', category: 'BRAND', totalCostVnd: 60_000_000, requestedSupportVnd: 30_000_000, counterpartVnd: 30_000_000 }));
      w.run(cmd.submit(), cmd.openAppraisal(), cmd.score({ actor: actors.a1 }), cmd.score({ actor: actors.a2 }), cmd.score({ actor: actors.a3 }));
      w.run(cmd.conclude({ recommendedSupportVnd: 30_000_000 }));
      w.run(cmd.openAppraisal({ panel: ['appraiser-4', 'appraiser-5', 'appraiser-6'], at: T.concluded }));
      for (const id of ['appraiser-4', 'appraiser-5', 'appraiser-6']) w.run(cmd.score({ actor: { id, roles: ['appraiser'] }, at: T.concluded }));
      w.run(cmd.conclude({ actor: actors.ministryApprover, recommendedSupportVnd: undefined }), cmd.approve({ approvedSupportVnd: 30_000_000 }));
      w.run(cmd.signContract({ tranches: [{ no: 1, kind: 'advance', amountVnd: 25_000_000 }, { no: 2, kind: 'final', amountVnd: 5_000_000 }] }));
      spec.given(w.history).when(cmd.requestTranche({ amountVnd: 21_000_000 })).thenMatches([{ type: 'TrancheRequested' }]);
      const error = spec.given(w.history).when(cmd.requestTranche({ amountVnd: 21_000_001 })).thenThrows('TRANCHE.ADVANCE_CEILING');
      expect(error.details).toMatchObject({ ceilingPercent: 70, ceilingVnd: 21_000_000, contractVnd: 30_000_000 });
    });
  });

  describe('ApproveTranche and RejectTranche', () => {
    const requested = () => ready().run(cmd.requestTranche());

    it('approves a requested tranche and issues the payment order', () => {
      given(requested())
        .when(cmd.approveTranche())
        .then([
          {
            type: 'TrancheApproved',
            data: {
              projectId: 'p-1',
              programmeId: 'la-2026',
              contractNo: 'HĐ-07/2026',
              trancheNo: 1,
              kind: 'advance',
              paymentOrderNo: 'UNC-001',
              amountVnd: 100_000_000,
              payee: { name: 'Cơ sở bánh tráng Hòa Phát' },
              requestedBy: 'officer-1',
              approvedBy: 'accountant-1',
              at: T.trancheApproved,
            },
          },
        ]);
    });

    it('rejects a requested tranche as a decision', () => {
      spec
        .given(requested().history)
        .when(cmd.rejectTranche())
        .then([
          {
            type: 'TrancheRejected',
            data: { projectId: 'p-1', trancheNo: 1, amountVnd: 100_000_000, reason: 'Thiếu hóa đơn', rejectedBy: 'accountant-1', at: T.trancheApproved },
          },
        ]);
    });

    it('lets the accountant reject a request while the project is suspended, but not approve it', () => {
      const w = requested().run(cmd.suspend({ at: T.trancheRequested }));
      spec.given(w.history).when(cmd.rejectTranche()).thenMatches([{ type: 'TrancheRejected' }]);
      given(w).when(cmd.approveTranche()).thenThrows('PROJECT.INVALID_TRANSITION');
    });

    it('is not approved by whoever requested it', () => {
      const both = { id: 'officer-1', roles: ['officer' as const, 'accountant' as const] };
      const error = given(requested()).when(cmd.approveTranche({ actor: both })).thenThrows('TRANCHE.SEPARATION_OF_DUTIES');
      expect([error.kind, error.details]).toEqual(['forbidden', { trancheNo: 1, requestedBy: 'officer-1' }]);
    });

    it('only decides requested tranches', () => {
      given(ready()).when(cmd.approveTranche()).thenThrows('TRANCHE.NOT_REQUESTED');
      spec.given(ready().history).when(cmd.rejectTranche()).thenThrows('TRANCHE.NOT_REQUESTED');
    });

    it('needs a payment order number unique in the project', () => {
      const w = requested().run(cmd.approveTranche(), cmd.failPayment());
      w.run(cmd.requestTranche({ at: T.paid }));
      given(w).when(cmd.approveTranche()).thenThrows('TRANCHE.PAYMENT_ORDER_DUPLICATE');
      given(w).when(cmd.approveTranche({ paymentOrderNo: 'UNC-001-B' })).thenMatches([{ type: 'TrancheApproved' }]);
    });
  });
});

describe('every status with a contract', () => {
  describe('ConfirmPayment and FailPayment', () => {
    const ordered = () => ready().run(cmd.requestTranche(), cmd.approveTranche());

    it('confirms a payment order', () => {
      spec
        .given(ordered().history)
        .when(cmd.confirmPayment())
        .then([
          {
            type: 'PaymentConfirmed',
            data: {
              projectId: 'p-1',
              programmeId: 'la-2026',
              paymentOrderNo: 'UNC-001',
              trancheNo: 1,
              amountVnd: 100_000_000,
              treasuryRef: 'KB-0001',
              valueDate: '2026-07-25',
              disbursedVnd: 100_000_000,
              confirmedBy: 'treasury',
              at: T.paid,
            },
          },
        ]);
    });

    it('decides nothing for a repeated confirmation', () => {
      spec.given(ordered().run(cmd.confirmPayment()).history).when(cmd.confirmPayment()).thenNothing();
    });

    it('accepts a confirmation after the project moved on, even when suspended', () => {
      const w = ordered().run(cmd.suspend({ at: T.trancheApproved }));
      spec.given(w.history).when(cmd.confirmPayment()).thenMatches([{ type: 'PaymentConfirmed' }]);
    });

    it('refuses unknown orders and amounts that differ from the order', () => {
      const given = spec.given(ordered().history);
      expect(given.when(cmd.confirmPayment({ paymentOrderNo: 'UNC-404' })).thenThrows('PAYMENT.UNKNOWN_ORDER').kind).toBe('invalid');
      given.when(cmd.failPayment({ paymentOrderNo: 'UNC-404' })).thenThrows('PAYMENT.UNKNOWN_ORDER');
      const error = given.when(cmd.confirmPayment({ amountVnd: 99_000_000 })).thenThrows('PAYMENT.AMOUNT_MISMATCH');
      expect(error.details).toEqual({ paymentOrderNo: 'UNC-001', orderedVnd: 100_000_000, amountVnd: 99_000_000 });
    });

    it('reopens the tranche when a payment fails', () => {
      const w = ordered();
      spec
        .given(w.history)
        .when(cmd.failPayment())
        .then([
          {
            type: 'PaymentFailed',
            data: {
              projectId: 'p-1',
              paymentOrderNo: 'UNC-001',
              trancheNo: 1,
              amountVnd: 100_000_000,
              reason: 'Sai số tài khoản',
              reportedBy: 'treasury',
              at: T.paid,
            },
          },
        ]);
      w.run(cmd.failPayment());
      expect(w.project).toMatchObject({ execution: { tranches: [{ no: 1, status: 'failed' }, { no: 2 }] } });
      spec.given(w.history).when(cmd.failPayment()).thenNothing();
      spec.given(w.history).when(cmd.confirmPayment()).thenThrows('PAYMENT.ORDER_FAILED');
      spec.given(w.history).when(cmd.requestTranche({ at: T.paid })).thenMatches([{ type: 'TrancheRequested' }]);
    });

    it('refuses the failure of a confirmed payment', () => {
      const error = spec.given(ordered().run(cmd.confirmPayment()).history).when(cmd.failPayment()).thenThrows('PAYMENT.ALREADY_CONFIRMED');
      expect(error.kind).toBe('conflict');
    });

    it('is only for the finance system', () => {
      spec.given(ordered().history).when(cmd.confirmPayment({ actor: actors.accountant })).thenThrows('AUTH.ROLE_NOT_ALLOWED');
    });
  });
});

describe('tranche and payment commands in every state that allows them', () => {
  /** A training project (70 % first advance, no progress needed) up to its contract. */
  const training = () => {
    const w = new World();
    w.run(cmd.create({ category: 'TRAINING', totalCostVnd: 150_000_000, requestedSupportVnd: 60_000_000, counterpartVnd: 90_000_000 }));
    w.run(cmd.submit(), cmd.openAppraisal(), cmd.score({ actor: actors.a1 }), cmd.score({ actor: actors.a2 }), cmd.score({ actor: actors.a3 }));
    w.run(cmd.conclude({ recommendedSupportVnd: 60_000_000 }), cmd.approve({ approvedSupportVnd: 60_000_000 }));
    return w.run(cmd.signContract({ tranches: [{ no: 1, kind: 'advance', amountVnd: 40_000_000 }, { no: 2, kind: 'final', amountVnd: 20_000_000 }] }));
  };
  const order = { amountVnd: 40_000_000 };

  it.each([
    ['contracted', (w: World) => w],
    ['awaiting_acceptance', (w: World) => w.run(cmd.start(), cmd.complete())],
  ] as const)('requests, approves, rejects, confirms and fails in %s', (status, reach) => {
    const requested = reach(training()).run(cmd.requestTranche(order));
    expect(requested.status).toBe(status);
    spec.given(requested.history).when(cmd.rejectTranche()).thenMatches([{ type: 'TrancheRejected' }]);
    given(requested).when(cmd.approveTranche()).thenMatches([{ type: 'TrancheApproved' }]);
    const ordered = requested.run(cmd.approveTranche());
    spec.given(ordered.history).when(cmd.confirmPayment(order)).thenMatches([{ type: 'PaymentConfirmed' }]);
    spec.given(ordered.history).when(cmd.failPayment()).thenMatches([{ type: 'PaymentFailed' }]);
  });

  it('decides a payment ordered before settlement was submitted', () => {
    const w = worldAt('accepted').run(
      cmd.requestTranche({ trancheNo: 2, amountVnd: 50_000_000, at: T.finalRequested }),
      cmd.approveTranche({ trancheNo: 2, paymentOrderNo: 'UNC-002', at: T.finalApproved }),
      cmd.submitSettlement(),
    );
    const confirm = cmd.confirmPayment({ paymentOrderNo: 'UNC-002', amountVnd: 50_000_000, treasuryRef: 'KB-0002' });
    spec.given(w.history).when(confirm).thenMatches([{ type: 'PaymentConfirmed', data: expect.objectContaining({ disbursedVnd: 150_000_000 }) }]);
    spec.given(w.history).when(cmd.failPayment({ paymentOrderNo: 'UNC-002' })).thenMatches([{ type: 'PaymentFailed' }]);
  });

  it.each(['settled', 'in_post_evaluation', 'closed', 'terminated'] as const)(
    'treats a late repeat of a confirmation in %s as the same fact',
    (status) => {
      const w = status === 'terminated' ? ready().run(cmd.requestTranche(), cmd.approveTranche(), cmd.confirmPayment(), cmd.terminate()) : worldAt(status);
      spec.given(w.history).when(cmd.confirmPayment()).thenNothing();
      spec.given(w.history).when(cmd.failPayment()).thenThrows('PAYMENT.ALREADY_CONFIRMED');
    },
  );
});
