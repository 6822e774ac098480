/*
 * Separation of duties on a project: who may not decide what they took part in. The deciders
 * refuse with these rules (`FUNDING.SEPARATION_OF_DUTIES`, `TRANCHE.SEPARATION_OF_DUTIES`,
 * `AMENDMENT.SEPARATION_OF_DUTIES`) and the console blocks its buttons by the same ones, so the
 * module imports nothing.
 */

/** How a person took part in a proposal; any of these bars them from deciding its funding. */
export type FundingInvolvement = 'creator' | 'submitter' | 'appraiser';

/** What a funding decision's independence is checked against. */
export interface ProposalAuthors {
  readonly createdBy: string;
  readonly submittedBy?: string | null;
  /** Everyone who scored the proposal, at any appraisal level. */
  readonly scorers: readonly string[];
}

/**
 * The ways `personId` took part in the proposal; empty when they may approve or reject its funding.
 *
 * @example
 * fundingInvolvement({ createdBy: 'officer-1', submittedBy: 'officer-1', scorers: [] }, 'officer-1');
 * // ['creator', 'submitter']
 */
export function fundingInvolvement(proposal: ProposalAuthors, personId: string): FundingInvolvement[] {
  return [
    ...(proposal.createdBy === personId ? (['creator'] as const) : []),
    ...(proposal.submittedBy === personId ? (['submitter'] as const) : []),
    ...(proposal.scorers.includes(personId) ? (['appraiser'] as const) : []),
  ];
}

/**
 * Whether `personId` requested the tranche or amendment, and so may not approve or decide it.
 *
 * @example
 * isOwnRequest({ requestedBy: 'officer-1' }, 'officer-1'); // true
 */
export function isOwnRequest(request: { readonly requestedBy?: string | null }, personId: string): boolean {
  return request.requestedBy === personId;
}
