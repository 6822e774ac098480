import type { ApiClient, Query } from '../api/client';
import type { Programme, ProjectListItem, ProjectPage, Reminder, Statistics } from '../api/types';

/*
 * The reads the board makes, in one place: the board asks for them as it renders, and the page's
 * first script asks for the same ones before React has rendered anything (see `startBoardReads`),
 * so the board finds its answers in flight in the client's query cache, asked for once.
 */

/** Projects a page of the board's list. */
export const BOARD_PAGE = 100;

/** The board's filters, as the address bar holds them. */
export interface BoardFilters {
  readonly programmeId: string;
  readonly category: string;
  readonly commune: string;
  readonly q: string;
  readonly overdue: boolean;
}

/** The filters of a board address's query (`?programme=…&category=…&commune=…&q=…&overdue=true`). */
export function boardFilters(query: URLSearchParams): BoardFilters {
  return {
    programmeId: query.get('programme') ?? '',
    category: query.get('category') ?? '',
    commune: query.get('commune') ?? '',
    q: (query.get('q') ?? '').trim(),
    overdue: query.get('overdue') === 'true',
  };
}

export function readProgrammes(api: ApiClient): Promise<{ items: Programme[] }> {
  return api.get<{ items: Programme[] }>('/programmes');
}

export function readStats(api: ApiClient, programmeId: string): Promise<Statistics> {
  return api.get<Statistics>('/stats', programmeId ? { programmeId } : {});
}

/** The person's first reminder: undefined while the engine has no reminders (404). */
export function readReminders(api: ApiClient): Promise<{ items: Reminder[] } | undefined> {
  return api.optional<{ items: Reminder[] }>('/reminders', { assignee: 'me', limit: 1 });
}

/** One page of the board's list; `overdue` only once the engine is known to have reminders. */
export function readProjects(api: ApiClient, filters: BoardFilters, overdue: boolean, cursor?: string): Promise<ProjectPage> {
  return api.get<ProjectPage>('/projects', projectsQuery(filters, overdue, cursor));
}

function projectsQuery(filters: BoardFilters, overdue: boolean, cursor?: string): Query {
  return {
    programmeId: filters.programmeId || undefined,
    category: filters.category || undefined,
    commune: filters.commune || undefined,
    q: filters.q || undefined,
    overdue: overdue ? true : undefined,
    limit: BOARD_PAGE,
    cursor,
  };
}

/*
 * The same reads' answers if they have already arrived (asking for nothing), so the board's first
 * render can show them.
 */

export function peekProgrammes(api: ApiClient): { items: Programme[] } | undefined {
  return api.peek<{ items: Programme[] }>('/programmes');
}

export function peekStats(api: ApiClient, programmeId: string): Statistics | undefined {
  return api.peek<Statistics>('/stats', programmeId ? { programmeId } : {});
}

/** The reminders' answer once arrived; undefined also while the engine has none (404, never kept). */
export function peekReminders(api: ApiClient): { items: Reminder[] } | undefined {
  return api.peek<{ items: Reminder[] }>('/reminders', { assignee: 'me', limit: 1 });
}

/** The list when its first page has arrived and is the only one (a longer list is left to the board's load). */
export function peekProjects(api: ApiClient, filters: BoardFilters, overdue: boolean): ProjectListItem[] | undefined {
  const page = api.peek<ProjectPage>('/projects', projectsQuery(filters, overdue));
  return page && !page.nextCursor ? page.items : undefined;
}
