import type { ProjectStatus } from '@app/domain';
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import type { Problem } from '../api/types';
import { unitNames } from '../domain/areas';
import { STATUS_TONE } from '../domain/statuses';
import { formatVnd } from '../format';
import { hasMessage, type Params, useI18n } from '../i18n/i18n';

/** A status as a coloured badge. */
export function StatusBadge({ status }: { readonly status: ProjectStatus | 'none' }) {
  const { t } = useI18n();
  const tone = status === 'none' ? 'neutral' : STATUS_TONE[status];
  return (
    <span className={`badge tone-${tone}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

/** An amount of đồng, never wrapped. */
export function Money({ value }: { readonly value: number | null | undefined }) {
  return <span className="money">{formatVnd(value)}</span>;
}

export function Section(props: { readonly title: ReactNode; readonly children: ReactNode; readonly id?: string; readonly aside?: ReactNode }) {
  return (
    <section className="card" aria-labelledby={props.id ? `${props.id}-title` : undefined} id={props.id}>
      <header className="card-head">
        <h2 id={props.id ? `${props.id}-title` : undefined}>{props.title}</h2>
        {props.aside}
      </header>
      {props.children}
    </section>
  );
}

/**
 * The box of a table that may be wider than the screen: it scrolls sideways, and is a named region
 * the keyboard can reach to scroll it.
 */
export function TableScroll({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** How long a load may take before the page offers to try again. */
const SLOW_MS = 8000;

/**
 * "Loading…" while a read is on its way; given `onRetry`, a load still unanswered after a few
 * seconds offers to ask again, so a stalled request never leaves a frozen page.
 */
export function Loading({ onRetry }: { readonly onRetry?: () => void } = {}) {
  const { t } = useI18n();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!onRetry) return;
    const timer = setTimeout(() => setSlow(true), SLOW_MS);
    return () => clearTimeout(timer);
  }, [onRetry]);
  return (
    <p className="muted" role="status" data-loading="true">
      {slow ? t('app.slow') : t('app.loading')}
      {slow && onRetry ? (
        <>
          {' '}
          <button type="button" className="button" data-action="retry" onClick={() => {
            setSlow(false);
            onRetry();
          }}>
            {t('app.retry')}
          </button>
        </>
      ) : null}
    </p>
  );
}

/*
 * Details that hold codes rather than words: the dossier problems name a step and document kinds,
 * shown by their names.
 */
const CODED_DETAILS: Readonly<Record<string, string>> = { step: 'dossierStep.', missing: 'documentKind.' };
/* The authority problems name decision levels, shown by their names too. */
const AUTHORITY_DETAILS: Readonly<Record<string, string>> = { requiredAuthority: 'authority.', actorAuthority: 'authority.' };

/** The parameters of a problem's message: its details' numbers and strings, lists joined, codes by name. */
function problemParams(t: (key: string, params?: Params) => string, problem: Problem): Params {
  const params: Record<string, string | number> = {};
  const name = (key: string, value: string) => {
    const prefix = problem.code?.startsWith('DOSSIER.') ? CODED_DETAILS[key] : problem.code?.startsWith('AUTHORITY.') ? AUTHORITY_DETAILS[key] : undefined;
    return prefix && hasMessage(`${prefix}${value}`) ? t(`${prefix}${value}`) : value;
  };
  for (const [key, value] of Object.entries(problem.details ?? {})) {
    if (typeof value === 'number') params[key] = value;
    else if (typeof value === 'string') params[key] = name(key, value);
    else if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) params[key] = value.map((v) => name(key, v)).join(', ');
    // Units of the registers (`nearest` of AREA.*) by name, with their code.
    else if (unitNames(value) !== undefined) params[key] = unitNames(value) ?? '';
  }
  return params;
}

/**
 * A problem in the person's language: the message of its stable code when the console has one,
 * else the server's detail (asked for in the page's language, see `ApiClient`), else the message
 * of its HTTP status; the server's own detail stays available underneath a console message.
 */
export function problemMessage(t: (key: string, params?: Params) => string, problem: Problem): { title: string; detail?: string } {
  if (problem.status === 0) return { title: t('error.network') };
  const byCode = problem.code ? `problem.${problem.code}` : '';
  if (byCode && !hasMessage(byCode) && !byCode.startsWith('problem.HTTP.') && problem.detail) return { title: problem.detail };
  const byStatus = hasMessage(`problem.${problem.status}`) ? `problem.${problem.status}` : 'problem.500';
  let title = t(byCode && hasMessage(byCode) ? byCode : byStatus, problemParams(t, problem));
  // A code's message whose details did not come (a parameter left unfilled) gives way to the status's.
  if (/\{\w+\}/.test(title)) title = t(byStatus);
  return { title, ...(problem.detail ? { detail: problem.detail } : {}) };
}

/** An error box for any failure (Problem Details or anything else); `onRetry` adds a "try again" button. */
export function ErrorNotice({ error, children, onRetry }: { readonly error: unknown; readonly children?: ReactNode; readonly onRetry?: () => void }) {
  const { t } = useI18n();
  const problem: Problem = error instanceof ApiError ? error.problem : { status: 500, detail: error instanceof Error ? error.message : String(error) };
  const message = problemMessage(t, problem);
  return (
    <div className="notice notice-error" role="alert" data-code={problem.code ?? problem.status}>
      <p>
        <strong>{message.title}</strong>
      </p>
      {message.detail ? <p className="muted small">{t('form.serverSays', { detail: message.detail })}</p> : null}
      {children}
      {onRetry ? (
        <p>
          <button type="button" className="button" data-action="retry" onClick={onRetry}>
            {t('app.retry')}
          </button>
        </p>
      ) : null}
    </div>
  );
}

/**
 * A hand-made form's field errors: the message under a field (`error`) and the attributes that
 * tie the field to it (`described`), with ids under `prefix`.
 *
 * @example
 * const { error, described } = fieldErrors('plan', errors);
 * <input id="plan-title" {...described('title')} />{error('title')}
 */
export function fieldErrors(prefix: string, errors: Readonly<Record<string, string | undefined>>) {
  return {
    error: (name: string) =>
      errors[name] ? (
        <p className="field-error" id={`${prefix}-${name}-error`}>
          {errors[name]}
        </p>
      ) : null,
    described: (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${prefix}-${name}-error` } : {}),
  };
}

/**
 * Puts focus on a refused form's first invalid field (once the errors are drawn), so the person
 * lands on what to correct and hears its message.
 *
 * @example
 * if (Object.keys(found).length > 0) { setErrors(found); focusFirstInvalid(event.currentTarget); return; }
 */
export function focusFirstInvalid(form: HTMLElement | null): void {
  window.requestAnimationFrame(() => {
    form?.querySelector<HTMLElement>('[aria-invalid="true"], .field:has(.field-error) :is(input, select, textarea)')?.focus();
  });
}

/**
 * A form's buttons: submit (its label while idle, "sending…" while the request runs), then
 * cancel when the form can be closed, then whatever else the form puts beside them.
 *
 * @example
 * <FormActions sending={sending} label={t('plans.create')} onCancel={() => setOpen(false)} />
 */
export function FormActions(props: {
  readonly sending: boolean;
  readonly label: string;
  readonly tone?: 'primary' | 'danger';
  readonly disabled?: boolean;
  readonly onCancel?: () => void;
  readonly children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button type="submit" className={`button ${props.tone === 'danger' ? 'button-danger' : 'button-primary'}`} disabled={props.sending || props.disabled === true}>
        {props.sending ? t('form.sending') : props.label}
      </button>
      {props.onCancel ? (
        <button type="button" className="button" onClick={props.onCancel}>
          {t('app.cancel')}
        </button>
      ) : null}
      {props.children}
    </div>
  );
}
