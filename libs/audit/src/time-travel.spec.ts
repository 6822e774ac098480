import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError, EVENT_UPCASTERS } from '@app/domain';
import { EventSchemaRegistry, InMemoryEventStore, RecordedEvent } from '@app/event-store';
import { GoldenFile } from './testing/golden-recorder';
import { TimeTravel } from './time-travel';

/** The recorded main path, appended again one command at a time at its recorded instants. */
async function storeWithMainPath(edit: (event: RecordedEvent) => RecordedEvent = (e) => e): Promise<InMemoryEventStore> {
  const golden = JSON.parse(readFileSync(join(__dirname, 'golden', 'main-to-closed.golden.json'), 'utf8')) as GoldenFile;
  let now = new Date(0);
  const store = new InMemoryEventStore(() => now);
  const events = [...Object.values(golden.streams).flat()].map(edit).sort((a, b) => a.position - b.position);
  for (const event of events) {
    now = new Date(event.recordedAt);
    await store.appendToStreams([
      { streamId: event.streamId, expectedVersion: event.version - 1, events: [{ eventId: event.eventId, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata: event.metadata }] },
    ]);
  }
  return store;
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('TimeTravel', () => {
  const schemas = new EventSchemaRegistry(EVENT_UPCASTERS);

  it('replays a project to a version and to a recorded instant, naming the pinned policy', async () => {
    const travel = new TimeTravel(await storeWithMainPath(), schemas);
    const v4 = await travel.project('golden-1', { version: 4 });
    expect(v4).toMatchObject({ version: 4, status: 'info_requested', policy: { id: 'vn-longan-local-2022', version: 1, hash: expect.any(String) }, integrity: { chainVerified: true } });
    const april = await travel.project('golden-1', { at: '2026-04-05T00:00:00Z' });
    expect(april).toMatchObject({ status: 'recommended', lastEvent: { type: 'ProposalRecommended' } });
    const latest = await travel.project('golden-1', { latest: true });
    expect(latest.status).toBe('closed');
    const programme = await travel.programme('la-2026', { at: '2026-04-11T00:00:00Z' });
    expect(programme.state).toMatchObject({ status: 'active', reservedVnd: 150_000_000 });
  });

  it('places a back-dated decision at its effective time', async () => {
    // The approval was decided on 5 April and recorded on 10 April.
    const store = await storeWithMainPath((e) => (e.type === 'FundingApproved' ? { ...e, metadata: { ...e.metadata, occurredAt: '2026-04-05T02:00:00.000Z' } } : e));
    const travel = new TimeTravel(store, schemas);
    expect((await travel.project('golden-1', { at: '2026-04-07T00:00:00Z' })).status).toBe('recommended');
    const effective = await travel.project('golden-1', { asOfEffective: '2026-04-07T00:00:00Z' });
    expect(effective).toMatchObject({ status: 'approved', excludedVersions: [], lastEvent: { type: 'FundingApproved', occurredAt: '2026-04-05T02:00:00.000Z' } });
  });

  it('answers not found at a time before the stream, and for an unknown one', async () => {
    const travel = new TimeTravel(await storeWithMainPath(), schemas);
    const before = await refusal(travel.project('golden-1', { at: '2026-03-01T00:00:00Z' }));
    expect(before).toMatchObject({ kind: 'not_found', code: 'PROJECT.NOT_FOUND_AT', details: { firstEventAt: '2026-03-02T02:00:00.000Z' } });
    expect((await refusal(travel.project('golden-1', { asOfEffective: '2020-01-01T00:00:00Z' }))).code).toBe('PROJECT.NOT_FOUND_AT');
    expect((await refusal(travel.project('golden-1', { version: 500 }))).details).toMatchObject({ latestVersion: expect.any(Number) });
    expect((await refusal(travel.project('nobody', { version: 1 }))).code).toBe('PROJECT.NOT_FOUND');
    expect((await refusal(travel.programme('nobody', { latest: true }))).code).toBe('PROGRAMME.NOT_FOUND');
  });

  it('checks the chain on the stored events and folds them as opened', async () => {
    const store = await storeWithMainPath();
    const erase = async (events: readonly RecordedEvent[]) =>
      events.map((e) => (e.type === 'ProjectDraftCreated' ? { ...e, data: { ...(e.data as object), beneficiary: { ...(e.data as { beneficiary: object }).beneficiary, name: '[erased]' } } } : e));
    const travel = new TimeTravel(store, schemas, { open: erase });
    const past = await travel.project('golden-1', { version: 2 });
    expect(past.integrity).toEqual({ chainVerified: true });
    expect(past.state).toMatchObject({ proposal: { beneficiary: { name: '[erased]' } } });
  });

  it('reports a broken stream chain instead of hiding it', async () => {
    const store = await storeWithMainPath();
    const travel = new TimeTravel(
      { readStream: async (id, options) => (await store.readStream(id, options)).map((e) => (e.version === 3 ? { ...e, hash: 'f'.repeat(64) } : e)) },
      schemas,
    );
    expect((await travel.project('golden-1', { version: 5 })).integrity).toEqual({ chainVerified: false, firstBrokenVersion: 3 });
  });
});
