import type { MessageLanguage } from '@app/domain';

/** The language of answers when the request asks for none the engine speaks: API clients get English. */
export const DEFAULT_LANGUAGE: MessageLanguage = 'en';

const SPOKEN: readonly MessageLanguage[] = ['en', 'vi'];

/**
 * The language to answer in, from an `Accept-Language` header (RFC 9110 §12.5.4): of the spoken
 * languages (`vi`, `en`), the one with the highest q-value. A range matches by its primary tag
 * (`vi-VN` is `vi`), a language's own range outranks `*`, `q=0` refuses, and of equal q-values the
 * one named first wins (English when only `*` names them). No header, a malformed one or only other
 * languages give English.
 *
 * @example
 * answerLanguage('en;q=0.5, vi'); // 'vi'
 * answerLanguage('fr, vi-VN;q=0.8'); // 'vi'
 * answerLanguage(undefined); // 'en'
 */
export function answerLanguage(header: string | readonly string[] | undefined): MessageLanguage {
  const text = Array.isArray(header) ? header.join(',') : typeof header === 'string' ? header : '';
  const own = new Map<MessageLanguage, { q: number; at: number }>();
  let star: { q: number; at: number } | undefined;
  text
    .slice(0, 1000)
    .split(',')
    .forEach((part, at) => {
      const [range = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const qParam = params.find((param) => /^q\s*=/.test(param));
      const q = qParam === undefined ? 1 : Number(qParam.replace(/^q\s*=\s*/, ''));
      if (qParam?.replace(/^q\s*=\s*/, '') === '' || !Number.isFinite(q) || q < 0 || q > 1) return;
      if (range === '*') star ??= { q, at };
      const lang = SPOKEN.find((spoken) => spoken === range.split('-')[0]);
      if (lang !== undefined && !own.has(lang)) own.set(lang, { q, at });
    });
  const ranked = SPOKEN.map((lang) => ({ lang, ...(own.get(lang) ?? star ?? { q: 0, at: Infinity }) }))
    .filter((choice) => choice.q > 0)
    .sort((a, b) => b.q - a.q || a.at - b.at || (a.lang === DEFAULT_LANGUAGE ? -1 : b.lang === DEFAULT_LANGUAGE ? 1 : 0));
  return ranked[0]?.lang ?? DEFAULT_LANGUAGE;
}
