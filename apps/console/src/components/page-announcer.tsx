import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';

/*
 * What a page change tells people who cannot see it: the window's title becomes the page's
 * heading, focus moves to that heading (so the next Tab starts in the page, not at the top of the
 * frame) and a polite live region says which page opened. Pages only render their `<h1>`; the
 * heading of a page that loads its data appears later, and is waited for. A page that failed
 * (not found, refused) is named by its error.
 */

/** The window title for a page heading. */
export function pageTitle(heading: string, app: string): string {
  return heading ? `${heading} · ${app}` : app;
}

/** The live region and the focus and title of each page; `path` is the page shown. */
export function PageAnnouncer({ path }: { readonly path: string }) {
  const { t } = useI18n();
  const [message, setMessage] = useState('');
  // The path whose heading has not yet been focused and announced (the first page is not announced).
  const pending = useRef<string | undefined>(undefined);
  const first = useRef(true);
  const app = t('app.name');
  // The message with its `{title}` left to fill.
  const announce = t('app.pageOpened');

  useEffect(() => {
    if (first.current) first.current = false;
    else pending.current = path;
  }, [path]);

  useEffect(() => {
    const sync = () => {
      // A page that could not be shown has no heading: its error stands for it.
      const heading = document.querySelector<HTMLElement>('main h1') ?? document.querySelector<HTMLElement>('main .notice-error');
      const text = heading?.textContent?.trim() ?? '';
      const title = pageTitle(text, app);
      if (document.title !== title) document.title = title;
      if (!heading || !text || pending.current === undefined) return;
      pending.current = undefined;
      const active = document.activeElement;
      // Someone who already went on into the page keeps their place.
      if (active && active !== document.body && active.isConnected && heading.closest('main')?.contains(active)) return;
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
      setMessage(announce.replace('{title}', text));
    };
    sync();
    const observer = new MutationObserver(sync);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [path, app, announce]);

  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-page-announcer>
      {message}
    </div>
  );
}
