import type { Role } from '@app/domain';
import { useState } from 'react';
import type { Programme } from '../api/types';
import { useApp } from '../app-context';
import { ErrorNotice, Section } from '../components/ui';
import { defaultReportPeriod, fileNameOf, reportPeriods } from '../domain/reports';
import { vietnamDate } from '../format';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';

/** The roles `GET /programmes/{id}/reports/progress` answers (docs/reports.md). */
export const REPORT_ROLES: readonly Role[] = ['officer', 'approver', 'accountant', 'auditor', 'admin'];

/** The roles the dashboard links to the programme's annual plans. */
export const PLAN_PAGE_ROLES: readonly Role[] = ['officer', 'approver', 'admin'];

/** Saves bytes under a name, as a download of the page. */
function saveAs(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the time the click returns; the URL is freed a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The link to the programme's annual plans, for the roles that draft, submit or approve them. */
export function PlansLink({ programme }: { readonly programme: Programme }) {
  const { t } = useI18n();
  const { session } = useApp();
  if (!session?.user.roles.some((r) => PLAN_PAGE_ROLES.includes(r))) return null;
  return (
    <p className="plans-link">
      <Link to={`/programmes/${encodeURIComponent(programme.id)}/plans`} className="button">
        {t('plans.title')}
      </Link>
    </p>
  );
}

/** The progress report of the programme (báo cáo tiến độ) for a period, as Excel or CSV. */
export function ReportDownloads({ programme }: { readonly programme: Programme }) {
  const { t } = useI18n();
  const { api, session } = useApp();
  const [period, setPeriod] = useState(() => defaultReportPeriod(programme.year, vietnamDate(new Date())));
  const [busy, setBusy] = useState<'xlsx' | 'csv'>();
  const [failure, setFailure] = useState<unknown>();
  if (!session?.user.roles.some((r) => REPORT_ROLES.includes(r))) return null;
  const options = reportPeriods(programme.year);
  const chosen = options.some((o) => o.code === period) ? period : String(programme.year);

  const download = async (format: 'xlsx' | 'csv') => {
    setFailure(undefined);
    setBusy(format);
    try {
      const file = await api.file(`/programmes/${encodeURIComponent(programme.id)}/reports/progress`, { period: chosen, format });
      saveAs(file.blob, fileNameOf(file.disposition, `bao-cao-tien-do-${programme.code}-${chosen}.${format}`));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Section title={t('report.title')} id="progress-report">
      <p className="muted small">{t('report.hint')}</p>
      <div className="report-controls">
        <label className="filter">
          <span>{t('report.period')}</span>{' '}
          <select name="period" value={chosen} onChange={(e) => setPeriod(e.target.value)}>
            {options.map((o) => (
              <option key={o.code} value={o.code}>
                {t(o.label.key, o.label.params)}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" className="button button-primary" data-download="xlsx" disabled={busy !== undefined} onClick={() => download('xlsx')}>
          {busy === 'xlsx' ? t('report.preparing') : t('report.excel')}
        </button>{' '}
        <button type="button" className="button" data-download="csv" disabled={busy !== undefined} onClick={() => download('csv')}>
          {busy === 'csv' ? t('report.preparing') : t('report.csv')}
        </button>
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
    </Section>
  );
}
