import type { ProjectStatus } from '@app/domain';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import type { ChainVerification, CommandResult, HistoryEvent, Policy, Programme, ProjectDetail, ProjectHistory } from '../api/types';
import { useApp } from '../app-context';
import { type ChainCheck, verifyStreamChain } from '../chain';
import { FormCard } from '../components/form-card';
import { ErrorNotice, Loading, Money, Section, StatusBadge } from '../components/ui';
import type { ActionContext } from '../domain/action-spec';
import { availableActions, type AvailableAction, payableOrders } from '../domain/availability';
import { checkDraft, DRAFT_FIELDS, type DraftContext, draftBody } from '../domain/drafts';
import { foldToVersion, type StateSummary, summarise } from '../domain/time-travel';
import { formatDate, formatInstant, formatMonth, formatScore, formatVnd, vietnamDate } from '../format';
import { type FormValues, toBody } from '../forms';
import { useAsync, useDebounced } from '../hooks';
import { hasMessage, type Params, useI18n } from '../i18n/i18n';
import { categoryName, criterionName, usePolicy } from '../policies';
import { Link, useLocation } from '../router';

/** The events of the project's own stream (the history also carries its reminders' stream). */
function ownEvents(projectId: string, items: readonly HistoryEvent[]): HistoryEvent[] {
  return items.filter((e) => e.streamId === undefined || e.streamId === `project-${projectId}`);
}

/** A project: summary, amounts, appraisal, tranches, the actions of the signed-in role, the timeline. */
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
  const policy = usePolicy(project?.policy);
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

  if (detail.error && !project) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <div className="page">
        <Link to="/board">{t('project.back')}</Link>
        {missing ? <p className="notice notice-error">{t('project.notFound')}</p> : <ErrorNotice error={detail.error} />}
      </div>
    );
  }
  if (!project) return <Loading />;
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
      {detail.error ? <ErrorNotice error={detail.error} /> : null}
      <div className="project-grid">
        <div className="project-main">
          {policy ? <ActionsPanel project={project} policy={policy} onDone={afterWrite} onStale={reloadFresh} /> : <Loading />}
          <Summary project={project} policy={policy} programme={programme.data} />
          <Amounts project={project} />
          <Appraisal project={project} policy={policy} />
          <Tranches project={project} onPaid={afterWrite} />
          {project.amendments.length > 0 ? <Amendments project={project} /> : null}
          {project.reminders && project.reminders.length > 0 ? <OpenWork project={project} /> : null}
        </div>
        <div className="project-side">
          {history.data && projectEvents ? (
            <Timeline projectId={id} events={projectEvents} all={history.data.items} />
          ) : history.error ? (
            <ErrorNotice error={history.error} />
          ) : (
            <Loading />
          )}
        </div>
      </div>
    </div>
  );
}

function ActionsPanel(props: { readonly project: ProjectDetail; readonly policy: Policy; readonly onDone: (position: number, message: string) => void; readonly onStale: () => void }) {
  const { t, lang } = useI18n();
  const { api, session, people, personName } = useApp();
  const [open, setOpen] = useState<string>();
  const { project, policy } = props;
  const user = session?.user;
  const actions = useMemo(() => (user ? availableActions(project, policy, user) : []), [project, policy, user]);
  if (!user) return null;

  const keyOf = (a: AvailableAction) => `${a.spec.command}${a.target.trancheNo ?? a.target.amendmentNo ?? ''}`;
  const labelOf = (a: AvailableAction) => t(`command.${a.spec.command}`, { no: a.target.trancheNo ?? a.target.amendmentNo ?? '' });
  const optionLabel = (field: string, value: string): string => {
    if (field === 'category') return categoryName(policy, value, lang);
    if (field === 'beneficiary.kind') return t(`beneficiaryKind.${value}`);
    if (field === 'kind') return t(`amendmentKind.${value}`);
    return value;
  };
  const send = async (a: AvailableAction, body: Record<string, unknown>) => {
    const path = a.spec.path(a.target);
    const result = await api.send<CommandResult>(a.spec.method, `/projects/${encodeURIComponent(project.id)}${path ? `/${path}` : ''}`, body, { ifMatch: project.version });
    setOpen(undefined);
    props.onDone(result.position, t('project.recorded', { action: labelOf(a) }));
  };
  const current = actions.find((a) => keyOf(a) === open);
  const today = vietnamDate(new Date());

  return (
    <Section title={t('project.actions')} id="actions">
      <p className="muted small">
        {t('project.actionsFor', { policy: `${policy.id} v${policy.version}`, roles: user.roles.map((r) => t(`role.${r}`)).join(', ') })}
      </p>
      {actions.length === 0 ? <p className="muted">{t('project.noActions')}</p> : null}
      <div className="action-buttons">
        {actions.map((a) => (
          <div key={keyOf(a)} className="action">
            <button
              type="button"
              data-action={keyOf(a)}
              className={`button ${a.spec.tone === 'primary' ? 'button-primary' : a.spec.tone === 'danger' ? 'button-danger-outline' : ''}`}
              disabled={a.blocked !== undefined}
              aria-expanded={open === keyOf(a)}
              onClick={() => setOpen(open === keyOf(a) ? undefined : keyOf(a))}
            >
              {labelOf(a)}
            </button>
            {a.blocked ? <span className="muted small blocked">{t(a.blocked.key, a.blocked.params)}</span> : null}
          </div>
        ))}
      </div>
      {current && current.spec.command === 'UpdateProjectDraft' ? (
        <FormCard<DraftContext>
          key={keyOf(current)}
          id={keyOf(current)}
          title={labelOf(current)}
          fields={DRAFT_FIELDS}
          context={{ policy, programme: undefined, project, today }}
          check={checkDraft}
          submitLabel={t('form.save')}
          submit={(values: FormValues) => send(current, draftBody(values))}
          onCancel={() => setOpen(undefined)}
          onStaleReload={props.onStale}
          optionLabel={optionLabel}
          tone="neutral"
        />
      ) : current ? (
        <FormCard<ActionContext>
          key={keyOf(current)}
          id={keyOf(current)}
          title={labelOf(current)}
          fields={current.spec.fields}
          context={{ project, policy, target: current.target, today, user, people }}
          check={(values) => current.spec.check?.(toBody(current.spec.fields, values), { project, policy, target: current.target, today, user, people }) ?? {}}
          submitLabel={labelOf(current)}
          submit={(values) => send(current, toBody(current.spec.fields, values))}
          onCancel={() => setOpen(undefined)}
          onStaleReload={props.onStale}
          optionLabel={optionLabel}
          criterionLabel={(code) => criterionName(policy, code, lang)}
          tone={current.spec.tone}
        />
      ) : null}
      {project.appraisal.current && project.status === 'in_appraisal' ? (
        <p className="muted small">
          {t('project.panel')}: {project.appraisal.current.panel.map(personName).join(', ')}
        </p>
      ) : null}
    </Section>
  );
}

function Summary({ project, policy, programme }: { readonly project: ProjectDetail; readonly policy: Policy | undefined; readonly programme: Programme | undefined }) {
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

const AMOUNT_KEYS = ['totalCostVnd', 'counterpartVnd', 'requestedVnd', 'recommendedVnd', 'approvedVnd', 'contractVnd', 'disbursedVnd', 'refundDemandedVnd', 'refundedVnd'] as const;

function Amounts({ project }: { readonly project: ProjectDetail }) {
  const { t } = useI18n();
  return (
    <Section title={t('project.amounts')} id="amounts">
      <dl className="amounts">
        {AMOUNT_KEYS.filter((k) => !(k.startsWith('refund') && project.amounts[k] === 0)).map((k) => (
          <div key={k} className="amount" data-amount={k}>
            <dt>{t(`project.amount.${k}`)}</dt>
            <dd>
              <Money value={project.amounts[k]} />
            </dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}

function Appraisal({ project, policy }: { readonly project: ProjectDetail; readonly policy: Policy | undefined }) {
  const { t, lang } = useI18n();
  const { personName } = useApp();
  const criteria = policy?.appraisal.criteria ?? [];
  return (
    <Section
      title={t('project.appraisal')}
      id="appraisal"
      aside={policy ? <span className="muted small">{t('project.passMark', { mark: formatScore(policy.appraisal.passMark) })}</span> : null}
    >
      {project.appraisal.levels.length === 0 ? <p className="muted">{t('project.noAppraisal')}</p> : null}
      {project.appraisal.levels.map((level, index) => (
        <div key={`${level.level}-${index}`} className="appraisal-level">
          <h3>
            {t('project.level', { level: hasMessage(`level.${level.level}`) ? t(`level.${level.level}`) : level.level })}
            {level.outcome ? <span className={`badge tone-${level.outcome === 'not_recommended' ? 'danger' : 'success'}`}>{t(`project.outcome.${level.outcome}`)}</span> : null}
          </h3>
          <p className="muted small">
            {t('project.panel')}: {level.panel.map(personName).join(', ')} · {formatInstant(level.openedAt)}
          </p>
          <div className="table-scroll">
            <table className="scores-table">
              <thead>
                <tr>
                  <th scope="col">{t('project.appraiser')}</th>
                  {criteria.map((c) => (
                    <th scope="col" key={c.code} title={lang === 'vi' ? c.nameVi : c.nameEn}>
                      {c.code} <span className="muted small">({c.weight}%)</span>
                    </th>
                  ))}
                  <th scope="col">{t('project.weighted')}</th>
                </tr>
              </thead>
              <tbody>
                {level.scores.map((s) => (
                  <tr key={s.appraiserId} data-appraiser={s.appraiserId}>
                    <th scope="row">
                      {personName(s.appraiserId)}
                      {s.comment ? <span className="muted small block">“{s.comment}”</span> : null}
                    </th>
                    {criteria.map((c) => (
                      <td key={c.code}>{formatScore(s.scores[c.code])}</td>
                    ))}
                    <td>
                      <strong>{formatScore(s.weightedScore)}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
              {level.meanScore !== undefined || level.scores.length > 0 ? (
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={criteria.length + 1}>
                      {t('project.mean')}
                    </th>
                    <td>
                      <strong data-mean>{formatScore(level.meanScore ?? mean(level.scores.map((s) => s.weightedScore)))}</strong>
                    </td>
                  </tr>
                </tfoot>
              ) : null}
            </table>
          </div>
          <h4>{t('project.conflicts')}</h4>
          {level.conflicts.length === 0 ? (
            <p className="muted small">{t('project.noConflicts')}</p>
          ) : (
            <ul className="conflicts">
              {level.conflicts.map((c) => (
                <li key={c.appraiserId} data-conflict={c.appraiserId}>
                  <strong>{personName(c.appraiserId)}</strong>: {c.note} <span className="muted small">({formatInstant(c.at)})</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </Section>
  );
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function Tranches({ project, onPaid }: { readonly project: ProjectDetail; readonly onPaid: (position: number, message: string) => void }) {
  const { t } = useI18n();
  const { api, devAvailable } = useApp();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const payable = devAvailable ? payableOrders(project) : [];
  const pay = async (order: { paymentOrderNo: string; amountVnd: number }) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const answer = await api.send<{ position?: number }>('POST', '/console/dev/treasury-payments', { paymentOrderNo: order.paymentOrderNo, amountVnd: order.amountVnd });
      onPaid(answer.position ?? project.position, t('project.paymentRecorded', { order: order.paymentOrderNo }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={t('project.tranches')} id="tranches">
      {project.contract ? (
        <p className="muted small">
          {project.contract.contractNo} · {formatDate(project.contract.signedOn)}
          {project.contract.progress.length > 0
            ? ` · ${formatMonth(project.contract.progress[project.contract.progress.length - 1]?.period ?? '')}: ${project.contract.progress[project.contract.progress.length - 1]?.percentComplete ?? 0}%`
            : ''}
        </p>
      ) : null}
      {project.tranches.length === 0 ? (
        <p className="muted">{t('project.noTranches')}</p>
      ) : (
        <div className="table-scroll">
          <table className="tranches-table">
            <thead>
              <tr>
                <th scope="col">{t('project.tranche.no')}</th>
                <th scope="col">{t('project.tranche.kind')}</th>
                <th scope="col">{t('project.tranche.scheduled')}</th>
                <th scope="col">{t('project.tranche.status')}</th>
                <th scope="col">{t('project.tranche.order')}</th>
                <th scope="col">{t('project.tranche.paid')}</th>
              </tr>
            </thead>
            <tbody>
              {project.tranches.map((tr) => (
                <tr key={tr.no} data-tranche={tr.no} data-tranche-status={tr.status}>
                  <td>{tr.no}</td>
                  <td>{t(`trancheKind.${tr.kind}`)}</td>
                  <td>
                    <Money value={tr.scheduledVnd} />
                  </td>
                  <td>
                    <span className={`badge tone-${tr.status === 'paid' ? 'success' : tr.status === 'rejected' || tr.status === 'failed' ? 'danger' : 'info'}`}>{t(`trancheStatus.${tr.status}`)}</span>
                  </td>
                  <td>{tr.paymentOrderNo ?? '—'}</td>
                  <td>
                    <Money value={tr.paidVnd} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {payable.length > 0 ? (
        <div className="dev-box">
          <p className="muted small">
            <span className="badge tone-warning">{t('app.devOnly')}</span> {t('project.simulatePaymentHint')}
          </p>
          {payable.map((order) => (
            <button key={order.paymentOrderNo} type="button" className="button" data-simulate-payment={order.paymentOrderNo} disabled={busy} onClick={() => void pay(order)}>
              {t('project.simulatePayment', { order: order.paymentOrderNo })} ({formatVnd(order.amountVnd)})
            </button>
          ))}
          {failure ? <ErrorNotice error={failure} /> : null}
        </div>
      ) : null}
    </Section>
  );
}

function Amendments({ project }: { readonly project: ProjectDetail }) {
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
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function ChainBadge({ projectId, events }: { readonly projectId: string; readonly events: readonly HistoryEvent[] | undefined }) {
  const { t } = useI18n();
  const { api, session, epoch } = useApp();
  const [check, setCheck] = useState<ChainCheck>();
  useEffect(() => {
    if (!events) return;
    let live = true;
    setCheck(undefined);
    // Each stream has its own chain (ADR 2): the project's, and its reminders' when the history carries them.
    const streams = new Map<string, HistoryEvent[]>();
    for (const e of events) {
      const stream = e.streamId ?? `project-${projectId}`;
      streams.set(stream, [...(streams.get(stream) ?? []), e]);
    }
    Promise.all([...streams].map(([stream, list]) => verifyStreamChain(stream, list))).then(
      (results) => {
        if (!live) return;
        const bad = results.find((r) => 'unsupported' in r || !r.ok);
        setCheck(bad ?? { ok: true, count: events.length });
      },
      () => live && setCheck({ unsupported: true }),
    );
    return () => {
      live = false;
    };
  }, [projectId, events]);
  // The whole-log verification is the audit issue's route, for auditors and administrators.
  const mayAudit = session?.user.roles.some((r) => r === 'auditor' || r === 'admin') ?? false;
  const audit = useAsync(
    () => (mayAudit ? api.optional<ChainVerification>('/audit/verify').then((r) => r ?? ('unavailable' as const)) : Promise.resolve(undefined)),
    [mayAudit, epoch, events?.length],
  );
  return (
    <span className="chain" data-chain={check && 'ok' in check ? (check.ok ? 'ok' : 'broken') : 'pending'}>
      {!check ? (
        <span className="badge tone-neutral">{t('chain.streamChecking')}</span>
      ) : 'unsupported' in check ? (
        <span className="badge tone-neutral">{t('chain.streamUnsupported')}</span>
      ) : check.ok ? (
        <span className="badge tone-success">✓ {t('chain.streamOk', { count: check.count })}</span>
      ) : (
        <span className="badge tone-danger">✗ {t('chain.streamBroken', { version: check.version })}</span>
      )}
      {audit.data === 'unavailable' ? (
        <span className="badge tone-neutral" data-audit="unavailable">
          {t('chain.logUnavailable')}
        </span>
      ) : audit.data ? (
        <span className={`badge tone-${audit.data.ok ? 'success' : 'danger'}`} data-audit={audit.data.ok ? 'ok' : 'broken'}>
          {audit.data.ok ? t('chain.logOk', { count: audit.data.checkedEvents }) : t('chain.logBroken', { position: audit.data.firstBrokenPosition ?? '?' })}
        </span>
      ) : null}
    </span>
  );
}

/** Facts of an event worth a line in the timeline, by the data keys they come from. */
const FACT_FIELDS: readonly { readonly key: string; readonly label: string; readonly money?: boolean }[] = [
  { key: 'reason', label: 'field.reason' },
  { key: 'note', label: 'field.note' },
  { key: 'decisionNo', label: 'field.decisionNo' },
  { key: 'approvedSupportVnd', label: 'field.approvedSupportVnd', money: true },
  { key: 'recommendedSupportVnd', label: 'field.recommendedSupportVnd', money: true },
  { key: 'contractNo', label: 'field.contractNo' },
  { key: 'contractVnd', label: 'project.amount.contractVnd', money: true },
  { key: 'paymentOrderNo', label: 'field.paymentOrderNo' },
  { key: 'amountVnd', label: 'field.amountVnd', money: true },
  { key: 'weightedScore', label: 'project.weighted' },
  { key: 'meanScore', label: 'project.mean' },
  { key: 'percentComplete', label: 'field.percentComplete' },
  { key: 'minutesRef', label: 'field.minutesRef' },
];

function facts(data: unknown, t: (key: string, params?: Params) => string): string[] {
  if (typeof data !== 'object' || data === null) return [];
  const record = data as Record<string, unknown>;
  const out: string[] = [];
  for (const f of FACT_FIELDS) {
    const value = record[f.key];
    if (typeof value === 'number') out.push(`${t(f.label)}: ${f.money ? formatVnd(value) : formatScore(value)}`);
    else if (typeof value === 'string') out.push(`${t(f.label)}: ${value}`);
  }
  return out;
}

function Timeline({ projectId, events, all }: { readonly projectId: string; readonly events: readonly HistoryEvent[]; readonly all: readonly HistoryEvent[] }) {
  const { t } = useI18n();
  const { personName } = useApp();
  const total = events.length;
  const [chosen, setChosen] = useState<number>();
  const version = chosen !== undefined && chosen <= total ? chosen : total;
  // Reminder events sit between project events by log position: those after the next version are in the future too.
  const nextPosition = events.find((e) => e.version === version + 1)?.position ?? Number.MAX_SAFE_INTEGER;
  return (
    <Section title={t('project.timeline')} id="timeline">
      <p className="muted small">{t('project.timelineHint')}</p>
      <TimeTravel projectId={projectId} events={events} version={version} onVersion={(v) => setChosen(v >= total ? undefined : v)} />
      <ol className="timeline">
        {all.map((e) => {
          if (e.streamId !== undefined && e.streamId !== `project-${projectId}`) {
            return <ReminderItem key={`${e.streamId}-${e.version}`} event={e} future={e.position > nextPosition} />;
          }
          const actor = e.metadata.actor;
          const who = actor ? (actor.id === 'finance-system' ? t('role.finance-system') : personName(actor.id)) : '—';
          const roles = actor?.roles?.map((r) => t(`role.${r}`)).join(', ');
          return (
            <li key={e.version} data-version={e.version} data-type={e.type} className={e.version > version ? 'future' : e.version === version ? 'current' : ''}>
              <button type="button" className="version-chip" onClick={() => setChosen(e.version >= total ? undefined : e.version)} aria-label={t('project.travel', { version: e.version, total })}>
                v{e.version}
              </button>
              <div className="event-body">
                <div>
                  <strong>{t(`event.${e.type}`)}</strong>
                </div>
                <div className="muted small">
                  {formatInstant(e.metadata.occurredAt ?? e.recordedAt)} · {t('project.by', { actor: who })}
                  {roles ? ` (${roles})` : ''}
                  {e.metadata.policy ? ` · ${t('project.policyAt', { policy: `${e.metadata.policy.id} v${e.metadata.policy.version}` })}` : ''}
                </div>
                {facts(e.data, t).length > 0 ? <div className="small">{facts(e.data, t).join(' · ')}</div> : null}
                <details className="small">
                  <summary>{t('project.details')}</summary>
                  <p className="mono">{t('project.hash', { hash: e.hash.slice(0, 16) })}… · #{e.position}</p>
                  <pre>{JSON.stringify(e.data, null, 2)}</pre>
                </details>
              </div>
            </li>
          );
        })}
      </ol>
    </Section>
  );
}

/** A reminder event in the timeline: what work, for whom, due when. */
function ReminderItem({ event, future }: { readonly event: HistoryEvent; readonly future: boolean }) {
  const { t } = useI18n();
  const { personName } = useApp();
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as { kind?: string; dueAt?: string; assignees?: readonly string[]; channel?: string };
  const who = (data.assignees ?? []).map((a) => (a.startsWith('role:') ? t(`role.${a.slice(5)}`) : personName(a))).join(', ');
  return (
    <li className={`reminder-event${future ? ' future' : ''}`} data-type={event.type} data-reminder-event={event.type}>
      <span className="reminder-dot" aria-hidden="true" />
      <div className="event-body small">
        <div>
          {t(`event.${event.type}`)}
          {data.kind ? `: ${t(`reminder.${data.kind}`)}` : ''}
        </div>
        <div className="muted">
          {formatInstant(event.metadata.occurredAt ?? event.recordedAt)}
          {data.dueAt ? ` · ${t('reminders.due', { date: formatInstant(data.dueAt) })}` : ''}
          {who ? ` · ${t('project.reminderFor', { who })}` : ''}
          {data.channel ? ` · ${data.channel}` : ''}
        </div>
      </div>
    </li>
  );
}

/** The project's open due work (the detail carries it once the reminders issue has landed). */
function OpenWork({ project }: { readonly project: ProjectDetail }) {
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

function TimeTravel(props: { readonly projectId: string; readonly events: readonly HistoryEvent[]; readonly version: number; readonly onVersion: (v: number) => void }) {
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
