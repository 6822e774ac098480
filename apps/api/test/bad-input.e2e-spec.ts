import request from 'supertest';
import { buildWebhookHeaders } from '@app/webhooks';
import { createDraft, createProgramme, DRAFT, headers, Person, programmeBody } from './support/lifecycle';
import { startTestEngine, TEST_FINANCE_SECRET, TestEngine } from './support/test-engine';

jest.setTimeout(120_000);

/**
 * Malformed requests over every kind of route: a create command, a state change with path
 * parameters and If-Match, a query, time travel, an administrator's command and the signed
 * finance webhook. Each is answered with its exact 4xx as Problem Details naming the field or
 * the rule, and appends nothing.
 */
describe('bad input on every kind of route', () => {
  let engine: TestEngine;
  let programmeId: string;
  let projectId: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    programmeId = await createProgramme(engine);
    projectId = await createDraft(engine, programmeId);
    engine.clock.set('2026-03-03T02:00:00Z');
    // Whatever the set-up set going has run before the first count is taken.
    expect(await engine.projections.waitForPosition(await engine.lastPosition(), 10_000)).toBe(true);
  });
  afterAll(() => engine?.close());

  /** A JSON text as sent, so keys like `__proto__` and escapes like `\ud800` reach the engine as written. */
  const createText = (extra: string) => `{${JSON.stringify({ ...DRAFT, programmeId }).slice(1, -1)},${extra}}`;
  const programme = { ...programmeBody('KCDP-LA-2026-BAD'), name: 'Chương trình thử' };
  const payment = { type: 'payment.confirmed', data: { paymentOrderNo: 'UNC-2026-0001', amountVnd: 100_000_000, treasuryRef: 'KB-0001', valueDate: '2026-06-25' } };
  const SUBMIT = { declarations: { counterpartCommitted: true, noDoubleFunding: true } };
  const LONG_ID = 'p'.repeat(129);

  const json = (person: Person, path: string, body: string | object, method: 'post' | 'patch' | 'put' = 'post') => {
    const req = engine.http[method](`/api/v1${path}`).set(headers(engine, person));
    return typeof body === 'string' ? req.set('content-type', 'application/json').send(body) : req.send(body);
  };
  const typed = (person: Person, path: string, contentType: string, body: string) => engine.http.post(`/api/v1${path}`).set(headers(engine, person)).set('content-type', contentType).send(body);
  const get = (person: Person, path: string) => engine.http.get(`/api/v1${path}`).set(headers(engine, person));
  const signed = (text: string, contentType = 'application/json') => {
    const hook = buildWebhookHeaders({ secret: TEST_FINANCE_SECRET, id: `msg_${Math.random().toString(36).slice(2)}`, timestamp: Math.floor(engine.clock.now().getTime() / 1000), body: text });
    return engine.http.post('/api/v1/integrations/finance/events').set(hook).set('content-type', contentType).send(text);
  };
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  interface Case {
    readonly name: string;
    readonly send: () => request.Test;
    readonly status: number;
    readonly code: string;
    /** The field named in `errors` (or `undefined` when the rule is about the whole request). */
    readonly field: string;
  }

  const cases: Case[] = [
    // A create command.
    { name: 'create: broken JSON', send: () => json('officer', '/projects', '{"title": '), status: 400, code: 'REQUEST.MALFORMED_JSON', field: '$' },
    { name: 'create: a JSON string instead of an object', send: () => json('officer', '/projects', '"a draft"'), status: 400, code: 'REQUEST.MALFORMED_JSON', field: '$' },
    { name: 'create: text/plain', send: () => typed('officer', '/projects', 'text/plain', JSON.stringify({ ...DRAFT, programmeId })), status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', field: 'Content-Type' },
    { name: 'create: a form', send: () => typed('officer', '/projects', 'application/x-www-form-urlencoded', `title=x&programmeId=${programmeId}`), status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', field: 'Content-Type' },
    { name: 'create: multipart', send: () => typed('officer', '/projects', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--x--\r\n'), status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', field: 'Content-Type' },
    { name: 'create: JSON in a charset other than UTF-8', send: () => typed('officer', '/projects', 'application/json; charset=latin1', '{}'), status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', field: 'Content-Type' },
    {
      name: 'create: a content encoding the engine does not know',
      send: () => json('officer', '/projects', { ...DRAFT, programmeId }).set('Content-Encoding', 'x-unknown'),
      status: 415,
      code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      field: 'Content-Encoding',
    },
    { name: 'create: a body over BODY_LIMIT', send: () => json('officer', '/projects', { ...DRAFT, programmeId, objectives: 'x'.repeat(70 * 1024) }), status: 413, code: 'REQUEST.TOO_LARGE', field: '$' },
    { name: 'create: "__proto__" at the top', send: () => json('officer', '/projects', createText('"__proto__":{"polluted":true}')), status: 400, code: 'REQUEST.FORBIDDEN_KEY', field: '__proto__' },
    { name: 'create: "constructor": { "prototype": … }', send: () => json('officer', '/projects', createText('"constructor":{"prototype":{"polluted":true}}')), status: 400, code: 'REQUEST.FORBIDDEN_KEY', field: 'constructor' },
    {
      name: 'create: "__proto__" three levels down',
      send: () => json('officer', '/projects', JSON.stringify({ ...DRAFT, programmeId }).replace('"phone"', '"__proto__":{"polluted":true},"phone"')),
      status: 400,
      code: 'REQUEST.FORBIDDEN_KEY',
      field: 'beneficiary.contact.__proto__',
    },
    { name: 'create: "prototype" inside an array', send: () => json('officer', '/projects', createText('"expectedEffects":[{"prototype":{}}]')), status: 400, code: 'REQUEST.FORBIDDEN_KEY', field: 'expectedEffects[0].prototype' },
    { name: 'create: a NUL in the title', send: () => json('officer', '/projects', { ...DRAFT, programmeId, title: 'Kẹo\u0000khóm' }), status: 400, code: 'REQUEST.INVALID_TEXT', field: 'title' },
    {
      name: 'create: a lone high surrogate in a nested name',
      send: () => json('officer', '/projects', JSON.stringify({ ...DRAFT, programmeId }).replace('Bến Lức', 'Bến \\ud800Lức')),
      status: 400,
      code: 'REQUEST.INVALID_TEXT',
      field: 'beneficiary.name',
    },
    { name: 'create: a lone low surrogate at the end', send: () => json('officer', '/projects', createText('"expectedEffects":"x\\udc00"')), status: 400, code: 'REQUEST.INVALID_TEXT', field: 'expectedEffects' },
    { name: 'create: a NUL in a key', send: () => json('officer', '/projects', createText('"a\\u0000b":1')), status: 400, code: 'REQUEST.INVALID_TEXT', field: 'a\u0000b' },
    { name: 'create: nesting 40 levels deep', send: () => json('officer', '/projects', createText(`"x":${nested(40)}`)), status: 400, code: 'REQUEST.TOO_DEEP', field: `x${'.a'.repeat(31)}` },
    { name: 'create: a huge amount', send: () => json('officer', '/projects', createText('"requestedSupportVnd":99999999999999999999').replace('"requestedSupportVnd":150000000,', '')), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'requestedSupportVnd' },
    { name: 'create: a negative amount', send: () => json('officer', '/projects', { ...DRAFT, programmeId, totalCostVnd: -400_000_000 }), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'totalCostVnd' },
    { name: 'create: a fractional amount', send: () => json('officer', '/projects', { ...DRAFT, programmeId, counterpartVnd: 250_000_000.5 }), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'counterpartVnd' },
    { name: 'create: an amount as a string', send: () => json('officer', '/projects', { ...DRAFT, programmeId, requestedSupportVnd: '150000000' }), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'requestedSupportVnd' },
    { name: 'create: 30 February', send: () => json('officer', '/projects', { ...DRAFT, programmeId, plannedStart: '2026-02-30' }), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'plannedStart' },
    { name: 'create: month 13', send: () => json('officer', '/projects', { ...DRAFT, programmeId, plannedEnd: '2026-13-01' }), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'plannedEnd' },
    { name: 'create: an over-long Idempotency-Key', send: () => json('officer', '/projects', { ...DRAFT, programmeId }).set('Idempotency-Key', 'k'.repeat(256)), status: 400, code: 'REQUEST.INVALID_IDEMPOTENCY_KEY', field: 'Idempotency-Key' },
    { name: 'create: a non-ASCII Idempotency-Key', send: () => json('officer', '/projects', { ...DRAFT, programmeId }).set('Idempotency-Key', 'clé-1'), status: 400, code: 'REQUEST.INVALID_IDEMPOTENCY_KEY', field: 'Idempotency-Key' },

    // A state change with path parameters and If-Match.
    { name: 'submit: If-Match beyond any version', send: () => json('officer', `/projects/${projectId}/submit`, SUBMIT).set('If-Match', '"99999999999999999999"'), status: 400, code: 'REQUEST.INVALID_IF_MATCH', field: 'If-Match' },
    { name: 'submit: a negative If-Match', send: () => json('officer', `/projects/${projectId}/submit`, SUBMIT).set('If-Match', '"-1"'), status: 400, code: 'REQUEST.INVALID_IF_MATCH', field: 'If-Match' },
    { name: 'submit: a fractional If-Match', send: () => json('officer', `/projects/${projectId}/submit`, SUBMIT).set('If-Match', '"1.5"'), status: 400, code: 'REQUEST.INVALID_IF_MATCH', field: 'If-Match' },
    { name: 'submit: an over-long id', send: () => json('officer', `/projects/${LONG_ID}/submit`, SUBMIT), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'id' },
    { name: 'submit: a NUL in the id', send: () => json('officer', `/projects/${projectId}%00/submit`, SUBMIT), status: 400, code: 'REQUEST.INVALID_TEXT', field: 'id' },
    { name: 'submit: an id that is not UTF-8', send: () => json('officer', '/projects/%ED%A0%80/submit', SUBMIT), status: 400, code: 'REQUEST.INVALID_TEXT', field: 'path' },
    { name: 'submit: a boolean as a string', send: () => json('officer', `/projects/${projectId}/submit`, { declarations: { counterpartCommitted: 'yes', noDoubleFunding: true } }), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'declarations.counterpartCommitted' },
    {
      name: 'submit: "__proto__" in a nested object',
      send: () => json('officer', `/projects/${projectId}/submit`, '{"declarations":{"counterpartCommitted":true,"noDoubleFunding":true,"__proto__":{"isAdmin":true}}}'),
      status: 400,
      code: 'REQUEST.FORBIDDEN_KEY',
      field: 'declarations.__proto__',
    },
    { name: 'appraisal: an over-long appraiser id', send: () => json('officer', `/projects/${projectId}/appraisal`, { panel: ['appraiser-1', LONG_ID] }), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'panel' },
    { name: 'submit: text/plain', send: () => typed('officer', `/projects/${projectId}/submit`, 'text/plain', JSON.stringify(SUBMIT)), status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', field: 'Content-Type' },
    ...['0', '-1', '1.5', 'abc', '1e3', '99999999999999999999'].map((no) => ({
      name: `tranche request: tranche number ${no}`,
      send: () => json('officer', `/projects/${projectId}/tranches/${no}/request`, { amountVnd: 1_000_000, evidenceRefs: [] }),
      status: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      field: 'no',
    })),

    // A query.
    ...['99999999999999999999', '9007199254740992', '-1', '1.5', 'abc', '1e3', '0x10', ''].map((value) => ({
      name: `list: minPosition=${value}`,
      send: () => get('officer', `/projects?minPosition=${value}`),
      status: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      field: 'minPosition',
    })),
    ...['0', '100000', 'abc', '2.5', '-5'].map((value) => ({
      name: `list: limit=${value}`,
      send: () => get('officer', `/projects?limit=${value}`),
      status: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      field: 'limit',
    })),
    { name: 'list: limit given twice', send: () => get('officer', '/projects?limit=1&limit=2'), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'limit' },
    { name: 'list: a NUL in the search', send: () => get('officer', '/projects?q=k%00eo'), status: 400, code: 'REQUEST.INVALID_TEXT', field: 'q' },
    { name: 'list: __proto__ as a parameter', send: () => get('officer', '/projects?__proto__=x'), status: 400, code: 'REQUEST.FORBIDDEN_KEY', field: '__proto__' },
    { name: 'list: constructor as a parameter', send: () => get('officer', '/projects?constructor=x'), status: 400, code: 'REQUEST.FORBIDDEN_KEY', field: 'constructor' },
    { name: 'list: an over-long programme id', send: () => get('officer', `/projects?programmeId=${'x'.repeat(65)}`), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'programmeId' },
    { name: 'list: a status that is none', send: () => get('officer', '/projects?status=approved,nope'), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'status' },
    { name: 'list: an unknown parameter', send: () => get('officer', '/projects?sort=title'), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'sort' },
    { name: 'detail: minPosition beyond any position', send: () => get('officer', `/projects/${projectId}?minPosition=99999999999999999999`), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'minPosition' },
    { name: 'history: a huge afterVersion', send: () => get('officer', `/projects/${projectId}/history?afterVersion=99999999999999999999`), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'afterVersion' },
    { name: 'detail: an over-long id', send: () => get('officer', `/projects/${LONG_ID}`), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'id' },

    // Time travel.
    ...['0', '-1', '1.5', 'abc', '2147483648', '99999999999999999999'].map((value) => ({
      name: `state: version=${value}`,
      send: () => get('auditor', `/projects/${projectId}/state?version=${value}`),
      status: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      field: 'version',
    })),
    ...['2026-02-30T00:00:00Z', '2026-13-01T00:00:00%2B07:00', '2026-03-02', 'yesterday', '2026-03-02T25:00:00Z'].map((value) => ({
      name: `state: at=${value}`,
      send: () => get('auditor', `/projects/${projectId}/state?at=${value}`),
      status: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      field: 'at',
    })),
    { name: 'state: asOfEffective on 31 April', send: () => get('auditor', `/projects/${projectId}/state?asOfEffective=2026-04-31T00:00:00Z`), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'asOfEffective' },
    { name: 'state: an over-long id', send: () => get('auditor', `/projects/${LONG_ID}/state`), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'id' },
    { name: 'state: a NUL in the id', send: () => get('auditor', '/projects/a%00b/state'), status: 400, code: 'REQUEST.INVALID_TEXT', field: 'id' },

    // An administrator's commands.
    ...[['1e21', '1e21'], ['a string', '"2026"'], ['a fraction', '2026.5'], ['negative', '-2026'], ['huge', '99999999999999999999']].map(([what, year]) => ({
      name: `programme: year ${what}`,
      send: () => json('admin', '/programmes', JSON.stringify(programme).replace('"year":2026', `"year":${year}`)),
      status: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      field: 'year',
    })),
    { name: 'programme: a huge budget', send: () => json('admin', '/programmes', JSON.stringify(programme).replace('1000000000', '99999999999999999999')), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'budgetVnd' },
    { name: 'programme: 30 February', send: () => json('admin', '/programmes', { ...programme, registrationOpensOn: '2026-02-30' }), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'registrationOpensOn' },
    { name: 'programme: "__proto__"', send: () => json('admin', '/programmes', `{"__proto__":{"polluted":true},${JSON.stringify(programme).slice(1)}`), status: 400, code: 'REQUEST.FORBIDDEN_KEY', field: '__proto__' },
    { name: 'programme: a lone surrogate in the name', send: () => json('admin', '/programmes', JSON.stringify(programme).replace('thử', 'th\\udbff')), status: 400, code: 'REQUEST.INVALID_TEXT', field: 'name' },
    { name: 'programme: a form', send: () => typed('admin', '/programmes', 'application/x-www-form-urlencoded', 'code=x'), status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', field: 'Content-Type' },
    { name: 'erasure: an over-long subject id', send: () => json('admin', `/admin/data-subjects/project_${LONG_ID}/erasure`, {}), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'id' },
    { name: 'erasure: a NUL in the subject id', send: () => json('admin', `/admin/data-subjects/project_${projectId}%00/erasure`, {}), status: 400, code: 'REQUEST.INVALID_TEXT', field: 'id' },
    { name: 'webhook endpoint: replay from a huge position', send: () => json('admin', '/webhook-endpoints/x/replay', '{"fromPosition":99999999999999999999}'), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'fromPosition' },

    // The finance webhook, signed with the test secret.
    { name: 'finance: broken JSON', send: () => signed('{"type":"payment.confirmed",'), status: 400, code: 'REQUEST.MALFORMED_JSON', field: '$' },
    { name: 'finance: text/plain', send: () => signed(JSON.stringify(payment), 'text/plain'), status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', field: 'Content-Type' },
    { name: 'finance: "__proto__"', send: () => signed(`{"__proto__":{"polluted":true},${JSON.stringify(payment).slice(1)}`), status: 400, code: 'REQUEST.FORBIDDEN_KEY', field: '__proto__' },
    { name: 'finance: "constructor" in data', send: () => signed(JSON.stringify(payment).replace('"paymentOrderNo"', '"constructor":{"prototype":{}},"paymentOrderNo"')), status: 400, code: 'REQUEST.FORBIDDEN_KEY', field: 'data.constructor' },
    { name: 'finance: a NUL in the treasury reference', send: () => signed(JSON.stringify(payment).replace('KB-0001', 'KB-\\u00000001')), status: 400, code: 'REQUEST.INVALID_TEXT', field: 'data.treasuryRef' },
    { name: 'finance: a lone surrogate in the order number', send: () => signed(JSON.stringify(payment).replace('UNC-2026-0001', 'UNC-\\ud83d')), status: 400, code: 'REQUEST.INVALID_TEXT', field: 'data.paymentOrderNo' },
    { name: 'finance: 30 February', send: () => signed(JSON.stringify({ ...payment, data: { ...payment.data, valueDate: '2026-02-30' } })), status: 400, code: 'REQUEST.VALIDATION_FAILED', field: 'data.valueDate' },
    ...[['huge', '99999999999999999999'], ['negative', '-100'], ['fractional', '100.5'], ['a string', '"100000000"']].map(([what, amount]) => ({
      name: `finance: an amount ${what}`,
      send: () => signed(JSON.stringify(payment).replace('100000000', amount as string)),
      status: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      field: 'data.amountVnd',
    })),
    { name: 'finance: "__proto__", unsigned', send: () => engine.http.post('/api/v1/integrations/finance/events').set('content-type', 'application/json').send('{"__proto__":{}}'), status: 400, code: 'REQUEST.FORBIDDEN_KEY', field: '__proto__' },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const events = await engine.eventCount();
    const position = await engine.lastPosition();
    const res = await c.send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status: c.status, code: c.code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: `urn:problem:${c.code}`, status: c.status });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(c.field);
    expect(await engine.eventCount()).toBe(events);
    expect(await engine.lastPosition()).toBe(position);
  });

  it('answers a version beyond what the store can hold with 400 naming the field, not 500', async () => {
    // Stream versions are PostgreSQL integers; the filter's fallback for data exceptions is covered by input-safety.spec.ts.
    const res = await get('officer', `/projects/${projectId}/history?afterVersion=99999999999`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', status: 400, errors: [expect.objectContaining({ field: 'afterVersion' })] });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('leaves Object.prototype untouched after the __proto__ and constructor.prototype requests', async () => {
    await json('officer', '/projects', createText('"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"polluted":true}}')).expect(400);
    await signed(`{"__proto__":{"polluted":true},${JSON.stringify(payment).slice(1)}`).expect(400);
    await get('officer', '/projects?__proto__[polluted]=true&constructor[prototype][polluted]=true').expect(400);
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('isAdmin');
  });

  it('accepts the same requests when they are well-formed (so the refusals above are the input)', async () => {
    await json('officer', '/projects', { ...DRAFT, programmeId }).set('Idempotency-Key', 'k'.repeat(255)).expect(201);
    await get('officer', `/projects?minPosition=${await engine.lastPosition()}&limit=100`).expect(200);
    await get('officer', `/projects/${projectId}/history?afterVersion=0`).expect(200);
    await get('auditor', `/projects/${projectId}/state?version=1`).expect(200);
    await get('auditor', `/projects/${projectId}/state?at=2026-03-03T09:00:00%2B07:00`).expect(200);
    await json('admin', '/programmes', programme).expect(201);
    await json('officer', `/projects/${projectId}/submit`, SUBMIT).set('If-Match', '"1"').expect(200);
    // A well-formed payment for an order nobody issued: recorded for follow-up (422), not refused as input.
    const unknownOrder = await signed(JSON.stringify(payment));
    expect(unknownOrder.status).toBe(422);
    expect(unknownOrder.body.code).toBe('FINANCE.UNKNOWN_PAYMENT_ORDER');
  });
});
