import { DEFAULT_DEADLINES } from '../policy/policy-defaults';
import { DomainError } from '../shared';
import type { ProjectCommand } from './project.commands';
import { programmeEndsAt, rejectDeadlineAfterProgramme, rejectPaymentOrderOfAnotherProject } from './project-context.rules';

const base = { projectId: 'p-1', actor: { id: 'officer-1', roles: ['officer'] as const }, at: '2026-03-02T09:00:00+07:00' };
const requestInfo = (replyDueAt?: string): ProjectCommand => ({ ...base, type: 'RequestInformation', reason: 'Thiếu báo giá', ...(replyDueAt ? { replyDueAt } : {}) });
const openAppraisal = (dueAt: string): ProjectCommand => ({ ...base, type: 'OpenAppraisal', panel: ['a', 'b', 'c'], dueAt });

function refusal(run: () => void): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a programme ends on its settlement hard stop, Vietnamese time', () => {
  it('ends a 2026 programme at the last second of 22 January 2027 (+07:00)', () => {
    expect(programmeEndsAt(2026, DEFAULT_DEADLINES)).toBe('2027-01-22T23:59:59+07:00');
    expect(programmeEndsAt(2026, { settlementHardStop: { month: 2, day: 5 } })).toBe('2027-02-05T23:59:59+07:00');
  });

  it('accepts deadlines up to that second, and commands without one', () => {
    expect(() => rejectDeadlineAfterProgramme(requestInfo('2027-01-22T16:59:59Z'), 2026, DEFAULT_DEADLINES)).not.toThrow();
    expect(() => rejectDeadlineAfterProgramme(requestInfo(), 2026, DEFAULT_DEADLINES)).not.toThrow();
  });

  it('refuses a reply or scoring deadline one second later as DEADLINE.AFTER_PROGRAMME_END, naming the field', () => {
    const late = refusal(() => rejectDeadlineAfterProgramme(requestInfo('2027-01-22T17:00:00Z'), 2026, DEFAULT_DEADLINES));
    expect(late).toMatchObject({
      kind: 'invalid',
      code: 'DEADLINE.AFTER_PROGRAMME_END',
      details: { field: 'replyDueAt', deadline: '2027-01-22T17:00:00Z', programmeEndsAt: '2027-01-22T23:59:59+07:00' },
    });
    const scoring = refusal(() => rejectDeadlineAfterProgramme(openAppraisal('2027-06-01T00:00:00+07:00'), 2026, DEFAULT_DEADLINES));
    expect(scoring.details).toMatchObject({ field: 'dueAt' });
  });
});

describe('one payment order number, one project', () => {
  const approve: ProjectCommand = { ...base, type: 'ApproveTranche', trancheNo: 1, paymentOrderNo: 'UNC-1' };

  it('accepts a new number or one the same project holds', () => {
    expect(() => rejectPaymentOrderOfAnotherProject(approve, undefined)).not.toThrow();
    expect(() => rejectPaymentOrderOfAnotherProject(approve, 'p-1')).not.toThrow();
  });

  it('refuses a number another project holds as TRANCHE.PAYMENT_ORDER_DUPLICATE', () => {
    expect(refusal(() => rejectPaymentOrderOfAnotherProject(approve, 'p-2'))).toMatchObject({
      kind: 'conflict',
      code: 'TRANCHE.PAYMENT_ORDER_DUPLICATE',
      details: { paymentOrderNo: 'UNC-1' },
    });
  });
});
