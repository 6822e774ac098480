import type { CategoryCode } from '../policy/policy-vocabulary';
import type { DomainEvent, LocalDate, Vnd } from '../shared';
import type { Beneficiary } from './project-proposal.commands';
import type { TrancheSchedule } from './project-funding.commands';
import type { ProjectEventBase } from './project-event.base';

/** The funding decision; its reservation is the programme's `FundsReserved` of the same decision. @example { type: 'FundingApproved', data: { projectId: 'p1', decisionNo: '45/QĐ-SCT', decidedOn: '2026-04-10', approvedSupportVnd: 150_000_000, … } } */
export type FundingApproved = DomainEvent<
  'FundingApproved',
  ProjectEventBase & {
    readonly programmeId: string;
    readonly title: string;
    readonly category: CategoryCode;
    readonly beneficiaryName: string;
    readonly decisionNo: string;
    readonly decidedOn: LocalDate;
    readonly approvedSupportVnd: Vnd;
    readonly recommendedSupportVnd: Vnd;
    /** Dossier documents cited as evidence (absent in events recorded before the dossier). */
    readonly documentIds?: readonly string[];
    /** The annual plan whose approval decided it (absent for a project approved on its own). */
    readonly planId?: string;
    readonly approvedBy: string;
  }
>;

/** The approver declined to fund a recommended proposal. @example { type: 'FundingRejected', data: { projectId: 'p1', reason: '…', rejectedBy: 'u9', at } } */
export type FundingRejected = DomainEvent<
  'FundingRejected',
  ProjectEventBase & { readonly reason: string; readonly rejectedBy: string }
>;

/** The contract and its tranche schedule: the finance commitment. @example { type: 'ContractSigned', data: { projectId: 'p1', contractNo: 'HĐ-07', contractVnd: 150_000_000, tranches: [...], … } } */
export type ContractSigned = DomainEvent<
  'ContractSigned',
  ProjectEventBase & {
    readonly programmeId: string;
    readonly contractNo: string;
    readonly signedOn: LocalDate;
    readonly tranches: readonly TrancheSchedule[];
    /** Sum of the tranche schedule: the commitment. */
    readonly contractVnd: Vnd;
    readonly counterpartVnd: Vnd;
    readonly beneficiary: Pick<Beneficiary, 'name' | 'kind' | 'taxCode' | 'province' | 'commune'>;
    readonly plannedEnd: LocalDate;
    readonly signedBy: string;
  }
>;

/** The events of the funding phase: the decision and the contract. */
export type ProjectFundingEvent =
  | FundingApproved
  | FundingRejected
  | ContractSigned;
