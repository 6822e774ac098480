import { DomainEvent } from '@app/domain';
import { InMemoryEventStore } from '@app/event-store';
import { droppedSpanCount, startTracing, Tracing } from '@app/observability';
import { UuidV7Generator } from '../ports/ids';
import { AggregateType, CommandContext, CommandExecutor } from './command-executor';

type Opened = DomainEvent<'Opened', { by: string }>;
const counter: AggregateType<{ open: boolean }, Opened> = {
  name: 'counter',
  initialState: { open: false },
  evolve: () => ({ open: true }),
  status: (state) => (state.open ? 'open' : 'none'),
};

const context: CommandContext = { actor: { id: 'u1', roles: ['officer'] }, commandId: 'cmd-1', correlationId: 'corr-1', occurredAt: '2026-03-02T09:00:00+07:00' };

// Loading the SDK and its instrumentations takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('CommandExecutor with tracing on and the collector unreachable', () => {
  const saved = { ...process.env };
  let tracing: Tracing | undefined;

  beforeAll(() => {
    // Port 9 refuses connections: every export fails.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:9';
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/protobuf';
    process.env.OTEL_EXPORTER_OTLP_TIMEOUT = '500';
    tracing = startTracing({ maxQueueSize: 8, scheduledDelayMillis: 10 });
  });
  afterAll(async () => {
    await tracing?.shutdown().catch(() => undefined);
    process.env = saved;
  });

  it('runs the commands, stamps their trace on the events, and counts the spans lost', async () => {
    expect(tracing).toBeDefined();
    const store = new InMemoryEventStore();
    const executor = new CommandExecutor(store, new UuidV7Generator());
    const before = droppedSpanCount();
    for (let i = 0; i < 20; i += 1) {
      const outcome = await executor.execute({
        type: 'OpenCounter',
        primary: { id: `c${i}`, streamId: `counter-c${i}`, aggregate: counter },
        context,
        result: 'created',
        decide: async () => ({ appends: [{ streamId: `counter-c${i}`, events: [{ type: 'Opened', data: { by: 'u1' } }] }] }),
      });
      expect(outcome.body).toMatchObject({ id: `c${i}`, version: 1, status: 'open' });
    }
    const [event] = await store.readStream('counter-c0');
    expect(event?.metadata).toMatchObject({ commandId: 'cmd-1', traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/) });
    // Two spans a command (the command and its append), none of which reached the collector.
    await tracing?.flush().catch(() => undefined);
    for (const deadline = Date.now() + 15_000; droppedSpanCount() - before < 40 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    expect(droppedSpanCount() - before).toBe(40);
  });
});
