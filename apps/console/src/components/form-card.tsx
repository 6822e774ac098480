import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError } from '../api/client';
import { useApp } from '../app-context';
import { fieldOfCode } from '../domain/problem-fields';
import { formatVnd, groupThousands, parseVnd } from '../format';
import { activeFields, exampleValues, type FieldError, fieldOf, type FieldSpec, type FieldValue, type FormValues, initialValues, type TrancheRow, validate } from '../forms';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice, focusFirstInvalid, FormActions, problemMessage } from './ui';

export interface FormCardProps<C> {
  /** Names the form for people using assistive technology and for tests (`data-form`). */
  readonly id: string;
  readonly title: string;
  readonly fields: readonly FieldSpec<C>[];
  readonly context: C;
  readonly submitLabel: string;
  /** Checks across fields, after each field is valid on its own. */
  readonly check?: (values: FormValues) => Readonly<Record<string, FieldError>>;
  /** Sends the form; throws `ApiError` when the server refuses. */
  readonly submit: (values: FormValues) => Promise<void>;
  readonly onCancel?: () => void;
  /** Loads the project again after a 412 (someone else changed it). */
  readonly onStaleReload?: () => void;
  readonly optionLabel: (field: string, value: string) => string;
  readonly criterionLabel?: (code: string) => string;
  readonly tone?: 'primary' | 'neutral' | 'danger';
  /** A control of the page's own for a field (e.g. a province chosen by name), or undefined for the usual one. */
  readonly control?: (field: string, input: CustomControlInput) => ReactNode | undefined;
}

/** What a page's own control of a field gets: the form's attributes, its value, all values, and a way to change any field. */
export interface CustomControlInput {
  readonly attributes: Readonly<Record<string, string | boolean | undefined>>;
  readonly value: string;
  readonly values: FormValues;
  readonly onChange: (name: string, value: FieldValue) => void;
}

/**
 * A form built from field specs: checks every field before anything is sent, then shows the
 * server's Problem Details in the person's language, beside the field it concerns when it names
 * one. A 401 keeps the form as typed (the sign-in shows over the page); a 412 offers a reload.
 */
export function FormCard<C>(props: FormCardProps<C>) {
  const { t } = useI18n();
  const { devAvailable } = useApp();
  const [values, setValues] = useState<FormValues>(() => initialValues(props.fields, props.context));
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [failure, setFailure] = useState<unknown>();
  const [stale, setStale] = useState(false);
  const [expired, setExpired] = useState(false);
  const [sending, setSending] = useState(false);
  // The fields that belong to the form for what has been chosen so far (e.g. the amendment kind).
  const shown = activeFields(props.fields, values);
  const names = shown.map((f) => f.name);
  const shownErrors = Object.keys(errors).filter((name) => names.includes(name));

  const change = (name: string, value: FieldValue) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => {
      if (!(name in e)) return e;
      const { [name]: _gone, ...rest } = e;
      return rest;
    });
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    setFailure(undefined);
    setStale(false);
    setExpired(false);
    const own = validate(props.fields, values, props.context);
    const found = Object.keys(own).length > 0 ? own : (props.check?.(values) ?? {});
    if (Object.keys(found).length > 0) {
      setErrors(Object.fromEntries(Object.entries(found).map(([name, error]) => [name, t(error.key, error.params)])));
      focusFirstInvalid(form);
      return;
    }
    setErrors({});
    setSending(true);
    try {
      await props.submit(values);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setFailure(error);
      } else if (error.status === 412) {
        setStale(true);
      } else if (error.status === 401) {
        setExpired(true);
      } else {
        const problem = error.problem;
        const byField: Record<string, string> = {};
        for (const e of problem.errors ?? []) {
          const name = fieldOf(e.field, names);
          if (name && !byField[name]) byField[name] = `${t('error.server')}: ${e.message}`;
        }
        const coded = fieldOfCode(problem.code, problem.details, names);
        if (coded && !byField[coded]) byField[coded] = problemMessage(t, problem).title;
        setErrors(byField);
        setFailure(error);
        if (Object.keys(byField).length > 0) focusFirstInvalid(form);
      }
    } finally {
      setSending(false);
    }
  };

  const hasExamples = devAvailable && props.fields.some((f) => f.example);
  return (
    <form className={`form-card tone-${props.tone ?? 'primary'}`} data-form={props.id} onSubmit={onSubmit} noValidate aria-labelledby={`${props.id}-title`}>
      <div className="form-head">
        <h3 id={`${props.id}-title`}>{props.title}</h3>
        {hasExamples ? (
          <button type="button" className="link-button small" onClick={() => setValues((v) => exampleValues(props.fields, props.context, v))} title={t('app.devOnly')}>
            {t('form.fillExample')}
          </button>
        ) : null}
      </div>
      {shown.map((field) => (
        <FieldInput key={field.name} field={field} context={props.context} value={values[field.name]} error={errors[field.name]} onChange={change} optionLabel={props.optionLabel} criterionLabel={props.criterionLabel} values={values} control={props.control} />
      ))}
      {shownErrors.length > 0 && !failure ? (
        <p className="notice notice-error" role="alert">
          {t('form.invalid')}
        </p>
      ) : null}
      {expired ? (
        <p className="notice notice-warning" role="alert">
          {t('signIn.expired')}
        </p>
      ) : null}
      {stale ? (
        <div className="notice notice-warning" role="alert" data-code="412">
          <p>{t('form.stale')}</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setStale(false);
              props.onStaleReload?.();
            }}
          >
            {t('form.reloadProject')}
          </button>
        </div>
      ) : null}
      {failure ? <ErrorNotice error={failure} /> : null}
      <FormActions sending={sending} label={props.submitLabel} tone={props.tone === 'danger' ? 'danger' : 'primary'} {...(props.onCancel ? { onCancel: props.onCancel } : {})} />
    </form>
  );
}

interface FieldInputProps<C> {
  readonly field: FieldSpec<C>;
  readonly context: C;
  readonly value: FieldValue | undefined;
  readonly error: string | undefined;
  readonly onChange: (name: string, value: FieldValue) => void;
  readonly optionLabel: (field: string, value: string) => string;
  readonly criterionLabel?: (code: string) => string;
  readonly values: FormValues;
  readonly control?: FormCardProps<C>['control'];
}

const PLACEHOLDERS: Partial<Record<FieldSpec['kind'], string>> = { date: 'dd/mm/yyyy', month: 'mm/yyyy', vnd: '0' };

function FieldInput<C>({ field, context, value, error, onChange, optionLabel, criterionLabel, values, control: custom }: FieldInputProps<C>) {
  const { t } = useI18n();
  const id = `f-${field.name.replace(/\W/g, '-')}`;
  const describedBy = error ? `${id}-error` : undefined;
  const text = typeof value === 'string' ? value : '';
  const label = (
    <>
      {t(`field.${field.name}`)}
      {field.optional ? <span className="muted"> {t('field.optional')}</span> : null}
    </>
  );
  const required = field.optional ? undefined : true;
  const common = { id, name: field.name, required, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy } as const;
  let control = custom?.(field.name, { attributes: common, value: text, values, onChange });
  switch (control === undefined ? field.kind : 'custom') {
    case 'custom':
      break;
    case 'longtext':
    case 'list':
    case 'indicators':
    case 'partners':
      control = <textarea {...common} rows={field.kind === 'list' || field.kind === 'indicators' ? 2 : 3} value={text} onChange={(e) => onChange(field.name, e.target.value)} />;
      break;
    case 'vnd': {
      const parsed = parseVnd(text, field.signed);
      control = (
        <div className="with-suffix">
          <input
            {...common}
            inputMode="numeric"
            autoComplete="off"
            placeholder={PLACEHOLDERS.vnd}
            value={text}
            onChange={(e) => onChange(field.name, e.target.value)}
            onBlur={() => parsed !== undefined && onChange(field.name, groupThousands(parsed))}
          />
          <span className="suffix" aria-hidden="true">
            ₫
          </span>
          {parsed !== undefined && parsed >= 1_000_000 ? <span className="hint">{formatVnd(parsed)}</span> : null}
        </div>
      );
      break;
    }
    case 'yesno':
      return (
        <fieldset className="field" data-field={field.name}>
          <legend>{label}</legend>
          <div className="choices">
            {(['yes', 'no'] as const).map((choice) => (
              <label key={choice} className="choice">
                <input type="radio" name={field.name} value={choice} checked={text === choice} onChange={() => onChange(field.name, choice)} required={required} aria-describedby={describedBy} />
                {t(`app.${choice}`)}
              </label>
            ))}
          </div>
          {error ? <FieldErrorText id={`${id}-error`} text={error} /> : null}
        </fieldset>
      );
    case 'confirm':
      return (
        <div className="field field-check" data-field={field.name}>
          <label className="choice">
            <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(field.name, e.target.checked)} />
            {label}
          </label>
          {error ? <FieldErrorText id={`${id}-error`} text={error} /> : null}
        </div>
      );
    case 'select':
      control = (
        <select {...common} value={text} onChange={(e) => onChange(field.name, e.target.value)}>
          <option value="">{t('form.choose')}</option>
          {(field.options?.(context) ?? []).map((option) => (
            <option key={option} value={option}>
              {optionLabel(field.name, option)}
            </option>
          ))}
        </select>
      );
      break;
    case 'scores': {
      const scores = (typeof value === 'object' && !Array.isArray(value) ? value : {}) as Readonly<Record<string, string>>;
      const criteria = field.criteria?.(context);
      return (
        <fieldset className="field" data-field={field.name}>
          <legend>{label}</legend>
          <div className="scores">
            {(criteria?.codes ?? []).map((code) => (
              <label key={code} className="score-row">
                <span>{criterionLabel?.(code) ?? code}</span>
                <input
                  name={`scores.${code}`}
                  inputMode="decimal"
                  className="score-input"
                  value={scores[code] ?? ''}
                  required={required}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy}
                  onChange={(e) => onChange(field.name, { ...scores, [code]: e.target.value })}
                />
                <span className="muted small">
                  {criteria?.min}–{criteria?.max}
                </span>
              </label>
            ))}
          </div>
          {error ? <FieldErrorText id={`${id}-error`} text={error} /> : null}
        </fieldset>
      );
    }
    case 'documents': {
      const offered = field.options?.(context) ?? [];
      const chosen = text.split('\n').filter((v) => v !== '');
      const toggle = (option: string, on: boolean) => onChange(field.name, (on ? [...chosen, option] : chosen.filter((v) => v !== option)).join('\n'));
      return (
        <fieldset className="field" data-field={field.name}>
          <legend>{label}</legend>
          {offered.length === 0 ? <p className="muted small">{t('form.noDocuments')}</p> : null}
          <div className="document-choices">
            {offered.map((option) => (
              <label key={option} className="choice">
                <input type="checkbox" name={field.name} value={option} checked={chosen.includes(option)} onChange={(e) => toggle(option, e.target.checked)} aria-describedby={describedBy} />
                {optionLabel(field.name, option)}
              </label>
            ))}
          </div>
          {error ? <FieldErrorText id={`${id}-error`} text={error} /> : null}
        </fieldset>
      );
    }
    case 'tranches':
      return <TranchesInput name={field.name} label={label} rows={Array.isArray(value) ? (value as TrancheRow[]) : []} error={error} errorId={`${id}-error`} onChange={onChange} />;
    default:
      control = (
        <input
          {...common}
          inputMode={field.kind === 'percent' || field.kind === 'date' || field.kind === 'month' ? 'decimal' : undefined}
          placeholder={PLACEHOLDERS[field.kind]}
          autoComplete="off"
          value={text}
          onChange={(e) => onChange(field.name, e.target.value)}
        />
      );
  }
  return (
    <div className="field" data-field={field.name}>
      <label htmlFor={id}>{label}</label>
      {control}
      {error ? <FieldErrorText id={`${id}-error`} text={error} /> : null}
    </div>
  );
}

function FieldErrorText({ id, text }: { readonly id: string; readonly text: string }) {
  return (
    <p className="field-error" id={id}>
      {text}
    </p>
  );
}

function TranchesInput(props: {
  readonly name: string;
  readonly label: ReactNode;
  readonly rows: readonly TrancheRow[];
  readonly error: string | undefined;
  readonly errorId: string;
  readonly onChange: (name: string, value: FieldValue) => void;
}) {
  const { t } = useI18n();
  const set = (index: number, patch: Partial<TrancheRow>) => props.onChange(props.name, props.rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="field" data-field={props.name}>
      <legend>{props.label}</legend>
      <div className="tranche-rows">
        {props.rows.map((row, index) => (
          <div className="tranche-row" key={index}>
            <input aria-label={t('project.tranche.no')} name={`tranches.${index}.no`} className="tranche-no" inputMode="numeric" value={row.no} onChange={(e) => set(index, { no: e.target.value })} />
            <select aria-label={t('project.tranche.kind')} name={`tranches.${index}.kind`} value={row.kind} onChange={(e) => set(index, { kind: e.target.value })}>
              {['advance', 'payment', 'final'].map((kind) => (
                <option key={kind} value={kind}>
                  {t(`trancheKind.${kind}`)}
                </option>
              ))}
            </select>
            <input aria-label={t('field.amountVnd')} name={`tranches.${index}.amount`} inputMode="numeric" value={row.amount} onChange={(e) => set(index, { amount: e.target.value })} />
            <button type="button" className="link-button" onClick={() => props.onChange(props.name, props.rows.filter((_, i) => i !== index))}>
              {t('form.removeTranche', { no: row.no })}
            </button>
          </div>
        ))}
      </div>
      <button
        type="button"
        className="link-button"
        onClick={() => props.onChange(props.name, [...props.rows, { no: String(props.rows.length + 1), kind: 'payment', amount: '' }])}
      >
        {t('form.addTranche')}
      </button>
      {props.error ? <FieldErrorText id={props.errorId} text={props.error} /> : null}
    </fieldset>
  );
}
