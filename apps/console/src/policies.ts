import { useCallback, useEffect, useState } from 'react';
import type { Policy } from './api/types';
import { useApp } from './app-context';
import type { Lang } from './i18n/i18n';
import { forgetPolicy, loadPolicy, peekPolicy } from './policy-store';


/** A policy version as a page waits for it: the version once loaded, or the failure that stopped it. */
export interface PolicyState {
  readonly policy: Policy | undefined;
  readonly error: unknown;
  /** Asks again after a failure or a slow answer. */
  readonly retry: () => void;
}

/** The pinned policy version, once loaded, or why it could not be. */
export function usePolicyState(ref: { readonly id: string; readonly version: number } | undefined): PolicyState {
  const { api } = useApp();
  // A version already arrived shows from the first render.
  const [policy, setPolicy] = useState<Policy | undefined>(() => (ref ? peekPolicy(ref) : undefined));
  const [failure, setFailure] = useState<{ key: string; error: unknown }>();
  const [attempt, setAttempt] = useState(0);
  const key = ref ? `${ref.id}@${ref.version}` : '';
  useEffect(() => {
    if (!ref) return;
    const pending = loadPolicy(api, ref);
    let live = true;
    setFailure(undefined);
    pending.then(
      (p) => live && setPolicy(p),
      (error: unknown) => live && setFailure({ key, error }),
    );
    return () => {
      live = false;
    };
    // The key names the policy version; `ref` itself is a new object at each render.
  }, [api, key, attempt]);
  // A stalled load is dropped too: the retry asks the engine again rather than waiting on it.
  const retry = useCallback(() => {
    forgetPolicy(key);
    api.invalidate();
    setAttempt((n) => n + 1);
  }, [api, key]);
  const loaded = ref && policy && `${policy.id}@${policy.version}` === key ? policy : undefined;
  return { policy: loaded, error: !loaded && failure?.key === key ? failure.error : undefined, retry };
}

/** The pinned policy version, once loaded. */
export function usePolicy(ref: { readonly id: string; readonly version: number } | undefined): Policy | undefined {
  return usePolicyState(ref).policy;
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
