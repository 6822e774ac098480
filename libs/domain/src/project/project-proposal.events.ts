import type { FundingSource } from '../policy/policy-vocabulary';
import type { DomainEvent, Instant, Vnd } from '../shared';
import type { ProposalFields } from './project-proposal.commands';
import type { ProjectEventBase } from './project-event.base';

/** @example { type: 'ProjectDraftCreated', data: { projectId: 'p1', programmeId: 'la-2026', policyId: 'vn-longan-local-2022', policyVersion: 1, title: 'Máy đóng gói', category: 'MACHINERY', … } } */
export type ProjectDraftCreated = DomainEvent<
  'ProjectDraftCreated',
  ProjectEventBase &
    ProposalFields & {
      readonly programmeId: string;
      /** The policy set pinned for the project's whole life (the programme's). */
      readonly policyId: string;
      readonly policyVersion: number;
      readonly fundingSource: FundingSource;
      readonly createdBy: string;
    }
>;

/** A draft changed; only the changed fields are listed. @example { type: 'ProjectDraftUpdated', data: { projectId: 'p1', changes: { title: '…' }, updatedBy: 'u1', at } } */
export type ProjectDraftUpdated = DomainEvent<
  'ProjectDraftUpdated',
  ProjectEventBase & { readonly changes: Partial<ProposalFields>; readonly updatedBy: string }
>;

/** A snapshot of the proposal as submitted, with the cap it was checked against. @example { type: 'ProposalSubmitted', data: { projectId: 'p1', requestedSupportVnd: 150_000_000, capVnd: 200_000_000, resubmission: false, … } } */
export type ProposalSubmitted = DomainEvent<
  'ProposalSubmitted',
  ProjectEventBase &
    ProposalFields & {
      readonly programmeId: string;
      readonly declarations: { readonly counterpartCommitted: true; readonly noDoubleFunding: true };
      readonly capVnd: Vnd;
      /** True when it answers an information request rather than a first submission. */
      readonly resubmission: boolean;
      readonly submittedBy: string;
    }
>;

/** The centre asked for more information; the reply deadline is `replyDueAt` or the policy default. @example { type: 'InformationRequested', data: { projectId: 'p1', reason: '…', replyBusinessDays: 10, fromStatus: 'submitted', … } } */
export type InformationRequested = DomainEvent<
  'InformationRequested',
  ProjectEventBase & {
    readonly reason: string;
    readonly replyDueAt?: Instant;
    /** Policy default used when `replyDueAt` is absent. */
    readonly replyBusinessDays: number;
    readonly fromStatus: 'submitted' | 'in_appraisal';
    readonly requestedBy: string;
  }
>;

/** The reply to an information request; the proposal returns where it was. @example { type: 'InformationProvided', data: { projectId: 'p1', note: '…', returnsTo: 'submitted', … } } */
export type InformationProvided = DomainEvent<
  'InformationProvided',
  ProjectEventBase & { readonly note: string; readonly returnsTo: 'submitted' | 'in_appraisal'; readonly providedBy: string }
>;

/** The proposal was withdrawn before approval; nothing was reserved. @example { type: 'ProposalWithdrawn', data: { projectId: 'p1', reason: '…', fromStatus: 'submitted', … } } */
export type ProposalWithdrawn = DomainEvent<
  'ProposalWithdrawn',
  ProjectEventBase & { readonly reason: string; readonly fromStatus: string; readonly withdrawnBy: string }
>;

/** The events of the proposal phase: draft, submission, information requests, withdrawal. */
export type ProjectProposalEvent =
  | ProjectDraftCreated
  | ProjectDraftUpdated
  | ProposalSubmitted
  | InformationRequested
  | InformationProvided
  | ProposalWithdrawn;
