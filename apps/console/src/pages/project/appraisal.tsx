import type { Policy, ProjectDetail } from '../../api/types';
import { useApp } from '../../app-context';
import { PolicyFigure } from '../../components/policy-name';
import { Section, TableScroll } from '../../components/ui';
import { formatInstant, formatScore } from '../../format';
import { hasMessage, useI18n } from '../../i18n/i18n';

/** Each appraisal level: its panel, the scores by criterion, the mean and the declared conflicts. */
export function Appraisal({ project, policy }: { readonly project: ProjectDetail; readonly policy: Policy | undefined }) {
  const { t, lang } = useI18n();
  const { personName } = useApp();
  const criteria = policy?.appraisal.criteria ?? [];
  return (
    <Section
      title={t('project.appraisal')}
      id="appraisal"
      aside={
        policy ? (
          <span className="muted small">
            <PolicyFigure policy={policy} path="appraisal.passMark">
              {t('project.passMark', { mark: formatScore(policy.appraisal.passMark) })}
            </PolicyFigure>
          </span>
        ) : null
      }
    >
      {project.appraisal.levels.length === 0 ? <p className="muted">{t('project.noAppraisal')}</p> : null}
      {project.appraisal.levels.map((level, index) => (
        <div key={`${level.level}-${index}`} className="appraisal-level">
          <h3>
            {t('project.level', { level: hasMessage(`level.${level.level}`) ? t(`level.${level.level}`) : level.level })}
            {level.outcome ? ' ' : null}
            {level.outcome ? <span className={`badge tone-${level.outcome === 'not_recommended' ? 'danger' : 'success'}`}>{t(`project.outcome.${level.outcome}`)}</span> : null}
          </h3>
          <p className="muted small">
            {t('project.panel')}: {level.panel.map(personName).join(', ')} · {formatInstant(level.openedAt)}
          </p>
          <TableScroll label={t('project.appraisal')}>
            <table className="scores-table reflow">
              <thead>
                <tr>
                  <th scope="col">{t('project.appraiser')}</th>
                  {criteria.map((c) => (
                    <th scope="col" key={c.code} data-criterion={c.code}>
                      {lang === 'vi' ? c.nameVi : c.nameEn} <span className="muted small">({c.weight}%)</span>
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
                      <td key={c.code} data-cell={c.code} data-label={`${lang === 'vi' ? c.nameVi : c.nameEn} (${c.weight}%)`}>
                        {formatScore(s.scores[c.code])}
                      </td>
                    ))}
                    <td data-cell="weighted" data-label={t('project.weighted')}>
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
                    <td data-cell="mean">
                      <strong data-mean>{formatScore(level.meanScore ?? mean(level.scores.map((s) => s.weightedScore)))}</strong>
                    </td>
                  </tr>
                </tfoot>
              ) : null}
            </table>
          </TableScroll>
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
