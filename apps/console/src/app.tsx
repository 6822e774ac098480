import { useEffect, useRef, useState } from 'react';
import { useApp } from './app-context';
import { PageAnnouncer } from './components/page-announcer';
import { useI18n } from './i18n/i18n';
import { BoardPage } from './pages/board';
import { SignInPanel } from './pages/sign-in';
import { openQueueDashboard, QUEUE_SESSION_PATH, seesQueueDashboard } from './queue-dashboard';
import { Link, match, navigate, useLocation } from './router';
import { DashboardPage, NewProjectPage, PageFrame, PlansPage, ProjectPage, RemindersPage } from './routes';

/** Roles shown the "new project" link; the form itself checks the programme's pinned policy. */
const CREATOR_ROLES = ['officer', 'collaborator'];

const NAV = [
  { to: '/board', label: 'nav.board' },
  { to: '/reminders', label: 'nav.reminders' },
  { to: '/dashboard', label: 'nav.dashboard' },
] as const;

function Page({ path }: { readonly path: string }) {
  const { t } = useI18n();
  if (path === '/board') return <BoardPage />;
  if (path === '/projects/new') return <NewProjectPage />;
  const project = match('/projects/:id', path);
  if (project?.id) return <ProjectPage key={project.id} id={project.id} />;
  if (path === '/reminders') return <RemindersPage />;
  const plans = match('/programmes/:id/plans', path);
  if (plans?.id) return <PlansPage key={plans.id} programmeId={plans.id} />;
  if (path === '/dashboard') return <DashboardPage />;
  return <p className="notice notice-error">{t('problem.404')}</p>;
}

/** The page frame: header with navigation, the language switch and the signed-in person. */
export function App() {
  const { t, lang, setLang } = useI18n();
  const { api, session, expired, signOut } = useApp();
  const { path } = useLocation();
  const [queueError, setQueueError] = useState(false);

  useEffect(() => {
    if (session && (path === '/' || path === '/sign-in')) navigate('/board', { replace: true });
  }, [session, path]);

  const languageButton = (
    <button type="button" className="link-button lang-switch" lang={lang === 'vi' ? 'en' : 'vi'} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
      {t('app.language')}
    </button>
  );

  if (!session) {
    return (
      <div className="shell">
        <PageAnnouncer path={path} />
        <header className="top">
          <div className="brand">
            <span className="brand-name">{t('app.name')}</span> <span className="brand-sub">{t('app.subtitle')}</span>
          </div>
          {languageButton}
        </header>
        <main id="main" className="main narrow">
          <SignInPanel />
        </main>
      </div>
    );
  }

  const creator = session.user.roles.some((r) => CREATOR_ROLES.includes(r));
  return (
    <div className="shell">
      <PageAnnouncer path={path} />
      <a href="#main" className="skip-link">
        {t('app.skip')}
      </a>
      <header className="top">
        <div className="brand">
          <Link to="/board" className="brand-name">
            {t('app.name')}
          </Link>{' '}
          <span className="brand-sub">{t('app.subtitle')}</span>
        </div>
        <nav aria-label={t('nav.menu')} className="nav">
          {NAV.map((item) => (
            <Link key={item.to} to={item.to} className="nav-link" aria-current={path.startsWith(item.to) ? 'page' : undefined}>
              {t(item.label)}
            </Link>
          ))}
          {creator ? (
            <Link to="/projects/new" className="nav-link nav-new" aria-current={path === '/projects/new' ? 'page' : undefined}>
              + {t('nav.new')}
            </Link>
          ) : null}
          {seesQueueDashboard(session.user.roles) ? (
            <button
              type="button"
              className="link-button nav-link"
              data-action="queue-dashboard"
              title={queueError ? t('nav.queuesFailed') : undefined}
              onClick={() => {
                setQueueError(false);
                openQueueDashboard(
                  () => api.send('POST', QUEUE_SESSION_PATH, {}),
                  () => window.open('', '_blank'),
                  (url) => window.location.assign(url),
                ).catch(() => setQueueError(true));
              }}
            >
              {t('nav.queues')}
              {queueError ? ' ⚠' : null}
            </button>
          ) : null}
        </nav>
        <div className="who">
          <span className="who-name" data-user={session.user.sub}>
            {t('signIn.signedInAs', { name: session.user.name ?? session.user.sub, roles: session.user.roles.map((r) => t(`role.${r}`)).join(', ') })}
          </span>
          {languageButton}
          <button type="button" className="link-button" data-action="sign-out" onClick={signOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" className="main">
        <PageFrame key={path}>
          <Page path={path === '/' ? '/board' : path} />
        </PageFrame>
      </main>
      {expired ? <ExpiredDialog /> : null}
    </div>
  );
}

/** The sign-in over the page when the session expired; the page (and any form on it) stays as it was. */
function ExpiredDialog() {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('textarea, button')?.focus();
  }, []);
  return (
    <div className="overlay">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="sign-in-title" ref={box}>
        <SignInPanel expired />
      </div>
    </div>
  );
}
