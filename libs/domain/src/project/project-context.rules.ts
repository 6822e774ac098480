/*
 * Rules on facts beyond the project's own stream: when its programme ends, and which project a
 * payment order number already belongs to. `decideProject` checks them before anything else.
 */
import type { DeadlinePolicy } from '../policy/policy-set';
import { dateOf, DomainError, endOfLocalDay, type Instant } from '../shared';
import type { ProjectCommand } from './project.commands';

/**
 * When a programme of `year` ends: the last second of its settlement hard-stop day in the next
 * year (22 January by default), Vietnamese time.
 *
 * @example
 * programmeEndsAt(2026, DEFAULT_DEADLINES); // '2027-01-22T23:59:59+07:00'
 */
export function programmeEndsAt(year: number, deadlines: Pick<DeadlinePolicy, 'settlementHardStop'>): Instant {
  const { month, day } = deadlines.settlementHardStop;
  return endOfLocalDay(dateOf(year + 1, month, day));
}

/**
 * A deadline a command sets (`replyDueAt` of RequestInformation, `dueAt` of OpenAppraisal) must
 * fall before its programme ends (`DEADLINE.AFTER_PROGRAMME_END`, invalid): nothing can be
 * awaited from a project once its programme is settled.
 *
 * @example
 * rejectDeadlineAfterProgramme(requestInformation, 2026, policy.deadlines); // throws for replyDueAt 2027-06-01
 */
export function rejectDeadlineAfterProgramme(command: ProjectCommand, year: number, deadlines: Pick<DeadlinePolicy, 'settlementHardStop'>): void {
  const [field, deadline] =
    command.type === 'RequestInformation' ? ['replyDueAt', command.replyDueAt] : command.type === 'OpenAppraisal' ? ['dueAt', command.dueAt] : [];
  if (deadline === undefined) return;
  const end = programmeEndsAt(year, deadlines);
  if (Date.parse(deadline) > Date.parse(end)) {
    throw new DomainError('invalid', 'DEADLINE.AFTER_PROGRAMME_END', `${field} is after the end of the programme (${end})`, { field, deadline, programmeEndsAt: end });
  }
}

/**
 * Finance pays by order number: one number, one tranche, in the whole engine. Approving a tranche
 * with a number another project already holds is refused (`TRANCHE.PAYMENT_ORDER_DUPLICATE`,
 * conflict); `owner` is the project holding the number, if any.
 *
 * @example
 * rejectPaymentOrderOfAnotherProject(approveTranche, 'p-2'); // throws when approveTranche.projectId is not 'p-2'
 */
export function rejectPaymentOrderOfAnotherProject(command: ProjectCommand, owner: string | undefined): void {
  if (command.type !== 'ApproveTranche' || owner === undefined || owner === command.projectId) return;
  throw new DomainError('conflict', 'TRANCHE.PAYMENT_ORDER_DUPLICATE', `Payment order ${command.paymentOrderNo} was issued for another project`, {
    paymentOrderNo: command.paymentOrderNo,
  });
}
