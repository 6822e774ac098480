import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_UPCASTERS } from '@app/domain';
import { EventSchemaRegistry, firstBrokenLink, RecordedEvent } from '@app/event-store';
import { stateHash } from '../state-hash';
import { GOLDEN_PATHS, GoldenFile, recordGoldenPath, writeGoldenFile } from '../testing/golden-recorder';
import { replayProgramme, replayProject } from '../time-travel';

/*
 * Golden files: recorded streams of each lifecycle path, replayed with the current code and
 * upcasters. A change that would fold recorded history into another state, or hash it
 * differently, fails here. Re-record only on purpose (a deliberate change of history needs a new
 * event schema version and an upcaster, not a new golden file):
 *   GOLDEN_RECORD=1 npx jest libs/audit/src/golden --selectProjects unit
 */
const DIR = __dirname;
const RECORD = process.env.GOLDEN_RECORD === '1';

const FINAL_STATUS: Record<string, string> = {
  'main-to-closed': 'closed',
  withdrawal: 'withdrawn',
  'termination-after-paid-advance': 'terminated',
  'rejected-funding': 'rejected',
};

function load(path: string): GoldenFile {
  const file = join(DIR, `${path}.golden.json`);
  if (!existsSync(file)) throw new Error(`Missing golden file ${file}; record it with GOLDEN_RECORD=1`);
  return JSON.parse(readFileSync(file, 'utf8')) as GoldenFile;
}

describe('golden streams replay to the recorded states', () => {
  const schemas = new EventSchemaRegistry(EVENT_UPCASTERS);

  it.each(Object.keys(GOLDEN_PATHS))('%s', async (path) => {
    if (RECORD) writeGoldenFile(DIR, await recordGoldenPath(path));
    const golden = load(path);
    for (const [streamId, events] of Object.entries(golden.streams)) {
      const expected = golden.expected[streamId];
      if (!expected) throw new Error(`no expectation for ${streamId}`);
      // The stored hashes still verify: canonical JSON and the hash chain are unchanged.
      expect({ streamId, firstBrokenVersion: firstBrokenLink(events) }).toEqual({ streamId, firstBrokenVersion: undefined });
      const state = expected.kind === 'project' ? replayProject(events, schemas) : replayProgramme(events, schemas);
      expect({ streamId, version: events.length, status: state.status, stateHash: stateHash(state) }).toEqual({
        streamId,
        version: expected.version,
        status: expected.status,
        stateHash: expected.stateHash,
      });
    }
    const project = Object.entries(golden.expected).find(([, e]) => e.kind === 'project');
    expect(project?.[1].status).toBe(FINAL_STATUS[path]);
  });

  it('fails when recorded history would fold differently', () => {
    const golden = load('main-to-closed');
    const events = golden.streams['project-golden-1'] as RecordedEvent[];
    const changed = events.map((e) =>
      e.type === 'FundingApproved' ? { ...e, data: { ...(e.data as object), approvedSupportVnd: 140_000_000 } } : e,
    );
    expect(stateHash(replayProject(changed, schemas))).not.toBe(golden.expected['project-golden-1']?.stateHash);
  });
});
