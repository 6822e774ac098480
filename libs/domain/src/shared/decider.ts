/**
 * A decider is the whole of an aggregate's behaviour as three pure values: the state before
 * anything happened, how a command turns a state into new facts, and how a fact changes a state.
 *
 * @example
 * const state = events.reduce(decider.evolve, decider.initialState);
 * const newEvents = decider.decide(command, state);
 */
export interface Decider<Command, State, Event> {
  readonly initialState: State;
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
}

/**
 * A domain event as deciders see it: a past-tense fact with its payload. Envelope fields
 * (ids, versions, metadata, hashes) are added by the application layer when it is stored.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Folds a list of events into a state with the decider's `evolve`. */
export function fold<State, Event>(
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** Compile-time exhaustiveness check for `switch` statements over discriminated unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

/**
 * `Omit` applied to each member of a union, so the discriminant survives:
 * `DistributiveOmit<ProjectCommand, 'actor'>` is still a union narrowed by `type`.
 */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
