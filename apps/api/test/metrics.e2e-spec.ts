import { createDraft, createProgramme, headers, MAIN_PATH, send } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(60_000);

/** The value of one sample of a scrape (the line `name{labels} value`), or undefined. */
function sample(scrape: string, series: string): number | undefined {
  const line = scrape.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics: what an operator watches', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  it('counts the refusals of the guards with their status', async () => {
    await engine.http.get('/api/v1/projects').expect(401);
    await engine.http.post('/api/v1/programmes').set(headers(engine, 'officer')).send({}).expect(403);
    const scrape = (await engine.http.get('/metrics').expect(200)).text;
    expect(sample(scrape, 'grants_http_requests_total{method="GET",route="/api/v1/projects",status="401"}')).toBe(1);
    expect(sample(scrape, 'grants_http_requests_total{method="POST",route="/api/v1/programmes",status="403"}')).toBe(1);
    // A path no route matches is not a route of its own.
    await engine.http.get('/api/v1/no-such-thing').set(headers(engine, 'officer')).expect(404);
    expect((await engine.http.get('/metrics').expect(200)).text).not.toContain('no-such-thing');
  });

  it('times commands by type and outcome', async () => {
    const programmeId = await createProgramme(engine);
    const id = await createDraft(engine, programmeId);
    // Approving a draft that was never submitted: a business rule refuses it.
    const approve = MAIN_PATH.find((s) => s.command === 'ApproveFunding');
    if (!approve) throw new Error('path changed');
    const refused = await send(engine, id, approve);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const scrape = (await engine.http.get('/metrics').expect(200)).text;
    expect(sample(scrape, 'grants_command_duration_seconds_count{command="CreateProgramme",outcome="ok"}')).toBe(1);
    expect(sample(scrape, 'grants_command_duration_seconds_count{command="CreateProjectDraft",outcome="ok"}')).toBe(1);
    expect(sample(scrape, 'grants_command_duration_seconds_count{command="ApproveFunding",outcome="refused"}')).toBe(1);
    expect(sample(scrape, 'grants_command_duration_seconds_bucket{le="+Inf",command="CreateProgramme",outcome="ok"}')).toBe(1);
  });

  it('shows the lag of each projection in events and seconds, and the queues by state at scrape time', async () => {
    await engine.projections.updateLag();
    const scrape = (await engine.http.get('/metrics').expect(200)).text;
    const lags = [...scrape.matchAll(/^grants_subscription_lag_(events|seconds)\{subscription="(projection:[^"]+)"\} (\S+)$/gm)];
    const subscriptions = new Set(lags.map((m) => m[2]));
    expect(subscriptions.size).toBeGreaterThan(0);
    for (const subscription of subscriptions) {
      for (const unit of ['events', 'seconds']) {
        const value = sample(scrape, `grants_subscription_lag_${unit}{subscription="${subscription}"}`);
        expect(value).toBeGreaterThanOrEqual(0);
      }
    }
    const queues = new Set([...scrape.matchAll(/^grants_queue_jobs\{queue="([^"]+)",state="waiting"\} \d+$/gm)].map((m) => m[1]));
    expect(queues.size).toBeGreaterThan(0);
    for (const queue of queues) {
      for (const state of ['waiting', 'delayed', 'active', 'failed']) {
        expect(sample(scrape, `grants_queue_jobs{queue="${queue}",state="${state}"}`)).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
