import { DomainEvent } from '@app/domain';
import { AggregateType, CommandExecutor, IdGenerator } from '@app/application';
import { Operation } from './load';
import { BENCH_ACTOR, eventData } from './payload';

interface CounterState {
  readonly count: number;
}

type CounterIncremented = DomainEvent<'CounterIncremented', Record<string, unknown>>;

/** The smallest realistic aggregate: a count folded from its events, with a status. */
export function counterAggregate(limit: number): AggregateType<CounterState, CounterIncremented> {
  return {
    name: 'counter',
    initialState: { count: 0 },
    evolve: (state) => ({ count: state.count + 1 }),
    status: (state) => (state.count >= limit ? 'full' : 'open'),
  };
}

/**
 * One client of the in-process command path: each operation loads the stream (read + fold, or
 * the state the executor kept after the client's previous command), checks a rule against the state and appends one event with the loaded version as expected
 * version. After `streamLength` events the client starts a fresh stream, so the fold stays short.
 */
export function commandClient(
  executor: CommandExecutor,
  ids: IdGenerator,
  nextStream: () => string,
  streamLength: number,
): Operation {
  const aggregate = counterAggregate(streamLength);
  let streamId = nextStream();
  let version = 0;
  return async () => {
    if (version >= streamLength) {
      streamId = nextStream();
      version = 0;
    }
    const id = streamId;
    const outcome = await executor.execute({
      primary: { id, streamId: id, aggregate },
      context: { actor: BENCH_ACTOR, commandId: ids.next(), correlationId: ids.next(), occurredAt: new Date().toISOString() },
      decide: async (load) => {
        const stream = await load(id, aggregate);
        if (stream.state.count >= streamLength) throw new Error(`Counter ${id} is full`);
        const event: CounterIncremented = { type: 'CounterIncremented', data: eventData(stream.state.count + 1) };
        return { appends: [{ streamId: id, events: [event] }] };
      },
    });
    if (outcome.body.version !== version + 1) {
      throw new Error(`Command on ${id} reached version ${outcome.body.version}, expected ${version + 1}`);
    }
    version = outcome.body.version;
  };
}
