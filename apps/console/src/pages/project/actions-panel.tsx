import { useMemo, useState } from 'react';
import type { CommandResult, DocumentItem, Policy, ProjectDetail } from '../../api/types';
import { useApp } from '../../app-context';
import { amendmentAreaControl, areaControl } from '../../components/area-name';
import { FormCard } from '../../components/form-card';
import { PolicyName } from '../../components/policy-name';
import { Section } from '../../components/ui';
import type { ActionContext } from '../../domain/action-spec';
import { availableActions, type AvailableAction } from '../../domain/availability';
import { currentDocuments } from '../../domain/dossier';
import { checkDraft, DRAFT_FIELDS, type DraftContext, draftBody } from '../../domain/drafts';
import { formatBytes, vietnamDate } from '../../format';
import { type FormValues, toBody } from '../../forms';
import { hasMessage, useI18n } from '../../i18n/i18n';
import { categoryName, criterionName } from '../../policies';

/** The commands the signed-in person may issue now, as buttons that open their forms. */
export function ActionsPanel(props: {
  readonly project: ProjectDetail;
  readonly policy: Policy;
  /** The project's dossier, when the engine has one: evidence commands may cite its documents. */
  readonly documents?: readonly DocumentItem[] | undefined;
  readonly onDone: (position: number, message: string) => void;
  readonly onStale: () => void;
}) {
  const { t, lang } = useI18n();
  const { api, session, people, personName } = useApp();
  const [open, setOpen] = useState<string>();
  const { project, policy } = props;
  const user = session?.user;
  const actions = useMemo(() => (user ? availableActions(project, policy, user) : []), [project, policy, user]);
  const evidence = useMemo(() => currentDocuments(props.documents ?? []), [props.documents]);
  if (!user) return null;

  const keyOf = (a: AvailableAction) => `${a.spec.command}${a.target.trancheNo ?? a.target.amendmentNo ?? ''}`;
  const labelOf = (a: AvailableAction) => t(`command.${a.spec.command}`, { no: a.target.trancheNo ?? a.target.amendmentNo ?? '' });
  const optionLabel = (field: string, value: string): string => {
    if (field === 'documentIds') {
      const doc = evidence.find((d) => d.id === value);
      if (!doc) return value;
      const extra = doc.form === 'paper' ? `${t('dossier.paper')} ${doc.registryNo ?? ''}`.trim() : formatBytes(doc.size);
      return `${t(`documentKind.${doc.kind}`)}: ${doc.title} (${extra})`;
    }
    // The amendment form's new category and beneficiary are named like the draft's.
    const own = field.replace(/^changes\./, '');
    if (own === 'category') return categoryName(policy, value, lang);
    if (own === 'beneficiary.kind') return t(`beneficiaryKind.${value}`);
    if (field === 'kind') return t(`amendmentKind.${value}`);
    return value;
  };
  const send = async (a: AvailableAction, body: Record<string, unknown>) => {
    const path = a.spec.path(a.target);
    const result = await api.send<CommandResult>(a.spec.method, `/projects/${encodeURIComponent(project.id)}${path ? `/${path}` : ''}`, body, { ifMatch: project.version });
    setOpen(undefined);
    // Notes on an accepted command (e.g. a new place of the register before 1 July 2025) follow the confirmation.
    const notes = (result.warnings ?? []).map((w) =>
      hasMessage(`area.warning.${w.code}`) ? t(`area.warning.${w.code}`, { field: hasMessage(`field.${w.field}`) ? t(`field.${w.field}`) : w.field }) : w.message,
    );
    props.onDone(result.position, [t('project.recorded', { action: labelOf(a) }), ...notes].join(' '));
  };
  const current = actions.find((a) => keyOf(a) === open);
  const today = vietnamDate(new Date());

  return (
    <Section title={t('project.actions')} id="actions">
      <p className="muted small">
        <PolicyName policyRef={policy} format={(title) => t('project.actionsFor', { policy: title, roles: user.roles.map((r) => t(`role.${r}`)).join(', ') })} />
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
          control={areaControl}
          tone="neutral"
        />
      ) : current ? (
        <FormCard<ActionContext>
          key={keyOf(current)}
          id={keyOf(current)}
          title={labelOf(current)}
          fields={current.spec.fields}
          context={{ project, policy, target: current.target, today, user, people, documents: evidence }}
          check={(values) => current.spec.check?.(toBody(current.spec.fields, values), { project, policy, target: current.target, today, user, people, documents: evidence }) ?? {}}
          submitLabel={labelOf(current)}
          submit={(values) => send(current, toBody(current.spec.fields, values))}
          onCancel={() => setOpen(undefined)}
          onStaleReload={props.onStale}
          optionLabel={optionLabel}
          criterionLabel={(code) => criterionName(policy, code, lang)}
          control={current.spec.command === 'RequestAmendment' ? amendmentAreaControl : undefined}
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
