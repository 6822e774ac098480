import { useEffect, useState } from 'react';
import type { Policy } from './api/types';
import { useApp } from './app-context';
import type { Lang } from './i18n/i18n';

/*
 * Policy versions never change once published (a change is a new version), so each one is
 * fetched once per page load and kept.
 */
const cache = new Map<string, Promise<Policy>>();

/** The pinned policy version, once loaded. */
export function usePolicy(ref: { readonly id: string; readonly version: number } | undefined): Policy | undefined {
  const { api } = useApp();
  const [policy, setPolicy] = useState<Policy>();
  const key = ref ? `${ref.id}@${ref.version}` : '';
  useEffect(() => {
    if (!ref) return;
    let pending = cache.get(key);
    if (!pending) {
      pending = api.get<Policy>(`/policies/${encodeURIComponent(ref.id)}`, { version: ref.version });
      // A failed load is forgotten so the next page tries again.
      pending.catch(() => cache.delete(key));
      cache.set(key, pending);
    }
    let live = true;
    pending.then(
      (p) => live && setPolicy(p),
      () => undefined,
    );
    return () => {
      live = false;
    };
    // The key names the policy version; `ref` itself is a new object at each render.
  }, [api, key]);
  return ref && policy && `${policy.id}@${policy.version}` === key ? policy : undefined;
}

/** A category's name from the policy in the person's language, else its code. */
export function categoryName(policy: Policy | undefined, code: string, lang: Lang): string {
  const rule = policy?.categories[code as keyof Policy['categories']];
  if (!rule) return code;
  return lang === 'vi' ? rule.nameVi : rule.nameEn;
}

/** A rubric criterion's name from the policy in the person's language. */
export function criterionName(policy: Policy | undefined, code: string, lang: Lang): string {
  const criterion = policy?.appraisal.criteria.find((c) => c.code === code);
  if (!criterion) return code;
  return lang === 'vi' ? criterion.nameVi : criterion.nameEn;
}
