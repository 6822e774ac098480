import type { ProjectStatus } from '@app/domain';

/*
 * How the console shows a project status: the board column it falls in and the colour of its
 * badge.
 */

/** The board's columns, in lifecycle order; a card shows its exact status inside its column. */
export const BOARD_COLUMNS: readonly { readonly id: string; readonly statuses: readonly ProjectStatus[] }[] = [
  { id: 'draft', statuses: ['draft'] },
  { id: 'submitted', statuses: ['submitted', 'info_requested'] },
  { id: 'appraisal', statuses: ['in_appraisal'] },
  { id: 'decision', statuses: ['recommended', 'not_recommended'] },
  { id: 'approved', statuses: ['approved', 'contracted'] },
  { id: 'implementation', statuses: ['in_implementation', 'suspended'] },
  { id: 'acceptance', statuses: ['awaiting_acceptance', 'accepted'] },
  { id: 'settlement', statuses: ['settlement_submitted', 'settled', 'in_post_evaluation'] },
  { id: 'closed', statuses: ['closed'] },
  { id: 'stopped', statuses: ['withdrawn', 'rejected', 'terminated'] },
];

/** The colour family of a status badge. */
export type Tone = 'neutral' | 'info' | 'progress' | 'success' | 'warning' | 'danger';

export const STATUS_TONE: Readonly<Record<ProjectStatus, Tone>> = {
  draft: 'neutral',
  submitted: 'info',
  info_requested: 'warning',
  in_appraisal: 'info',
  recommended: 'progress',
  not_recommended: 'danger',
  approved: 'success',
  rejected: 'danger',
  contracted: 'success',
  in_implementation: 'progress',
  suspended: 'warning',
  awaiting_acceptance: 'progress',
  accepted: 'success',
  settlement_submitted: 'progress',
  settled: 'success',
  in_post_evaluation: 'success',
  closed: 'neutral',
  withdrawn: 'neutral',
  terminated: 'danger',
};
