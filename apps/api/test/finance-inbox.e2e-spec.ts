import { FinanceInbound } from '@app/webhooks';
import { createProgramme, driveTo, headers, MAIN_PATH, sendFinanceEvent } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(90_000);

const stepOf = (command: string) => MAIN_PATH.findIndex((s) => s.command === command);

const confirmed = (paymentOrderNo: string, amountVnd = 100_000_000) => ({
  type: 'payment.confirmed' as const,
  data: { paymentOrderNo, amountVnd, treasuryRef: 'KB-0001', valueDate: '2026-06-25' },
});

interface InboxItem {
  webhookId: string;
  type: string | null;
  status: string;
  reasonCode: string | null;
  detail: string | null;
  paymentOrderNo: string | null;
  attempts: number;
}

/**
 * The finance inbox: what finance sent that was parked or refused is listed, counted and
 * flagged when it waits too long; a transient failure never becomes a rejection.
 */
describe('finance inbox (parked and refused inbound events)', () => {
  let engine: TestEngine;
  let programmeId: string;
  let projectId: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    programmeId = await createProgramme(engine);
    // Tranche 1 approved: payment order UNC-2026-0001 issued, not yet paid.
    projectId = await driveTo(engine, programmeId, stepOf('RequestAmendment'));
    engine.clock.set('2026-06-25T02:00:00Z');
    // The next insert of an applied webhook id fails once it is armed: a database that fails a
    // statement once (the failure of a sequence's nextval is not rolled back with it).
    await engine.db.query(`
      CREATE SEQUENCE inbound_inserts;
      CREATE TABLE inbound_fail_at (n bigint NOT NULL);
      CREATE FUNCTION fail_inbound_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('inbound_inserts') = ANY (SELECT n FROM inbound_fail_at) THEN
          RAISE EXCEPTION 'injected transient failure';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_inbound_once BEFORE INSERT ON inbound_webhooks FOR EACH ROW EXECUTE FUNCTION fail_inbound_once();
    `);
  });
  afterAll(() => engine?.close());

  const failNextInboundInsert = () => engine.db.query("INSERT INTO inbound_fail_at (n) SELECT nextval('inbound_inserts') + 1");
  const inbox = async (status: string, query = '') => {
    const res = await engine.http.get(`/api/v1/integrations/finance/events?status=${status}${query}`).set(headers(engine, 'accountant')).expect(200);
    return res.body as { items: InboxItem[]; nextCursor?: string };
  };
  const itemOf = async (status: string, webhookId: string) => (await inbox(status)).items.find((i) => i.webhookId === webhookId);
  const trancheOf = async (id: string) => {
    const detail = await engine.http.get(`/api/v1/projects/${id}?minPosition=${await engine.lastPosition()}`).set(headers(engine, 'accountant')).expect(200);
    return detail.body.tranches[0] as { status: string };
  };

  it('lists refused events with the refusal code, and events of a bad shape', async () => {
    const wrong = await sendFinanceEvent(engine, confirmed('UNC-2026-0001', 99_000_000), 'msg_amount');
    expect(wrong.status).toBe(422);
    expect(await itemOf('rejected', 'msg_amount')).toMatchObject({
      type: 'payment.confirmed',
      status: 'rejected',
      reasonCode: 'PAYMENT.AMOUNT_MISMATCH',
      paymentOrderNo: 'UNC-2026-0001',
    });
    const badShape = await sendFinanceEvent(engine, { type: 'payment.confirmed', data: { ...confirmed('UNC-2026-0001').data, amountVnd: -5 } }, 'msg_shape');
    expect(badShape.status).toBe(400);
    const shape = await itemOf('rejected', 'msg_shape');
    expect(shape).toMatchObject({ reasonCode: 'REQUEST.VALIDATION_FAILED', paymentOrderNo: 'UNC-2026-0001' });
    expect(shape?.detail).toContain('data.amountVnd');
    expect(await itemOf('parked', 'msg_amount')).toBeUndefined();
  });

  it('answers a transient failure 503 with Retry-After, keeps the event parked, and applies it later', async () => {
    await failNextInboundInsert();
    const first = await sendFinanceEvent(engine, confirmed('UNC-2026-0001'), 'msg_transient');
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBeDefined();
    expect(first.body.code).toBe('FINANCE.RETRY_LATER');
    expect(await itemOf('parked', 'msg_transient')).toMatchObject({ reasonCode: 'FINANCE.TRANSIENT_FAILURE', paymentOrderNo: 'UNC-2026-0001' });
    expect(await itemOf('rejected', 'msg_transient')).toBeUndefined();
    expect((await trancheOf(projectId)).status).toBe('approved');

    // The worker's pass applies it; the sender's retry with the same id is then a duplicate.
    expect(await engine.app.get(FinanceInbound).retryParked()).toBe(1);
    expect((await trancheOf(projectId)).status).toBe('paid');
    expect(await itemOf('parked', 'msg_transient')).toBeUndefined();
    expect((await sendFinanceEvent(engine, confirmed('UNC-2026-0001'), 'msg_transient')).status).toBe(200);
  });

  it('keeps a parked event parked when its re-application fails transiently, and applies it on the next pass', async () => {
    const other = await driveTo(engine, programmeId, stepOf('ApproveTranche'));
    engine.clock.set('2026-06-25T03:00:00Z');
    const parked = await sendFinanceEvent(engine, confirmed('UNC-LATE-1'), 'msg_late');
    expect(parked.status).toBe(422);
    expect(await itemOf('parked', 'msg_late')).toMatchObject({ reasonCode: 'FINANCE.UNKNOWN_PAYMENT_ORDER', attempts: 1 });

    const approval = MAIN_PATH[stepOf('ApproveTranche')];
    if (!approval) throw new Error('path changed');
    engine.clock.set(approval.at);
    await engine.http.post(`/api/v1/projects/${other}/tranches/1/approval`).set(headers(engine, 'accountant')).send({ paymentOrderNo: 'UNC-LATE-1' }).expect(200);
    engine.clock.set('2026-06-25T04:00:00Z');

    await failNextInboundInsert();
    const inbound = engine.app.get(FinanceInbound);
    expect(await inbound.retryParked()).toBe(0);
    expect(await itemOf('parked', 'msg_late')).toMatchObject({ reasonCode: 'FINANCE.TRANSIENT_FAILURE', attempts: 2 });
    expect(await itemOf('rejected', 'msg_late')).toBeUndefined();
    expect(await inbound.retryParked()).toBe(1);
    expect((await trancheOf(other)).status).toBe('paid');
  });

  it('pages the list, and is open to accountants, auditors and admins only', async () => {
    const first = await inbox('rejected', '&limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await inbox('rejected', `&limit=1&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.items[0]?.webhookId).not.toBe(first.items[0]?.webhookId);
    expect(second.nextCursor).toBeUndefined();

    const bad = await engine.http.get('/api/v1/integrations/finance/events?status=rejected&cursor=nope').set(headers(engine, 'admin')).expect(400);
    expect(bad.body.errors[0].field).toBe('cursor');
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [forged(['2026-02-31T00:00:00.000Z', 'msg']), forged(['2026-06-25T02:00:00.000Z', 'msg\u0000']), forged(['2026-06-25T02:00:00.000Z', '\ud800']), forged({ a: 1 })]) {
      await engine.http.get(`/api/v1/integrations/finance/events?status=rejected&cursor=${cursor}`).set(headers(engine, 'admin')).expect(400);
    }
    await engine.http.get('/api/v1/integrations/finance/events?status=applied').set(headers(engine, 'admin')).expect(400);
    await engine.http.get('/api/v1/integrations/finance/events?status=parked').set(headers(engine, 'auditor')).expect(200);
    await engine.http.get('/api/v1/integrations/finance/events?status=parked').set(headers(engine, 'officer')).expect(403);
    await engine.http.get('/api/v1/integrations/finance/events?status=parked').expect(401);
  });

  it('counts parked and refused events by reason, and asks for attention when one waits over a day', async () => {
    const scrape = await engine.http.get('/metrics').expect(200);
    expect(scrape.text).toMatch(/grants_finance_events_held\{status="rejected",reason="PAYMENT\.AMOUNT_MISMATCH"\} 1/);
    expect(scrape.text).toMatch(/grants_finance_events_held\{status="rejected",reason="REQUEST\.VALIDATION_FAILED"\} 1/);

    const inbound = engine.app.get(FinanceInbound);
    expect(await inbound.inboxHealth()).toMatchObject({ status: 'ok', parked: 0 });
    expect((await sendFinanceEvent(engine, confirmed('UNC-NEVER'), 'msg_never')).status).toBe(422);
    expect(await inbound.inboxHealth()).toMatchObject({ status: 'ok', parked: 1 });
    engine.clock.advance(24 * 3600 * 1000 + 1000);
    expect(await inbound.inboxHealth()).toMatchObject({ status: 'attention', parked: 1 });
    const ready = await engine.http.get('/health/ready').set(headers(engine, 'admin'));
    expect(ready.body.checks.financeInbox).toMatchObject({ status: 'attention', parked: 1 });
    expect((await engine.http.get('/metrics').expect(200)).text).toMatch(/grants_finance_events_held\{status="parked",reason="FINANCE\.UNKNOWN_PAYMENT_ORDER"\} 1/);
  });
});
