import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventSchemaRegistry, RecordedEvent } from '@app/event-store';
import { stateHash } from '../state-hash';
import { GoldenFile } from '../testing/golden-recorder';
import { replayProject } from '../time-travel';

describe('schema evolution: upcasters go one version at a time', () => {
  it('brings a v1 event to v3 through v2, and a v2 event through the last step only', () => {
    const calls: string[] = [];
    // A sample event type of three versions: v1 had one number, v2 named scores, v3 adds weights.
    const schemas = new EventSchemaRegistry({
      SampleScored: [
        (v1) => {
          calls.push('v1→v2');
          return { scores: { overall: (v1 as { score: number }).score } };
        },
        (v2) => {
          calls.push('v2→v3');
          return { ...(v2 as object), weights: 'equal' };
        },
      ],
    });
    expect(schemas.currentVersion('SampleScored')).toBe(3);

    expect(schemas.toDomainEvent({ type: 'SampleScored', schemaVersion: 1, data: { score: 7 } })).toEqual({
      type: 'SampleScored',
      data: { scores: { overall: 7 }, weights: 'equal' },
    });
    expect(calls).toEqual(['v1→v2', 'v2→v3']);

    calls.length = 0;
    expect(schemas.toDomainEvent({ type: 'SampleScored', schemaVersion: 2, data: { scores: { overall: 5 } } }).data).toEqual({ scores: { overall: 5 }, weights: 'equal' });
    expect(calls).toEqual(['v2→v3']);

    calls.length = 0;
    expect(schemas.toDomainEvent({ type: 'SampleScored', schemaVersion: 3, data: { scores: { overall: 4 }, weights: 'equal' } }).data).toEqual({
      scores: { overall: 4 },
      weights: 'equal',
    });
    expect(calls).toEqual([]);
    expect(() => schemas.toDomainEvent({ type: 'SampleScored', schemaVersion: 4, data: {} })).toThrow(/newer than this engine understands/);
  });

  it('replays a golden stream stored in an older shape to the same state hash', () => {
    const golden = JSON.parse(readFileSync(join(__dirname, 'main-to-closed.golden.json'), 'utf8')) as GoldenFile;
    const events = golden.streams['project-golden-1'] as RecordedEvent[];
    // Pretend ProposalScored v1 called the comment "remark": stored v1 events keep that shape,
    // and one upcaster renames it. The replay must give exactly the recorded state.
    const stored = events.map((e) => {
      if (e.type !== 'ProposalScored') return e;
      const { comment, ...rest } = e.data as { comment?: string };
      return { ...e, schemaVersion: 1, data: comment === undefined ? rest : { ...rest, remark: comment } };
    });
    const schemas = new EventSchemaRegistry({
      ProposalScored: [
        (v1) => {
          const { remark, ...rest } = v1 as { remark?: string };
          return remark === undefined ? rest : { ...rest, comment: remark };
        },
      ],
    });
    expect(stored.some((e) => (e.data as { remark?: string }).remark === 'Hợp lý')).toBe(true);
    expect(stateHash(replayProject(stored, schemas))).toBe(golden.expected['project-golden-1']?.stateHash);
  });
});
