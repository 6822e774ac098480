import type { CommandResult, Programme } from '../api/types';
import { useApp } from '../app-context';
import { FormCard } from '../components/form-card';
import { ErrorNotice, Loading } from '../components/ui';
import { checkDraft, DRAFT_FIELDS, type DraftContext, draftBody } from '../domain/drafts';
import { formatDate, vietnamDate } from '../format';
import { rememberWarnings } from '../areas';
import { areaControl } from '../components/area-name';
import { useAsync } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { categoryName, usePolicyState } from '../policies';
import { navigate, useLocation } from '../router';

/** A new draft proposal in a programme (officers and collaborators, per the pinned policy). */
export function NewProjectPage() {
  const { t, lang } = useI18n();
  const { api, epoch, session } = useApp();
  const { query } = useLocation();
  const programmes = useAsync(() => api.get<{ items: Programme[] }>('/programmes').then((r) => r.items), [epoch]);
  const chosen = query.get('programme') ?? '';
  const programme = programmes.data?.find((p) => p.id === chosen) ?? programmes.data?.[0];
  const policyState = usePolicyState(programme?.policy);
  const policy = policyState.policy;
  const today = vietnamDate(new Date());
  const allowed = policy && session ? session.user.roles.some((r) => policy.roles.CreateProjectDraft.includes(r)) : true;

  if (programmes.error) return <ErrorNotice error={programmes.error} onRetry={programmes.reload} />;
  if (!programmes.data) return <Loading onRetry={programmes.reload} />;
  return (
    <div className="page narrow">
      <h1>{t('form.createTitle')}</h1>
      {programmes.data.length === 0 ? <p className="notice notice-info">{t('dashboard.noProgramme')}</p> : null}
      <div className="field">
        <label htmlFor="programme">{t('field.programmeId')}</label>
        <select id="programme" name="programmeId" value={programme?.id ?? ''} onChange={(e) => navigate(`/projects/new?programme=${encodeURIComponent(e.target.value)}`, { replace: true })}>
          {programmes.data.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        {programme ? <p className="muted small">{t('form.registration', { from: formatDate(programme.registrationOpensOn), to: formatDate(programme.registrationClosesOn) })}</p> : null}
      </div>
      {!allowed ? (
        <div className="notice notice-warning" data-refused="true">
          <p>
            <strong>{t('problem.AUTH.ROLE_NOT_ALLOWED')}</strong>
          </p>
          <p className="small">{t('form.notAllowedHint')}</p>
        </div>
      ) : null}
      {programme && policyState.error ? <ErrorNotice error={policyState.error} onRetry={policyState.retry} /> : null}
      {programme && policy && allowed ? (
        <FormCard<DraftContext>
          key={programme.id}
          id="CreateProjectDraft"
          title={programme.name}
          fields={DRAFT_FIELDS}
          context={{ policy, programme, today }}
          check={checkDraft}
          submitLabel={t('form.create')}
          submit={async (values) => {
            const result = await api.send<CommandResult>('POST', '/projects', { programmeId: programme.id, ...draftBody(values) });
            rememberWarnings(result.id, result.warnings);
            navigate(`/projects/${encodeURIComponent(result.id)}?p=${result.position}`);
          }}
          control={areaControl}
          optionLabel={(field, value) => (field === 'category' ? categoryName(policy, value, lang) : field === 'beneficiary.kind' ? t(`beneficiaryKind.${value}`) : value)}
        />
      ) : programme && !policy && !policyState.error ? (
        <Loading onRetry={policyState.retry} />
      ) : null}
    </div>
  );
}
