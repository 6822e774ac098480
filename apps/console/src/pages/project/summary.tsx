import type { Policy, Programme, ProjectDetail } from '../../api/types';
import { useApp } from '../../app-context';
import { useState } from 'react';
import { takeWarnings } from '../../areas';
import { AreaName } from '../../components/area-name';
import { PolicyName } from '../../components/policy-name';
import { Section } from '../../components/ui';
import { formatDate, formatInstant } from '../../format';
import { hasMessage, useI18n } from '../../i18n/i18n';
import { categoryName } from '../../policies';

/** The proposal's facts: beneficiary, programme, category, place, dates, partners, policy, author. */
export function Summary({ project, policy, programme }: { readonly project: ProjectDetail; readonly policy: Policy | undefined; readonly programme: Programme | undefined }) {
  const { t, lang } = useI18n();
  const { personName } = useApp();
  const b = project.beneficiary;
  // The warnings of the creation that opened this page, shown until the page is left.
  const [warnings] = useState(() => takeWarnings(project.id));
  return (
    <Section title={t('project.summary')} id="summary">
      {warnings.length > 0 ? (
        <div className="notice notice-warning" role="status" data-code={warnings[0]?.code}>
          <p>{t('area.warningsTitle')}</p>
          <ul>
            {warnings.map((w) => (
              <li key={`${w.code}-${w.field}`}>{hasMessage(`area.warning.${w.code}`) ? t(`area.warning.${w.code}`, { field: hasMessage(`field.${w.field}`) ? t(`field.${w.field}`) : w.field }) : w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t('project.beneficiary')}</dt>
        <dd>
          {b.name} · {t(`beneficiaryKind.${b.kind}`)}
          {b.taxCode ? ` · MST ${b.taxCode}` : ''}
          {b.contact ? (
            <span className="muted small">
              {' '}
              · {b.contact.name}, {b.contact.phone}
            </span>
          ) : null}
        </dd>
        <dt>{t('project.programme')}</dt>
        <dd>{programme ? programme.name : project.programmeId}</dd>
        <dt>{t('project.category')}</dt>
        <dd>{categoryName(policy, project.category, lang)}</dd>
        <dt>{t('project.location')}</dt>
        <dd>
          <AreaName province={b.province} commune={b.commune} />
        </dd>
        <dt>{t('project.plannedDates')}</dt>
        <dd>
          {formatDate(project.plannedStart)} – {formatDate(project.plannedEnd)}
        </dd>
        <dt>{t('project.objectives')}</dt>
        <dd>{project.objectives}</dd>
        {project.expectedEffects ? (
          <>
            <dt>{t('project.expectedEffects')}</dt>
            <dd>{project.expectedEffects}</dd>
          </>
        ) : null}
        {project.partners && project.partners.length > 0 ? (
          <>
            <dt>{t('project.partners')}</dt>
            <dd>
              <ul className="plain-list" data-partners={project.partners.length}>
                {project.partners.map((p) => (
                  <li key={`${p.partnerName}-${p.role}`}>
                    {p.partnerName} <span className="muted small">· {p.role}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>{t('project.policy')}</dt>
        <dd>
          <PolicyName policyRef={project.policy} />
        </dd>
        <dt>{t('project.createdBy')}</dt>
        <dd>
          {personName(project.createdBy)} · {formatInstant(project.createdAt)}
        </dd>
      </dl>
    </Section>
  );
}
