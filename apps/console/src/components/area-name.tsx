import { type KeyboardEvent, useState } from 'react';
import { useAreaNames } from '../areas';
import { areaChoices, type AreaUnit, shortProvinceName, unitOf } from '../domain/areas';
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
 * A place by name: "Phường Long An, Tây Ninh", and the pre-reform badge for a unit of the older
 * register; "…" while the names load, the code only for a unit in neither register.
 */
export function AreaName({ province, commune }: { readonly province: string; readonly commune?: string }) {
  const { t } = useI18n();
  const areas = useAreaNames();
  const label = areas.label(province, commune);
  // While the registers load, a wait mark rather than the bare codes.
  if (areas.pending(province, commune !== undefined)) {
    return (
      <span className="area-name" data-area={commune ?? province} aria-busy="true" title={t('app.loading')}>
        …
      </span>
    );
  }
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
 * A filter box above a list of units: typing narrows the list by name (marks optional) or by the
 * start of the code, and says how many match; Enter in the box chooses the first match, the down
 * arrow moves to the list. The list is a native select, so its value (the code) is what the form
 * sends and the keyboard and screen readers work as everywhere else.
 */
function FilteredSelect(props: {
  readonly attributes: ControlAttributes;
  readonly units: readonly AreaUnit[] | undefined;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly disabled: boolean;
  readonly filterClass: string;
  readonly filterLabel: string;
  readonly countKey: 'area.provinceCount' | 'area.communeCount';
  readonly noMatch: string;
  readonly placeholder: string;
  /** The text of a chosen unit absent from the list (a code outside the register, or filtered out). */
  readonly chosenText: string | undefined;
  readonly short: boolean;
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const { current, preReform } = areaChoices(props.units ?? [], typed);
  const matches = [...current, ...preReform];
  const listed = matches.some((u) => u.code === props.value);
  const listId = typeof props.attributes.id === 'string' ? props.attributes.id : undefined;
  const countId = listId ? `${listId}-count` : undefined;
  const filtering = typed.trim() !== '' && props.units !== undefined;
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      // Enter picks, it does not send the form.
      event.preventDefault();
      const first = matches[0];
      if (first) props.onChange(first.code);
    } else if (event.key === 'ArrowDown' && listId) {
      event.preventDefault();
      document.getElementById(listId)?.focus();
    }
  };
  return (
    <div className="area-choice">
      <input
        type="search"
        className={props.filterClass}
        aria-label={props.filterLabel}
        placeholder={props.filterLabel}
        aria-controls={listId}
        aria-describedby={filtering ? countId : undefined}
        autoComplete="off"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onKeyDown={onKeyDown}
        disabled={props.disabled}
      />
      <select {...props.attributes} value={props.value} onChange={(e) => props.onChange(e.target.value)} disabled={props.disabled}>
        <option value="">{props.placeholder}</option>
        {props.value && !listed ? <option value={props.value}>{props.chosenText ?? props.value}</option> : null}
        <ChoiceOptions current={current} preReform={preReform} group={t('area.preReformGroup')} short={props.short} />
      </select>
      <p className="muted small" id={countId} aria-live="polite">
        {filtering ? (matches.length === 0 ? props.noMatch : t(props.countKey, { count: matches.length })) : null}
      </p>
    </div>
  );
}

/**
 * The province of a form, with a filter: current provinces, then the pre-reform ones under
 * "Before 1 July 2025"; the value is the code. Choosing another province empties the commune.
 */
export function ProvinceSelect(props: { readonly attributes: ControlAttributes; readonly value: string; readonly onChange: (value: string) => void }) {
  const { t } = useI18n();
  const units = useAreaNames().provinces;
  const chosen = unitOf(units, props.value);
  return (
    <FilteredSelect
      attributes={props.attributes}
      units={units}
      value={props.value}
      onChange={props.onChange}
      disabled={false}
      filterClass="province-filter"
      filterLabel={t('area.searchProvince')}
      countKey="area.provinceCount"
      noMatch={t('area.noProvinceMatch')}
      placeholder={t('area.chooseProvince')}
      chosenText={chosen ? shortProvinceName(chosen.name) : undefined}
      short
    />
  );
}

/**
 * The commune of a form, among the chosen province's, with a filter by name or code; the value
 * is the code.
 */
export function CommuneSelect(props: { readonly attributes: ControlAttributes; readonly province: string; readonly value: string; readonly onChange: (value: string) => void }) {
  const { t } = useI18n();
  const areas = useAreaNames();
  const units = props.province ? areas.communesOf(props.province) : undefined;
  return (
    <FilteredSelect
      attributes={props.attributes}
      units={units}
      value={props.value}
      onChange={props.onChange}
      disabled={!props.province}
      filterClass="area-filter"
      filterLabel={t('area.search')}
      countKey="area.communeCount"
      noMatch={t('area.noMatch')}
      placeholder={props.province ? t('area.chooseCommune') : t('area.chooseProvinceFirst')}
      chosenText={unitOf(units, props.value)?.name}
      short={false}
    />
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
