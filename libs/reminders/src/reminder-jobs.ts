import type { JobDefinition } from '@app/queue';

export const REMINDER_QUEUE = 'reminders';
export const FIRE_REMINDER_JOB: JobDefinition = { queue: REMINDER_QUEUE, name: 'reminder.fire' };
export const EMAIL_REMINDER_JOB: JobDefinition = { queue: REMINDER_QUEUE, name: 'reminder.email' };
export const RECONCILE_REMINDERS_JOB: JobDefinition = { queue: REMINDER_QUEUE, name: 'reminder.reconcile' };
/**
 * The periodic reconcile (every minute) re-creates the jobs of reminders due within this window:
 * a job Redis lost is back well before its time, without re-adding every reminder each minute.
 */
export const RECONCILE_HORIZON_MS = 10 * 60_000;
/** Attempts of one reminder e-mail (exponential backoff from 30 s: about two hours in all). */
export const EMAIL_ATTEMPTS = 8;
