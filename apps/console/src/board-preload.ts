import { preloadAreaNames } from './area-store';
import { loadPolicy } from './policy-store';
import { boardFilters, readProgrammes, readProjects, readReminders, readStats } from './pages/board-reads';
import type { ApiClient } from './api/client';
import { loadSession } from './session';

/*
 * The board's reads, started as the page's first script runs, before React evaluates and renders
 * (about a second on a slow phone): the board then finds each answer in flight in the client's
 * query cache and asks for nothing twice. The reads that need an earlier answer (the programme's
 * policy, the communes of the listed projects' provinces) start as soon as that answer lands,
 * not when the board has rendered it. Only for a signed-in person opening the board (or `/`,
 * which goes to the board) in Vietnamese: in English every read is asked in English once the
 * catalogue has loaded, so there is nothing to start early.
 */

const BOARD_PATHS = new Set(['/board', '/', '/sign-in']);
const LANG_KEY = 'console.lang';

function storedLang(): string | null {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}

/** Starts the board's reads when the page is the board and a session is kept; whether it did. */
export function startBoardReads(api: ApiClient, location: { readonly pathname: string; readonly search: string }, now = Date.now()): boolean {
  if (!BOARD_PATHS.has(location.pathname)) return false;
  const session = loadSession();
  if (!session || session.exp * 1000 <= now || storedLang() === 'en') return false;
  // `/` and the sign-in go to the board without their query.
  const filters = boardFilters(new URLSearchParams(location.pathname === '/board' ? location.search : ''));
  const ignore = () => undefined;
  readProgrammes(api).then((answer) => {
    const programme = answer.items.find((p) => p.id === filters.programmeId) ?? answer.items[0];
    if (programme) loadPolicy(api, programme.policy).catch(ignore);
  }, ignore);
  readStats(api, filters.programmeId).catch(ignore);
  readReminders(api).catch(ignore);
  preloadAreaNames(api, []);
  // With the overdue filter the board waits for the reminders before it lists; so does this.
  if (!filters.overdue) {
    readProjects(api, filters, false).then((page) => preloadAreaNames(api, new Set(page.items.map((p) => p.beneficiary.province))), ignore);
  }
  return true;
}
