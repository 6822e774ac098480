import type { ProjectStatus } from '@app/domain';
import { useMemo, useRef } from 'react';
import type { HistoryEvent } from '../../api/types';
import { useApp } from '../../app-context';
import { StatusBadge } from '../../components/ui';
import { foldToVersion, type StateSummary, summarise } from '../../domain/time-travel';
import { formatVnd } from '../../format';
import { useAsync, useDebounced } from '../../hooks';
import { useI18n } from '../../i18n/i18n';

/** A slider over the project's versions and the state at the chosen one, from `/state` or folded in the browser. */
export function TimeTravel(props: { readonly projectId: string; readonly events: readonly HistoryEvent[]; readonly version: number; readonly onVersion: (v: number) => void }) {
  const { t } = useI18n();
  const { api } = useApp();
  const total = props.events.length;
  const settled = useDebounced(props.version, 150);
  // `/state` belongs to the audit issue; once it answers 404 the browser folds the history itself.
  const absent = useRef(false);
  const server = useAsync(async () => {
    if (absent.current) return undefined;
    const answer = await api.optional<unknown>(`/projects/${encodeURIComponent(props.projectId)}/state`, { version: settled }).catch(() => undefined);
    if (answer === undefined) absent.current = true;
    return answer;
  }, [props.projectId, settled, total]);
  const local = useMemo(() => summarise(foldToVersion(props.events, props.version)), [props.events, props.version]);
  const fromServer = settled === props.version && !server.loading ? serverSummary(server.data) : undefined;
  const serverChain = fromServer ? (server.data as { integrity?: { chainVerified?: boolean } }).integrity?.chainVerified : undefined;
  const summary: StateSummary = fromServer ?? local;
  return (
    <div className="time-travel" data-travel-version={props.version}>
      <label htmlFor="travel" className="travel-label">
        {props.version === total ? `${t('project.travel', { version: props.version, total })} · ${t('project.travelLatest')}` : t('project.travel', { version: props.version, total })}
      </label>
      <input id="travel" name="travel" type="range" min={1} max={Math.max(total, 1)} step={1} value={props.version} onChange={(e) => props.onVersion(Number(e.target.value))} />
      <div className="travel-state" data-travel-status={summary.status}>
        <p>
          <strong>{t('project.travelState', { version: props.version })}:</strong> <StatusBadge status={summary.status as ProjectStatus | 'none'} />
        </p>
        <dl className="mini-facts">
          <dt>{t('project.amount.requestedVnd')}</dt>
          <dd>{formatVnd(summary.requestedVnd)}</dd>
          <dt>{t('project.amount.recommendedVnd')}</dt>
          <dd>{formatVnd(summary.recommendedVnd)}</dd>
          <dt>{t('project.amount.approvedVnd')}</dt>
          <dd>{formatVnd(summary.approvedVnd)}</dd>
          <dt>{t('project.amount.disbursedVnd')}</dt>
          <dd>{formatVnd(summary.disbursedVnd)}</dd>
          <dt>{t('project.scoreCount')}</dt>
          <dd>{summary.scoreCount}</dd>
          {summary.tranches.length > 0 ? (
            <>
              <dt>{t('project.tranches')}</dt>
              <dd>{summary.tranches.map((tr) => `${tr.no}: ${t(`trancheStatus.${tr.status}`)}`).join(' · ')}</dd>
            </>
          ) : null}
        </dl>
        <p className="muted small" data-travel-source={fromServer ? 'server' : 'browser'}>
          {fromServer ? t('project.travelByServer') : t('project.travelInBrowser')}
          {serverChain === true ? ` · ✓ ${t('project.stateChain')}` : ''}
        </p>
      </div>
    </div>
  );
}

/** The `/state` answer as a summary, when it has the shape of a project state; else undefined. */
function serverSummary(answer: unknown): StateSummary | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const candidate = 'state' in answer ? (answer as { state: unknown }).state : answer;
  if (typeof candidate !== 'object' || candidate === null || typeof (candidate as { status?: unknown }).status !== 'string') return undefined;
  try {
    return summarise(candidate as Parameters<typeof summarise>[0]);
  } catch {
    return undefined;
  }
}
