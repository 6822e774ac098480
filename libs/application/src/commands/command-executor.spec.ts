import { DomainError, DomainEvent } from '@app/domain';
import { InMemoryEventStore, SqlExecutor } from '@app/event-store';
import { ConcurrencyConflictError, IdempotencyKeyInFlightError, IdempotencyKeyReusedError, PreconditionFailedError } from '../errors';
import { UuidV7Generator } from '../ports/ids';
import { AggregateType, CommandContext, CommandExecutor, CommandExecutorOptions, commandOutcomeOf, EventDataGuard, ExecuteCommand } from './command-executor';

type CounterEvent = DomainEvent<'Opened', { by: string }> | DomainEvent<'Added', { n: number }>;
type CounterState = { status: 'none' } | { status: 'open'; total: number };

const counter: AggregateType<CounterState, CounterEvent> = {
  name: 'counter',
  initialState: { status: 'none' },
  evolve: (state, event) => {
    switch (event.type) {
      case 'Opened':
        return { status: 'open', total: 0 };
      case 'Added':
        return state.status === 'open' ? { status: 'open', total: state.total + event.data.n } : state;
    }
  },
  status: (state) => state.status,
};

function context(overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    actor: { id: 'u1', roles: ['officer'] },
    commandId: 'cmd-1',
    correlationId: 'corr-1',
    occurredAt: '2026-03-02T09:00:00+07:00',
    ...overrides,
  };
}

describe('CommandExecutor', () => {
  let store: InMemoryEventStore;
  let executor: CommandExecutor;

  beforeEach(() => {
    store = new InMemoryEventStore();
    executor = new CommandExecutor(store, new UuidV7Generator());
  });

  const open = (id: string, ctx = context()) =>
    executor.execute({
      primary: { id, streamId: `counter-${id}`, aggregate: counter },
      context: ctx,
      result: 'created',
      decide: async () => ({ appends: [{ streamId: `counter-${id}`, events: [{ type: 'Opened', data: { by: ctx.actor.id } }] }] }),
    });

  const add = (id: string, n: number, ctx = context(), before?: () => Promise<void>) =>
    executor.execute({
      primary: { id, streamId: `counter-${id}`, aggregate: counter },
      context: ctx,
      decide: async (load) => {
        const stream = await load(`counter-${id}`, counter);
        if (stream.state.status !== 'open') throw new DomainError('conflict', 'PROJECT.INVALID_TRANSITION', 'not open');
        await before?.();
        return { appends: [{ streamId: stream.streamId, events: [{ type: 'Added', data: { n } }] }] };
      },
    });

  it('appends the decided events and answers with id, version, position and status', async () => {
    const created = await open('a');
    expect(created).toEqual({ result: 'created', body: { id: 'a', version: 1, position: 1, status: 'open' }, replayed: false });
    const added = await add('a', 5);
    expect(added.body).toEqual({ id: 'a', version: 2, position: 2, status: 'open' });
    const [first] = await store.readStream('counter-a');
    expect(first?.metadata).toEqual({
      actor: { id: 'u1', roles: ['officer'] },
      commandId: 'cmd-1',
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      occurredAt: '2026-03-02T09:00:00+07:00',
    });
  });

  it('appends nothing when the decision refuses', async () => {
    await expect(add('missing', 1)).rejects.toMatchObject({ code: 'PROJECT.INVALID_TRANSITION', message: 'not open' });
    expect(await store.readStream('counter-missing')).toEqual([]);
  });

  it('answers 412 when If-Match names another version, and appends nothing', async () => {
    await open('b');
    await expect(add('b', 1, context({ ifMatch: 3 }))).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await store.readStream('counter-b')).toHaveLength(1);
    const ok = await add('b', 1, context({ ifMatch: 1 }));
    expect(ok.body.version).toBe(2);
  });

  it('re-decides after a concurrent write when no If-Match was sent', async () => {
    await open('c');
    let interfered = false;
    const result = await add('c', 2, context(), async () => {
      if (interfered) return;
      interfered = true;
      await store.appendToStreams([{ streamId: 'counter-c', expectedVersion: 1, events: [{ eventId: new UuidV7Generator().next(), type: 'Added', schemaVersion: 1, data: { n: 10 }, metadata: {} }] }]);
    });
    expect(result.body.version).toBe(3);
    expect((await store.readStream('counter-c')).map((e) => e.data)).toEqual([{ by: 'u1' }, { n: 10 }, { n: 2 }]);
  });

  it('answers 412 after a concurrent write when If-Match was sent', async () => {
    await open('d');
    const interfere = () =>
      store.appendToStreams([{ streamId: 'counter-d', expectedVersion: 'any', events: [{ eventId: new UuidV7Generator().next(), type: 'Added', schemaVersion: 1, data: { n: 1 }, metadata: {} }] }]).then(() => undefined);
    await expect(add('d', 2, context({ ifMatch: 1 }), interfere)).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('gives up after the bounded retries', async () => {
    await open('e');
    const interfere = () =>
      store.appendToStreams([{ streamId: 'counter-e', expectedVersion: 'any', events: [{ eventId: new UuidV7Generator().next(), type: 'Added', schemaVersion: 1, data: { n: 1 }, metadata: {} }] }]).then(() => undefined);
    await expect(add('e', 2, context(), interfere)).rejects.toBeInstanceOf(ConcurrencyConflictError);
  });

  it('returns the first answer for a repeated Idempotency-Key and appends nothing', async () => {
    await open('f');
    const ctx = context({ idempotency: { key: 'k-1', fingerprint: 'POST /counters/f/add {"n":3}' } });
    const first = await add('f', 3, ctx);
    const second = await add('f', 3, ctx);
    expect(second).toEqual({ ...first, replayed: true });
    expect(await store.readStream('counter-f')).toHaveLength(2);
    await expect(add('f', 4, context({ idempotency: { key: 'k-1', fingerprint: 'other' } }))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('keeps the answer of a command that decided nothing under its key', async () => {
    await open('g');
    const noop = (ctx: CommandContext) =>
      executor.execute({
        primary: { id: 'g', streamId: 'counter-g', aggregate: counter },
        context: ctx,
        decide: async (load) => {
          await load('counter-g', counter);
          return { appends: [] };
        },
      });
    const ctx = context({ idempotency: { key: 'k-noop', fingerprint: 'fp' } });
    const first = await noop(ctx);
    expect(first.body).toEqual({ id: 'g', version: 1, position: 1, status: 'open' });
    expect((await noop(ctx)).replayed).toBe(true);
  });

  it('appends to several streams atomically and stamps the policy on every event', async () => {
    await open('h');
    await open('i');
    const result = await executor.execute({
      primary: { id: 'h', streamId: 'counter-h', aggregate: counter },
      context: context(),
      decide: async (load) => {
        await load('counter-h', counter);
        await load('counter-i', counter);
        return {
          appends: [
            { streamId: 'counter-h', events: [{ type: 'Added', data: { n: 1 } }] },
            { streamId: 'counter-i', events: [{ type: 'Added', data: { n: -1 } }] },
          ],
          policy: { id: 'vn-2014-national', version: 1, hash: 'abc' },
        };
      },
    });
    expect(result.body.version).toBe(2);
    const [h, i] = [await store.readStream('counter-h'), await store.readStream('counter-i')];
    expect(h[1]?.transactionId).toBe(i[1]?.transactionId);
    expect(i[1]?.metadata.policy).toEqual({ id: 'vn-2014-national', version: 1, hash: 'abc' });
  });

  it('runs the data guard in the transaction of a store transaction it is given, and commits with it', async () => {
    const seen: Array<SqlExecutor | undefined> = [];
    const guard: EventDataGuard = {
      seal: async (_streamId, events, _state, sql) => (seen.push(sql), [...events]),
      open: async (events, sql) => (seen.push(sql), [...events]),
    };
    const guarded = new CommandExecutor(store, new UuidV7Generator(), undefined, { guard });
    const executor: SqlExecutor = { query: async () => ({ rows: [], rowCount: 0 }), exec: async () => undefined };
    await store.transaction((tx) =>
      guarded.execute({
        store: { ...tx, ...executor },
        primary: { id: 'j', streamId: 'counter-j', aggregate: counter },
        context: context(),
        // An update (a creation would read nothing to open).
        decide: async (load) => {
          await load('counter-j', counter);
          return { appends: [{ streamId: 'counter-j', events: [{ type: 'Opened', data: { by: 'u1' } }] }] };
        },
      }),
    );
    expect(seen).toHaveLength(2);
    for (const sql of seen) expect(sql).toMatchObject({ query: executor.query, exec: executor.exec });
    expect(await store.readStream('counter-j')).toHaveLength(1);

    seen.length = 0;
    await guarded.execute({ primary: { id: 'k', streamId: 'counter-k', aggregate: counter }, context: context(), decide: async () => ({ appends: [{ streamId: 'counter-k', events: [{ type: 'Opened', data: { by: 'u1' } }] }] }) });
    expect(seen).toEqual([undefined]);
  });

  it('opens and seals through one guard per command attempt, a new one for each command', async () => {
    const scopes: string[][] = [];
    const shared: EventDataGuard = {
      seal: async () => {
        throw new Error('the shared guard is not used by a command');
      },
      open: async () => {
        throw new Error('the shared guard is not used by a command');
      },
      forCommand: () => {
        const calls: string[] = [];
        scopes.push(calls);
        return { seal: async (_streamId, events) => (calls.push('seal'), [...events]), open: async (events) => (calls.push('open'), [...events]) };
      },
    };
    const guarded = new CommandExecutor(store, new UuidV7Generator(), undefined, { guard: shared });
    const opened = (id: string) =>
      guarded.execute({
        primary: { id, streamId: `counter-${id}`, aggregate: counter },
        context: context(),
        decide: async (load) => {
          await load(`counter-${id}`, counter);
          return { appends: [{ streamId: `counter-${id}`, events: [{ type: 'Opened', data: { by: 'u1' } }] }] };
        },
      });
    await opened('m');
    await opened('n');
    expect(scopes).toEqual([
      ['open', 'seal'],
      ['open', 'seal'],
    ]);
  });
});

/** Appends an event to a counter as another process would, behind the executor's back. */
function writeElsewhere(store: InMemoryEventStore, streamId: string, n: number): Promise<void> {
  const event = { eventId: new UuidV7Generator().next(), type: 'Added', schemaVersion: 1, data: { n }, metadata: {} };
  return store.appendToStreams([{ streamId, expectedVersion: 'any', events: [event] }]).then(() => undefined);
}

describe('CommandExecutor with an Idempotency-Key', () => {
  let store: InMemoryEventStore;
  let executor: CommandExecutor;

  beforeEach(() => {
    store = new InMemoryEventStore();
    executor = new CommandExecutor(store, new UuidV7Generator());
  });

  /** Opens a counter; refuses when it is open already. */
  const open = (id: string, ctx: CommandContext) =>
    executor.execute({
      primary: { id, streamId: `counter-${id}`, aggregate: counter },
      context: ctx,
      result: 'created',
      decide: async (load) => {
        const stream = await load(`counter-${id}`, counter);
        if (stream.state.status !== 'none') throw new DomainError('conflict', 'PROJECT.ALREADY_EXISTS', 'already open');
        return { appends: [{ streamId: `counter-${id}`, events: [{ type: 'Opened', data: { by: 'u1' } }] }] };
      },
    });
  const add = (id: string, n: number, ctx: CommandContext) =>
    executor.execute({
      primary: { id, streamId: `counter-${id}`, aggregate: counter },
      context: ctx,
      decide: async (load) => {
        const stream = await load(`counter-${id}`, counter);
        return { appends: [{ streamId: stream.streamId, events: [{ type: 'Added', data: { n } }] }] };
      },
    });
  const keyed = (key: string, fingerprint = 'fp', overrides: Partial<CommandContext> = {}) => context({ idempotency: { key, fingerprint }, ...overrides });

  it('does not look the key up when the command appends', async () => {
    const lookups = jest.spyOn(store, 'findIdempotencyRecord');
    const first = await open('a', keyed('k-a'));
    expect(first).toEqual({ result: 'created', body: { id: 'a', version: 1, position: 1, status: 'open' }, replayed: false });
    expect(lookups).not.toHaveBeenCalled();
  });

  it('replays the first answer when the repeated command is refused', async () => {
    const first = await open('b', keyed('k-b'));
    const lookups = jest.spyOn(store, 'findIdempotencyRecord');
    await expect(open('b', keyed('k-b'))).resolves.toEqual({ ...first, replayed: true });
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(await store.readStream('counter-b')).toHaveLength(1);
  });

  it('replays the first answer when the repeated command meets a moved stream (If-Match) or conflicts', async () => {
    await open('c', context());
    const ctx = keyed('k-c', 'fp', { ifMatch: 1 });
    const first = await add('c', 2, ctx);
    expect(first.body.version).toBe(2);
    // The stream is at 2 now, so the repeat's If-Match: 1 no longer holds: the first answer still is the answer.
    await expect(add('c', 2, ctx)).resolves.toEqual({ ...first, replayed: true });
    expect(await store.readStream('counter-c')).toHaveLength(2);
  });

  it('refuses a key reused with another request, whatever the decision', async () => {
    await open('d', keyed('k-d', 'first'));
    await expect(open('d', keyed('k-d', 'second'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await open('e', context());
    await expect(add('e', 1, keyed('k-d', 'second'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await store.readStream('counter-e')).toHaveLength(1);
  });

  it('gives the refusal itself when the key was never kept', async () => {
    await open('f', context());
    await expect(open('f', keyed('k-f'))).rejects.toMatchObject({ code: 'PROJECT.ALREADY_EXISTS' });
  });

  it('answers in flight while the first request with the key has not committed', async () => {
    await open('g', context());
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const inside = new Promise<void>((resolve) => (appended = resolve));
    const first = store.transaction(async (tx) => {
      const outcome = await executor.execute({
        store: tx,
        primary: { id: 'g', streamId: 'counter-g', aggregate: counter },
        context: keyed('k-g'),
        decide: async () => ({ appends: [{ streamId: 'counter-g', events: [{ type: 'Added', data: { n: 1 } }] }] }),
      });
      appended();
      await held;
      return outcome;
    });
    await inside;
    await expect(add('g', 1, keyed('k-g'))).rejects.toBeInstanceOf(IdempotencyKeyInFlightError);
    release();
    const committed = await first;
    await expect(add('g', 1, keyed('k-g'))).resolves.toEqual({ ...committed, replayed: true });
  });

  it('replays a command that decided nothing, and refuses its key for another request', async () => {
    await open('h', context());
    const noop = (ctx: CommandContext) =>
      executor.execute({
        primary: { id: 'h', streamId: 'counter-h', aggregate: counter },
        context: ctx,
        decide: async (load) => (await load('counter-h', counter), { appends: [] }),
      });
    const first = await noop(keyed('k-h'));
    expect(first).toEqual({ result: 'updated', body: { id: 'h', version: 1, position: 1, status: 'open' }, replayed: false });
    await writeElsewhere(store, 'counter-h', 5);
    // The stream moved on since, but the repeat answers what the first request answered.
    await expect(noop(keyed('k-h'))).resolves.toEqual({ ...first, replayed: true });
    await expect(noop(keyed('k-h', 'other'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    // A key first used by a command that appended is replayed by a repeat that decides nothing.
    const appended = await add('h', 1, keyed('k-h2'));
    await expect(noop(keyed('k-h2'))).resolves.toEqual({ ...appended, replayed: true });
  });
});

describe('CommandExecutor with a state cache', () => {
  let store: InMemoryEventStore;
  let reads: jest.SpyInstance;

  beforeEach(() => {
    store = new InMemoryEventStore();
    reads = jest.spyOn(store, 'readStreamToFold');
  });

  const cached = (size = 100, options: Partial<CommandExecutorOptions> = {}) =>
    new CommandExecutor(store, new UuidV7Generator(), undefined, { stateCacheSize: size, ...options });
  const readsOf = (streamId: string) => reads.mock.calls.filter(([id]) => id === streamId).length;

  /** Adds `n` to an open counter, recording the total it decided on; refuses a total above `limit`. */
  const adder = (executor: CommandExecutor, seen: number[] = [], limit = Infinity) => (id: string, n: number, ctx = context()) =>
    executor.execute({
      primary: { id, streamId: `counter-${id}`, aggregate: counter },
      context: ctx,
      result: 'updated',
      decide: async (load) => {
        const stream = await load(`counter-${id}`, counter);
        if (stream.state.status === 'none') return { appends: [{ streamId: stream.streamId, events: [{ type: 'Opened', data: { by: 'u1' } }] }] };
        seen.push(stream.state.total);
        if (stream.state.total + n > limit) throw new DomainError('conflict', 'PROJECT.INVALID_TRANSITION', 'over the limit');
        return { appends: [{ streamId: stream.streamId, events: [{ type: 'Added', data: { n } }] }] };
      },
    });

  it('decides on the state kept after the previous command, without reading the stream', async () => {
    const seen: number[] = [];
    const add = adder(cached(), seen);
    await add('a', 0);
    await add('a', 2);
    const third = await add('a', 3);
    expect(third.body).toEqual({ id: 'a', version: 3, position: 3, status: 'open' });
    expect(seen).toEqual([0, 2]);
    expect(readsOf('counter-a')).toBe(1);
  });

  it('reads every time with size 0, and without the option', async () => {
    for (const executor of [cached(0), new CommandExecutor(store, new UuidV7Generator())]) {
      reads.mockClear();
      const add = adder(executor);
      await add('b', 0);
      await add('b', 1);
      await add('b', 1);
      expect(readsOf('counter-b')).toBe(3);
    }
  });

  it('decides again on a fresh read when another process moved the stream, without spending an attempt', async () => {
    const seen: number[] = [];
    const conflicts: string[] = [];
    const add = adder(cached(100, { maxAttempts: 1, observer: { conflict: (streamId) => conflicts.push(streamId) } }), seen);
    await add('c', 0);
    await add('c', 1);
    await writeElsewhere(store, 'counter-c', 10);
    const outcome = await add('c', 2);
    expect(outcome.body.version).toBe(4);
    expect(seen).toEqual([0, 1, 11]);
    expect(conflicts).toEqual(['counter-c']);
    expect((await store.readStream('counter-c')).map((e) => e.data)).toEqual([{ by: 'u1' }, { n: 1 }, { n: 10 }, { n: 2 }]);
    // The fresh state is kept again.
    reads.mockClear();
    await add('c', 1);
    expect(readsOf('counter-c')).toBe(0);
  });

  it('reads the stream when If-Match names another version than the kept one, and answers 412 only if the stream is not there', async () => {
    const add = adder(cached());
    await add('d', 0);
    await add('d', 1);
    await writeElsewhere(store, 'counter-d', 10);
    // Kept: version 2; the stream is at 3, as the client saw it.
    reads.mockClear();
    const ok = await add('d', 1, context({ ifMatch: 3 }));
    expect(ok.body.version).toBe(4);
    expect(readsOf('counter-d')).toBe(1);
    await expect(add('d', 1, context({ ifMatch: 9 }))).rejects.toMatchObject({ details: { expectedVersion: 9, actualVersion: 4 } });
  });

  it('answers 412 with the stream\'s version when If-Match equals a kept version the stream moved past', async () => {
    const add = adder(cached());
    await add('e', 0);
    await add('e', 1);
    await writeElsewhere(store, 'counter-e', 10);
    const refused = add('e', 1, context({ ifMatch: 2 }));
    await expect(refused).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(refused).rejects.toMatchObject({ details: { expectedVersion: 2, actualVersion: 3 } });
    expect(await store.readStream('counter-e')).toHaveLength(3);
  });

  it('takes a refusal decided on a kept state only once a read shows the stream still at that version', async () => {
    const seen: number[] = [];
    const add = adder(cached(), seen, 5);
    await add('f', 0);
    await add('f', 5);
    // Kept: total 5; another process took it back to 0, so adding 3 is allowed.
    await writeElsewhere(store, 'counter-f', -5);
    const outcome = await add('f', 3);
    expect(outcome.body.version).toBe(4);
    expect(seen).toEqual([0, 5, 0]);
    // Kept: total 3 at version 4, as the stream is: the refusal stands after one read.
    reads.mockClear();
    await expect(add('f', 3)).rejects.toMatchObject({ code: 'PROJECT.INVALID_TRANSITION' });
    expect(readsOf('counter-f')).toBe(1);
  });

  it('checks the kept version by a read when the command appends nothing to its primary stream', async () => {
    const executor = cached();
    const add = adder(executor);
    await add('g', 0);
    await add('g', 1);
    await writeElsewhere(store, 'counter-g', 10);
    const noop = () =>
      executor.execute({
        primary: { id: 'g', streamId: 'counter-g', aggregate: counter },
        context: context(),
        decide: async (load) => (await load('counter-g', counter), { appends: [] }),
      });
    await expect(noop()).resolves.toEqual({ result: 'updated', body: { id: 'g', version: 3, position: 3, status: 'open' }, replayed: false });
  });

  it('drops the least recently used stream beyond its size', async () => {
    const add = adder(cached(1));
    await add('h', 0);
    await add('i', 0);
    reads.mockClear();
    await add('h', 1);
    await add('h', 1);
    expect(readsOf('counter-h')).toBe(1);
    expect(readsOf('counter-i')).toBe(0);
    await add('i', 1);
    expect(readsOf('counter-i')).toBe(1);
  });

  it('always reads a stream the command loads besides its primary one, and forgets it when the command writes it', async () => {
    const executor = cached();
    const add = adder(executor);
    await add('j', 0);
    await add('k', 0);
    await add('k', 1);
    const both = () =>
      executor.execute({
        primary: { id: 'j', streamId: 'counter-j', aggregate: counter },
        context: context(),
        decide: async (load) => {
          await load('counter-j', counter);
          await load('counter-k', counter);
          return {
            appends: [
              { streamId: 'counter-j', events: [{ type: 'Added', data: { n: 1 } }] },
              { streamId: 'counter-k', events: [{ type: 'Added', data: { n: 1 } }] },
            ],
          };
        },
      });
    reads.mockClear();
    await both();
    await both();
    expect(readsOf('counter-j')).toBe(0);
    expect(readsOf('counter-k')).toBe(2);
    // counter-k was kept by its own command, and written since as a secondary stream: read again.
    await add('k', 1);
    expect(readsOf('counter-k')).toBe(3);
  });

  it('neither serves nor keeps states for a command in a caller\'s transaction', async () => {
    const executor = cached();
    const add = adder(executor);
    await add('l', 0);
    await add('l', 1);
    reads.mockClear();
    await store.transaction((tx) =>
      executor.execute({
        store: tx,
        primary: { id: 'l', streamId: 'counter-l', aggregate: counter },
        context: context(),
        decide: async (load) => (await load('counter-l', counter), { appends: [{ streamId: 'counter-l', events: [{ type: 'Added', data: { n: 1 } }] }] }),
      }),
    );
    // The transaction's own reads do not go through the spied method; the next command reads.
    await add('l', 1);
    expect(readsOf('counter-l')).toBe(1);
  });

  it('keeps no stream whose events hold sealed personal data, nor any when the guard cannot tell', async () => {
    const sealed = (data: unknown) => JSON.stringify(data).includes('pd:');
    const telling: EventDataGuard = {
      seal: async (_streamId, events) => events.map((e) => (e.type === 'Opened' ? { ...e, data: { by: 'pd:v1:subject:x' } } : e)),
      open: async (events) => [...events],
      holdsSealed: (events) => events.some((e) => sealed(e.data)),
    };
    const silent: EventDataGuard = { seal: async (_s, events) => [...events], open: async (events) => [...events] };
    const plain: EventDataGuard = { ...silent, holdsSealed: () => false };
    const readsFor = async (guard: EventDataGuard, id: string) => {
      const add = adder(cached(100, { guard }));
      await add(id, 0);
      await add(id, 1);
      await add(id, 1);
      return readsOf(`counter-${id}`);
    };
    expect(await readsFor(telling, 'm')).toBe(3);
    expect(await readsFor(silent, 'n')).toBe(3);
    expect(await readsFor(plain, 'o')).toBe(1);
  });
});

describe('CommandExecutor with a creation', () => {
  let store: InMemoryEventStore;
  let reads: jest.SpyInstance;
  let executor: CommandExecutor;

  beforeEach(() => {
    store = new InMemoryEventStore();
    reads = jest.spyOn(store, 'readStreamToFold');
    executor = new CommandExecutor(store, new UuidV7Generator(), undefined, { maxAttempts: 1 });
  });

  /** Opens a counter; refuses one that is open already. */
  const create = (id: string, refuse = false) =>
    executor.execute({
      primary: { id, streamId: `counter-${id}`, aggregate: counter },
      context: context(),
      result: 'created',
      decide: async (load) => {
        const stream = await load(`counter-${id}`, counter);
        if (stream.state.status !== 'none') throw new DomainError('conflict', 'PROJECT.INVALID_TRANSITION', 'open already');
        if (refuse) throw new DomainError('invalid', 'COMMAND.FIELD_REQUIRED', 'refused');
        return { appends: [{ streamId: stream.streamId, events: [{ type: 'Opened', data: { by: 'u1' } }] }] };
      },
    });

  it('decides on the initial state without reading the stream it creates', async () => {
    const outcome = await create('n1');
    expect(outcome).toEqual({ result: 'created', body: { id: 'n1', version: 1, position: 1, status: 'open' }, replayed: false });
    expect(reads).not.toHaveBeenCalled();
  });

  it('reads and decides again when the stream it presumed new exists, without spending an attempt', async () => {
    await create('n2');
    reads.mockClear();
    await expect(create('n2')).rejects.toMatchObject({ code: 'PROJECT.INVALID_TRANSITION' });
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await store.readStream('counter-n2')).toHaveLength(1);
  });

  it('checks by a read that the stream is still new before a refusal decided on the initial state stands', async () => {
    await expect(create('n3', true)).rejects.toMatchObject({ code: 'COMMAND.FIELD_REQUIRED' });
    expect(reads).toHaveBeenCalledTimes(1);
  });
});

describe('CommandExecutor observed', () => {
  it('reports each command once with its type, outcome and duration', async () => {
    const seen: { command: string; outcome: string; seconds: number }[] = [];
    const store = new InMemoryEventStore();
    const executor = new CommandExecutor(store, new UuidV7Generator(), undefined, {
      maxAttempts: 1,
      observer: { completed: (command, outcome, seconds) => seen.push({ command, outcome, seconds }) },
    });
    const run = (type: string | undefined, decide: ExecuteCommand<CounterState, CounterEvent>['decide']) =>
      executor.execute({ primary: { id: 'x', streamId: 'counter-x', aggregate: counter }, context: context(), ...(type ? { type } : {}), decide });
    await run('Open', async () => ({ appends: [{ streamId: 'counter-x', events: [{ type: 'Opened', data: { by: 'u1' } }] }] }));
    await expect(run('Add', async () => Promise.reject(new DomainError('conflict', 'PROJECT.INVALID_TRANSITION', 'not open')))).rejects.toBeInstanceOf(DomainError);
    await expect(
      run('Add', async (load) => {
        await load('counter-x', counter);
        // Another writer moves the stream between the read and the append.
        await store.appendToStreams([{ streamId: 'counter-x', expectedVersion: 'any', events: [{ eventId: new UuidV7Generator().next(), type: 'Added', schemaVersion: 1, data: { n: 1 }, metadata: {} }] }]);
        return { appends: [{ streamId: 'counter-x', events: [{ type: 'Added', data: { n: 2 } }] }] };
      }),
    ).rejects.toBeInstanceOf(ConcurrencyConflictError);
    await expect(run(undefined, async () => Promise.reject(new TypeError('bug')))).rejects.toBeInstanceOf(TypeError);
    expect(seen.map(({ command, outcome }) => `${command}:${outcome}`)).toEqual(['Open:ok', 'Add:refused', 'Add:conflict', 'unknown:error']);
    for (const { seconds } of seen) expect(seconds).toBeGreaterThanOrEqual(0);
  });

  it('labels what ended a command', () => {
    expect(commandOutcomeOf(new PreconditionFailedError(1, 2))).toBe('conflict');
    expect(commandOutcomeOf(new IdempotencyKeyInFlightError('k'))).toBe('conflict');
    expect(commandOutcomeOf(new IdempotencyKeyReusedError('k'))).toBe('refused');
    expect(commandOutcomeOf(new DomainError('invalid', 'PROJECT.INVALID_TRANSITION', 'no'))).toBe('refused');
    expect(commandOutcomeOf(new Error('database down'))).toBe('error');
  });
});
