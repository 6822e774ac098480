import type { ProjectStatus } from '@app/domain';

/** Stages of the programme funnel: how many projects got at least this far. */
export const FUNNEL_STAGES = ['created', 'submitted', 'in_appraisal', 'recommended', 'approved', 'contracted', 'accepted', 'settled', 'closed'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/*
 * The furthest funnel stage a project in each status has reached. Side exits count where they
 * left: a rejection came after a recommendation, a termination after an approval; a withdrawal
 * may come before submission, so it counts only as created.
 */
const REACHED: Readonly<Record<ProjectStatus, FunnelStage>> = {
  draft: 'created',
  withdrawn: 'created',
  submitted: 'submitted',
  info_requested: 'submitted',
  in_appraisal: 'in_appraisal',
  not_recommended: 'in_appraisal',
  recommended: 'recommended',
  rejected: 'recommended',
  approved: 'approved',
  terminated: 'approved',
  contracted: 'contracted',
  in_implementation: 'contracted',
  suspended: 'contracted',
  awaiting_acceptance: 'contracted',
  accepted: 'accepted',
  settlement_submitted: 'accepted',
  settled: 'settled',
  in_post_evaluation: 'settled',
  closed: 'closed',
};

/**
 * Funnel counts from counts by status.
 *
 * @example
 * funnel([{ key: 'approved', count: 2 }]); // created 2, submitted 2, …, approved 2, contracted 0, …
 */
export function funnel(byStatus: readonly { readonly key: string; readonly count: number }[]): { stage: FunnelStage; count: number }[] {
  return FUNNEL_STAGES.map((stage, index) => ({
    stage,
    count: byStatus.reduce((sum, s) => {
      const reached = REACHED[s.key as ProjectStatus] as FunnelStage | undefined;
      return reached !== undefined && FUNNEL_STAGES.indexOf(reached) >= index ? sum + s.count : sum;
    }, 0),
  }));
}
