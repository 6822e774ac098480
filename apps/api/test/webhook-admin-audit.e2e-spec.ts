import { headers, PEOPLE } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(60_000);

/**
 * Endpoint administration and its audit trail commit together: every change leaves exactly one
 * event on `webhook-endpoint-<id>` with the administrator as actor, and a failure of either the
 * append or the table change leaves neither behind.
 */
describe('webhook endpoint administration is audited in its own transaction', () => {
  let engine: TestEngine;
  const admin = () => headers(engine, 'admin');

  beforeAll(async () => {
    engine = await startTestEngine({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
    // Failures are injected by triggers that raise while a flag row names the table to break.
    await engine.db.query(`
      CREATE TABLE injected_failures (target text PRIMARY KEY);
      CREATE FUNCTION raise_injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM injected_failures WHERE target = TG_TABLE_NAME) THEN
          RAISE EXCEPTION 'injected failure on %', TG_TABLE_NAME;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER inject_events BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.stream_id LIKE 'webhook-endpoint-%') EXECUTE FUNCTION raise_injected_failure();
      CREATE TRIGGER inject_endpoints BEFORE INSERT OR UPDATE ON webhook_endpoints FOR EACH ROW EXECUTE FUNCTION raise_injected_failure();
    `);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const fail = (target: 'events' | 'webhook_endpoints') => engine.db.query('INSERT INTO injected_failures (target) VALUES ($1)', [target]);
  const heal = () => engine.db.query('DELETE FROM injected_failures');
  const streamOf = (id: string) => engine.store.readStream(`webhook-endpoint-${id}`);
  const endpointRow = async (id: string) =>
    (await engine.db.query<{ status: string; updated_at: Date; previous_secret_expires_at: Date | null }>('SELECT status, updated_at, previous_secret_expires_at FROM webhook_endpoints WHERE id = $1', [id])).rows[0];
  const endpointCount = async () => Number((await engine.db.query<{ n: string }>('SELECT count(*) AS n FROM webhook_endpoints')).rows[0]?.n);
  const disable = (id: string) => engine.db.query("UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = 'test' WHERE id = $1", [id]);

  async function register(): Promise<{ id: string; secret: string }> {
    const res = await engine.http.post('/api/v1/webhook-endpoints').set(admin()).send({ url: 'http://127.0.0.1:9/hooks', eventTypes: ['payment_order.issued'] }).expect(201);
    return res.body as { id: string; secret: string };
  }

  it('records each action once, with the administrator as actor and never a secret', async () => {
    const endpoint = await register();
    const rotated = await engine.http.post(`/api/v1/webhook-endpoints/${endpoint.id}/secret-rotation`).set(admin()).expect(200);
    await disable(endpoint.id);
    await engine.http.post(`/api/v1/webhook-endpoints/${endpoint.id}/enable`).set(admin()).expect(200);
    // Enabling an active endpoint changes nothing, so it records nothing.
    await engine.http.post(`/api/v1/webhook-endpoints/${endpoint.id}/enable`).set(admin()).expect(200);
    await engine.http.delete(`/api/v1/webhook-endpoints/${endpoint.id}`).set(admin()).expect(204);
    await engine.http.delete(`/api/v1/webhook-endpoints/${endpoint.id}`).set(admin()).expect(404);

    const log = await streamOf(endpoint.id);
    expect(log.map((e) => e.type)).toEqual(['WebhookEndpointRegistered', 'WebhookSecretRotated', 'WebhookEndpointEnabled', 'WebhookEndpointDeleted']);
    for (const event of log) expect(event.metadata.actor).toEqual({ id: PEOPLE.admin.sub, roles: ['admin'] });
    const text = JSON.stringify(log);
    expect(text).not.toContain(endpoint.secret);
    expect(text).not.toContain(rotated.body.secret);
  });

  it('rolls the table change back when the append fails', async () => {
    const endpoint = await register();
    await fail('events');
    try {
      const before = await endpointCount();
      await engine.http.post('/api/v1/webhook-endpoints').set(admin()).send({ url: 'http://127.0.0.1:9/other', eventTypes: ['payment_order.issued'] }).expect(500);
      expect(await endpointCount()).toBe(before);

      const unchanged = await endpointRow(endpoint.id);
      await engine.http.post(`/api/v1/webhook-endpoints/${endpoint.id}/secret-rotation`).set(admin()).expect(500);
      expect(await endpointRow(endpoint.id)).toEqual(unchanged);
      expect(unchanged?.previous_secret_expires_at).toBeNull();

      await engine.http.delete(`/api/v1/webhook-endpoints/${endpoint.id}`).set(admin()).expect(500);
      expect((await endpointRow(endpoint.id))?.status).toBe('active');

      await disable(endpoint.id);
      await engine.http.post(`/api/v1/webhook-endpoints/${endpoint.id}/enable`).set(admin()).expect(500);
      expect((await endpointRow(endpoint.id))?.status).toBe('disabled');
    } finally {
      await heal();
    }
    expect((await streamOf(endpoint.id)).map((e) => e.type)).toEqual(['WebhookEndpointRegistered']);
    // Once the log accepts appends again, the same requests go through, each recorded once.
    await engine.http.post(`/api/v1/webhook-endpoints/${endpoint.id}/enable`).set(admin()).expect(200);
    await engine.http.delete(`/api/v1/webhook-endpoints/${endpoint.id}`).set(admin()).expect(204);
    expect((await streamOf(endpoint.id)).map((e) => e.type)).toEqual(['WebhookEndpointRegistered', 'WebhookEndpointEnabled', 'WebhookEndpointDeleted']);
  });

  it('appends nothing when the table change fails', async () => {
    const endpoint = await register();
    const streams = async () => Number((await engine.db.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE stream_id LIKE 'webhook-endpoint-%'")).rows[0]?.n);
    const before = await streams();
    await fail('webhook_endpoints');
    try {
      await engine.http.post('/api/v1/webhook-endpoints').set(admin()).send({ url: 'http://127.0.0.1:9/third', eventTypes: ['payment_order.issued'] }).expect(500);
      await engine.http.post(`/api/v1/webhook-endpoints/${endpoint.id}/secret-rotation`).set(admin()).expect(500);
      await engine.http.delete(`/api/v1/webhook-endpoints/${endpoint.id}`).set(admin()).expect(500);
    } finally {
      await heal();
    }
    expect(await streams()).toBe(before);
    expect((await endpointRow(endpoint.id))?.status).toBe('active');
  });
});
