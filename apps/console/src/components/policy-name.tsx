import type { ReactNode } from 'react';
import type { Policy } from '../api/types';
import { figureMark } from '../domain/figures';
import { useI18n } from '../i18n/i18n';
import { usePolicy } from '../policies';

/** A policy version by its title (its id and version in the tooltip); the id while it loads. */
export function PolicyName({ policyRef, format }: { readonly policyRef: { readonly id: string; readonly version: number }; readonly format?: (title: string) => string }) {
  const { t } = useI18n();
  const policy = usePolicy(policyRef);
  return (
    <span className="policy-name" data-policy={`${policyRef.id}@${policyRef.version}`} title={t('policy.versionTitle', { id: policyRef.id, version: policyRef.version })}>
      {format ? format(policy?.title ?? policyRef.id) : (policy?.title ?? policyRef.id)}
    </span>
  );
}

/**
 * The mark beside a figure of a policy shown on a page: "(mẫu)" for a sample (its note as the
 * tooltip), nothing visible for a sourced one but its document and article as the tooltip of
 * `children`.
 */
export function PolicyFigure({ policy, path, children }: { readonly policy: Policy | undefined; readonly path: string; readonly children: ReactNode }) {
  const { t } = useI18n();
  const mark = figureMark(policy?.figures, path);
  return (
    <span className="policy-figure" data-figure={path} data-sample={mark?.sample ? 'true' : undefined} title={mark?.tooltip ?? (mark?.sample ? t('policy.sampleTitle') : undefined)}>
      {children}
      {mark?.sample ? <span className="muted"> {t('policy.sample')}</span> : null}
    </span>
  );
}
