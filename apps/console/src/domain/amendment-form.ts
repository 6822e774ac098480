import { addDays, AMENDMENT_KINDS, type AmendmentKind, CATEGORY_CODES } from '@app/domain';
import { formatDate } from '../format';
import type { FieldError, FieldSpec, FormValues } from '../forms';
import type { ActionContext } from './action-spec';
import { checkBeneficiary, DRAFT_FIELDS, type DraftContext } from './drafts';

/*
 * The amendment request form: the changes an amendment carries depend on its kind (the engine
 * refuses a field of another kind with `AMENDMENT.KIND_MISMATCH`), so each change field belongs
 * to the form only while a kind that carries it is chosen.
 */

/** The beneficiary fields of the draft form, as the whole new beneficiary of a `beneficiary` amendment. */
const BENEFICIARY_FIELDS: readonly FieldSpec<ActionContext>[] = DRAFT_FIELDS.filter((f) => f.name.startsWith('beneficiary.')).map((f) => {
  const draft = (c: ActionContext): DraftContext => ({ policy: c.policy, programme: undefined, project: c.project, today: c.today });
  const { kind, optional, maxLength, initial, example, options } = f;
  return {
    name: `changes.${f.name}`,
    kind,
    optional,
    maxLength,
    initial: initial && ((c: ActionContext) => initial(draft(c))),
    example: example && ((c: ActionContext) => example(draft(c))),
    options: options && ((c: ActionContext) => options(draft(c))),
  };
});

/**
 * The change fields each amendment kind carries (the description, shown for every kind, aside).
 *
 * @example
 * AMENDMENT_CHANGE_FIELDS.location; // ['changes.province', 'changes.commune']
 */
export const AMENDMENT_CHANGE_FIELDS: Readonly<Record<AmendmentKind, readonly string[]>> = {
  schedule: ['changes.plannedEnd'],
  location: ['changes.province', 'changes.commune'],
  beneficiary: BENEFICIARY_FIELDS.map((f) => f.name),
  content: ['changes.category', 'changes.objectives', 'changes.expectedEffects'],
  support_increase: ['changes.supportDeltaVnd'],
  support_decrease: ['changes.supportDeltaVnd'],
  extension_next_year: ['changes.plannedEnd'],
  partner: ['changes.partners'],
};

const isKind = (value: unknown): value is AmendmentKind => typeof value === 'string' && (AMENDMENT_KINDS as readonly string[]).includes(value);

/**
 * The change fields of the kind the form has chosen (none before a kind is chosen).
 *
 * @example
 * changeFieldsOf({ kind: 'partner' }); // ['changes.partners']
 */
export function changeFieldsOf(values: FormValues): readonly string[] {
  return isKind(values.kind) ? AMENDMENT_CHANGE_FIELDS[values.kind] : [];
}

/** The field, belonging to the form only while the chosen kind carries it. */
const ofKind = (field: FieldSpec<ActionContext>): FieldSpec<ActionContext> => ({ ...field, when: (values) => changeFieldsOf(values).includes(field.name) });

const allowedCategories = (c: ActionContext): readonly string[] => CATEGORY_CODES.filter((code) => c.policy.categories[code].allowed);

/** The fields of `RequestAmendment`, in the order the form shows them. */
export const AMENDMENT_FIELDS: readonly FieldSpec<ActionContext>[] = [
  { name: 'kind', kind: 'select', options: () => AMENDMENT_KINDS, example: () => 'schedule' },
  ofKind({ name: 'changes.plannedEnd', kind: 'date', example: (c) => formatDate(addDays(c.project.plannedEnd, 30)) }),
  ofKind({ name: 'changes.supportDeltaVnd', kind: 'vnd', signed: true }),
  ofKind({ name: 'changes.province', kind: 'text', maxLength: 32, initial: (c) => c.project.beneficiary.province }),
  ofKind({ name: 'changes.commune', kind: 'text', maxLength: 32 }),
  ...BENEFICIARY_FIELDS.map(ofKind),
  ofKind({ name: 'changes.category', kind: 'select', optional: true, options: allowedCategories }),
  ofKind({ name: 'changes.objectives', kind: 'longtext', optional: true, example: () => 'Bổ sung công đoạn đóng gói hút chân không' }),
  ofKind({ name: 'changes.expectedEffects', kind: 'longtext', optional: true }),
  ofKind({ name: 'changes.partners', kind: 'partners', example: () => 'Trường Cao đẳng nghề Long An — đào tạo thợ vận hành\nViện Cơ điện nông nghiệp — chuyển giao kỹ thuật' }),
  { name: 'changes.description', kind: 'longtext', optional: true },
  { name: 'reason', kind: 'longtext', example: () => 'Nhà cung cấp giao thiết bị chậm 30 ngày' },
];

/** The value at a dotted path of a request body. */
function at(body: Record<string, unknown>, path: string): unknown {
  let node: unknown = body;
  for (const key of path.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/**
 * The checks across fields of an amendment request the engine makes, on the body about to be
 * sent: the sign of a support change, a planned end in the right fiscal year, a content change
 * that changes something, a beneficiary as at creation.
 *
 * @example
 * checkAmendment({ kind: 'support_decrease', changes: { supportDeltaVnd: 5000000 } }, context); // { 'changes.supportDeltaVnd': { key: 'error.negative' } }
 */
export function checkAmendment(body: Record<string, unknown>, context: ActionContext): Record<string, FieldError> {
  const delta = at(body, 'changes.supportDeltaVnd');
  const plannedEnd = at(body, 'changes.plannedEnd');
  const fiscalYear = context.project.funding?.fiscalYear;
  const laterYear = typeof plannedEnd === 'string' && fiscalYear !== undefined && Number(plannedEnd.slice(0, 4)) > fiscalYear;
  switch (body.kind) {
    case 'support_increase':
      return typeof delta === 'number' && delta <= 0 ? { 'changes.supportDeltaVnd': { key: 'error.positive' } } : {};
    case 'support_decrease':
      return typeof delta === 'number' && delta >= 0 ? { 'changes.supportDeltaVnd': { key: 'error.negative' } } : {};
    case 'schedule':
    case 'extension_next_year': {
      if (typeof plannedEnd === 'string' && plannedEnd < context.project.plannedStart) return { 'changes.plannedEnd': { key: 'error.datesOrder' } };
      if (body.kind === 'schedule' && laterYear) return { 'changes.plannedEnd': { key: 'error.scheduleCrossesYear', params: { year: fiscalYear } } };
      if (body.kind === 'extension_next_year' && typeof plannedEnd === 'string' && fiscalYear !== undefined && !laterYear) {
        return { 'changes.plannedEnd': { key: 'error.extensionSameYear', params: { year: fiscalYear } } };
      }
      return {};
    }
    case 'content':
      return ['category', 'objectives', 'expectedEffects', 'description'].some((f) => at(body, `changes.${f}`) !== undefined)
        ? {}
        : { 'changes.description': { key: 'error.contentChange' } };
    case 'beneficiary':
      return checkBeneficiary((name) => {
        const value = at(body, name);
        return typeof value === 'string' ? value : '';
      }, 'changes.beneficiary');
    default:
      return {};
  }
}
