import { ActiveProgramme, EVENT_UPCASTERS, evolveProgramme, ProgrammeEvent, ProgrammeState } from '@app/domain';
import { EventSchemaRegistry } from '@app/event-store';
import { documentProjection } from './document-projection';

/** The programme read model: the folded programme state and its budget columns. */
export interface ProgrammeDoc {
  readonly state: ProgrammeState;
  readonly createdAt?: string;
}

/**
 * One row per programme with the budget envelope as the programme stream knows it (total,
 * reserved, released). Committed and disbursed sums come from the projects read model.
 */
export const programmesProjection = documentProjection<ProgrammeDoc>({
  name: 'programmes',
  version: 1,
  table: 'programmes',
  streamPrefix: 'programme-',
  schemas: new EventSchemaRegistry(EVENT_UPCASTERS),
  columns: `
  code text,
  name text,
  year integer,
  funding_source text,
  province text,
  policy_id text,
  policy_version integer,
  registration_opens_on date,
  registration_closes_on date,
  total_vnd bigint NOT NULL DEFAULT 0,
  reserved_vnd bigint NOT NULL DEFAULT 0,
  released_vnd bigint NOT NULL DEFAULT 0,
  created_at timestamptz`,
  initial: () => ({ state: { status: 'none' } }),
  evolve: (doc, event, recorded) => ({
    state: evolveProgramme(doc.state, event as ProgrammeEvent),
    createdAt: doc.createdAt ?? recorded.recordedAt,
  }),
  row: (doc) => {
    const s = doc.state.status === 'active' ? (doc.state as ActiveProgramme) : undefined;
    return {
      code: s?.code ?? null,
      name: s?.name ?? null,
      year: s?.year ?? null,
      funding_source: s?.fundingSource ?? null,
      province: s?.province ?? null,
      policy_id: s?.policyId ?? null,
      policy_version: s?.policyVersion ?? null,
      registration_opens_on: s?.registrationOpensOn ?? null,
      registration_closes_on: s?.registrationClosesOn ?? null,
      total_vnd: s?.totalVnd ?? 0,
      reserved_vnd: s?.reservedVnd ?? 0,
      released_vnd: s?.releasedVnd ?? 0,
      created_at: doc.createdAt ?? null,
    };
  },
});
