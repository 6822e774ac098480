import { parseDate, parseMonth, parseVnd } from './format';

/*
 * The console's forms, as data: each field has a kind that says how it is typed, checked and
 * sent. Values are kept as the person typed them (`150.000.000`, `02/03/2026`) and turned into
 * the API's JSON (`150000000`, `2026-03-02`) only when the whole form is valid.
 */

/** How a field is typed and what JSON it becomes. */
export type FieldKind =
  | 'text'
  | 'longtext'
  | 'vnd'
  | 'date'
  | 'month'
  | 'percent'
  | 'yesno'
  | 'confirm'
  | 'select'
  | 'list'
  | 'scores'
  | 'tranches'
  | 'indicators'
  | 'documents'
  | 'partners';

/** One row of a tranche schedule as typed. */
export interface TrancheRow {
  readonly no: string;
  readonly kind: string;
  readonly amount: string;
}

/** What a field holds while the person types. */
export type FieldValue = string | boolean | Readonly<Record<string, string>> | readonly TrancheRow[];

/** A field of a form; `name` is its path in the request body (`beneficiary.name`). */
export interface FieldSpec<C = unknown> {
  readonly name: string;
  readonly kind: FieldKind;
  readonly optional?: boolean;
  readonly maxLength?: number;
  /** Allowed values of a `select`, or the ids a `documents` field offers (their labels come from the page). */
  readonly options?: (context: C) => readonly string[];
  /** A `vnd` field that may be negative (amendment deltas). */
  readonly signed?: boolean;
  /** Score criteria of a `scores` field, with their bounds. */
  readonly criteria?: (context: C) => { readonly codes: readonly string[]; readonly min: number; readonly max: number };
  /** A value that is right in production too (today, the recommended amount…). */
  readonly initial?: (context: C) => FieldValue;
  /** A plausible value for the development "fill with example values" button. */
  readonly example?: (context: C) => FieldValue;
  /**
   * Whether the field belongs to the form for these values (e.g. the amendment kind chosen); a
   * field without it always does. A field that does not is not shown, checked or sent.
   */
  readonly when?: (values: FormValues) => boolean;
}

/** A problem with one field, as a message key and its parameters. */
export interface FieldError {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export type FormValues = Readonly<Record<string, FieldValue>>;
export type FormErrors = Readonly<Record<string, FieldError>>;

const asText = (value: FieldValue | undefined): string => (typeof value === 'string' ? value : '');

/** The empty value of a field kind. */
export function emptyValue(kind: FieldKind): FieldValue {
  switch (kind) {
    case 'confirm':
      return false;
    case 'scores':
      return {};
    case 'tranches':
      return [];
    default:
      return '';
  }
}

/**
 * The fields that belong to the form for its current values (see `FieldSpec.when`).
 *
 * @example
 * activeFields(fields, { kind: 'location' }).map((f) => f.name); // ['kind', 'changes.province', 'changes.commune', 'reason']
 */
export function activeFields<C>(fields: readonly FieldSpec<C>[], values: FormValues): readonly FieldSpec<C>[] {
  return fields.filter((f) => f.when?.(values) ?? true);
}

/** The values a form starts with: each field's `initial`, else empty. */
export function initialValues<C>(fields: readonly FieldSpec<C>[], context: C): FormValues {
  return Object.fromEntries(fields.map((f) => [f.name, f.initial?.(context) ?? emptyValue(f.kind)]));
}

/** The development example values, over the current ones. */
export function exampleValues<C>(fields: readonly FieldSpec<C>[], context: C, current: FormValues): FormValues {
  return Object.fromEntries(fields.map((f) => [f.name, f.example?.(context) ?? current[f.name] ?? emptyValue(f.kind)]));
}

function listItems(text: string): string[] {
  return text
    .split(/[\n,;]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parseIndicators(text: string): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^\s*([A-Za-z][A-Za-z0-9_]{0,63})\s*[=:]\s*(-?\d+(?:[.,]\d+)?)\s*$/.exec(line);
    if (!match?.[1] || match[2] === undefined) return undefined;
    out[match[1]] = Number(match[2].replace(',', '.'));
  }
  return out;
}

/** A partner line's separator: an em or en dash, a bar, or a hyphen with spaces around it. */
const PARTNER_LINE = /^\s*(.+?)\s*(?:[—–|]|\s-\s)\s*(.+?)\s*$/;

/**
 * Partners typed one a line as "name — role"; undefined when a line lacks either part.
 *
 * @example
 * parsePartners('Trường Cao đẳng nghề Long An — đào tạo thợ'); // [{ partnerName: 'Trường Cao đẳng nghề Long An', role: 'đào tạo thợ' }]
 */
export function parsePartners(text: string): { partnerName: string; role: string }[] | undefined {
  const out: { partnerName: string; role: string }[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = PARTNER_LINE.exec(line);
    if (!match?.[1] || !match[2]) return undefined;
    out.push({ partnerName: match[1], role: match[2] });
  }
  return out;
}

/** The most partners an amendment names (the DTO's limit). */
const MAX_PARTNERS = 20;

function parseNumber(text: string): number | undefined {
  if (!/^\s*\d+(?:[.,]\d+)?\s*$/.test(text)) return undefined;
  return Number(text.trim().replace(',', '.'));
}

function isBlank(field: FieldSpec<never>, value: FieldValue | undefined): boolean {
  if (value === undefined) return true;
  if (field.kind === 'confirm') return value !== true;
  if (field.kind === 'scores') return false;
  if (field.kind === 'tranches') return !Array.isArray(value) || value.length === 0;
  return typeof value === 'string' && value.trim() === '';
}

/** Checks one field; undefined when it is fine. */
function checkField<C>(field: FieldSpec<C>, value: FieldValue | undefined, context: C): FieldError | undefined {
  if (isBlank(field as FieldSpec<never>, value)) {
    if (field.optional) return undefined;
    return { key: field.kind === 'confirm' ? 'error.mustConfirm' : 'error.required' };
  }
  const text = asText(value);
  switch (field.kind) {
    case 'text':
    case 'longtext': {
      const max = field.maxLength ?? (field.kind === 'text' ? 300 : 4000);
      return text.trim().length > max ? { key: 'error.maxLength', params: { max } } : undefined;
    }
    case 'vnd':
      return parseVnd(text, field.signed) === undefined ? { key: 'error.vnd' } : undefined;
    case 'date':
      return parseDate(text) === undefined ? { key: 'error.date' } : undefined;
    case 'month':
      return parseMonth(text) === undefined ? { key: 'error.month' } : undefined;
    case 'percent': {
      const n = parseNumber(text);
      return n === undefined || n < 0 || n > 100 ? { key: 'error.percent' } : undefined;
    }
    case 'yesno':
      return text === 'yes' || text === 'no' ? undefined : { key: 'error.required' };
    case 'select':
      return field.options && !field.options(context).includes(text) ? { key: 'error.required' } : undefined;
    case 'list':
      return listItems(text).some((item) => item.length > 300) ? { key: 'error.maxLength', params: { max: 300 } } : undefined;
    case 'documents': {
      // A document superseded or removed from the offer since it was ticked is not sent.
      const offered = field.options?.(context) ?? [];
      return listItems(text).some((id) => !offered.includes(id)) ? { key: 'problem.DOCUMENT.UNKNOWN' } : undefined;
    }
    case 'indicators':
      return parseIndicators(text) === undefined ? { key: 'error.indicators' } : undefined;
    case 'partners': {
      const partners = parsePartners(text);
      if (partners === undefined) return { key: 'error.partners' };
      if (partners.length > MAX_PARTNERS) return { key: 'error.partnersCount', params: { max: MAX_PARTNERS } };
      return partners.some((p) => p.partnerName.length > 300 || p.role.length > 300) ? { key: 'error.maxLength', params: { max: 300 } } : undefined;
    }
    case 'scores': {
      const criteria = field.criteria?.(context);
      if (!criteria) return undefined;
      const scores = value as Readonly<Record<string, string>>;
      for (const code of criteria.codes) {
        const n = parseNumber(scores[code] ?? '');
        if (n === undefined || n < criteria.min || n > criteria.max) return { key: 'error.score', params: { min: criteria.min, max: criteria.max } };
      }
      return undefined;
    }
    case 'tranches': {
      const rows = value as readonly TrancheRow[];
      const numbers = new Set<string>();
      for (const row of rows) {
        if (!/^\d{1,3}$/.test(row.no.trim()) || Number(row.no) < 1 || numbers.has(row.no.trim())) return { key: 'error.trancheNo' };
        numbers.add(row.no.trim());
        if (!['advance', 'payment', 'final'].includes(row.kind)) return { key: 'error.required' };
        const amount = parseVnd(row.amount);
        if (amount === undefined || amount <= 0) return { key: 'error.vnd' };
      }
      return undefined;
    }
    case 'confirm':
      return undefined;
  }
}

/**
 * Every field problem of a form, by field name (empty when the form may be sent).
 *
 * @example
 * validate(fields, { reason: '' }, context); // { reason: { key: 'error.required' } }
 */
export function validate<C>(fields: readonly FieldSpec<C>[], values: FormValues, context: C): FormErrors {
  const errors: Record<string, FieldError> = {};
  for (const field of activeFields(fields, values)) {
    const error = checkField(field, values[field.name], context);
    if (error) errors[field.name] = error;
  }
  return errors;
}

/** The JSON value of one (valid) field; undefined leaves it out of the body. */
function jsonValue(field: FieldSpec<never>, value: FieldValue | undefined): unknown {
  if (isBlank(field, value) && field.optional) return undefined;
  const text = asText(value);
  switch (field.kind) {
    case 'text':
    case 'longtext':
    case 'select':
      return text.trim();
    case 'vnd':
      return parseVnd(text, field.signed);
    case 'date':
      return parseDate(text);
    case 'month':
      return parseMonth(text);
    case 'percent':
      return parseNumber(text);
    case 'yesno':
      return text === 'yes';
    case 'confirm':
      return value === true;
    case 'list':
    case 'documents':
      return listItems(text);
    case 'indicators':
      return parseIndicators(text);
    case 'partners':
      return parsePartners(text);
    case 'scores':
      return Object.fromEntries(Object.entries(value as Record<string, string>).map(([code, score]) => [code, parseNumber(score)]));
    case 'tranches':
      return (value as readonly TrancheRow[]).map((row) => ({ no: Number(row.no), kind: row.kind, amountVnd: parseVnd(row.amount) }));
  }
}

/**
 * The request body of a valid form: dotted names become nested objects, blank optional fields
 * and fields that do not belong to the form for its values (`when`) are left out.
 *
 * @example
 * toBody(fields, { 'declarations.noDoubleFunding': true }); // { declarations: { noDoubleFunding: true } }
 */
export function toBody<C>(fields: readonly FieldSpec<C>[], values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of activeFields(fields, values)) {
    const value = jsonValue(field as FieldSpec<never>, values[field.name]);
    if (value === undefined) continue;
    const path = field.name.split('.');
    let node = body;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (typeof next === 'object' && next !== null) {
        node = next as Record<string, unknown>;
      } else {
        const created: Record<string, unknown> = {};
        node[key] = created;
        node = created;
      }
    }
    node[path[path.length - 1] ?? field.name] = value;
  }
  return body;
}

/**
 * The form field a server error names: `beneficiary.contact.phone`, `tranches[1].amountVnd` and
 * `tranches.1.amountVnd` all land on the field whose name is the longest prefix.
 */
export function fieldOf(serverField: string, fieldNames: readonly string[]): string | undefined {
  const dotted = serverField.replace(/\[(\d+)\]/g, '.$1');
  let best: string | undefined;
  for (const name of fieldNames) {
    if ((dotted === name || dotted.startsWith(`${name}.`)) && (best === undefined || name.length > best.length)) best = name;
  }
  return best;
}
