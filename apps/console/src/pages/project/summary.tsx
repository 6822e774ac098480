import type { Policy, Programme, ProjectDetail } from '../../api/types';
import { useApp } from '../../app-context';
import { Section } from '../../components/ui';
import { formatDate, formatInstant } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { categoryName } from '../../policies';

/** The proposal's facts: beneficiary, programme, category, place, dates, policy, author. */
export function Summary({ project, policy, programme }: { readonly project: ProjectDetail; readonly policy: Policy | undefined; readonly programme: Programme | undefined }) {
  const { t, lang } = useI18n();
  const { personName } = useApp();
  const b = project.beneficiary;
  return (
    <Section title={t('project.summary')} id="summary">
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
        <dd>{t('board.communeCode', { code: b.commune })}, {b.province}</dd>
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
        <dt>{t('project.policy')}</dt>
        <dd>
          {policy ? policy.title : project.policy.id} ({project.policy.id} v{project.policy.version})
        </dd>
        <dt>{t('project.createdBy')}</dt>
        <dd>
          {personName(project.createdBy)} · {formatInstant(project.createdAt)}
        </dd>
      </dl>
    </Section>
  );
}
