import { FinanceInbound } from '@app/webhooks';
import { createProgramme, driveTo, headers, MAIN_PATH, sendFinanceEvent } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(60_000);

/** Index of the first step of MAIN_PATH with this command. */
const stepOf = (command: string) => MAIN_PATH.findIndex((s) => s.command === command);

describe('payment events from finance (Standard Webhooks in)', () => {
  let engine: TestEngine;
  let projectId: string;

  const confirmed = (paymentOrderNo: string, amountVnd = 100_000_000) => ({
    type: 'payment.confirmed' as const,
    data: { paymentOrderNo, amountVnd, treasuryRef: 'KB-0001', valueDate: '2026-06-25' },
  });

  async function tranche1() {
    const detail = await engine.http.get(`/api/v1/projects/${projectId}?minPosition=${(await engine.lastPosition())}`).set(headers(engine, 'accountant')).expect(200);
    return detail.body.tranches[0];
  }

  beforeAll(async () => {
    engine = await startTestEngine();
    const programmeId = await createProgramme(engine);
    // Tranche 1 requested and approved: payment order UNC-2026-0001 issued.
    projectId = await driveTo(engine, programmeId, stepOf('RequestAmendment'));
    engine.clock.set('2026-06-25T02:00:00Z');
  });
  afterAll(() => engine?.close());

  it('refuses a bad, stale or missing signature with 401 and changes nothing', async () => {
    const before = await engine.eventCount();
    const wrongSecret = await sendFinanceEvent(engine, confirmed('UNC-2026-0001'), 'msg_bad', { secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.code).toBe('WEBHOOK.NO_MATCHING_SIGNATURE');
    const stale = await sendFinanceEvent(engine, confirmed('UNC-2026-0001'), 'msg_stale', { timestamp: Math.floor(engine.clock.now().getTime() / 1000) - 301 });
    expect(stale.body.code).toBe('WEBHOOK.TIMESTAMP_TOO_OLD');
    const unsigned = await engine.http.post('/api/v1/integrations/finance/events').send(confirmed('UNC-2026-0001')).expect(401);
    expect(unsigned.body.code).toBe('WEBHOOK.MISSING_ID');
    expect(await engine.eventCount()).toBe(before);
  });

  it('refuses unknown fields and malformed data with 400 naming them', async () => {
    const res = await sendFinanceEvent(engine, { type: 'payment.confirmed', data: { ...confirmed('UNC-2026-0001').data, amountVnd: 1.5, iban: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['data.amountVnd', 'data.iban']);
  });

  it('refuses an amount that is not the ordered one, keeping the webhook id usable', async () => {
    const wrong = await sendFinanceEvent(engine, confirmed('UNC-2026-0001', 99_000_000), 'msg_amount');
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('PAYMENT.AMOUNT_MISMATCH');
    expect((await tranche1()).status).toBe('approved');
  });

  it('applies a confirmation once, however often it is delivered', async () => {
    const first = await sendFinanceEvent(engine, confirmed('UNC-2026-0001'), 'msg_pay_1');
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'applied', projectId });
    const before = await engine.eventCount();
    const again = await sendFinanceEvent(engine, confirmed('UNC-2026-0001'), 'msg_pay_1');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'duplicate', projectId });
    // Delivered at the same time under the same id: one applies, the other is a duplicate.
    const racing = await Promise.all([0, 1, 2].map(() => sendFinanceEvent(engine, confirmed('UNC-2026-0001'), 'msg_pay_1')));
    expect(racing.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await engine.eventCount()).toBe(before);
    expect(await tranche1()).toMatchObject({ status: 'paid', paidVnd: 100_000_000 });
  });

  it('answers 422 for an unknown order, records it, and applies it when the order appears', async () => {
    // The project goes on to the request of tranche 2.
    for (const command of ['RequestAmendment', 'DecideAmendment', 'SuspendProject', 'ResumeProject', 'DeclareCompletion', 'RecordAcceptance', 'RequestTranche']) {
      const step = MAIN_PATH.find((s, i) => s.command === command && i >= stepOf('RequestAmendment'));
      if (!step) throw new Error(command);
      engine.clock.set(step.at);
      await engine.http.post(`/api/v1/projects/${projectId}/${step.path}`).set(headers(engine, step.person)).send(step.body).expect(200);
    }
    // Finance reports on an order before the engine has issued it.
    const late = { type: 'payment.failed' as const, data: { paymentOrderNo: 'UNC-LATE', amountVnd: 50_000_000, treasuryRef: 'KB-2', valueDate: '2026-10-12', reason: 'Sai số tài khoản' } };
    engine.clock.set('2026-10-12T01:00:00Z');
    const parked = await sendFinanceEvent(engine, late, 'msg_late');
    expect(parked.status).toBe(422);
    expect(parked.body.code).toBe('FINANCE.UNKNOWN_PAYMENT_ORDER');
    const row = await engine.db.query("SELECT status FROM finance_followups WHERE webhook_id = 'msg_late'");
    expect(row.rows).toEqual([{ status: 'parked' }]);
    expect(await engine.app.get(FinanceInbound).retryParked()).toBe(0);

    engine.clock.set('2026-10-12T02:00:00Z');
    await engine.http.post(`/api/v1/projects/${projectId}/tranches/2/approval`).set(headers(engine, 'accountant')).send({ paymentOrderNo: 'UNC-LATE' }).expect(200);
    engine.clock.set('2026-10-12T03:00:00Z');
    expect(await engine.app.get(FinanceInbound).retryParked()).toBe(1);
    expect((await engine.db.query("SELECT status FROM finance_followups WHERE webhook_id = 'msg_late'")).rows).toEqual([{ status: 'applied' }]);
    const detail = await engine.http.get(`/api/v1/projects/${projectId}?minPosition=${(await engine.lastPosition())}`).set(headers(engine, 'accountant')).expect(200);
    // The failed payment reopened tranche 2 for a new request.
    expect(detail.body.tranches[1]).toMatchObject({ no: 2, status: 'failed' });
    await engine.http.post(`/api/v1/projects/${projectId}/tranches/2/request`).set(headers(engine, 'officer')).send({ amountVnd: 50_000_000, evidenceRefs: ['Biên bản nghiệm thu'] }).expect(200);
    // A repeat of the late event is now a duplicate.
    expect((await sendFinanceEvent(engine, late, 'msg_late')).status).toBe(200);
  });

  it('refuses a payment order number already issued for another project', async () => {
    const programmeId = (await engine.http.get(`/api/v1/projects/${projectId}`).set(headers(engine, 'officer'))).body.programmeId as string;
    const other = await driveTo(engine, programmeId, stepOf('ApproveTranche'));
    const approval = MAIN_PATH[stepOf('ApproveTranche')];
    if (!approval) throw new Error('path changed');
    engine.clock.set(approval.at);
    const before = await engine.eventCount();
    const res = await engine.http.post(`/api/v1/projects/${other}/tranches/1/approval`).set(headers(engine, 'accountant')).send({ paymentOrderNo: 'UNC-2026-0001' }).expect(409);
    expect(res.body).toMatchObject({ code: 'TRANCHE.PAYMENT_ORDER_DUPLICATE', details: { paymentOrderNo: 'UNC-2026-0001' } });
    expect(await engine.eventCount()).toBe(before);
  });

  it('gives up on a parked event after four days', async () => {
    const parked = await sendFinanceEvent(engine, confirmed('UNC-NEVER'), 'msg_never');
    expect(parked.status).toBe(422);
    engine.clock.advance(4 * 24 * 3600 * 1000 + 1000);
    await engine.app.get(FinanceInbound).retryParked();
    expect((await engine.db.query("SELECT status FROM finance_followups WHERE webhook_id = 'msg_never'")).rows).toEqual([{ status: 'expired' }]);
  });
});
