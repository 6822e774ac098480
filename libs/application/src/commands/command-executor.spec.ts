import { DomainError, DomainEvent } from '@app/domain';
import { InMemoryEventStore, SqlExecutor } from '@app/event-store';
import { ConcurrencyConflictError, IdempotencyKeyReusedError, PreconditionFailedError } from '../errors';
import { UuidV7Generator } from '../ports/ids';
import { AggregateType, CommandContext, CommandExecutor, EventDataGuard } from './command-executor';

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
        result: 'created',
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
