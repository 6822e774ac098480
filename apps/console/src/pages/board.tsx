import { useEffect, useMemo, useRef, useState } from 'react';
import type { Policy, ProjectListItem } from '../api/types';
import { useApp } from '../app-context';
import { useAreaNames } from '../areas';
import { AreaName } from '../components/area-name';
import { ErrorNotice, Loading, Money, StatusBadge } from '../components/ui';
import { BOARD_COLUMNS } from '../domain/statuses';
import { formatScore } from '../format';
import { useAsync, useDebounced } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { Link, navigate, useLocation } from '../router';
import { categoryName, usePolicy } from '../policies';
import { peekProgrammes, peekProjects, peekReminders, peekStats, readProgrammes, readProjects, readReminders, readStats } from './board-reads';

// Enough for a provincial programme (a few hundred projects a year) without paging the board.
const MAX_PAGES = 5;

/** The pipeline board: projects in status columns, with the filters in the address bar. */
export function BoardPage() {
  const { t, lang } = useI18n();
  const { api, epoch } = useApp();
  const { query } = useLocation();
  const programmeId = query.get('programme') ?? '';
  const category = query.get('category') ?? '';
  const commune = query.get('commune') ?? '';
  const overdue = query.get('overdue') === 'true';
  const [search, setSearch] = useState(query.get('q') ?? '');
  const q = useDebounced(search.trim(), 300);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    const text = next.toString();
    navigate(`/board${text ? `?${text}` : ''}`, { replace: true });
  };

  // Each read shows the answer already kept (the page's first script asked for it) from the first render.
  const programmes = useAsync(() => readProgrammes(api).then((r) => r.items), [epoch], () => peekProgrammes(api)?.items);
  const programme = programmes.data?.find((p) => p.id === programmeId) ?? programmes.data?.[0];
  const policy = usePolicy(programme?.policy);
  const areas = useAreaNames();
  const stats = useAsync(() => readStats(api, programmeId), [programmeId, epoch], () => peekStats(api, programmeId));
  // The overdue filter needs the reminders of the deadlines issue; until that route exists it is offered but says so.
  const reminders = useAsync(() => readReminders(api), [epoch], () => peekReminders(api));
  const overdueAvailable = reminders.data !== undefined;
  // The overdue filter applies once the reminders said whether it exists; until then the board waits, so it is asked for once.
  const overdueFilter = overdue && overdueAvailable;
  const waitingForReminders = overdue && reminders.data === undefined && reminders.loading;

  const projects = useAsync(async () => {
    if (waitingForReminders) return undefined;
    const items: ProjectListItem[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await readProjects(api, { programmeId, category, commune, q, overdue }, overdueFilter, cursor);
      // One page: its own list, the one `peekProjects` shows (the same answer renders nothing again).
      if (page === 0 && !answer.nextCursor) return answer.items;
      items.push(...answer.items);
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
    return items;
  }, [programmeId, category, commune, q, overdueFilter, waitingForReminders, epoch], () => (waitingForReminders ? undefined : peekProjects(api, { programmeId, category, commune, q, overdue }, overdueFilter)));

  const columns = useMemo(
    () => BOARD_COLUMNS.map((column) => ({ ...column, items: (projects.data ?? []).filter((p) => column.statuses.includes(p.status)) })),
    [projects.data],
  );
  // The province of each commune on the board, so a commune is named even under "all programmes".
  const provinceOf = useMemo(() => new Map((projects.data ?? []).map((p) => [p.beneficiary.commune, p.beneficiary.province])), [projects.data]);
  const communeLabel = (code: string) => {
    const province = provinceOf.get(code) ?? programme?.province;
    if (province && areas.pending(province, true)) return '…';
    return province ? areas.communeName(province, code) : t('board.communeCode', { code });
  };
  // A phone shows one column at a time: the one chosen, else the first that holds projects.
  const [chosen, setChosen] = useState<string>();
  const shown = chosen ?? columns.find((c) => c.items.length > 0)?.id ?? columns[0]?.id;
  const board = useRef<HTMLDivElement>(null);
  const more = useScrollsFurther(board, projects.data);
  const categories = policy ? Object.keys(policy.categories).filter((code) => policy.categories[code as keyof Policy['categories']].allowed) : [];

  return (
    <div className="page board-page">
      <div className="page-head">
        <h1>{t('board.title')}</h1>
        {projects.data ? <p className="muted">{t('board.count', { count: projects.data.length })}</p> : null}
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="filter filter-search">
          <span className="visually-hidden">{t('board.search')}</span>
          <input type="search" name="q" placeholder={t('board.search')} value={search} onChange={(e) => {
            setSearch(e.target.value);
            setFilter('q', e.target.value.trim());
          }} />
        </label>
        <label className="filter">
          <span>{t('board.programme')}</span>
          <select name="programme" value={programmeId} onChange={(e) => setFilter('programme', e.target.value)}>
            <option value="">{t('board.allProgrammes')}</option>
            {(programmes.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('board.category')}</span>
          <select name="category" value={category} onChange={(e) => setFilter('category', e.target.value)}>
            <option value="">{t('board.allCategories')}</option>
            {categories.map((code) => (
              <option key={code} value={code}>
                {categoryName(policy, code, lang)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('board.commune')}</span>
          <select name="commune" value={commune} onChange={(e) => setFilter('commune', e.target.value)}>
            <option value="">{t('board.allCommunes')}</option>
            {(stats.data?.byCommune ?? []).map((c) => (
              <option key={c.key} value={c.key}>
                {communeLabel(c.key)} ({c.count})
              </option>
            ))}
          </select>
        </label>
        <label className="filter filter-check">
          <input type="checkbox" name="overdue" checked={overdue} onChange={(e) => setFilter('overdue', e.target.checked ? 'true' : '')} />
          <span>{t('board.overdue')}</span>
        </label>
      </form>
      {overdue && !reminders.loading && !overdueAvailable ? (
        <p className="notice notice-info" role="status">
          {t('board.overdueUnavailable')}
        </p>
      ) : null}
      {projects.error ? <ErrorNotice error={projects.error} onRetry={projects.reload} /> : null}
      {!projects.data && !projects.error ? <Loading onRetry={projects.reload} /> : null}
      <label className="board-switch">
        <span>{t('board.status')}</span>
        <select name="column" value={shown} onChange={(e) => setChosen(e.target.value)}>
          {columns.map((column) => (
            <option key={column.id} value={column.id}>
              {t(`column.${column.id}`)} ({column.items.length})
            </option>
          ))}
        </select>
      </label>
      {more.overflows ? (
        <button type="button" className="button board-more" disabled={!more.further} onClick={() => board.current?.scrollBy({ left: board.current.clientWidth * 0.8, behavior: 'smooth' })}>
          {t('board.nextColumns')} →
        </button>
      ) : null}
      <div className="board" aria-busy={projects.loading} role="region" aria-label={t('board.columns')} tabIndex={0} ref={board}>
        {columns.map((column) => (
          <section key={column.id} className="column" aria-labelledby={`col-${column.id}`} data-column={column.id} data-empty={column.items.length === 0} data-chosen={column.id === shown}>
            <h2 id={`col-${column.id}`}>
              {t(`column.${column.id}`)} <span className="count">{column.items.length}</span>
            </h2>
            {column.items.length === 0 ? <p className="muted small">{t('board.empty')}</p> : null}
            <ul>
              {column.items.map((p) => (
                <li key={p.id} className="project-card" data-project={p.id}>
                  <Link to={`/projects/${p.id}`} className="card-link">
                    <strong className="card-title">{p.title}</strong>
                  </Link>
                  <span className="muted small">{p.beneficiary.name}</span>
                  <span className="card-meta">
                    <StatusBadge status={p.status} />
                    <span className="small">{categoryName(policy, p.category, lang)}</span>
                  </span>
                  <span className="card-meta small">
                    <Money value={p.approvedVnd ?? p.requestedVnd} />
                    <span className="muted">
                      <AreaName province={p.beneficiary.province} commune={p.beneficiary.commune} />
                    </span>
                    {p.meanScore !== null ? <span className="muted">{t('board.score', { score: formatScore(p.meanScore) })}</span> : null}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}

/** Whether the element is wider than its box, and whether it can still scroll further right. */
function useScrollsFurther(ref: { readonly current: HTMLElement | null }, content: unknown): { readonly overflows: boolean; readonly further: boolean } {
  const [overflows, setOverflows] = useState(false);
  const [further, setFurther] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const update = () => {
      setOverflows(element.scrollWidth > element.clientWidth + 4);
      setFurther(element.scrollLeft + element.clientWidth < element.scrollWidth - 4);
    };
    update();
    element.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    return () => {
      element.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, [ref, content]);
  return { overflows, further };
}
