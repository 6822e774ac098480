import { Reminders } from '@app/reminders';
import { testRedisUrl } from '@app/testing';
import { createProgramme, driveTo, headers, MAIN_PATH } from './support/lifecycle';
import { Mailbox, startMailbox } from './support/mailbox';
import { deleteKeys, startTestEngine, TestEngine } from './support/test-engine';
import { until } from './support/until';

jest.setTimeout(90_000);

const stepOf = (command: string) => MAIN_PATH.findIndex((s) => s.command === command);

interface SendRow {
  status: string;
  sent_at: Date | null;
  attempts: number;
}

/**
 * A reminder e-mail is a pending row in PostgreSQL from the moment it is decided; Redis only
 * carries its trigger. Whatever Redis loses, the reconciler gives the e-mail its job back and it
 * goes out once.
 */
describe('reminder e-mailbox.mails survive a flushed Redis', () => {
  let engine: TestEngine;
  let programmeId: string;
  let mailbox: Mailbox;

  const start = (reuse?: { schema: string; prefix: string }, worker = true) =>
    startTestEngine({ env: { SMTP_URL: mailbox.url }, worker, now: engine?.clock.now().toISOString(), ...(reuse ? { reuse } : {}) });

  beforeAll(async () => {
    mailbox = await startMailbox();
    engine = await start();
    programmeId = await createProgramme(engine);
    await engine.http.put('/api/v1/contacts/officer-1').set(headers(engine, 'admin')).send({ email: 'can-bo@khuyencong.vn', language: 'vi' }).expect(204);
  });
  afterAll(async () => {
    await engine?.close();
    await mailbox?.close();
  });

  /** A reminder of an information request, due in `inMs`, once the read model holds it. */
  async function reminderDueIn(inMs: number): Promise<{ id: string; fireAt: string }> {
    const projectId = await driveTo(engine, programmeId, stepOf('RequestInformation'));
    const replyDueAt = new Date(engine.clock.now().getTime() + inMs).toISOString();
    await engine.http.post(`/api/v1/projects/${projectId}/info-requests`).set(headers(engine, 'officer')).send({ reason: 'Thiếu báo giá', replyDueAt }).expect(200);
    return until(async () => {
      const res = await engine.http.get(`/api/v1/reminders?projectId=${projectId}`).set(headers(engine, 'auditor')).expect(200);
      const reminder = res.body.items.find((r: { kind: string }) => r.kind === 'info_reply');
      return reminder && { id: reminder.id as string, fireAt: (reminder.noticeAt ?? reminder.dueAt) as string };
    });
  }

  const sendOf = async (reminderId: string) =>
    (await engine.db.query<SendRow>("SELECT status, sent_at, attempts FROM reminder_sends WHERE reminder_id = $1 AND channel = 'email'", [reminderId])).rows[0];

  it('records the e-mail as pending with the send, and sends it once after Redis lost its job and the engine restarted', async () => {
    // Due in days: nothing fires by itself during the test.
    const reminder = await reminderDueIn(5 * 86_400_000);
    const { schema, prefix } = engine;
    // An API process decides the send (as a trigger job would) but runs no worker to send it.
    await engine.stop();
    engine = await start({ schema, prefix }, false);
    expect(await engine.app.get(Reminders).firing.fire(reminder.id, reminder.fireAt)).toBe('sent');
    expect(await sendOf(reminder.id)).toMatchObject({ status: 'pending', sent_at: null, attempts: 0 });
    const history = await engine.store.readStream(`reminders-${(await engine.db.query<{ project_id: string }>('SELECT project_id FROM reminders WHERE id = $1', [reminder.id])).rows[0]?.project_id}`);
    expect(history.filter((e) => e.type === 'ReminderSent').map((e) => (e.data as { channel: string }).channel).sort()).toEqual(['inbox', 'webhook']);

    // Redis loses the e-mail's job (only this test's keys), then a worker starts.
    await engine.stop();
    await deleteKeys(testRedisUrl(), prefix);
    const before = mailbox.mails.length;
    engine = await start({ schema, prefix });
    const sent = await until(async () => {
      const row = await sendOf(reminder.id);
      return row?.status === 'sent' && row;
    });
    expect(sent).toMatchObject({ attempts: 1, sent_at: expect.any(Date) });
    expect(mailbox.mails.length - before).toBe(1);
    expect(mailbox.mails[mailbox.mails.length - 1]).toContain('can-bo@khuyencong.vn');
    // Nothing is pending any more: another pass re-creates no job, and firing again sends nothing.
    expect(await engine.app.get(Reminders).emails.requeuePendingEmails()).toBe(0);
    await engine.app.get(Reminders).firing.fire(reminder.id, reminder.fireAt);
    expect(await engine.app.get(Reminders).emails.sendEmail(reminder.id, reminder.fireAt, false, 1)).toBe('already-sent');
    expect(mailbox.mails.length - before).toBe(1);
  });

  it('gives a waiting e-mail its job back on the periodic reconcile after Redis was flushed while the engine ran', async () => {
    // The first attempt fails: the e-mail waits in Redis for its retry, 30 s away.
    mailbox.failing = true;
    const reminder = await reminderDueIn(1000);
    await until(async () => (await sendOf(reminder.id))?.attempts === 1);
    expect(await sendOf(reminder.id)).toMatchObject({ status: 'pending', sent_at: null });
    mailbox.failing = false;

    await deleteKeys(testRedisUrl(), engine.prefix);
    const before = mailbox.mails.length;
    const reminders = engine.app.get(Reminders);
    expect(await reminders.emails.requeuePendingEmails()).toBeGreaterThanOrEqual(1);
    const sent = await until(async () => {
      const row = await sendOf(reminder.id);
      return row?.status === 'sent' && row;
    });
    expect(sent.attempts).toBe(2);
    expect(mailbox.mails.length - before).toBe(1);
    expect(await reminders.emails.requeuePendingEmails()).toBe(0);
  });
});
