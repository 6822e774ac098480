import { Component, type ComponentType, lazy, type ReactNode, Suspense, useState } from 'react';
import { useI18n } from './i18n/i18n';

/*
 * The pages other than the board load on first visit, each in its own chunk: the board, where
 * everyone lands, needs only the first script (its size budget is in apps/console/build/assets.ts).
 * While a chunk loads the page says so; when it cannot be loaded (a network failure, or a new
 * deployment removed the old file) it says that and offers to try again, never a spinner forever.
 */

/** A page loaded on first use; `retry()` forgets a failed load so the next render fetches again. */
interface LazyPage<P> {
  (props: P): ReactNode;
  retry(): void;
}

const pages: LazyPage<never>[] = [];

function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let failed = false;
  const make = () =>
    lazy(async () => {
      try {
        return { default: await load() };
      } catch (error) {
        failed = true;
        throw error;
      }
    });
  let Loaded = make();
  const page = ((props: P) => <Loaded {...props} />) as LazyPage<P>;
  page.retry = () => {
    if (!failed) return;
    failed = false;
    Loaded = make();
  };
  pages.push(page as LazyPage<never>);
  return page;
}

export const ProjectPage = lazyPage(() => import('./pages/project/project-page').then((m) => m.ProjectPage));
export const NewProjectPage = lazyPage(() => import('./pages/new-project').then((m) => m.NewProjectPage));
export const PlansPage = lazyPage(() => import('./pages/plans').then((m) => m.PlansPage));
export const RemindersPage = lazyPage(() => import('./pages/reminders').then((m) => m.RemindersPage));
// The dashboard carries the chart library.
export const DashboardPage = lazyPage(() => import('./pages/dashboard').then((m) => m.DashboardPage));

/** What shows while a page's chunk loads: announced to screen readers, in the page's place. */
function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t('app.loading')}
    </p>
  );
}

function LoadFailed({ onRetry }: { readonly onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <div className="notice notice-error" role="alert" data-state="page-load-failed">
      <p>{t('app.pageLoadFailed')}</p>
      <button type="button" onClick={onRetry}>
        {t('app.retry')}
      </button>{' '}
      <button type="button" className="link-button" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}

interface BoundaryState {
  readonly failed: boolean;
}

/** Catches a page that could not be loaded (or threw while rendering) and shows LoadFailed. */
class PageBoundary extends Component<{ readonly children: ReactNode; readonly onRetry: () => void }, BoundaryState> {
  override state: BoundaryState = { failed: false };

  static getDerivedStateFromError(): BoundaryState {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <LoadFailed
        onRetry={() => {
          this.props.onRetry();
          this.setState({ failed: false });
        }}
      />
    );
  }
}

/**
 * Wraps the current page: "Đang tải…" while its chunk loads, an error with "Thử lại" when it
 * fails. Give it `key={path}` so a failure on one page does not follow the user to the next.
 */
export function PageFrame({ children }: { readonly children: ReactNode }) {
  const [attempt, setAttempt] = useState(0);
  return (
    <PageBoundary
      onRetry={() => {
        for (const page of pages) page.retry();
        setAttempt((n) => n + 1);
      }}
    >
      <Suspense key={attempt} fallback={<Loading />}>
        {children}
      </Suspense>
    </PageBoundary>
  );
}
