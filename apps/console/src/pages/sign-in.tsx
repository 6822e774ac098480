import { type FormEvent, useState } from 'react';
import { ApiClient, ApiError } from '../api/client';
import { useApp } from '../app-context';
import { ErrorNotice } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { readToken } from '../session';

/**
 * Sign-in: paste a token, or (outside production) pick a demo user. Used as a page and, when a
 * session expires, over the page the person was working on, which stays as it was.
 */
export function SignInPanel({ onSignedIn, expired = false }: { readonly onSignedIn?: () => void; readonly expired?: boolean }) {
  const { t } = useI18n();
  const { api, people, devAvailable, signIn } = useApp();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const acceptToken = async (raw: string) => {
    setError(undefined);
    setFailure(undefined);
    const session = readToken(raw);
    if (!session) {
      setError(t('signIn.badToken'));
      return;
    }
    // One request with the new token, so a token the engine refuses is caught here, not on the next page.
    const probe = new ApiClient({ token: () => session.token, onUnauthorized: () => undefined });
    try {
      await probe.get('/programmes');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setError(t('signIn.badToken'));
        return;
      }
      // Other refusals (a finance-system token may not read programmes) still prove the token is valid.
    }
    signIn(session);
    onSignedIn?.();
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => acceptToken(token));
  };

  const asDemo = (sub: string) =>
    run(async () => {
      const answer = await api.send<{ token: string }>('POST', '/console/dev/tokens', { sub });
      await acceptToken(answer.token);
    });

  return (
    <div className="sign-in">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {expired ? (
        <p className="notice notice-warning" role="alert">
          {t('signIn.expired')}
        </p>
      ) : null}
      <form onSubmit={onSubmit} className="form-card" data-form="token">
        <div className="field">
          <label htmlFor="token">{t('signIn.tokenLabel')}</label>
          <textarea id="token" name="token" required rows={3} value={token} onChange={(e) => setToken(e.target.value)} aria-describedby="token-hint" spellCheck={false} />
          <p id="token-hint" className="muted small">
            {t('signIn.tokenHint')}
          </p>
          {error ? <p className="field-error">{error}</p> : null}
        </div>
        <button type="submit" className="button button-primary" disabled={busy || token.trim() === ''}>
          {t('signIn.submit')}
        </button>
      </form>
      {devAvailable && people.length > 0 ? (
        <section className="dev-sign-in" aria-labelledby="dev-sign-in-title">
          <h2 id="dev-sign-in-title">{t('signIn.devTitle')}</h2>
          <p className="muted small">{t('signIn.devHint')}</p>
          <ul className="people">
            {people.map((p) => (
              <li key={p.sub}>
                <button type="button" className="person" data-sub={p.sub} disabled={busy} onClick={() => void asDemo(p.sub)}>
                  <strong>{p.name}</strong>
                  <span className="muted small">{p.roles.map((r) => t(`role.${r}`)).join(', ')}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {failure ? <ErrorNotice error={failure} /> : null}
    </div>
  );
}
