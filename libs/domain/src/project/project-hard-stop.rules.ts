/*
 * The settlement hard stop (TT 36/2013 Đ.18): contract liquidation and settlement of a budget
 * year end no later than 22 January of the next year (the policy's `settlementHardStop`). After
 * it no advance is approved and no settlement is approved against that year's money. An
 * extension into the next year (TT 36/2013 Đ.11, `extension_next_year`, approved at the higher
 * level) carries the project into the next budget year, and so its hard stop one year on; the
 * texts know an extension into *the next* year only, so any number of approved extensions moves
 * it by one year, never more. A requested extension not yet approved moves nothing.
 */
import type { DeadlinePolicy } from '../policy/policy-set';
import { dateOf, DomainError, type LocalDate, localDateOf } from '../shared';
import type { ApproveSettlement, ApproveTranche } from './project.commands';
import type { ContractedProject } from './project.state';

/**
 * The hard stop that applies to a project of a programme of `budgetYear`: the policy's day in
 * the year after the budget year, or one year later once an extension into the next year was
 * approved. It is a whole local day: the day itself is still in time.
 *
 * @example
 * settlementHardStopOf(project, 2026, policy.deadlines); // '2027-01-22' ('2028-01-22' with an approved extension)
 */
export function settlementHardStopOf(
  project: ContractedProject,
  budgetYear: number,
  deadlines: Pick<DeadlinePolicy, 'settlementHardStop'>,
): LocalDate {
  const extended = project.execution.amendments.some((a) => a.kind === 'extension_next_year' && a.status === 'approved');
  const { month, day } = deadlines.settlementHardStop;
  return dateOf(budgetYear + (extended ? 2 : 1), month, day);
}

/**
 * Refuses a tranche or settlement approval made after the hard stop of the programme's budget
 * year (`DEADLINE.HARD_STOP`, conflict). The command's `at` is read as a Vietnamese calendar
 * date, so an approval at any time of the hard-stop day itself passes.
 *
 * @example
 * rejectAfterHardStop(approveTranche, project, programme.year, policy.deadlines); // throws on 2027-01-23 for budget year 2026
 */
export function rejectAfterHardStop(
  command: ApproveTranche | ApproveSettlement,
  project: ContractedProject,
  budgetYear: number,
  deadlines: Pick<DeadlinePolicy, 'settlementHardStop'>,
): void {
  const hardStop = settlementHardStopOf(project, budgetYear, deadlines);
  const on = localDateOf(command.at);
  if (on > hardStop) {
    throw new DomainError(
      'conflict',
      'DEADLINE.HARD_STOP',
      `${command.type} on ${on} is after the settlement hard stop ${hardStop} of budget year ${budgetYear}`,
      { hardStop, budgetYear, on },
    );
  }
}
