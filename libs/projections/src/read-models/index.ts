export * from './document-projection';
export * from './programmes.projection';
export * from './projects.projection';
export * from './read-model.queries';
export * from './search-text';

import { programmesProjection } from './programmes.projection';
import { projectsProjection } from './projects.projection';

/** Every read model of the engine, in the order they are set up. */
export const ENGINE_PROJECTIONS = [programmesProjection, projectsProjection] as const;
