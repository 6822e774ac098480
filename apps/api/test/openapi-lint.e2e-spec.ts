import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getMetadataStorage } from 'class-validator';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApi } from '../src/bootstrap';
import { BeneficiaryContactDto, CreateProjectDto } from '../src/projects/dto/proposal.dto';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(60_000);

const REDOCLY = join(__dirname, '..', '..', '..', 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: readonly { readonly ruleId: string; readonly severity: string; readonly message: string; readonly location: readonly { readonly pointer?: string }[] }[];
}

/** Lints a document as an integrator would: Redocly's CLI with its `recommended` rules. */
async function lint(document: OpenAPIObject): Promise<LintReport> {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
    writeFileSync(join(dir, 'redocly.yaml'), 'extends:\n  - recommended\n');
    const run = await promisify(execFile)(process.execPath, [REDOCLY, 'lint', 'openapi.json', '--format=json'], {
      cwd: dir,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    return JSON.parse(run.stdout) as LintReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The properties class-validator checks on a DTO whether or not they are sent (no `@IsOptional`). */
function requiredByValidation(dto: new () => unknown): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const optional = new Set(metadata.filter((m) => m.type === 'conditionalValidation').map((m) => m.propertyName));
  return [...new Set(metadata.map((m) => m.propertyName))].filter((name) => !optional.has(name)).sort();
}

describe('the published OpenAPI contract', () => {
  let engine: TestEngine;
  let document: OpenAPIObject;

  beforeAll(async () => {
    // Development features on: the console's public routes are part of what is linted.
    engine = await startTestEngine({ env: { DEV_FEATURES: 'on' }, worker: false });
    document = buildOpenApi(engine.app);
  });
  afterAll(() => engine?.close());

  it('lints with no error under Redocly’s recommended rules', async () => {
    const report = await lint(document);
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('has a server, a licence, and security on every operation (none on public ones)', () => {
    expect(document.servers?.length).toBeGreaterThan(0);
    expect(document.info.license?.name).toBe('Apache-2.0');
    const operations = Object.values(document.paths).flatMap((item) => [item.get, item.post, item.put, item.patch, item.delete].filter((o) => o !== undefined));
    expect(operations.filter((o) => o.security === undefined).map((o) => o.operationId)).toEqual([]);
    expect(document.paths['/health/live']?.get?.security).toEqual([]);
    expect(document.paths['/api/v1/integrations/finance/events']?.post?.security).toEqual([]);
    expect(document.paths['/api/v1/console/dev/people']?.get?.security).toEqual([]);
    // Readiness reads a token when one is sent (an admin gets the checks): the token is optional.
    expect(document.paths['/health/ready']?.get?.security).toEqual([{}, { bearer: [] }]);
    expect(document.paths['/api/v1/projects']?.post?.security).toEqual([{ bearer: [] }]);
  });

  it('documents the Problem Details answers each kind of route gives', () => {
    const problem = (name: string) => ({ $ref: `#/components/responses/${name}` });
    const create = document.paths['/api/v1/projects']?.post?.responses ?? {};
    expect(create).toMatchObject({ 400: problem('BadRequest'), 401: problem('Unauthorized'), 403: problem('Forbidden'), 409: problem('Conflict'), 412: problem('PreconditionFailed'), 413: problem('PayloadTooLarge'), 422: problem('UnprocessableEntity') });
    expect(create).not.toHaveProperty('404');
    expect(create).toMatchObject({ 503: problem('ServiceUnavailable') });
    expect(document.components?.responses?.['ServiceUnavailable']).toMatchObject({ headers: { 'Retry-After': expect.anything() } });
    const read = document.paths['/api/v1/projects/{id}']?.get?.responses ?? {};
    expect(read).toMatchObject({ 200: expect.anything(), 401: problem('Unauthorized'), 403: problem('Forbidden'), 404: problem('NotFound') });
    expect(read).not.toHaveProperty('409');
    expect(Object.keys(document.paths['/health/live']?.get?.responses ?? {}).sort()).toEqual(['200', '429']);
    expect(document.components?.responses?.['NotFound']).toEqual({ description: expect.any(String), content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
    expect(document.components?.schemas?.['Problem']).toMatchObject({
      required: ['type', 'title', 'status', 'detail', 'code'],
      properties: { type: expect.anything(), title: expect.anything(), status: expect.anything(), detail: expect.anything(), code: expect.anything(), errors: expect.anything(), details: expect.anything() },
    });
  });

  it('describes the bodies as the DTOs validate them', () => {
    const schemas = document.components?.schemas ?? {};
    expect(schemas['BeneficiaryDto']).toMatchObject({ properties: { contact: { $ref: '#/components/schemas/BeneficiaryContactDto' } } });
    const contact = schemas['BeneficiaryContactDto'] as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(contact.properties).sort()).toEqual(['name', 'phone']);
    expect([...contact.required].sort()).toEqual(requiredByValidation(BeneficiaryContactDto));
    expect(document.paths['/api/v1/projects']?.post?.requestBody).toMatchObject({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateProjectDto' } } } });
    const created = schemas['CreateProjectDto'] as { required: string[] };
    expect([...created.required].sort()).toEqual(requiredByValidation(CreateProjectDto));
    expect(created.required).toEqual(expect.arrayContaining(['programmeId', 'title', 'beneficiary', 'requestedSupportVnd']));
  });
});
