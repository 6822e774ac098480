import { assertNever } from '../shared';
import type { ProjectStatus } from './project.state';

/** IATI 2.03 activity status codes. */
export type IatiActivityStatus = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * The IATI activity status of a project (DOMAIN.md "Open data"): 1 pipeline (draft … approved),
 * 2 implementation, 3 finalisation (accepted, settlement pending), 4 closed, 5 cancelled,
 * 6 suspended. Proposals that ended without funding (not recommended, rejected, withdrawn) are
 * reported as cancelled, the IATI code for an activity that will not go ahead.
 *
 * @example
 * iatiActivityStatus('in_implementation'); // 2
 */
export function iatiActivityStatus(status: ProjectStatus): IatiActivityStatus {
  switch (status) {
    case 'draft':
    case 'submitted':
    case 'info_requested':
    case 'in_appraisal':
    case 'recommended':
    case 'approved':
      return 1;
    case 'contracted':
    case 'in_implementation':
    case 'awaiting_acceptance':
      return 2;
    case 'accepted':
    case 'settlement_submitted':
      return 3;
    case 'settled':
    case 'in_post_evaluation':
    case 'closed':
      return 4;
    case 'not_recommended':
    case 'rejected':
    case 'withdrawn':
    case 'terminated':
      return 5;
    case 'suspended':
      return 6;
    default:
      return assertNever(status, 'project status');
  }
}
