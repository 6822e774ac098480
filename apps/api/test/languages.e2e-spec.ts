import request from 'supertest';
import { createDraft, createProgramme, DRAFT, headers, MAIN_PATH } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(120_000);

/**
 * The same refusals asked for in Vietnamese and in English: a 404 of a path, a 409 of a business
 * rule and a 400 of validation. The code, status and field errors do not change with the
 * language; the title and detail do, `Content-Language` says which language the answer is in and
 * `Vary` that it depends on `Accept-Language`. Without the header, answers stay English.
 */
describe('Problem Details in Vietnamese and English', () => {
  let engine: TestEngine;
  let programmeId: string;
  let draftId: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    programmeId = await createProgramme(engine);
    draftId = await createDraft(engine, programmeId);
  });
  afterAll(() => engine?.close());

  const conclude = MAIN_PATH.find((step) => step.command === 'ConcludeAppraisal');

  /** The three refusals, each sent with the given Accept-Language (none when undefined). */
  const refusals: { name: string; send: (language?: string) => request.Test }[] = [
    {
      name: '404 unknown project',
      send: (language) =>
        withLanguage(engine.http.post('/api/v1/projects/p-does-not-exist/submit').set(headers(engine, 'officer')).send({ declarations: { counterpartCommitted: true, noDoubleFunding: true } }), language),
    },
    {
      name: '409 invalid transition',
      send: (language) => withLanguage(engine.http.post(`/api/v1/projects/${draftId}/${conclude?.path ?? ''}`).set(headers(engine, 'approver')).send(conclude?.body ?? {}), language),
    },
    {
      name: '400 validation',
      send: (language) => withLanguage(engine.http.post('/api/v1/projects').set(headers(engine, 'officer')).send({ ...DRAFT, programmeId, totalCostVnd: -1 }), language),
    },
  ];

  function withLanguage(req: request.Test, language: string | undefined): request.Test {
    return language === undefined ? req : req.set('Accept-Language', language);
  }

  it.each(refusals.map((refusal) => [refusal.name, refusal] as const))('%s: same code in both languages, title and detail translated', async (_, refusal) => {
    const vi = await refusal.send('vi-VN,vi;q=0.9,en;q=0.5');
    const en = await refusal.send('en');
    expect(vi.status).toBe(en.status);
    expect(vi.status).toBeGreaterThanOrEqual(400);
    expect(vi.body.code).toBe(en.body.code);
    expect(vi.body.type).toBe(en.body.type);
    expect(vi.body.errors).toEqual(en.body.errors);
    expect(vi.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(vi.headers['content-language']).toBe('vi');
    expect(en.headers['content-language']).toBe('en');
    for (const answer of [vi, en]) expect(String(answer.headers['vary']).toLowerCase()).toContain('accept-language');
    expect(vi.body.title).not.toBe(en.body.title);
    expect(vi.body.detail).not.toBe(en.body.detail);
    // Vietnamese letters with diacritics: the answer is really Vietnamese, not an English fallback.
    expect(`${vi.body.title} ${vi.body.detail}`).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
  });

  it('answers each refusal with its own Vietnamese words', async () => {
    const missing = await refusals[0]?.send('vi');
    expect(missing?.body).toMatchObject({ status: 404, code: 'PROJECT.NOT_FOUND', title: 'Không tìm thấy', detail: 'Không tìm thấy đề án.' });
    const transition = await refusals[1]?.send('vi');
    expect(transition?.body).toMatchObject({
      status: 409,
      code: 'PROJECT.INVALID_TRANSITION',
      title: 'Xung đột với quy tắc nghiệp vụ',
      detail: 'Không thể thực hiện thao tác này ở trạng thái hiện tại của đề án.',
      details: { state: 'draft' },
    });
    const invalid = await refusals[2]?.send('vi');
    expect(invalid?.body).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION_FAILED', title: 'Yêu cầu không hợp lệ', errors: [{ field: 'totalCostVnd' }] });
    expect(invalid?.body.detail).toBe('Một số trường chưa đúng định dạng. Trường: totalCostVnd.');
  });

  it('stays English without the header, for other languages, and when Vietnamese is refused', async () => {
    const english = await refusals[1]?.send('en');
    for (const language of [undefined, 'fr-FR, de;q=0.8', 'vi;q=0, *']) {
      const answer = await refusals[1]?.send(language);
      expect(answer?.headers['content-language']).toBe('en');
      expect(answer?.body).toMatchObject({ code: 'PROJECT.INVALID_TRANSITION', title: 'Conflict', detail: english?.body.detail });
    }
    expect(english?.body.detail).toContain('draft');
  });

  it('honours q-values: English preferred over Vietnamese answers in English, and the reverse', async () => {
    const en = await refusals[0]?.send('vi;q=0.3, en;q=0.7');
    const vi = await refusals[0]?.send('en;q=0.3, vi;q=0.7');
    expect(en?.headers['content-language']).toBe('en');
    expect(vi?.headers['content-language']).toBe('vi');
    expect(vi?.body.code).toBe(en?.body.code);
  });
});
