import {
  contractVnd,
  disbursedVnd,
  EVENT_UPCASTERS,
  evolveProject,
  iatiActivityStatus,
  ProjectEvent,
  ProjectState,
} from '@app/domain';
import { EventSchemaRegistry } from '@app/event-store';
import { documentProjection } from './document-projection';
import { searchText } from './search-text';

/** One appraisal level as staff and auditors read it. */
export interface AppraisalLevelSummary {
  readonly level: string;
  readonly panel: readonly string[];
  readonly openedAt: string;
  readonly dueAt?: string;
  readonly conflicts: { readonly appraiserId: string; readonly note: string; readonly at: string }[];
  readonly scores: { readonly appraiserId: string; readonly scores: Record<string, number>; readonly weightedScore: number; readonly comment?: string; readonly at: string }[];
  readonly outcome?: 'passed' | 'recommended' | 'not_recommended';
  readonly meanScore?: number;
}

/** The project read model: the folded domain state plus what the screens show besides. */
export interface ProjectDoc {
  readonly state: ProjectState;
  /** When the project entered each status it has been in (the latest entry wins). */
  readonly milestones: Record<string, string>;
  readonly appraisal: AppraisalLevelSummary[];
  readonly lastEvent?: { readonly type: string; readonly at: string; readonly actorId?: string };
}

interface WithAt {
  readonly at: string;
}

function summarise(doc: ProjectDoc, event: ProjectEvent): AppraisalLevelSummary[] {
  const levels = doc.appraisal.map((l) => ({ ...l, conflicts: [...l.conflicts], scores: [...l.scores] }));
  const current = levels[levels.length - 1];
  switch (event.type) {
    case 'AppraisalOpened':
      levels.push({
        level: event.data.level,
        panel: event.data.panel,
        openedAt: event.data.at,
        ...(event.data.dueAt ? { dueAt: event.data.dueAt } : {}),
        conflicts: [],
        scores: [],
      });
      return levels;
    case 'ConflictDeclared':
      current?.conflicts.push({ appraiserId: event.data.appraiserId, note: event.data.note, at: event.data.at });
      return levels;
    case 'ProposalScored':
      current?.scores.push({
        appraiserId: event.data.appraiserId,
        scores: { ...event.data.scores },
        weightedScore: event.data.weightedScore,
        ...(event.data.comment ? { comment: event.data.comment } : {}),
        at: event.data.at,
      });
      return levels;
    case 'AppraisalLevelPassed':
    case 'ProposalRecommended':
    case 'ProposalNotRecommended': {
      const outcome = event.type === 'AppraisalLevelPassed' ? 'passed' : event.type === 'ProposalRecommended' ? 'recommended' : 'not_recommended';
      if (current) levels[levels.length - 1] = { ...current, outcome, meanScore: event.data.meanScore };
      return levels;
    }
    default:
      return levels;
  }
}

/** The money the project holds against its programme's envelope, for the budget view. */
export function committedVnd(state: ProjectState): number {
  if (state.status === 'none' || !('funding' in state)) return 0;
  if (state.status === 'terminated') return disbursedVnd(state.execution);
  const execution = state.execution;
  if (!execution) return 0;
  return execution.settlement?.approvedVnd ?? contractVnd(execution);
}

/**
 * One row per project: the columns the list filters on and the amounts the detail and the
 * budget show. The document holds the domain state folded by the same `evolveProject` the
 * deciders use, so the read model and the rules cannot disagree on what happened.
 */
export const projectsProjection = documentProjection<ProjectDoc>({
  name: 'projects',
  version: 1,
  table: 'projects',
  streamPrefix: 'project-',
  schemas: new EventSchemaRegistry(EVENT_UPCASTERS),
  columns: `
  programme_id text,
  status text NOT NULL,
  title text,
  category text,
  beneficiary_name text,
  beneficiary_kind text,
  province text,
  commune text,
  search_text text,
  requested_vnd bigint NOT NULL DEFAULT 0,
  recommended_vnd bigint,
  approved_vnd bigint,
  contract_vnd bigint,
  committed_vnd bigint NOT NULL DEFAULT 0,
  disbursed_vnd bigint NOT NULL DEFAULT 0,
  refund_due_vnd bigint NOT NULL DEFAULT 0,
  refunded_vnd bigint NOT NULL DEFAULT 0,
  mean_score numeric,
  iati_status integer,
  planned_start date,
  planned_end date,
  created_by text,
  created_at timestamptz`,
  indexes: (t) => `
CREATE INDEX ON ${t} (programme_id, status);
CREATE INDEX ON ${t} (status);
CREATE INDEX ON ${t} (commune);`,
  initial: () => ({ state: { status: 'none' }, milestones: {}, appraisal: [] }),
  evolve: (doc, domainEvent, recorded) => {
    const event = domainEvent as ProjectEvent;
    const state = evolveProject(doc.state, event);
    const at = (event.data as WithAt).at ?? recorded.recordedAt;
    const milestones = state.status !== doc.state.status ? { ...doc.milestones, [state.status]: at } : doc.milestones;
    return {
      state,
      milestones,
      appraisal: summarise(doc, event),
      lastEvent: { type: event.type, at, ...(recorded.metadata.actor ? { actorId: recorded.metadata.actor.id } : {}) },
    };
  },
  row: (doc) => {
    const s = doc.state;
    // A stream always starts with its draft; this only keeps the row's shape total.
    if (s.status === 'none') return { status: 'none', requested_vnd: 0, committed_vnd: 0, disbursed_vnd: 0, refund_due_vnd: 0, refunded_vnd: 0 };
    const p = s.proposal;
    const funded = 'funding' in s ? s : undefined;
    const lastLevel = doc.appraisal[doc.appraisal.length - 1];
    return {
      programme_id: s.programmeId,
      status: s.status,
      title: p.title,
      category: p.category,
      beneficiary_name: p.beneficiary.name,
      beneficiary_kind: p.beneficiary.kind,
      province: p.beneficiary.province,
      commune: p.beneficiary.commune,
      search_text: searchText(`${p.title} ${p.beneficiary.name}`),
      requested_vnd: p.requestedSupportVnd,
      recommended_vnd: s.recommendation?.recommendedSupportVnd ?? null,
      approved_vnd: funded?.funding.supportVnd ?? null,
      contract_vnd: funded?.execution ? contractVnd(funded.execution) : null,
      committed_vnd: committedVnd(s),
      disbursed_vnd: funded ? disbursedVnd(funded.execution) : 0,
      refund_due_vnd: funded?.refunds.demandedVnd ?? 0,
      refunded_vnd: funded?.refunds.refundedVnd ?? 0,
      mean_score: s.recommendation?.meanScore ?? lastLevel?.meanScore ?? null,
      iati_status: iatiActivityStatus(s.status),
      planned_start: p.plannedStart,
      planned_end: p.plannedEnd,
      created_by: s.createdBy,
      created_at: doc.milestones.draft ?? null,
    };
  },
});
