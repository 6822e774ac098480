import { assertNever } from '../shared';
import type { Beneficiary } from './project.commands';
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

/** The generic name open data gives a recipient who is a natural person (360Giving "Recipient Ind:Name"). */
export const INDIVIDUAL_RECIPIENT_NAME = 'Hộ kinh doanh (Individual Recipient)';

/**
 * Who open data names as a project's recipient (DOMAIN.md "Open data"): an organisation
 * (enterprise, cooperative, cooperative group) by its registered name and tax code, which are not
 * personal data; a household business, a natural person whose business carries the owner's name
 * and personal tax code, only as an anonymous individual with the generic name.
 *
 * @example
 * openDataRecipient({ name: 'Công ty TNHH Gạch Đức Hòa', kind: 'enterprise', taxCode: '1101234567' }); // { kind: 'organization', name: 'Công ty TNHH Gạch Đức Hòa', taxCode: '1101234567' }
 * openDataRecipient({ name: 'Hộ kinh doanh Lê Văn Tám', kind: 'household_business' }); // { kind: 'individual', name: 'Hộ kinh doanh (Individual Recipient)' }
 */
export function openDataRecipient(beneficiary: Pick<Beneficiary, 'name' | 'kind' | 'taxCode'>): OpenDataRecipient {
  if (beneficiary.kind === 'household_business') return { kind: 'individual', name: INDIVIDUAL_RECIPIENT_NAME };
  return { kind: 'organization', name: beneficiary.name, ...(beneficiary.taxCode ? { taxCode: beneficiary.taxCode } : {}) };
}

/** A recipient as open data may show it. */
export type OpenDataRecipient =
  | { readonly kind: 'organization'; readonly name: string; readonly taxCode?: string }
  | { readonly kind: 'individual'; readonly name: string };
