import type { ProjectTransitionCommand, Tranche } from '@app/domain';
import type { DevPerson, DocumentItem, Policy, ProjectDetail } from '../api/types';
import type { FieldError, FieldSpec, TrancheRow } from '../forms';
import { money } from './form-values';
import type { SignedInUser } from './user';

/*
 * What an entry of the command table (`actions.ts`) is made of, and the fields, defaults and
 * checks its forms share.
 */

/** What a per-tranche or per-amendment action acts on. */
export interface ActionTarget {
  readonly trancheNo?: number;
  readonly amendmentNo?: number;
}

/** What a command form can draw its defaults and examples from. */
export interface ActionContext {
  readonly project: ProjectDetail;
  readonly policy: Policy;
  readonly target: ActionTarget;
  /** Today by the Vietnamese calendar, `YYYY-MM-DD`. */
  readonly today: string;
  readonly user: SignedInUser;
  /** The demo users (development only; empty in production), for example values. */
  readonly people: readonly DevPerson[];
  /** The project's dossier, newest first, when the engine has one: evidence a command may cite. */
  readonly documents?: readonly DocumentItem[];
}

/** A command on a project and its form; the statuses it may be issued from are `PROJECT_TRANSITIONS[command]`. */
export interface ActionSpec {
  readonly command: ProjectTransitionCommand;
  readonly method: 'POST' | 'PATCH';
  /** Path after `/projects/{id}` (empty for the draft update). */
  readonly path: (target: ActionTarget) => string;
  readonly fields: readonly FieldSpec<ActionContext>[];
  readonly tone: 'primary' | 'neutral' | 'danger';
  /** One action per tranche or amendment that fits. */
  readonly per?: 'tranche' | 'amendment';
  /** Checks across fields and against the project, on the request body about to be sent. */
  readonly check?: (body: Record<string, unknown>, context: ActionContext) => Record<string, FieldError>;
}

/**
 * A `reason` field with an example.
 *
 * @example
 * reason('Thiếu hóa đơn chứng từ mua thiết bị');
 */
export const reason = (example: string): FieldSpec<ActionContext> => ({ name: 'reason', kind: 'longtext', example: () => example });
/**
 * A `note` field with an example.
 *
 * @example
 * note('Đồng ý điều chỉnh');
 */
export const note = (example: string): FieldSpec<ActionContext> => ({ name: 'note', kind: 'longtext', example: () => example });

/**
 * The optional `documentIds` of an evidence command: a choice among the project's current
 * documents (DOCS-API.md), left out of the body when none is ticked.
 *
 * @example
 * fields: [{ name: 'minutesRef', kind: 'text' }, EVIDENCE]
 */
export const EVIDENCE: FieldSpec<ActionContext> = {
  name: 'documentIds',
  kind: 'documents',
  optional: true,
  options: (c) => (c.documents ?? []).filter((d) => !d.superseded).map((d) => d.id),
};

/**
 * A date that may not lie after today (the engine refuses `PROJECT.DATE_IN_FUTURE`).
 *
 * @example
 * notFuture({ decidedOn: '2026-03-03' }, 'decidedOn', { today: '2026-03-02' }); // { decidedOn: { key: 'error.future' } }
 */
export function notFuture(body: Record<string, unknown>, field: string, context: { today: string }): Record<string, FieldError> {
  const value = body[field];
  return typeof value === 'string' && value > context.today ? { [field]: { key: 'error.future' } } : {};
}

/**
 * An amount that may not exceed a limit (none when the limit is unknown).
 *
 * @example
 * atMost({ amountVnd: 120 }, 'amountVnd', 100); // { amountVnd: { key: 'error.atMost', params: { amount: 100 } } }
 */
export function atMost(body: Record<string, unknown>, field: string, limit: number | null | undefined): Record<string, FieldError> {
  const value = body[field];
  return typeof value === 'number' && limit !== null && limit !== undefined && value > limit ? { [field]: { key: 'error.atMost', params: { amount: limit } } } : {};
}

/**
 * The tranche a per-tranche action acts on.
 *
 * @example
 * trancheOf(context)?.scheduledVnd;
 */
export function trancheOf(context: ActionContext): Tranche | undefined {
  return context.project.tranches.find((t) => t.no === context.target.trancheNo);
}

/**
 * The default schedule: the first advance the policy allows, the rest paid after acceptance.
 *
 * @example
 * defaultSchedule(context); // [{ no: '1', kind: 'advance', amount: '45.000.000' }, { no: '2', kind: 'final', amount: '105.000.000' }]
 */
export function defaultSchedule(context: ActionContext): TrancheRow[] {
  const approved = context.project.funding?.supportVnd ?? context.project.amounts.approvedVnd ?? 0;
  if (approved <= 0) return [];
  const rule = context.policy.categories[context.project.category];
  const percent = Math.min(rule.firstAdvance.maxPercent, context.policy.advanceCeilingPercentBeforeAcceptance);
  const advance = Math.floor((approved * percent) / 100);
  if (advance <= 0 || advance >= approved) return [{ no: '1', kind: 'final', amount: money(approved) }];
  return [
    { no: '1', kind: 'advance', amount: money(advance) },
    { no: '2', kind: 'final', amount: money(approved - advance) },
  ];
}

/**
 * The demo appraisers, as an example panel.
 *
 * @example
 * APPRAISERS_EXAMPLE(context); // 'demo-appraiser-1, demo-appraiser-2, demo-appraiser-3'
 */
export const APPRAISERS_EXAMPLE = (c: ActionContext): string =>
  c.people
    .filter((p) => p.roles.includes('appraiser'))
    .map((p) => p.sub)
    .join(', ');

/**
 * What the beneficiary still owes back.
 *
 * @example
 * outstandingRefund(project); // 20000000 when 30.000.000 ₫ was demanded and 10.000.000 ₫ refunded
 */
export function outstandingRefund(project: ProjectDetail): number {
  return project.amounts.refundDemandedVnd - project.amounts.refundedVnd;
}
