import { assertNever } from '../shared';
import type { ProjectAppraisalEvent } from './project-appraisal.events';
import { asProposal, corrupt } from './project-evolve.guards';
import type { ProjectState } from './project.state';

/**
 * Applies one recorded fact of the appraisal phase to the state.
 *
 * @example
 * const next = evolveAppraisalPhase(state, event);
 */
export function evolveAppraisalPhase(state: ProjectState, event: ProjectAppraisalEvent): ProjectState {
  switch (event.type) {
    case 'AppraisalOpened': {
      const s = asProposal(state, event.type);
      const d = event.data;
      const previous = s.appraisal;
      if (d.reopened && previous !== undefined) {
        const scores = Object.fromEntries(Object.entries(previous.scores).filter(([id]) => d.panel.includes(id)));
        return { ...s, appraisal: { ...previous, panel: d.panel, scores, stage: 'open' } };
      }
      return {
        ...s,
        status: 'in_appraisal',
        appraisal: {
          levelIndex: d.levelIndex,
          level: d.level,
          stage: 'open',
          panel: d.panel,
          recused: [],
          scores: {},
          ...(previous?.proposedSupportVnd === undefined ? {} : { proposedSupportVnd: previous.proposedSupportVnd }),
        },
      };
    }
    case 'ConflictDeclared': {
      const s = asProposal(state, event.type);
      if (s.appraisal === undefined) return corrupt(event.type, state);
      return { ...s, appraisal: { ...s.appraisal, recused: [...s.appraisal.recused, event.data.appraiserId] } };
    }
    case 'ProposalScored': {
      const s = asProposal(state, event.type);
      if (s.appraisal === undefined) return corrupt(event.type, state);
      const id = event.data.appraiserId;
      return {
        ...s,
        scorers: s.scorers.includes(id) ? s.scorers : [...s.scorers, id],
        appraisal: { ...s.appraisal, scores: { ...s.appraisal.scores, [id]: event.data.scores } },
      };
    }
    case 'AppraisalLevelPassed': {
      const s = asProposal(state, event.type);
      if (s.appraisal === undefined) return corrupt(event.type, state);
      return {
        ...s,
        appraisal: { ...s.appraisal, stage: 'awaiting_panel', proposedSupportVnd: event.data.proposedSupportVnd },
      };
    }
    case 'ProposalRecommended': {
      const s = asProposal(state, event.type);
      const d = event.data;
      return {
        ...s,
        status: 'recommended',
        recommendation: {
          recommendedSupportVnd: d.recommendedSupportVnd,
          meanScore: d.meanScore,
          minutesRef: d.minutesRef,
          concludedBy: d.concludedBy,
        },
      };
    }
    case 'ProposalNotRecommended':
      return { ...asProposal(state, event.type), status: 'not_recommended' };
    default:
      return assertNever(event, 'project appraisal event');
  }
}
