import type { DossierMode, FundingSource } from '../policy/policy-vocabulary';
import type { DomainEvent, Instant, LocalDate, Vnd } from '../shared';

/** Data of {@link ProgrammeCreated}. */
export interface ProgrammeCreatedData {
  readonly programmeId: string;
  readonly code: string;
  readonly name: string;
  readonly year: number;
  readonly fundingSource: FundingSource;
  readonly province?: string;
  readonly budgetVnd: Vnd;
  /** The pinned policy set: every project of the programme decides by it. */
  readonly policyId: string;
  readonly policyVersion: number;
  readonly registrationOpensOn: LocalDate;
  readonly registrationClosesOn: LocalDate;
  /** Whether the dossier is enforced; absent in events recorded before the setting (`warn`). */
  readonly dossier?: DossierMode;
  readonly createdBy: string;
  readonly at: Instant;
}

/** @example { type: 'ProgrammeCreated', data: { programmeId: 'la-2026', budgetVnd: 5_000_000_000, policyId: 'vn-longan-local-2022', policyVersion: 1, … } } */
export type ProgrammeCreated = DomainEvent<'ProgrammeCreated', ProgrammeCreatedData>;

/** @example { type: 'ProgrammeBudgetAdjusted', data: { programmeId: 'la-2026', deltaVnd: -200_000_000, totalVnd: 4_800_000_000, … } } */
export type ProgrammeBudgetAdjusted = DomainEvent<
  'ProgrammeBudgetAdjusted',
  {
    readonly programmeId: string;
    readonly deltaVnd: number;
    /** The budget after the adjustment. */
    readonly totalVnd: Vnd;
    readonly reason: string;
    readonly decisionNo: string;
    readonly adjustedBy: string;
    readonly at: Instant;
  }
>;

/**
 * Budget set aside for a project, by its funding decision or by an approved support increase
 * (then `amendmentNo` names the amendment and `decisionNo` is the funding decision it amends).
 *
 * @example { type: 'FundsReserved', data: { programmeId: 'la-2026', projectId: 'p1', amountVnd: 150_000_000, decisionNo: '45/QĐ-SCT', … } }
 */
export type FundsReserved = DomainEvent<
  'FundsReserved',
  {
    readonly programmeId: string;
    readonly projectId: string;
    readonly amountVnd: Vnd;
    readonly decisionNo: string;
    readonly amendmentNo?: number;
    readonly at: Instant;
  }
>;

/** Why a reservation goes back to the programme. */
export type ReleaseReason = 'settlement' | 'termination' | 'amendment' | 'withdrawal';

/** @example { type: 'ReservationReleased', data: { programmeId: 'la-2026', projectId: 'p1', amountVnd: 5_000_000, reason: 'settlement', … } } */
export type ReservationReleased = DomainEvent<
  'ReservationReleased',
  {
    readonly programmeId: string;
    readonly projectId: string;
    readonly amountVnd: Vnd;
    readonly reason: ReleaseReason;
    readonly amendmentNo?: number;
    readonly at: Instant;
  }
>;

/** Every event of a `programme-<id>` stream. */
export type ProgrammeEvent = ProgrammeCreated | ProgrammeBudgetAdjusted | FundsReserved | ReservationReleased;

/** One Programme event name. */
export type ProgrammeEventType = ProgrammeEvent['type'];

/**
 * Schema version of each Programme event type, for the serializer and its upcasters.
 *
 * @example
 * PROGRAMME_EVENT_SCHEMA_VERSIONS.FundsReserved; // 1
 */
export const PROGRAMME_EVENT_SCHEMA_VERSIONS: Readonly<Record<ProgrammeEventType, number>> = Object.freeze({
  ProgrammeCreated: 1,
  ProgrammeBudgetAdjusted: 1,
  FundsReserved: 1,
  ReservationReleased: 1,
});

/** The names of the Programme events. */
export const PROGRAMME_EVENT_TYPES = Object.keys(PROGRAMME_EVENT_SCHEMA_VERSIONS) as readonly ProgrammeEventType[];
