import type { ProjectDetail, Reminder } from '../api/types';
import { useApp } from '../app-context';
import { ErrorNotice, Loading } from '../components/ui';
import { formatInstant } from '../format';
import { useAsync } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';

/** Due work that is not finished: open, sent (notified, not done) and escalated (overdue, sent up). */
const UNFINISHED = 'open,sent,escalated';

/**
 * My open and overdue work (API.md `GET /reminders?assignee=me`). The reminders issue builds
 * the route; until it exists the page says so.
 */
export function RemindersPage() {
  const { t } = useI18n();
  const { api, epoch } = useApp();
  const reminders = useAsync(async () => {
    const page = await api.optional<{ items: Reminder[] }>('/reminders', { assignee: 'me', status: UNFINISHED, limit: 200 });
    if (page === undefined) return undefined;
    const unique = page.items;
    const titles = new Map<string, string>();
    // Titles of the projects concerned; a handful of reads for an inbox of a person's work.
    await Promise.all(
      [...new Set(unique.map((r) => r.projectId))].slice(0, 50).map(async (id) => {
        const project = await api.get<ProjectDetail>(`/projects/${encodeURIComponent(id)}`).catch(() => undefined);
        if (project) titles.set(id, project.title);
      }),
    );
    return { items: unique.sort((a, b) => a.dueAt.localeCompare(b.dueAt)), titles };
  }, [epoch]);
  const now = Date.now();

  return (
    <div className="page narrow">
      <h1>{t('reminders.title')}</h1>
      <p className="muted">{t('reminders.hint')}</p>
      {reminders.error ? <ErrorNotice error={reminders.error} onRetry={reminders.reload} /> : null}
      {reminders.loading && !reminders.data ? <Loading onRetry={reminders.reload} /> : null}
      {!reminders.loading && !reminders.error && reminders.data === undefined ? (
        <p className="notice notice-info" data-unavailable="reminders">
          {t('reminders.unavailable')}
        </p>
      ) : null}
      {reminders.data && reminders.data.items.length === 0 ? <p className="muted">{t('reminders.empty')}</p> : null}
      {reminders.data && reminders.data.items.length > 0 ? (
        <ul className="inbox">
          {reminders.data.items.map((r) => {
            const overdue = Date.parse(r.dueAt) < now;
            return (
              <li key={r.id} className={overdue ? 'overdue' : ''} data-reminder={r.id}>
                <div>
                  <strong>{t(`reminder.${r.kind}`)}</strong>{' '}
                  {overdue ? <><span className="badge tone-danger">{t('reminders.overdue')}</span>{' '}</> : null}
                  <span className="badge tone-neutral">{t(`reminders.${r.status === 'sent' || r.status === 'escalated' ? r.status : 'open'}`)}</span>
                </div>
                <div className="muted small">{t('reminders.due', { date: formatInstant(r.dueAt) })}</div>
                <Link to={`/projects/${encodeURIComponent(r.projectId)}`}>{reminders.data?.titles.get(r.projectId) ?? t('reminders.project')}</Link>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
