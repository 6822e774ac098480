/*
 * Reminder ids are derived from the project and from what causes the reminder, never generated:
 * deciding the same project event twice names the same reminders, and the read model, the
 * firing side and the workflow agree on an id without asking each other.
 */

/**
 * Builders of the deterministic reminder ids, one per kind.
 *
 * @example
 * reminderIds.progressReport('p-1', '2026-07'); // 'p-1:progress_report:2026-07'
 */
export const reminderIds = Object.freeze({
  /** One per information request, by the stream version of its `InformationRequested`. */
  infoReply: (projectId: string, version: number) => `${projectId}:info_reply:${version}`,
  /** One per appraiser and level; a reopened level keeps the ids of the members it keeps. */
  appraisalScoring: (projectId: string, level: string, appraiserId: string) =>
    `${projectId}:appraisal_scoring:${level}:${appraiserId}`,
  contractSignature: (projectId: string) => `${projectId}:contract_signature`,
  /** One per reporting period `YYYY-MM`. */
  progressReport: (projectId: string, period: string) => `${projectId}:progress_report:${period}`,
  plannedEnd: (projectId: string) => `${projectId}:planned_end`,
  acceptance: (projectId: string) => `${projectId}:acceptance`,
  settlementDossier: (projectId: string) => `${projectId}:settlement_dossier`,
  settlementHardStop: (projectId: string) => `${projectId}:settlement_hard_stop`,
  /** One per refund demand, by the stream version of its `RefundDemanded`. */
  refund: (projectId: string, version: number) => `${projectId}:refund:${version}`,
  /** One per post-evaluation, by its months after settlement (`6`, `12`). */
  postEvaluation: (projectId: string, months: number) => `${projectId}:post_evaluation:${months}`,
});
