import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'react';
import type { Programme, Statistics, StatisticsGroup } from '../api/types';
import { useApp } from '../app-context';
import { useAreaNames } from '../areas';
import { BarChart, SERIES_COLOURS } from '../components/chart';
import { PolicyName } from '../components/policy-name';
import { ErrorNotice, Loading, Money, Section, TableScroll } from '../components/ui';
import { funnel } from '../domain/funnel';
import { formatVnd, groupThousands } from '../format';
import { useAsync } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { categoryName, usePolicy } from '../policies';
import { navigate, useLocation } from '../router';
import { PlansLink, ReportDownloads } from './dashboard-reports';

const BUDGET_KEYS = ['totalVnd', 'reservedVnd', 'committedVnd', 'disbursedVnd', 'availableVnd'] as const;
const MILLION = 1_000_000;

/** The programme dashboard: budget, pipeline funnel, projects and amounts by commune and category. */
export function DashboardPage() {
  const { t, lang } = useI18n();
  const { api, epoch } = useApp();
  const { query } = useLocation();
  const programmes = useAsync(() => api.get<{ items: Programme[] }>('/programmes').then((r) => r.items), [epoch]);
  const programme = programmes.data?.find((p) => p.id === query.get('programme')) ?? programmes.data?.[0];
  const policy = usePolicy(programme?.policy);
  const areas = useAreaNames();
  const stats = useAsync(() => (programme ? api.get<Statistics>('/stats', { programmeId: programme.id }) : Promise.resolve(undefined)), [programme?.id, epoch]);

  const budgetChart = useMemo<ChartConfiguration<'bar'> | undefined>(() => {
    if (!programme) return undefined;
    return {
      type: 'bar',
      data: {
        labels: BUDGET_KEYS.map((k) => t(`dashboard.${k}`)),
        datasets: [{ label: t('dashboard.budget'), data: BUDGET_KEYS.map((k) => programme.budget[k] / MILLION), backgroundColor: SERIES_COLOURS }],
      },
      options: {
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => formatVnd(Math.round(Number(c.raw) * MILLION)) } } },
        scales: { y: { title: { display: true, text: t('dashboard.amounts') }, ticks: { callback: (v) => groupThousands(Number(v)) } } },
      },
    };
  }, [programme, t]);

  const funnelChart = useMemo<ChartConfiguration<'bar'> | undefined>(() => {
    if (!stats.data) return undefined;
    const steps = funnel(stats.data.byStatus);
    return {
      type: 'bar',
      data: {
        labels: steps.map((s) => t(`funnel.${s.stage}`)),
        datasets: [{ label: t('dashboard.projects'), data: steps.map((s) => s.count), backgroundColor: SERIES_COLOURS[0] }],
      },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { ticks: { precision: 0 } } } },
    };
  }, [stats.data, t]);

  const groupChart = (groups: readonly StatisticsGroup[], label: (key: string) => string): ChartConfiguration<'bar'> => ({
    type: 'bar',
    data: {
      labels: groups.map((g) => `${label(g.key)} (${g.count})`),
      datasets: [
        { label: t('dashboard.requested'), data: groups.map((g) => g.requestedVnd / MILLION), backgroundColor: SERIES_COLOURS[0] },
        { label: t('dashboard.approved'), data: groups.map((g) => g.approvedVnd / MILLION), backgroundColor: SERIES_COLOURS[1] },
        { label: t('dashboard.disbursed'), data: groups.map((g) => g.disbursedVnd / MILLION), backgroundColor: SERIES_COLOURS[2] },
      ],
    },
    options: {
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''}: ${formatVnd(Math.round(Number(c.raw) * MILLION))}` } } },
      scales: { y: { title: { display: true, text: t('dashboard.amounts') }, ticks: { callback: (v) => groupThousands(Number(v)) } } },
    },
  });
  const communeChart = useMemo(
    () => (stats.data ? groupChart(stats.data.byCommune, (key) => (!programme?.province ? t('board.communeCode', { code: key }) : areas.pending(programme.province, true) ? '…' : areas.communeName(programme.province, key))) : undefined),
    [stats.data, t, programme?.province, areas.loaded],
  );
  const categoryChart = useMemo(() => (stats.data ? groupChart(stats.data.byCategory, (key) => categoryName(policy, key, lang)) : undefined), [stats.data, policy, lang, t]);

  if (programmes.error) return <ErrorNotice error={programmes.error} onRetry={programmes.reload} />;
  if (!programmes.data) return <Loading onRetry={programmes.reload} />;
  if (!programme) return <p className="notice notice-info">{t('dashboard.noProgramme')}</p>;

  return (
    <div className="page dashboard-page">
      <div className="page-head">
        <h1>{t('dashboard.title')}</h1>
        <label className="filter">
          <span className="visually-hidden">{t('board.programme')}</span>
          <select name="programme" value={programme.id} onChange={(e) => navigate(`/dashboard?programme=${encodeURIComponent(e.target.value)}`, { replace: true })}>
            {programmes.data.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted">
        <PolicyName policyRef={programme.policy} format={(title) => t('dashboard.policy', { policy: title, year: programme.year })} />
      </p>
      <PlansLink programme={programme} />
      <ReportDownloads key={programme.id} programme={programme} />
      <Section title={t('dashboard.budget')} id="budget">
        <dl className="budget">
          {BUDGET_KEYS.map((k) => (
            <div key={k} className={`budget-figure budget-${k}`} data-budget={k}>
              <dt>{t(`dashboard.${k}`)}</dt>
              <dd>
                <Money value={programme.budget[k]} />
              </dd>
            </div>
          ))}
        </dl>
        {budgetChart ? <BarChart config={budgetChart} label={t('dashboard.budget')} height={220} /> : null}
      </Section>
      {stats.error ? <ErrorNotice error={stats.error} onRetry={stats.reload} /> : null}
      <div className="dashboard-grid">
        <Section title={t('dashboard.funnel')} id="funnel">
          <p className="muted small">{t('dashboard.funnelHint')}</p>
          {funnelChart ? <BarChart config={funnelChart} label={t('dashboard.funnel')} height={300} /> : stats.error ? null : <Loading onRetry={stats.reload} />}
        </Section>
        <Section title={t('dashboard.byCommune')} id="by-commune">
          {communeChart ? <BarChart config={communeChart} label={t('dashboard.byCommune')} height={300} /> : stats.error ? null : <Loading onRetry={stats.reload} />}
        </Section>
        <Section title={t('dashboard.byCategory')} id="by-category">
          {categoryChart ? <BarChart config={categoryChart} label={t('dashboard.byCategory')} height={300} /> : stats.error ? null : <Loading onRetry={stats.reload} />}
          {stats.data ? (
            <TableScroll label={t('dashboard.byCategory')}>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('project.category')}</th>
                    <th scope="col">{t('dashboard.projects')}</th>
                    <th scope="col">{t('dashboard.requested')}</th>
                    <th scope="col">{t('dashboard.approved')}</th>
                    <th scope="col">{t('dashboard.disbursed')}</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.data.byCategory.map((g) => (
                    <tr key={g.key}>
                      <th scope="row">{categoryName(policy, g.key, lang)}</th>
                      <td>{g.count}</td>
                      <td>
                        <Money value={g.requestedVnd} />
                      </td>
                      <td>
                        <Money value={g.approvedVnd} />
                      </td>
                      <td>
                        <Money value={g.disbursedVnd} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ) : null}
        </Section>
      </div>
    </div>
  );
}
