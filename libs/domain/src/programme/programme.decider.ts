import { requireRole } from '../policy/authorization';
import { findPolicy, POLICY_SETS } from '../policy/policy-registry';
import type { PolicySet } from '../policy/policy-set';
import { DOSSIER_MODES, FUNDING_SOURCES } from '../policy/policy-vocabulary';
import {
  assertNever,
  type Decider,
  DomainError,
  notFound,
  requireInstant,
  requireLocalDate,
  requireText,
  requireVnd,
} from '../shared';
import type { AdjustProgrammeBudget, CreateProgramme, ProgrammeCommand } from './programme.commands';
import type { ProgrammeEvent } from './programme.events';
import { type ActiveProgramme, evolveProgramme, type ProgrammeState } from './programme.state';

function create(command: CreateProgramme, state: ProgrammeState, policies: readonly PolicySet[]): ProgrammeEvent[] {
  if (state.status !== 'none') {
    throw new DomainError('conflict', 'PROGRAMME.ALREADY_EXISTS', `Programme ${state.programmeId} already exists`, {
      programmeId: state.programmeId,
    });
  }
  const policy = findPolicy(command.policyId, command.policyVersion, policies);
  if (policy === undefined) {
    throw new DomainError('invalid', 'PROGRAMME.UNKNOWN_POLICY', `Unknown policy set ${command.policyId}`, {
      policyId: command.policyId,
      policyVersion: command.policyVersion,
    });
  }
  requireRole(policy, 'CreateProgramme', command.actor);
  const at = requireInstant('at', command.at);
  const programmeId = requireText('programmeId', command.programmeId);
  const code = requireText('code', command.code);
  const name = requireText('name', command.name);
  if (!Number.isInteger(command.year) || command.year < 2000 || command.year > 2200) {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', 'year must be a calendar year', {
      field: 'year',
      value: command.year,
    });
  }
  if (!(FUNDING_SOURCES as readonly string[]).includes(command.fundingSource)) {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', 'fundingSource must be national or local', {
      field: 'fundingSource',
      value: command.fundingSource,
    });
  }
  if (command.budgetVnd === 0 || (typeof command.budgetVnd === 'number' && command.budgetVnd < 0)) {
    throw new DomainError('invalid', 'PROGRAMME.BUDGET_NOT_POSITIVE', 'A programme needs a positive budget', {
      budgetVnd: command.budgetVnd,
    });
  }
  const budgetVnd = requireVnd('budgetVnd', command.budgetVnd, { positive: true });
  const dossier = command.dossier ?? 'warn';
  if (!(DOSSIER_MODES as readonly unknown[]).includes(dossier)) {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', 'dossier must be enforce or warn', { field: 'dossier', value: dossier });
  }
  if (policy.fundingSource !== command.fundingSource) {
    throw new DomainError(
      'invalid',
      'PROGRAMME.POLICY_MISMATCH',
      `Policy ${policy.id} is for ${policy.fundingSource} funds, the programme for ${command.fundingSource}`,
      { fundingSource: command.fundingSource, policyFundingSource: policy.fundingSource, policyId: policy.id },
    );
  }
  // A national programme may name the province of the centre that runs it; a local one must.
  const province =
    command.province === undefined && command.fundingSource === 'national'
      ? undefined
      : requireText('province', command.province);
  if (command.fundingSource === 'local') {
    if (policy.province !== undefined && policy.province !== province) {
      throw new DomainError(
        'invalid',
        'PROGRAMME.POLICY_MISMATCH',
        `Policy ${policy.id} is for province ${policy.province}, the programme for ${province}`,
        { province, policyProvince: policy.province, policyId: policy.id },
      );
    }
  }
  const opensOn = requireLocalDate('registrationOpensOn', command.registrationOpensOn);
  const closesOn = requireLocalDate('registrationClosesOn', command.registrationClosesOn);
  if (opensOn > closesOn) {
    throw new DomainError('invalid', 'PROGRAMME.DATES_OUT_OF_ORDER', 'Registration must open before it closes', {
      registrationOpensOn: opensOn,
      registrationClosesOn: closesOn,
    });
  }
  return [
    {
      type: 'ProgrammeCreated',
      data: {
        programmeId,
        code,
        name,
        year: command.year,
        fundingSource: command.fundingSource,
        ...(province === undefined ? {} : { province }),
        budgetVnd,
        policyId: policy.id,
        policyVersion: policy.version,
        registrationOpensOn: opensOn,
        registrationClosesOn: closesOn,
        dossier,
        createdBy: command.actor.id,
        at,
      },
    },
  ];
}

function adjust(command: AdjustProgrammeBudget, state: ActiveProgramme, policies: readonly PolicySet[]): ProgrammeEvent[] {
  const policy = findPolicy(state.policyId, state.policyVersion, policies);
  if (policy === undefined) {
    throw new DomainError('invalid', 'PROGRAMME.UNKNOWN_POLICY', `Unknown policy set ${state.policyId}`, {
      policyId: state.policyId,
      policyVersion: state.policyVersion,
    });
  }
  requireRole(policy, 'AdjustProgrammeBudget', command.actor);
  const at = requireInstant('at', command.at);
  if (!Number.isSafeInteger(command.deltaVnd) || command.deltaVnd === 0) {
    throw new DomainError('invalid', 'MONEY.INVALID_AMOUNT', 'deltaVnd must be a non-zero integer number of VND', {
      field: 'deltaVnd',
      value: command.deltaVnd,
    });
  }
  const reason = requireText('reason', command.reason);
  const decisionNo = requireText('decisionNo', command.decisionNo);
  const totalVnd = state.totalVnd + command.deltaVnd;
  if (totalVnd < state.reservedVnd) {
    throw new DomainError(
      'conflict',
      'PROGRAMME.BUDGET_BELOW_RESERVED',
      'The budget cannot go below what is already reserved for projects',
      { totalVnd: state.totalVnd, reservedVnd: state.reservedVnd, deltaVnd: command.deltaVnd, newTotalVnd: totalVnd },
    );
  }
  return [
    {
      type: 'ProgrammeBudgetAdjusted',
      data: {
        programmeId: state.programmeId,
        deltaVnd: command.deltaVnd,
        totalVnd,
        reason,
        decisionNo,
        adjustedBy: command.actor.id,
        at,
      },
    },
  ];
}

/**
 * Decides a Programme command against the given policy sets (the built-in ones by default, so an
 * application that loads more sets from configuration passes them here).
 *
 * @example
 * const events = decideProgramme(createProgramme, { status: 'none' });
 */
export function decideProgramme(
  command: ProgrammeCommand,
  state: ProgrammeState,
  policies: readonly PolicySet[] = POLICY_SETS,
): ProgrammeEvent[] {
  switch (command.type) {
    case 'CreateProgramme':
      return create(command, state, policies);
    case 'AdjustProgrammeBudget':
      if (state.status !== 'active') throw notFound('programme', command.programmeId);
      return adjust(command, state, policies);
    default:
      return assertNever(command, 'programme command');
  }
}

/**
 * A Programme decider over a chosen list of policy sets.
 *
 * @example
 * const decider = createProgrammeDecider([...POLICY_SETS, provincePolicy]);
 */
export function createProgrammeDecider(
  policies: readonly PolicySet[] = POLICY_SETS,
): Decider<ProgrammeCommand, ProgrammeState, ProgrammeEvent> {
  return {
    initialState: { status: 'none' },
    decide: (command, state) => decideProgramme(command, state, policies),
    evolve: evolveProgramme,
  };
}

/**
 * The Programme decider over the built-in policy sets. Funds are reserved and released by
 * `decideProject`, never by a Programme command, so that an approval and its reservation are
 * decided together and appended atomically.
 *
 * @example
 * const state = fold(programmeDecider, events);
 * const newEvents = programmeDecider.decide(adjustBudget, state);
 */
export const programmeDecider: Decider<ProgrammeCommand, ProgrammeState, ProgrammeEvent> = createProgrammeDecider();
