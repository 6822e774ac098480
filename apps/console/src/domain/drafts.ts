import { addDays, BENEFICIARY_KINDS, CATEGORY_CODES } from '@app/domain';
import type { Policy, Programme, ProjectDetail } from '../api/types';
import { formatDate, parseDate, parseVnd } from '../format';
import { type FieldError, type FieldSpec, type FieldValue, type FormValues, toBody } from '../forms';
import { money } from './form-values';

/* The draft form of a project (create and update), its fields and the checks made before sending. */

/** What the draft form can draw on. */
export interface DraftContext {
  readonly policy: Policy | undefined;
  readonly programme: Programme | undefined;
  readonly project?: ProjectDetail;
  readonly today: string;
}

const fromProject = (pick: (p: ProjectDetail) => string | undefined) => (c: DraftContext): FieldValue => (c.project ? (pick(c.project) ?? '') : '');

/** Fields of a proposal, in the order the form shows them. */
export const DRAFT_FIELDS: readonly FieldSpec<DraftContext>[] = [
  { name: 'title', kind: 'text', initial: fromProject((p) => p.title), example: () => 'Ứng dụng máy sấy nông sản tiết kiệm năng lượng' },
  {
    name: 'category',
    kind: 'select',
    options: (c) => (c.policy ? CATEGORY_CODES.filter((code) => c.policy?.categories[code].allowed) : CATEGORY_CODES),
    initial: fromProject((p) => p.category),
    example: () => 'MACHINERY',
  },
  { name: 'beneficiary.name', kind: 'text', initial: fromProject((p) => p.beneficiary.name), example: () => 'Cơ sở sản xuất bánh tráng Tân Lập' },
  {
    name: 'beneficiary.kind',
    kind: 'select',
    options: (c) => c.policy?.beneficiaryKinds ?? BENEFICIARY_KINDS,
    initial: fromProject((p) => p.beneficiary.kind),
    example: () => 'household_business',
  },
  { name: 'beneficiary.taxCode', kind: 'text', optional: true, maxLength: 14, initial: fromProject((p) => p.beneficiary.taxCode) },
  { name: 'beneficiary.province', kind: 'text', maxLength: 32, initial: (c) => c.project?.beneficiary.province ?? c.programme?.province ?? '' },
  { name: 'beneficiary.commune', kind: 'text', maxLength: 32, initial: fromProject((p) => p.beneficiary.commune), example: () => '27694' },
  { name: 'beneficiary.contact.name', kind: 'text', optional: true, maxLength: 200, initial: fromProject((p) => p.beneficiary.contact?.name), example: () => 'Nguyễn Thị Hoa' },
  { name: 'beneficiary.contact.phone', kind: 'text', optional: true, maxLength: 20, initial: fromProject((p) => p.beneficiary.contact?.phone), example: () => '0912345678' },
  { name: 'totalCostVnd', kind: 'vnd', initial: fromProject((p) => money(p.totalCostVnd)), example: () => '400.000.000' },
  { name: 'requestedSupportVnd', kind: 'vnd', initial: fromProject((p) => money(p.requestedSupportVnd)), example: () => '150.000.000' },
  { name: 'counterpartVnd', kind: 'vnd', initial: fromProject((p) => money(p.counterpartVnd)), example: () => '250.000.000' },
  { name: 'plannedStart', kind: 'date', initial: fromProject((p) => formatDate(p.plannedStart)), example: (c) => formatDate(addDays(c.today, 30)) },
  { name: 'plannedEnd', kind: 'date', initial: fromProject((p) => formatDate(p.plannedEnd)), example: (c) => formatDate(addDays(c.today, 210)) },
  { name: 'objectives', kind: 'longtext', initial: fromProject((p) => p.objectives), example: () => 'Nâng công suất sấy lên 2 tấn/ngày, giảm 30% hao hụt sau thu hoạch' },
  { name: 'expectedEffects', kind: 'longtext', optional: true, initial: fromProject((p) => p.expectedEffects), example: () => 'Tạo việc làm ổn định cho 10 lao động nông thôn' },
];

const CODE = /^[0-9A-Za-z_-]{1,32}$/;

/**
 * The checks of a beneficiary the engine makes (codes, tax code, contact), on the fields under
 * `prefix`; `text` reads a field's typed text by its full name.
 *
 * @example
 * checkBeneficiary((name) => values[name] ?? '', 'changes.beneficiary'); // { 'changes.beneficiary.taxCode': { key: 'error.taxCode' } }
 */
export function checkBeneficiary(text: (name: string) => string, prefix: string): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  for (const name of [`${prefix}.province`, `${prefix}.commune`]) {
    if (text(name) !== '' && !CODE.test(text(name))) errors[name] = { key: 'error.code' };
  }
  if (text(`${prefix}.taxCode`) !== '' && !/^[0-9-]{10,14}$/.test(text(`${prefix}.taxCode`))) errors[`${prefix}.taxCode`] = { key: 'error.taxCode' };
  const contactName = text(`${prefix}.contact.name`);
  const phone = text(`${prefix}.contact.phone`);
  if (phone !== '' && !/^\+?[0-9 .-]{6,20}$/.test(phone)) errors[`${prefix}.contact.phone`] = { key: 'error.phone' };
  if ((contactName === '') !== (phone === '')) errors[contactName === '' ? `${prefix}.contact.name` : `${prefix}.contact.phone`] = { key: 'error.contactPair' };
  return errors;
}

/** The checks of a proposal the engine makes, made before sending (DTO shapes and PROJECT.* rules). */
export function checkDraft(values: FormValues): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  const text = (name: string): string => {
    const v = values[name];
    return typeof v === 'string' ? v.trim() : '';
  };
  Object.assign(errors, checkBeneficiary(text, 'beneficiary'));
  const total = parseVnd(text('totalCostVnd'));
  const requested = parseVnd(text('requestedSupportVnd'));
  const counterpart = parseVnd(text('counterpartVnd'));
  if (total !== undefined && requested !== undefined && counterpart !== undefined && requested + counterpart !== total) {
    errors.counterpartVnd = { key: 'error.fundingMismatch', params: { amount: total - requested } };
  }
  if (total === 0) errors.totalCostVnd = { key: 'error.positive' };
  if (requested === 0) errors.requestedSupportVnd = { key: 'error.positive' };
  const start = parseDate(text('plannedStart'));
  const end = parseDate(text('plannedEnd'));
  if (start !== undefined && end !== undefined && start > end) errors.plannedEnd = { key: 'error.datesOrder' };
  return errors;
}

/** The body of a draft (create or update); the programme is added by the create page. */
export function draftBody(values: FormValues): Record<string, unknown> {
  return toBody(DRAFT_FIELDS, values);
}
