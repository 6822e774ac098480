import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { DocumentList, HistoryEvent, Programme, ProjectDetail, ProjectHistory } from '../../api/types';
import { useApp } from '../../app-context';
import { ErrorNotice, Loading, StatusBadge } from '../../components/ui';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { usePolicyState } from '../../policies';
import { Link, useLocation } from '../../router';
import { ActionsPanel } from './actions-panel';
import { Amendments } from './amendments';
import { Amounts } from './amounts';
import { Appraisal } from './appraisal';
import { ChainBadge } from './chain-badge';
import { Dossier } from './dossier';
import { OpenWork } from './open-work';
import { Summary } from './summary';
import { Timeline } from './timeline';
import { Tranches } from './tranches';

/** The events of the project's own stream (the history also carries its reminders' stream). */
function ownEvents(projectId: string, items: readonly HistoryEvent[]): HistoryEvent[] {
  return items.filter((e) => e.streamId === undefined || e.streamId === `project-${projectId}`);
}

/** A project: summary, amounts, appraisal, tranches, dossier, the actions of the signed-in role, the timeline. */
export function ProjectPage({ id }: { readonly id: string }) {
  const { t } = useI18n();
  const { api, epoch } = useApp();
  const { query } = useLocation();
  const [minPosition, setMinPosition] = useState<number | undefined>(() => {
    const p = Number(query.get('p'));
    return Number.isInteger(p) && p > 0 ? p : undefined;
  });
  const [notice, setNotice] = useState<string>();
  const detail = useAsync(() => api.get<ProjectDetail>(`/projects/${encodeURIComponent(id)}`, { minPosition }), [id, minPosition, epoch]);
  const project = detail.data;
  const history = useAsync(() => api.get<ProjectHistory>(`/projects/${encodeURIComponent(id)}/history`), [id, project?.version, epoch]);
  // The dossier answers 404 on an engine without it; the panel then says it is not available.
  const documents = useAsync(() => api.optional<DocumentList>(`/projects/${encodeURIComponent(id)}/documents`), [id, project?.version, epoch]);
  const policyState = usePolicyState(project?.policy);
  const policy = policyState.policy;
  const programme = useAsync(
    () => (project ? api.get<Programme>(`/programmes/${encodeURIComponent(project.programmeId)}`) : Promise.resolve(undefined)),
    [project?.programmeId, epoch],
  );

  /** After a write: wait for the read model to reach its position, then show the project again. */
  const afterWrite = (position: number, message: string) => {
    setNotice(message);
    if (position === minPosition) detail.reload();
    else setMinPosition(position);
  };

  /*
   * After a 412 the read model may still be catching up with someone else's write; the history
   * comes straight from the log, so its last position is the one to wait for.
   */
  const reloadFresh = async () => {
    setNotice(undefined);
    try {
      const fresh = await api.get<ProjectHistory>(`/projects/${encodeURIComponent(id)}/history`);
      const last = fresh.items[fresh.items.length - 1];
      if (last && last.position !== minPosition) setMinPosition(last.position);
      else detail.reload();
    } catch {
      detail.reload();
    }
  };

  /** After a dossier write: its list and checklist now, the project (whose version it moved) once read back. */
  const afterDocument = (item: { position: number }, message: string) => {
    documents.reload();
    afterWrite(item.position, message);
  };

  if (detail.error && !project) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <div className="page">
        <Link to="/board">{t('project.back')}</Link>
        {missing ? <p className="notice notice-error">{t('project.notFound')}</p> : <ErrorNotice error={detail.error} onRetry={detail.reload} />}
      </div>
    );
  }
  if (!project) return <Loading onRetry={detail.reload} />;
  const projectEvents = history.data ? ownEvents(id, history.data.items) : undefined;

  return (
    <div className="page project-page" data-version={project.version} data-status={project.status}>
      <Link to="/board" className="back">
        {t('project.back')}
      </Link>
      <header className="project-head">
        <h1>{project.title}</h1>
        <div className="head-meta">
          <StatusBadge status={project.status} />
          <span className="muted">{t('project.version', { version: project.version })}</span>
          <ChainBadge projectId={id} events={history.data?.items} />
        </div>
      </header>
      {notice ? (
        <p className="notice notice-success" role="status">
          {notice}
        </p>
      ) : null}
      {detail.error ? <ErrorNotice error={detail.error} onRetry={detail.reload} /> : null}
      <div className="project-grid">
        <div className="project-main">
          {policy ? <ActionsPanel project={project} policy={policy} documents={documents.data?.items} onDone={afterWrite} onStale={reloadFresh} /> : policyState.error ? <ErrorNotice error={policyState.error} onRetry={policyState.retry} /> : <Loading onRetry={policyState.retry} />}
          <Summary project={project} policy={policy} programme={programme.data} />
          <Amounts project={project} />
          <Appraisal project={project} policy={policy} />
          <Tranches project={project} onPaid={afterWrite} />
          <Dossier projectId={id} policy={policy} list={documents.data} error={documents.error} loaded={!documents.loading || documents.data !== undefined} onRetry={documents.reload} onWritten={afterDocument} />
          {project.amendments.length > 0 ? <Amendments project={project} /> : null}
          {project.reminders && project.reminders.length > 0 ? <OpenWork project={project} /> : null}
        </div>
        <div className="project-side">
          {history.data && projectEvents ? (
            <Timeline projectId={id} events={projectEvents} all={history.data.items} />
          ) : history.error ? (
            <ErrorNotice error={history.error} onRetry={history.reload} />
          ) : (
            <Loading onRetry={history.reload} />
          )}
        </div>
      </div>
    </div>
  );
}
