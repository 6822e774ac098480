import type { ProjectAppraisalEvent } from './project-appraisal.events';
import { asProposal, corrupt, type Evolvers } from './project-evolve.guards';

/**
 * How each fact of the appraisal phase changes the state.
 *
 * @example
 * const next = appraisalEvolvers.ConflictDeclared(state, event);
 */
export const appraisalEvolvers: Evolvers<ProjectAppraisalEvent> = {
  AppraisalOpened: (state, event) => {
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
  },
  ConflictDeclared: (state, event) => {
    const s = asProposal(state, event.type);
    if (s.appraisal === undefined) return corrupt(event.type, state);
    return { ...s, appraisal: { ...s.appraisal, recused: [...s.appraisal.recused, event.data.appraiserId] } };
  },
  ProposalScored: (state, event) => {
    const s = asProposal(state, event.type);
    if (s.appraisal === undefined) return corrupt(event.type, state);
    const id = event.data.appraiserId;
    return {
      ...s,
      scorers: s.scorers.includes(id) ? s.scorers : [...s.scorers, id],
      appraisal: { ...s.appraisal, scores: { ...s.appraisal.scores, [id]: event.data.scores } },
    };
  },
  AppraisalLevelPassed: (state, event) => {
    const s = asProposal(state, event.type);
    if (s.appraisal === undefined) return corrupt(event.type, state);
    return {
      ...s,
      appraisal: { ...s.appraisal, stage: 'awaiting_panel', proposedSupportVnd: event.data.proposedSupportVnd },
    };
  },
  ProposalRecommended: (state, event) => {
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
  },
  ProposalNotRecommended: (state, event) => {
      return { ...asProposal(state, event.type), status: 'not_recommended' };
  },
};
