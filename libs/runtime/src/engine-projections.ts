import { ENGINE_PROJECTIONS, Projection } from '@app/projections';
import { remindersProjection } from '@app/reminders';

/** Every read model of the engine (the worker feeds them; the CLI rebuilds them). */
export const ALL_PROJECTIONS: readonly Projection[] = [...ENGINE_PROJECTIONS, remindersProjection];
