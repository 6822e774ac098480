import type { Role } from '@app/domain';

/** Where the engine serves its queue dashboard (admins only). */
export const QUEUE_DASHBOARD_URL = '/admin/queues';

/** The route that trades the console's bearer token for the dashboard's session cookie. */
export const QUEUE_SESSION_PATH = '/admin/queue-session';

/** Whether the console shows the queue dashboard link. */
export function seesQueueDashboard(roles: readonly Role[]): boolean {
  return roles.includes('admin');
}

/** A browser tab the console opened, reduced to what it needs. */
export interface OpenedTab {
  opener: unknown;
  location: { href: string };
  close(): void;
}

/**
 * Opens the queue dashboard in a new tab: the tab is opened at once (a tab opened after an
 * `await` is taken for a pop-up and blocked), the session cookie is requested with the bearer
 * token, then the tab goes to the dashboard (or this one, when pop-ups are refused); if the request fails the tab is closed and the
 * error rethrown for the page to show.
 *
 * @example
 * await openQueueDashboard(() => api.send('POST', QUEUE_SESSION_PATH, {}), () => window.open('', '_blank'), (url) => window.location.assign(url));
 */
export async function openQueueDashboard(openSession: () => Promise<unknown>, openTab: () => OpenedTab | null, goHere: (url: string) => void): Promise<void> {
  const tab = openTab();
  try {
    await openSession();
  } catch (error) {
    tab?.close();
    throw error;
  }
  if (!tab) {
    // Pop-ups refused: the dashboard replaces the console in this tab.
    goHere(QUEUE_DASHBOARD_URL);
    return;
  }
  // The dashboard gets no handle on the console's window.
  tab.opener = null;
  tab.location.href = QUEUE_DASHBOARD_URL;
}
