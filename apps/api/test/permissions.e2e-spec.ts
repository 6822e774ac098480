import { VN_LONGAN_LOCAL_2022_V1 } from '@app/domain';
import { DEFAULT_ROLES } from '@app/domain';
import { createProgramme } from './support/lifecycle';
import { casesOf, CommandName, MatrixContext, matrixCommands, NOT_SENT_BY_USERS, Target } from './support/permissions';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(60_000);

/*
 * Every command × role over HTTP, expectations generated from DEFAULT_ROLES (the role table of the
 * pinned policy vn-longan-local-2022): refused attempts answer 403 Problem Details and append
 * nothing; each allowed role succeeds. A row's refused attempts share one target; its first
 * allowed attempt uses that target too, every further allowed one a fresh target.
 */
const ROWS = matrixCommands().map((row) => ({ row, label: row.label, ...casesOf(DEFAULT_ROLES, row) }));

describe('permission matrix over HTTP', () => {
  let engine: TestEngine;
  let ctx: MatrixContext;

  beforeAll(async () => {
    engine = await startTestEngine();
    // Budget for every approval of the file (150 m each).
    ctx = { engine, programmeId: await createProgramme(engine, 20_000_000_000) };
  });
  afterAll(() => engine?.close());

  it('tests the role table the programme pins, and every command a user can send', () => {
    expect(VN_LONGAN_LOCAL_2022_V1.roles).toBe(DEFAULT_ROLES);
    const covered = new Set(ROWS.map((r) => r.row.command));
    const sendable = (Object.keys(DEFAULT_ROLES) as CommandName[]).filter((c) => !NOT_SENT_BY_USERS.includes(c));
    expect(sendable.filter((c) => !covered.has(c))).toEqual([]);
  });

  describe.each(ROWS)('$label', ({ row, refused, allowed }) => {
    let shared: Target;

    beforeAll(async () => {
      shared = await row.setup(ctx);
    });

    if (refused.length > 0) {
      it.each(refused)('$name', async ({ actor, expectation }) => {
        const before = await engine.eventCount();
        const res = await row.attempt(ctx, shared, actor);
        expect({ status: res.status, type: res.headers['content-type'], code: res.body.code, body: res.body }).toMatchObject({
          status: 403,
          type: expect.stringMatching(/^application\/problem\+json/),
          code: expectation.allowed ? 'none' : expectation.code,
          body: { status: 403 },
        });
        expect(await engine.eventCount()).toBe(before);
      });
    }

    if (allowed.length > 0) {
      it.each(allowed.map((c, i) => ({ ...c, first: i === 0 })))('$name', async ({ actor, first }) => {
        const target = first ? shared : await row.setup(ctx);
        const before = await engine.eventCount();
        const res = await row.attempt(ctx, target, actor);
        expect({ ok: res.ok, status: res.status, body: res.body }).toMatchObject({ ok: true, body: row.status ? { status: row.status } : {} });
        expect(await engine.eventCount()).toBeGreaterThan(before);
      });
    }
  });
});
