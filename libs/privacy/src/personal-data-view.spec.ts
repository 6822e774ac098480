import { randomBytes } from 'node:crypto';
import { ERASED, openValue, sealValue } from './personal-data-cipher';
import { concealEvents, concealPersonalValues, SEALED } from './personal-data-view';

describe('personal data view', () => {
  const key = randomBytes(32);
  const beneficiary = { name: 'Hộ kinh doanh Trần Văn Ba', kind: 'household_business', province: '80', commune: '27694', contact: { name: 'Nguyễn Thị Hoa', phone: '0912345678' } };

  it('shows the values sealed in the stored event as [sealed], and erased ones as [erased]', () => {
    const sealed = (v: string) => sealValue(key, 'project_p1', v);
    const stored = [
      { data: { beneficiary: { ...beneficiary, name: sealed(beneficiary.name), contact: { name: sealed('Nguyễn Thị Hoa'), phone: sealed('0912345678') } }, title: 'Kẹo khóm' } },
      { data: { payees: [sealed(beneficiary.name), 'Kho bạc'] } },
    ];
    const opened = [
      { data: { beneficiary: { ...beneficiary, contact: { name: openValue(key, stored[0]?.data.beneficiary?.contact.name ?? ''), phone: ERASED } }, title: 'Kẹo khóm' } },
      { data: { payees: [beneficiary.name, 'Kho bạc'] } },
    ];
    expect(concealEvents(stored, opened)).toEqual([
      { data: { beneficiary: { ...beneficiary, name: SEALED, contact: { name: SEALED, phone: ERASED } }, title: 'Kẹo khóm' } },
      { data: { payees: [SEALED, 'Kho bạc'] } },
    ]);
  });

  it("conceals a project's personal values wherever they appear in a view of its state", () => {
    const state = { status: 'draft', proposal: { title: 'Kẹo khóm', beneficiary } };
    const view = { title: 'Kẹo khóm', beneficiary, payee: beneficiary.name, commune: '27694' };
    expect(concealPersonalValues(view, state)).toEqual({
      title: 'Kẹo khóm',
      beneficiary: { ...beneficiary, name: SEALED, contact: { name: SEALED, phone: SEALED } },
      payee: SEALED,
      commune: '27694',
    });
    const company = { status: 'draft', proposal: { beneficiary: { name: 'Công ty TNHH Kẹo Khóm', kind: 'company', province: '80', commune: '27694' } } };
    expect(concealPersonalValues({ name: 'Công ty TNHH Kẹo Khóm' }, company)).toEqual({ name: 'Công ty TNHH Kẹo Khóm' });
  });

  it('conceals the beneficiary an amendment names, pending or approved', () => {
    const next = { ...beneficiary, name: 'Hộ kinh doanh Lê Văn Tâm', contact: { name: 'Lê Văn Tâm', phone: '0933333333' } };
    const state = { status: 'in_implementation', proposal: { beneficiary }, execution: { amendments: [{ no: 1, changes: { beneficiary: next } }] } };
    expect(concealPersonalValues({ amendments: state.execution.amendments }, state)).toEqual({
      amendments: [{ no: 1, changes: { beneficiary: { ...next, name: SEALED, contact: { name: SEALED, phone: SEALED } } } }],
    });
  });
});
