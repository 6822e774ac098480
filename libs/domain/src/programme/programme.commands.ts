import type { DossierMode, FundingSource } from '../policy/policy-vocabulary';
import type { Actor, Instant, LocalDate, Vnd } from '../shared';

/**
 * Opens a funding envelope pinned to one policy set version.
 *
 * @example
 * const cmd: CreateProgramme = { type: 'CreateProgramme', programmeId: 'la-2026', code: 'KCDP-LA-2026',
 *   name: 'Khuyến công địa phương 2026', year: 2026, fundingSource: 'local', province: '80',
 *   budgetVnd: 5_000_000_000, policyId: 'vn-longan-local-2022', policyVersion: 1,
 *   registrationOpensOn: '2026-01-05', registrationClosesOn: '2026-05-20', actor, at };
 */
export interface CreateProgramme {
  readonly type: 'CreateProgramme';
  readonly programmeId: string;
  readonly code: string;
  readonly name: string;
  readonly year: number;
  readonly fundingSource: FundingSource;
  /** Province code; required for local programmes, optional for national ones. */
  readonly province?: string;
  readonly budgetVnd: Vnd;
  readonly policyId: string;
  /** The policy version to pin; the latest known version when omitted. */
  readonly policyVersion?: number;
  readonly registrationOpensOn: LocalDate;
  readonly registrationClosesOn: LocalDate;
  /** `enforce`: a step is refused while its required documents are missing; `warn` (default): it only shows. */
  readonly dossier?: DossierMode;
  readonly actor: Actor;
  readonly at: Instant;
}

/**
 * Raises or lowers the envelope by a budget decision.
 *
 * @example
 * const cmd: AdjustProgrammeBudget = { type: 'AdjustProgrammeBudget', programmeId: 'la-2026',
 *   deltaVnd: -200_000_000, reason: 'mid-year cut', decisionNo: '123/QĐ-UBND', actor, at };
 */
export interface AdjustProgrammeBudget {
  readonly type: 'AdjustProgrammeBudget';
  readonly programmeId: string;
  /** Signed change in VND (an integer, never zero). */
  readonly deltaVnd: number;
  readonly reason: string;
  readonly decisionNo: string;
  readonly actor: Actor;
  readonly at: Instant;
}

/** Every command of the Programme aggregate. */
export type ProgrammeCommand = CreateProgramme | AdjustProgrammeBudget;

/** One Programme command name. */
export type ProgrammeCommandType = ProgrammeCommand['type'];

// A record keyed by the union makes the compiler refuse a missing or extra name.
const NAMES: Record<ProgrammeCommandType, true> = { CreateProgramme: true, AdjustProgrammeBudget: true };

/** The names of the Programme commands, as keys of a policy's role table. */
export const PROGRAMME_COMMAND_TYPES = Object.keys(NAMES) as readonly ProgrammeCommandType[];
