import type { ProjectDetail } from '../../api/types';
import { useApp } from '../../app-context';
import { Section } from '../../components/ui';
import { formatInstant } from '../../format';
import { useI18n } from '../../i18n/i18n';

/** The project's open due work (the detail carries it once the reminders issue has landed). */
export function OpenWork({ project }: { readonly project: ProjectDetail }) {
  const { t } = useI18n();
  const { personName } = useApp();
  const now = Date.now();
  return (
    <Section title={t('project.reminders')} id="open-work">
      <ul className="plain-list">
        {(project.reminders ?? []).map((r) => {
          const overdue = Date.parse(r.dueAt) < now;
          return (
            <li key={r.id} data-reminder={r.id}>
              <strong>{t(`reminder.${r.kind}`)}</strong> {overdue ? <span className="badge tone-danger">{t('reminders.overdue')}</span> : null}
              <span className="muted small">
                {' '}
                {t('reminders.due', { date: formatInstant(r.dueAt) })}
                {r.assignees && r.assignees.length > 0
                  ? ` · ${t('project.reminderFor', { who: r.assignees.map((a) => (a.startsWith('role:') ? t(`role.${a.slice(5)}`) : personName(a))).join(', ') })}`
                  : ''}
              </span>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
