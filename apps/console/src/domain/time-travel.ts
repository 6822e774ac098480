import { contractVnd, disbursedVnd, EVENT_UPCASTERS, evolveProject, type ProjectEvent, type ProjectState, type ProjectStatus } from '@app/domain';
import type { HistoryEvent } from '../api/types';

/* A project's history replayed in the browser, for the time-travel panel. */

function upcast(event: HistoryEvent): ProjectEvent {
  let data = event.data;
  const upcasters = EVENT_UPCASTERS[event.type] ?? [];
  // Entry i of the list turns schema version i + 1 into i + 2, one version at a time.
  for (let i = event.schemaVersion - 1; i < upcasters.length; i += 1) {
    const up = upcasters[i];
    if (up) data = up(data);
  }
  return { type: event.type, data } as ProjectEvent;
}

/**
 * The project's state at a stream version, folded in the browser with the engine's own
 * `evolveProject` from `@app/domain` (the same fold the read model and `/state` use).
 *
 * @example
 * foldToVersion(history.items, 3).status; // 'submitted'
 */
export function foldToVersion(events: readonly HistoryEvent[], version: number): ProjectState {
  let state: ProjectState = { status: 'none' };
  for (const event of events) {
    if (event.version > version) break;
    state = evolveProject(state, upcast(event));
  }
  return state;
}

/** What the time-travel panel shows of a state. */
export interface StateSummary {
  readonly status: ProjectStatus | 'none';
  readonly requestedVnd: number | null;
  readonly recommendedVnd: number | null;
  readonly approvedVnd: number | null;
  readonly contractVnd: number | null;
  readonly disbursedVnd: number;
  readonly scoreCount: number;
  readonly recused: readonly string[];
  readonly tranches: readonly { readonly no: number; readonly status: string; readonly scheduledVnd: number; readonly paidVnd: number }[];
}

/**
 * The figures of a replayed state, for the time-travel panel.
 *
 * @example
 * summarise(foldToVersion(events, 5)).scoreCount; // 2
 */
export function summarise(state: ProjectState): StateSummary {
  if (state.status === 'none') {
    return { status: 'none', requestedVnd: null, recommendedVnd: null, approvedVnd: null, contractVnd: null, disbursedVnd: 0, scoreCount: 0, recused: [], tranches: [] };
  }
  const funded = 'funding' in state ? state : undefined;
  const execution = funded?.execution;
  return {
    status: state.status,
    requestedVnd: state.proposal.requestedSupportVnd,
    recommendedVnd: state.recommendation?.recommendedSupportVnd ?? null,
    approvedVnd: funded?.funding.supportVnd ?? null,
    contractVnd: execution ? contractVnd(execution) : null,
    disbursedVnd: disbursedVnd(execution),
    scoreCount: state.appraisal ? Object.keys(state.appraisal.scores).length : 0,
    recused: state.appraisal?.recused ?? [],
    tranches: (execution?.tranches ?? []).map((t) => ({ no: t.no, status: t.status, scheduledVnd: t.scheduledVnd, paidVnd: t.paidVnd })),
  };
}
