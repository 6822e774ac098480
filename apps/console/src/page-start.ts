import { createPageClient } from './api/page-client';
import { startBoardReads } from './board-preload';

/*
 * The page's first script (index.html), apart from React and the pages: the client every page
 * will use, and the board's reads already under way through it while the rest of the script is
 * still downloading. main.tsx gives the same client to the app.
 */
export const pageClient = createPageClient();
startBoardReads(pageClient.api, window.location);
