import { createPageClient } from './app-context';
import { startBoardReads } from './board-preload';

/*
 * What the page does before the rest of its script runs: the client every page will use, and the
 * board's reads already under way through it (main.tsx imports this module first, so its body
 * runs before the pages' modules are evaluated and React renders).
 */
export const pageClient = createPageClient();
startBoardReads(pageClient.api, window.location);
