import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from './api/client';
import { createPageClient, type PageClient } from './api/page-client';
import type { DevPerson } from './api/types';
import { loadSession, saveSession, type Session } from './session';

interface AppState {
  readonly api: ApiClient;
  readonly session: Session | undefined;
  /** A request was refused with 401 while signed in: the sign-in shows over the page. */
  readonly expired: boolean;
  /** Grows at each sign-in, so pages load their data again with the new token. */
  readonly epoch: number;
  /** The demo users of the development sign-in; empty when it is not offered (production). */
  readonly people: readonly DevPerson[];
  readonly devAvailable: boolean;
  signIn(session: Session): void;
  signOut(): void;
  /** A person's name when the console knows it (the signed-in user, the demo users), else the id. */
  personName(id: string): string;
}

const AppContext = createContext<AppState | undefined>(undefined);

/*
 * The demo users are asked for on the sign-in page only; the answer is kept in the browser so
 * that, signed in, the pages still name them (a production engine answers 404: none offered).
 */
const PEOPLE_KEY = 'console.devPeople';

interface DevPeople {
  readonly available: boolean;
  readonly items: readonly DevPerson[];
}

function loadPeople(): DevPeople {
  try {
    const kept = JSON.parse(localStorage.getItem(PEOPLE_KEY) ?? 'null') as DevPeople | null;
    if (kept && typeof kept.available === 'boolean' && Array.isArray(kept.items)) return kept;
  } catch {
    // Nothing usable kept: as if none.
  }
  return { available: false, items: [] };
}

function savePeople(people: DevPeople): void {
  try {
    localStorage.setItem(PEOPLE_KEY, JSON.stringify(people));
  } catch {
    // A browser refusing storage only loses the names after a reload.
  }
}

export function AppProvider({ children, client }: { readonly children: ReactNode; readonly client?: PageClient }) {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [expired, setExpired] = useState(false);
  const [epoch, setEpoch] = useState(0);
  const [devPeople, setDevPeople] = useState<DevPeople>(loadPeople);
  const people = devPeople.items;
  const devAvailable = devPeople.available;
  // The client outlives renders; it reads the session through a ref so it always sends the latest token.
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const [page] = useState(() => client ?? createPageClient());
  page.bind({
    token: () => sessionRef.current?.token,
    onUnauthorized: () => {
      if (sessionRef.current) setExpired(true);
    },
  });
  const api = page.api;
  useEffect(() => {
    if (page.takeEarlyUnauthorized() && sessionRef.current) setExpired(true);
  }, [page]);

  const signedIn = session !== undefined;
  useEffect(() => {
    if (signedIn) return;
    // The development sign-in answers 404 in production, where the list stays empty.
    api.optional<{ items: DevPerson[] }>('/console/dev/people').then(
      (answer) => {
        const found = { available: answer !== undefined, items: answer?.items ?? [] };
        savePeople(found);
        setDevPeople(found);
      },
      () => setDevPeople((kept) => ({ ...kept, available: false })),
    );
  }, [api, signedIn]);

  const signIn = useCallback((next: Session) => {
    saveSession(next);
    api.invalidate();
    setSession(next);
    setExpired(false);
    setEpoch((n) => n + 1);
  }, [api]);
  const signOut = useCallback(() => {
    saveSession(undefined);
    api.invalidate();
    setSession(undefined);
    setExpired(false);
  }, [api]);
  const personName = useCallback(
    (id: string) => (id === session?.user.sub ? (session.user.name ?? id) : (people.find((p) => p.sub === id)?.name ?? id)),
    [people, session],
  );

  const value = useMemo<AppState>(
    () => ({ api, session, expired, epoch, people, devAvailable, signIn, signOut, personName }),
    [api, session, expired, epoch, people, devAvailable, signIn, signOut, personName],
  );
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside AppProvider');
  return state;
}
