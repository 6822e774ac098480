import type { DossierMode, FundingSource } from '../policy/policy-vocabulary';
import { assertNever, type LocalDate, type Vnd } from '../shared';
import type { ProgrammeEvent } from './programme.events';

/** A funding envelope that is open for projects. */
export interface ActiveProgramme {
  readonly status: 'active';
  readonly programmeId: string;
  readonly code: string;
  readonly name: string;
  readonly year: number;
  readonly fundingSource: FundingSource;
  readonly province?: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly registrationOpensOn: LocalDate;
  readonly registrationClosesOn: LocalDate;
  readonly totalVnd: Vnd;
  /** Sum of the current reservations (money disbursed stays reserved: it was spent from the envelope). */
  readonly reservedVnd: Vnd;
  /** Everything released back over the programme's life. */
  readonly releasedVnd: Vnd;
  /** Current reservation per project id. */
  readonly reservations: Readonly<Record<string, Vnd>>;
  /**
   * Whether a missing dossier document refuses a step (`enforce`) or only shows (`warn`). Absent
   * for programmes created before the setting, which warn; read it with `programmeDossierMode`.
   */
  readonly dossier?: DossierMode;
}

/**
 * The programme's dossier mode; `warn` for a programme created before the setting.
 *
 * @example
 * programmeDossierMode(programme); // 'warn'
 */
export function programmeDossierMode(programme: ActiveProgramme): DossierMode {
  return programme.dossier ?? 'warn';
}

/**
 * State of a `programme-<id>` stream.
 *
 * @example
 * const state: ProgrammeState = { status: 'none' };
 */
export type ProgrammeState = { readonly status: 'none' } | ActiveProgramme;

/**
 * What the programme can still reserve.
 *
 * @example
 * availableVnd(programme); // totalVnd − reservedVnd
 */
export function availableVnd(programme: ActiveProgramme): Vnd {
  return programme.totalVnd - programme.reservedVnd;
}

/**
 * Applies one recorded fact. Facts are never refused here; a fact that cannot apply to the state
 * means the stream is corrupt, and that is an error, not a decision.
 *
 * @example
 * const next = evolveProgramme({ status: 'none' }, programmeCreated);
 */
export function evolveProgramme(state: ProgrammeState, event: ProgrammeEvent): ProgrammeState {
  if (event.type === 'ProgrammeCreated') {
    if (state.status !== 'none') throw new Error(`ProgrammeCreated on programme ${state.programmeId}, which exists`);
    const d = event.data;
    return {
      status: 'active',
      programmeId: d.programmeId,
      code: d.code,
      name: d.name,
      year: d.year,
      fundingSource: d.fundingSource,
      province: d.province,
      policyId: d.policyId,
      policyVersion: d.policyVersion,
      registrationOpensOn: d.registrationOpensOn,
      registrationClosesOn: d.registrationClosesOn,
      totalVnd: d.budgetVnd,
      reservedVnd: 0,
      releasedVnd: 0,
      reservations: {},
      ...(d.dossier === undefined ? {} : { dossier: d.dossier }),
    };
  }
  if (state.status !== 'active') throw new Error(`${event.type} on a programme that was never created`);
  switch (event.type) {
    case 'ProgrammeBudgetAdjusted':
      return { ...state, totalVnd: event.data.totalVnd };
    case 'FundsReserved': {
      const { projectId, amountVnd } = event.data;
      return {
        ...state,
        reservedVnd: state.reservedVnd + amountVnd,
        reservations: { ...state.reservations, [projectId]: (state.reservations[projectId] ?? 0) + amountVnd },
      };
    }
    case 'ReservationReleased': {
      const { projectId, amountVnd } = event.data;
      return {
        ...state,
        reservedVnd: state.reservedVnd - amountVnd,
        releasedVnd: state.releasedVnd + amountVnd,
        reservations: { ...state.reservations, [projectId]: (state.reservations[projectId] ?? 0) - amountVnd },
      };
    }
    default:
      return assertNever(event, 'programme event');
  }
}
