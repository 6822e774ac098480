import { planApprovalAuthority, PLAN_ROLES } from '@app/domain';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import type { CommandResult, Plan, PlanStatus, Programme, ProjectListItem, ProjectPage } from '../api/types';
import { useApp } from '../app-context';
import { ErrorNotice, fieldErrors, focusFirstInvalid, FormActions, Loading, Money, Section, TableScroll } from '../components/ui';
import { authorityBlock } from '../domain/authority';
import { money } from '../domain/form-values';
import { formatDate, formatInstant, parseDate, parseVnd, vietnamDate } from '../format';
import { useAsync } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { usePolicy } from '../policies';
import { Link } from '../router';

/*
 * The annual plans of a programme (kế hoạch khuyến công, docs/plans.md): officers and admins draft
 * a plan of recommended projects and submit it, an approver whose authority covers the policy's
 * plan-approval level approves it by one decision.
 */

const PLAN_TONE: Readonly<Record<PlanStatus, string>> = { draft: 'neutral', submitted: 'info', approved: 'success' };

/**
 * A refusal that names projects by id (`details.projectIds`) with their titles instead, when the
 * page knows them; anything else as it came.
 */
function namingProjects(error: unknown, titles: ReadonlyMap<string, string>): unknown {
  if (!(error instanceof ApiError)) return error;
  const ids = error.problem.details?.projectIds;
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) return error;
  return new ApiError({ ...error.problem, details: { ...error.problem.details, projectIds: ids.map((id) => titles.get(id) ?? id) } });
}

/** A plan's status as a badge. */
function PlanBadge({ status }: { readonly status: PlanStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge tone-${PLAN_TONE[status]}`} data-plan-status={status}>
      {t(`planStatus.${status}`)}
    </span>
  );
}

/** The plans page of a programme. */
export function PlansPage({ programmeId }: { readonly programmeId: string }) {
  const { t } = useI18n();
  const { api, epoch, session } = useApp();
  const [minPosition, setMinPosition] = useState<number>();
  const [notice, setNotice] = useState<string>();
  const programme = useAsync(() => api.get<Programme>(`/programmes/${encodeURIComponent(programmeId)}`), [programmeId, epoch]);
  const plans = useAsync(() => api.get<{ items: Plan[] }>(`/programmes/${encodeURIComponent(programmeId)}/plans`).then((r) => r.items), [programmeId, epoch, minPosition]);
  const user = session?.user;
  const drafter = user?.roles.some((r) => PLAN_ROLES.CreatePlan.includes(r)) ?? false;
  const projects = useAsync(
    () =>
      drafter
        ? api.get<ProjectPage>('/projects', { programmeId, status: 'recommended', limit: 100, minPosition }).then((r) => r.items)
        : Promise.resolve<ProjectListItem[]>([]),
    [programmeId, epoch, drafter, minPosition],
  );
  // Every project of the programme, to name the projects of the plans (a bound officer sees those of its areas).
  const named = useAsync(() => api.get<ProjectPage>('/projects', { programmeId, limit: 100, minPosition }).then((r) => r.items), [programmeId, epoch, minPosition]);
  const policy = usePolicy(programme.data?.policy);

  if (programme.error) return <ErrorNotice error={programme.error} onRetry={programme.reload} />;
  if (!programme.data || !user) return <Loading onRetry={programme.reload} />;
  const written = (result: CommandResult, message: string) => {
    setNotice(message);
    setMinPosition(result.position);
  };
  const titles = new Map([...(named.data ?? []), ...(projects.data ?? [])].map((p) => [p.id, p.title]));

  return (
    <div className="page plans-page" data-programme={programmeId}>
      <p>
        <Link to={`/dashboard?programme=${encodeURIComponent(programmeId)}`}>{t('plans.back')}</Link>
      </p>
      <div className="page-head">
        <h1>{t('plans.title')}</h1>
      </div>
      <p className="muted">{programme.data.name}</p>
      {notice ? (
        <p className="notice notice-success" role="status">
          {notice}
        </p>
      ) : null}
      <Section title={t('plans.list')} id="plans">
        {plans.error ? <ErrorNotice error={plans.error} onRetry={plans.reload} /> : null}
        {!plans.data && !plans.error ? <Loading onRetry={plans.reload} /> : null}
        {plans.data?.length === 0 ? <p className="muted">{t('plans.empty')}</p> : null}
        {plans.data?.map((plan) => (
          <PlanCard key={plan.planId} plan={plan} titles={titles} requiredAuthority={policy ? planApprovalAuthority(policy) : undefined} onWritten={written} />
        ))}
      </Section>
      {drafter ? (
        <NewPlanForm
          programme={programme.data}
          planned={new Map((plans.data ?? []).filter((p) => p.status !== 'approved').flatMap((p) => p.items.map((i) => [i.projectId, p.title] as const)))}
          projects={projects.data}
          error={projects.error}
          onWritten={(result) => written(result, t('plans.created'))}
        />
      ) : null}
    </div>
  );
}

/** One plan: its projects and total, and the step the signed-in person may take on it. */
function PlanCard(props: {
  readonly plan: Plan;
  readonly titles: ReadonlyMap<string, string>;
  readonly requiredAuthority: string | undefined;
  readonly onWritten: (result: CommandResult, message: string) => void;
}) {
  const { t } = useI18n();
  const { api, session, personName } = useApp();
  const { plan } = props;
  const [failure, setFailure] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const roles = session?.user.roles ?? [];
  const path = `/programmes/${encodeURIComponent(plan.programmeId)}/plans/${encodeURIComponent(plan.planId)}`;
  const submit = async () => {
    setFailure(undefined);
    setSending(true);
    try {
      props.onWritten(await api.send<CommandResult>('POST', `${path}/submit`, {}), t('plans.submitted'));
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  };
  return (
    <article className="card plan-card" data-plan={plan.planId} data-plan-status={plan.status}>
      <header className="card-head">
        <h3>{plan.title}</h3>
        <PlanBadge status={plan.status} />
      </header>
      <p className="muted small">
        {t('plans.createdBy', { who: personName(plan.createdBy), at: formatInstant(plan.createdAt) })}
        {plan.decision ? ` · ${t('plans.decision', { decisionNo: plan.decision.decisionNo, date: formatDate(plan.decision.decidedOn) })}` : ''}
      </p>
      <TableScroll label={plan.title}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('plans.project')}</th>
              <th scope="col">{t('field.approvedSupportVnd')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.items.map((item) => (
              <tr key={item.projectId} data-project={item.projectId}>
                <td>
                  <Link to={`/projects/${encodeURIComponent(item.projectId)}`}>{props.titles.get(item.projectId) ?? item.projectId}</Link>
                </td>
                <td>
                  <Money value={item.approvedSupportVnd} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('plans.total', { count: plan.items.length })}</th>
              <td data-plan-total={plan.totalVnd}>
                <Money value={plan.totalVnd} />
              </td>
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      {plan.status === 'draft' && roles.some((r) => PLAN_ROLES.SubmitPlan.includes(r)) ? (
        <div className="form-actions">
          <button type="button" className="button button-primary" data-action="SubmitPlan" disabled={sending} onClick={submit}>
            {sending ? t('form.sending') : t('plans.submit')}
          </button>
        </div>
      ) : null}
      {plan.status === 'submitted' && roles.some((r) => PLAN_ROLES.ApprovePlan.includes(r)) ? (
        <ApprovalForm path={path} requiredAuthority={props.requiredAuthority} titles={props.titles} onWritten={props.onWritten} />
      ) : null}
      {failure ? <ErrorNotice error={namingProjects(failure, props.titles)} /> : null}
    </article>
  );
}

/** The approver's decision on a submitted plan, offered only to one whose authority covers the policy's level. */
function ApprovalForm(props: {
  readonly path: string;
  readonly requiredAuthority: string | undefined;
  readonly titles: ReadonlyMap<string, string>;
  readonly onWritten: (result: CommandResult, message: string) => void;
}) {
  const { t } = useI18n();
  const { api, session } = useApp();
  const [decisionNo, setDecisionNo] = useState('');
  const [decidedOn, setDecidedOn] = useState(() => formatDate(vietnamDate(new Date())));
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [failure, setFailure] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const blocked = session && props.requiredAuthority ? authorityBlock(session.user, props.requiredAuthority) : undefined;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const date = parseDate(decidedOn);
    const found: Record<string, string> = {};
    if (decisionNo.trim() === '') found.decisionNo = t('error.required');
    if (!date) found.decidedOn = t('error.date');
    else if (date > vietnamDate(new Date())) found.decidedOn = t('error.future');
    setErrors(found);
    if (Object.keys(found).length > 0) focusFirstInvalid(event.currentTarget as HTMLFormElement);
    if (Object.keys(found).length > 0 || !date) return;
    setSending(true);
    try {
      props.onWritten(await api.send<CommandResult>('POST', `${props.path}/approval`, { decisionNo: decisionNo.trim(), decidedOn: date }), t('plans.approved'));
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  };
  const { error, described } = fieldErrors('plan', errors);
  return (
    <form className="form-card" data-form="ApprovePlan" onSubmit={onSubmit} noValidate aria-label={t('plans.approve')}>
      <div className="field">
        <label htmlFor="plan-decisionNo">{t('field.decisionNo')}</label>
        <input id="plan-decisionNo" name="decisionNo" required autoComplete="off" maxLength={100} value={decisionNo} disabled={blocked !== undefined} onChange={(e) => setDecisionNo(e.target.value)} {...described('decisionNo')} />
        {error('decisionNo')}
      </div>
      <div className="field">
        <label htmlFor="plan-decidedOn">{t('field.decidedOn')}</label>
        <input id="plan-decidedOn" name="decidedOn" required inputMode="decimal" placeholder="dd/mm/yyyy" autoComplete="off" value={decidedOn} disabled={blocked !== undefined} onChange={(e) => setDecidedOn(e.target.value)} {...described('decidedOn')} />
        {error('decidedOn')}
      </div>
      {failure ? <ErrorNotice error={namingProjects(failure, props.titles)} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={sending || blocked !== undefined}>
          {sending ? t('form.sending') : t('plans.approve')}
        </button>
        {blocked ? (
          <span className="muted small blocked" data-blocked="authority">
            {t(blocked.key, blocked.params)}
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** A row of the new plan: whether the project is in it and the support it approves, as typed. */
interface Row {
  readonly picked: boolean;
  readonly amount: string;
}

/** "Lập kế hoạch": recommended projects of the programme, each with the support the plan approves. */
function NewPlanForm(props: {
  readonly programme: Programme;
  readonly projects: readonly ProjectListItem[] | undefined;
  /** The projects already in a plan not yet approved, with its title. */
  readonly planned: ReadonlyMap<string, string>;
  readonly error: unknown;
  readonly onWritten: (result: CommandResult) => void;
}) {
  const { t } = useI18n();
  const { api } = useApp();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(() => t('plans.defaultTitle', { year: props.programme.year }));
  const [rows, setRows] = useState<Readonly<Record<string, Row>>>({});
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [failure, setFailure] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const projects = props.projects ?? [];
  // Each project starts unticked with its recommended support; a row once edited keeps what was typed.
  useEffect(() => {
    setRows((current) => Object.fromEntries(projects.map((p) => [p.id, current[p.id] ?? { picked: false, amount: p.recommendedVnd === null ? '' : money(p.recommendedVnd) }])));
  }, [props.projects]);

  if (!open) {
    return (
      <div className="form-actions">
        <button type="button" className="button button-primary" data-action="CreatePlan" onClick={() => setOpen(true)}>
          {t('plans.new')}
        </button>
      </div>
    );
  }
  const update = (id: string, change: Partial<Row>) => setRows((current) => ({ ...current, [id]: { ...(current[id] ?? { picked: false, amount: '' }), ...change } }));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const found: Record<string, string> = {};
    if (title.trim() === '') found.title = t('error.required');
    const items: { projectId: string; approvedSupportVnd: number }[] = [];
    for (const project of projects) {
      const row = rows[project.id];
      if (!row?.picked) continue;
      const amount = parseVnd(row.amount);
      if (amount === undefined) found[project.id] = t('error.vnd');
      else if (amount <= 0) found[project.id] = t('error.positive');
      else if (project.recommendedVnd !== null && amount > project.recommendedVnd) found[project.id] = t('error.atMost', { amount: project.recommendedVnd });
      else items.push({ projectId: project.id, approvedSupportVnd: amount });
    }
    if (items.length === 0 && Object.keys(found).every((k) => k === 'title')) found.items = t('plans.pickOne');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid(event.currentTarget as HTMLFormElement);
      return;
    }
    setSending(true);
    try {
      const result = await api.send<CommandResult>('POST', `/programmes/${encodeURIComponent(props.programme.id)}/plans`, { title: title.trim(), items });
      setOpen(false);
      setRows({});
      props.onWritten(result);
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  };
  const total = projects.reduce((sum, p) => (rows[p.id]?.picked ? sum + (parseVnd(rows[p.id]?.amount ?? '') ?? 0) : sum), 0);
  return (
    <form className="form-card" data-form="CreatePlan" onSubmit={onSubmit} noValidate aria-labelledby="new-plan-title">
      <h2 id="new-plan-title">{t('plans.new')}</h2>
      <div className="field">
        <label htmlFor="plan-title">{t('plans.planTitle')}</label>
        <input id="plan-title" name="title" required autoComplete="off" maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} aria-invalid={errors.title ? true : undefined} />
        {errors.title ? <p className="field-error">{errors.title}</p> : null}
      </div>
      {props.error ? <ErrorNotice error={props.error} /> : null}
      {props.projects && projects.length === 0 ? <p className="muted">{t('plans.noRecommended')}</p> : null}
      {projects.length > 0 ? (
        <fieldset className="field" data-field="items">
          <legend>{t('plans.pickProjects')}</legend>
          <TableScroll label={t('plans.pickProjects')}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('plans.project')}</th>
                  <th scope="col">{t('project.amount.recommendedVnd')}</th>
                  <th scope="col">{t('field.approvedSupportVnd')}</th>
                </tr>
              </thead>
              <tbody>
                {projects.map((p) => {
                  const row = rows[p.id] ?? { picked: false, amount: '' };
                  return (
                    <tr key={p.id} data-candidate={p.id}>
                      <td>
                        <label className="choice">
                          <input type="checkbox" name="projectId" value={p.id} checked={row.picked} onChange={(e) => update(p.id, { picked: e.target.checked })} /> {p.title}
                        </label>
                        <span className="muted small"> · {p.beneficiary.name}</span>
                        {props.planned.has(p.id) ? (
                          <span className="muted small" data-in-plan>
                            {' '}
                            · {t('plans.inPlan', { title: props.planned.get(p.id) ?? '' })}
                          </span>
                        ) : null}
                      </td>
                      <td>
                        <Money value={p.recommendedVnd} />
                      </td>
                      <td>
                        <input
                          name={`amount.${p.id}`}
                          inputMode="numeric"
                          autoComplete="off"
                          aria-label={t('plans.amountOf', { title: p.title })}
                          value={row.amount}
                          required={row.picked}
                          disabled={!row.picked}
                          onChange={(e) => update(p.id, { amount: e.target.value })}
                          aria-invalid={errors[p.id] ? true : undefined}
                        />
                        {errors[p.id] ? <p className="field-error">{errors[p.id]}</p> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
          {errors.items ? <p className="field-error">{errors.items}</p> : null}
          <p className="muted small" data-new-plan-total={total}>
            {t('plans.newTotal', { totalVnd: total })}
          </p>
        </fieldset>
      ) : null}
      {failure ? <ErrorNotice error={namingProjects(failure, new Map(projects.map((p) => [p.id, p.title])))} /> : null}
      <FormActions sending={sending} label={t('plans.create')} onCancel={() => setOpen(false)} />
    </form>
  );
}
