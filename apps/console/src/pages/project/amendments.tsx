import type { ProjectDetail } from '../../api/types';
import { useApp } from '../../app-context';
import { AreaName } from '../../components/area-name';
import { Section } from '../../components/ui';
import { formatDate, formatVnd } from '../../format';
import { useI18n } from '../../i18n/i18n';

/** The requested amendments and what became of them. */
export function Amendments({ project }: { readonly project: ProjectDetail }) {
  const { t } = useI18n();
  const { personName } = useApp();
  return (
    <Section title={t('project.amendments')} id="amendments">
      <ul className="plain-list">
        {project.amendments.map((a) => (
          <li key={a.no}>
            <strong>
              #{a.no} {t(`amendmentKind.${a.kind}`)}
            </strong>{' '}
            <span className={`badge tone-${a.status === 'approved' ? 'success' : a.status === 'rejected' ? 'danger' : 'info'}`}>{t(`amendmentStatus.${a.status}`)}</span>{' '}
            <span className="muted small">
              {personName(a.requestedBy)}
              {a.changes.plannedEnd ? ` · ${formatDate(a.changes.plannedEnd)}` : ''}
              {a.changes.supportDeltaVnd !== undefined ? ` · ${formatVnd(a.changes.supportDeltaVnd)}` : ''}
              {a.changes.province !== undefined ? (
                <>
                  {' · '}
                  <AreaName province={a.changes.province} commune={a.changes.commune} />
                </>
              ) : null}
              {a.changes.beneficiary ? ` · ${a.changes.beneficiary.name}` : ''}
              {a.changes.partners ? ` · ${a.changes.partners.map((p) => p.partnerName).join(', ')}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
