import { useState } from 'react';
import { useAreaNames } from '../areas';
import { areaChoices, type AreaUnit, shortProvinceName } from '../domain/areas';
import { useI18n } from '../i18n/i18n';
import type { CustomControlInput } from './form-card';

/** The "before the merger" badge of a unit of the register before 1 July 2025. */
export function PreReformBadge() {
  const { t } = useI18n();
  return (
    <span className="badge tone-neutral" data-pre-reform="true" title={t('area.preReformTitle')}>
      {t('area.preReform')}
    </span>
  );
}

/**
 * A place by name: "Phường Long An, Tây Ninh"; the codes while the names load, and the pre-reform
 * badge for a unit of the older register.
 */
export function AreaName({ province, commune }: { readonly province: string; readonly commune?: string }) {
  const label = useAreaNames().label(province, commune);
  return (
    <span className="area-name" data-area={commune ?? province}>
      {label.text}
      {label.preReform ? (
        <>
          {' '}
          <PreReformBadge />
        </>
      ) : null}
    </span>
  );
}

function ChoiceOptions(props: { readonly current: readonly AreaUnit[]; readonly preReform: readonly AreaUnit[]; readonly group: string; readonly short: boolean }) {
  const name = (u: AreaUnit) => (props.short ? shortProvinceName(u.name) : u.name);
  return (
    <>
      {props.current.map((u) => (
        <option key={`c-${u.code}`} value={u.code}>
          {name(u)}
        </option>
      ))}
      {props.preReform.length > 0 ? (
        <optgroup label={props.group}>
          {props.preReform.map((u) => (
            <option key={`p-${u.code}`} value={u.code}>
              {name(u)}
            </option>
          ))}
        </optgroup>
      ) : null}
    </>
  );
}

/** The attributes of a form control the form gives (id, name, described-by…). */
export type ControlAttributes = Readonly<Record<string, string | boolean | undefined>>;

/**
 * The province of a form: current provinces, then the pre-reform ones under "Before 1 July 2025";
 * the value is the code. Choosing another province empties the commune.
 */
export function ProvinceSelect(props: { readonly attributes: ControlAttributes; readonly value: string; readonly onChange: (value: string) => void }) {
  const { t } = useI18n();
  const areas = useAreaNames();
  const units = areas.provinces;
  const { current, preReform } = areaChoices(units ?? []);
  const known = units?.some((u) => u.code === props.value) ?? false;
  return (
    <select {...props.attributes} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      <option value="">{t('area.chooseProvince')}</option>
      {props.value && !known ? <option value={props.value}>{props.value}</option> : null}
      <ChoiceOptions current={current} preReform={preReform} group={t('area.preReformGroup')} short />
    </select>
  );
}

/**
 * The commune of a form, among the chosen province's: a filter by name or code above a select
 * whose value is the code.
 */
export function CommuneSelect(props: { readonly attributes: ControlAttributes; readonly province: string; readonly value: string; readonly onChange: (value: string) => void }) {
  const { t } = useI18n();
  const areas = useAreaNames();
  const [typed, setTyped] = useState('');
  const units = props.province ? areas.communesOf(props.province) : undefined;
  const { current, preReform } = areaChoices(units ?? [], typed);
  const chosen = units?.find((u) => u.code === props.value);
  const listed = [...current, ...preReform].some((u) => u.code === props.value);
  return (
    <div className="area-choice">
      <input type="search" className="area-filter" aria-label={t('area.search')} placeholder={t('area.search')} value={typed} onChange={(e) => setTyped(e.target.value)} disabled={!props.province} />
      <select {...props.attributes} value={props.value} onChange={(e) => props.onChange(e.target.value)} disabled={!props.province}>
        <option value="">{props.province ? t('area.chooseCommune') : t('area.chooseProvinceFirst')}</option>
        {props.value && !listed ? <option value={props.value}>{chosen?.name ?? props.value}</option> : null}
        <ChoiceOptions current={current} preReform={preReform} group={t('area.preReformGroup')} short={false} />
      </select>
      {units && typed !== '' && current.length + preReform.length === 0 ? <p className="muted small">{t('area.noMatch')}</p> : null}
    </div>
  );
}

/**
 * A province and commune pair of a form chosen by name (the values stay the codes), for the two
 * fields named; the control of any other field is the usual one.
 *
 * @example
 * <FormCard control={areaControlOf('changes.province', 'changes.commune')} … />
 */
export function areaControlOf(provinceField: string, communeField: string) {
  return function areaPair(field: string, input: CustomControlInput) {
    const chosen = input.values[provinceField];
    const province = typeof chosen === 'string' ? chosen : '';
    if (field === provinceField) {
      return (
        <ProvinceSelect
          attributes={input.attributes}
          value={input.value}
          onChange={(value) => {
            input.onChange(provinceField, value);
            if (value !== province) input.onChange(communeField, '');
          }}
        />
      );
    }
    if (field === communeField) return <CommuneSelect attributes={input.attributes} province={province} value={input.value} onChange={(value) => input.onChange(field, value)} />;
    return undefined;
  };
}

/** The beneficiary's province and commune, chosen by name; the values stay the codes. */
export const areaControl = areaControlOf('beneficiary.province', 'beneficiary.commune');

const newLocation = areaControlOf('changes.province', 'changes.commune');
const newBeneficiary = areaControlOf('changes.beneficiary.province', 'changes.beneficiary.commune');

/** The places of an amendment form: the new location, or the new beneficiary's province and commune. */
export function amendmentAreaControl(field: string, input: CustomControlInput) {
  return newLocation(field, input) ?? newBeneficiary(field, input);
}
