import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { formatBytes, formatVnd } from '../format';
import type { Catalogue, MessageKey } from './catalogue';
import { vi } from './vi';

export type Lang = 'vi' | 'en';
export type Params = Readonly<Record<string, string | number>>;

/*
 * Vietnamese, the users' language, is part of the first script; English loads the first time
 * someone chooses it (its own chunk), so the board's first paint does not wait for it.
 */
const DICTIONARIES: Partial<Record<Lang, Readonly<Record<string, string>>>> = { vi };
const STORAGE_KEY = 'console.lang';

let englishLoad: Promise<Catalogue> | undefined;

/** The English catalogue, fetched once (again after a failure). */
function loadEnglish(): Promise<Catalogue> {
  englishLoad ??= import('./en').then(
    (m) => {
      DICTIONARIES.en = m.en;
      return m.en;
    },
    (error: unknown) => {
      englishLoad = undefined;
      throw error;
    },
  );
  return englishLoad;
}

/** True when a message exists (for keys built from codes and statuses). */
export function hasMessage(key: string): key is MessageKey {
  return key in vi;
}

/**
 * A message in a language with its parameters; a number parameter named like an amount
 * (`amount`, `…Vnd`) is written as money, one named like a size (`…Bytes`) in KB or MB.
 *
 * @example
 * translate('vi', 'error.atMost', { amount: 150000000 }); // 'Không được vượt quá 150.000.000 ₫'
 */
export function translate(lang: Lang, key: string, params?: Params): string {
  const text = DICTIONARIES[lang]?.[key] ?? vi[key as MessageKey] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params?.[name];
    if (value === undefined) return whole;
    if (typeof value === 'number' && /(amount|Vnd)$/.test(name)) return formatVnd(value);
    if (typeof value === 'number' && /Bytes$/.test(name)) return formatBytes(value);
    return String(value);
  });
}

interface I18n {
  readonly lang: Lang;
  readonly t: (key: string, params?: Params) => string;
  readonly setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18n>({ lang: 'vi', t: (key, params) => translate('vi', key, params), setLang: () => undefined });

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/**
 * Vietnamese unless the person switched to English (remembered in this browser). The switch to
 * English takes effect once its catalogue has loaded; if it cannot load, the page stays in
 * Vietnamese rather than showing message keys.
 */
export function I18nProvider({ children }: { readonly children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (storedLang() === 'en' && DICTIONARIES.en ? 'en' : 'vi'));
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private windows may refuse storage; the switch still works for this page.
    }
    if (next === 'vi' || DICTIONARIES.en) {
      setLangState(next);
      return;
    }
    loadEnglish().then(
      () => setLangState('en'),
      () => undefined,
    );
  }, []);
  // English remembered from an earlier visit: Vietnamese until its catalogue arrives.
  useEffect(() => {
    if (storedLang() === 'en' && !DICTIONARIES.en) loadEnglish().then(() => setLangState('en'), () => undefined);
  }, []);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, params) => translate(lang, key, params) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
