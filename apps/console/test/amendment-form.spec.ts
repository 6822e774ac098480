import { AMENDMENT_KINDS, type AmendmentKind, CATEGORY_CODES, findPolicy } from '@app/domain';
import type { Policy, ProjectDetail } from '../src/api/types';
import type { ActionContext } from '../src/domain/action-spec';
import { ACTIONS } from '../src/domain/actions';
import { AMENDMENT_CHANGE_FIELDS, AMENDMENT_FIELDS, checkAmendment } from '../src/domain/amendment-form';
import { activeFields, type FormValues, initialValues, parsePartners, toBody, validate } from '../src/forms';

function policy(): Policy {
  const found = findPolicy('vn-2014-national', 1);
  if (!found) throw new Error('the national policy set is missing');
  return { ...found, hash: 'test' };
}

/** The parts of a contracted project the amendment form reads. */
const project = {
  id: 'p-1',
  status: 'in_implementation',
  category: 'MACHINERY',
  plannedStart: '2026-05-01',
  plannedEnd: '2026-10-31',
  objectives: 'Nâng công suất sấy lên 2 tấn/ngày',
  beneficiary: {
    name: 'Cơ sở bánh tráng Tân Lập',
    kind: 'household_business',
    taxCode: '0312345678',
    province: '80',
    commune: '27694',
    contact: { name: 'Nguyễn Thị Hoa', phone: '0912345678' },
  },
  funding: { fiscalYear: 2026, supportVnd: 150_000_000 },
  amendments: [],
  tranches: [],
} as unknown as ProjectDetail;

const context: ActionContext = {
  project,
  policy: policy(),
  target: {},
  today: '2026-06-01',
  user: { sub: 'officer-1', roles: ['officer'] } as unknown as ActionContext['user'],
  people: [],
};

const shownFor = (values: FormValues): string[] => activeFields(AMENDMENT_FIELDS, values).map((f) => f.name);

/** Every change field of every kind typed in, as a person who changed the kind afterwards would leave them. */
function everythingTyped(kind: AmendmentKind, delta = '20.000.000'): FormValues {
  return {
    ...initialValues(AMENDMENT_FIELDS, context),
    kind,
    'changes.plannedEnd': '15/12/2026',
    'changes.supportDeltaVnd': delta,
    'changes.province': '86',
    'changes.commune': '29869',
    'changes.beneficiary.name': 'Công ty TNHH Bánh tráng Tân Lập',
    'changes.beneficiary.kind': 'enterprise',
    'changes.category': 'TECH_TRANSFER',
    'changes.objectives': 'Chuyển giao công nghệ sấy lạnh',
    'changes.expectedEffects': 'Tăng 20 % năng suất',
    'changes.partners': 'Trường Cao đẳng nghề Long An — đào tạo thợ\nViện Cơ điện nông nghiệp - chuyển giao kỹ thuật',
    reason: 'Nhà cung cấp giao thiết bị chậm',
  };
}

describe('the amendment form shows the fields of the chosen kind only', () => {
  it('is the form of RequestAmendment', () => {
    const spec = ACTIONS.find((a) => a.command === 'RequestAmendment');
    expect(spec?.fields).toBe(AMENDMENT_FIELDS);
    expect(spec?.check).toBe(checkAmendment);
  });

  it('shows the kind, description and reason only until a kind is chosen', () => {
    expect(shownFor(initialValues(AMENDMENT_FIELDS, context))).toEqual(['kind', 'changes.description', 'reason']);
  });

  it('maps each kind to its own change fields', () => {
    expect(shownFor({ kind: 'schedule' })).toEqual(['kind', 'changes.plannedEnd', 'changes.description', 'reason']);
    expect(shownFor({ kind: 'extension_next_year' })).toEqual(['kind', 'changes.plannedEnd', 'changes.description', 'reason']);
    expect(shownFor({ kind: 'support_increase' })).toEqual(['kind', 'changes.supportDeltaVnd', 'changes.description', 'reason']);
    expect(shownFor({ kind: 'support_decrease' })).toEqual(['kind', 'changes.supportDeltaVnd', 'changes.description', 'reason']);
    expect(shownFor({ kind: 'location' })).toEqual(['kind', 'changes.province', 'changes.commune', 'changes.description', 'reason']);
    expect(shownFor({ kind: 'content' })).toEqual(['kind', 'changes.category', 'changes.objectives', 'changes.expectedEffects', 'changes.description', 'reason']);
    expect(shownFor({ kind: 'partner' })).toEqual(['kind', 'changes.partners', 'changes.description', 'reason']);
    expect(shownFor({ kind: 'beneficiary' })).toEqual([
      'kind',
      'changes.beneficiary.name',
      'changes.beneficiary.kind',
      'changes.beneficiary.taxCode',
      'changes.beneficiary.province',
      'changes.beneficiary.commune',
      'changes.beneficiary.contact.name',
      'changes.beneficiary.contact.phone',
      'changes.description',
      'reason',
    ]);
    for (const kind of AMENDMENT_KINDS) expect(shownFor({ kind })).toEqual(['kind', ...AMENDMENT_CHANGE_FIELDS[kind], 'changes.description', 'reason']);
  });

  it('offers the categories the policy allows, and starts a new beneficiary and location from the current ones', () => {
    const category = AMENDMENT_FIELDS.find((f) => f.name === 'changes.category');
    expect(category?.options?.(context)).toEqual(CATEGORY_CODES.filter((code) => context.policy.categories[code].allowed));
    expect(category?.options?.(context)).not.toContain('DIGITAL');
    const initial = initialValues(AMENDMENT_FIELDS, context);
    expect(initial['changes.beneficiary.name']).toBe('Cơ sở bánh tráng Tân Lập');
    expect(initial['changes.beneficiary.commune']).toBe('27694');
    expect(initial['changes.province']).toBe('80');
    expect(initial['changes.commune']).toBe('');
  });

  it('requires the change fields of the chosen kind only', () => {
    const blank = { ...initialValues(AMENDMENT_FIELDS, context), reason: 'Lý do' };
    expect(Object.keys(validate(AMENDMENT_FIELDS, { ...blank, kind: 'location', 'changes.province': '' }, context)).sort()).toEqual(['changes.commune', 'changes.province']);
    expect(Object.keys(validate(AMENDMENT_FIELDS, { ...blank, kind: 'schedule' }, context))).toEqual(['changes.plannedEnd']);
    expect(Object.keys(validate(AMENDMENT_FIELDS, { ...blank, kind: 'partner' }, context))).toEqual(['changes.partners']);
    expect(validate(AMENDMENT_FIELDS, { ...blank, kind: 'content' }, context)).toEqual({});
  });
});

describe('the amendment body carries the changes of its kind and nothing else', () => {
  const bodyOf = (values: FormValues) => {
    expect(validate(AMENDMENT_FIELDS, values, context)).toEqual({});
    return toBody(AMENDMENT_FIELDS, values);
  };
  const reason = 'Nhà cung cấp giao thiết bị chậm';

  it('sends a new end for schedule and extension', () => {
    expect(bodyOf(everythingTyped('schedule'))).toEqual({ kind: 'schedule', changes: { plannedEnd: '2026-12-15' }, reason });
    expect(bodyOf({ ...everythingTyped('extension_next_year'), 'changes.plannedEnd': '31/03/2027' })).toEqual({
      kind: 'extension_next_year',
      changes: { plannedEnd: '2027-03-31' },
      reason,
    });
  });

  it('sends a signed support change for the support kinds', () => {
    expect(bodyOf(everythingTyped('support_increase'))).toEqual({ kind: 'support_increase', changes: { supportDeltaVnd: 20_000_000 }, reason });
    expect(bodyOf(everythingTyped('support_decrease', '-5.000.000'))).toEqual({ kind: 'support_decrease', changes: { supportDeltaVnd: -5_000_000 }, reason });
  });

  it('sends the new province and commune codes for a location', () => {
    expect(bodyOf(everythingTyped('location'))).toEqual({ kind: 'location', changes: { province: '86', commune: '29869' }, reason });
  });

  it('sends the whole new beneficiary for a beneficiary change', () => {
    expect(bodyOf(everythingTyped('beneficiary'))).toEqual({
      kind: 'beneficiary',
      changes: {
        beneficiary: {
          name: 'Công ty TNHH Bánh tráng Tân Lập',
          kind: 'enterprise',
          taxCode: '0312345678',
          province: '80',
          commune: '27694',
          contact: { name: 'Nguyễn Thị Hoa', phone: '0912345678' },
        },
      },
      reason,
    });
  });

  it('sends the category, objectives and effects for content, and the description when given', () => {
    expect(bodyOf({ ...everythingTyped('content'), 'changes.description': 'Đổi model máy sấy' })).toEqual({
      kind: 'content',
      changes: { category: 'TECH_TRANSFER', objectives: 'Chuyển giao công nghệ sấy lạnh', expectedEffects: 'Tăng 20 % năng suất', description: 'Đổi model máy sấy' },
      reason,
    });
  });

  it('sends the partners, one a line, for a partner change', () => {
    expect(bodyOf(everythingTyped('partner'))).toEqual({
      kind: 'partner',
      changes: {
        partners: [
          { partnerName: 'Trường Cao đẳng nghề Long An', role: 'đào tạo thợ' },
          { partnerName: 'Viện Cơ điện nông nghiệp', role: 'chuyển giao kỹ thuật' },
        ],
      },
      reason,
    });
  });

  it('never sends a field of another kind', () => {
    for (const kind of AMENDMENT_KINDS) {
      const body = toBody(AMENDMENT_FIELDS, everythingTyped(kind, kind === 'support_decrease' ? '-5.000.000' : '20.000.000'));
      const sent = Object.keys(body.changes as Record<string, unknown>).map((f) => `changes.${f}`);
      const own = new Set(AMENDMENT_CHANGE_FIELDS[kind].map((f) => (f.startsWith('changes.beneficiary.') ? 'changes.beneficiary' : f)));
      expect(sent.every((f) => own.has(f))).toBe(true);
      expect(sent.length).toBe(own.size);
    }
  });
});

describe('partners typed one a line', () => {
  it('splits each line at a dash or bar, keeping hyphens inside a name', () => {
    expect(parsePartners('Công ty Cơ khí A-B – lắp đặt\n\n  HTX Tân Lập | cung cấp nguyên liệu  ')).toEqual([
      { partnerName: 'Công ty Cơ khí A-B', role: 'lắp đặt' },
      { partnerName: 'HTX Tân Lập', role: 'cung cấp nguyên liệu' },
    ]);
    expect(parsePartners('Trường Cao đẳng nghề Long An')).toBeUndefined();
    expect(parsePartners('— đào tạo')).toBeUndefined();
  });

  it('refuses a line without a role, and more partners than the engine takes', () => {
    const values = { ...everythingTyped('partner'), 'changes.partners': 'Trường Cao đẳng nghề Long An' };
    expect(validate(AMENDMENT_FIELDS, values, context)).toEqual({ 'changes.partners': { key: 'error.partners' } });
    const many = Array.from({ length: 21 }, (_, i) => `Đơn vị ${i + 1} — phối hợp`).join('\n');
    expect(validate(AMENDMENT_FIELDS, { ...values, 'changes.partners': many }, context)).toEqual({ 'changes.partners': { key: 'error.partnersCount', params: { max: 20 } } });
  });
});

describe('the checks an amendment request makes before it is sent', () => {
  const check = (values: FormValues) => checkAmendment(toBody(AMENDMENT_FIELDS, values), context);

  it('wants a positive increase and a negative decrease', () => {
    expect(check(everythingTyped('support_increase', '-5.000.000'))).toEqual({ 'changes.supportDeltaVnd': { key: 'error.positive' } });
    expect(check(everythingTyped('support_decrease', '5.000.000'))).toEqual({ 'changes.supportDeltaVnd': { key: 'error.negative' } });
    expect(check(everythingTyped('support_decrease', '-5.000.000'))).toEqual({});
  });

  it('keeps a schedule change within the fiscal year and moves an extension past it', () => {
    expect(check({ ...everythingTyped('schedule'), 'changes.plannedEnd': '15/01/2027' })).toEqual({ 'changes.plannedEnd': { key: 'error.scheduleCrossesYear', params: { year: 2026 } } });
    expect(check(everythingTyped('extension_next_year'))).toEqual({ 'changes.plannedEnd': { key: 'error.extensionSameYear', params: { year: 2026 } } });
    expect(check({ ...everythingTyped('schedule'), 'changes.plannedEnd': '01/04/2026' })).toEqual({ 'changes.plannedEnd': { key: 'error.datesOrder' } });
    expect(check(everythingTyped('schedule'))).toEqual({});
  });

  it('wants a content change to change something', () => {
    const bare = { ...everythingTyped('content'), 'changes.category': '', 'changes.objectives': '', 'changes.expectedEffects': '' };
    expect(check(bare)).toEqual({ 'changes.description': { key: 'error.contentChange' } });
    expect(check({ ...bare, 'changes.description': 'Đổi model máy sấy' })).toEqual({});
  });

  it('checks a new beneficiary as at creation', () => {
    expect(check({ ...everythingTyped('beneficiary'), 'changes.beneficiary.taxCode': '12ab', 'changes.beneficiary.contact.phone': '' })).toEqual({
      'changes.beneficiary.taxCode': { key: 'error.taxCode' },
      'changes.beneficiary.contact.phone': { key: 'error.contactPair' },
    });
    expect(check(everythingTyped('beneficiary'))).toEqual({});
  });
});
