import { once } from 'node:events';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditKeyring, AuditRecords, AuditVerifier, DocumentVerifier, EventExport } from '@app/audit';
import type { DocumentContentStore } from '@app/documents';
import type { SqlDatabase } from '@app/event-store';
import type { Logger } from '@app/observability';
import { DOCUMENT_STORE, LOGGER, SQL_DATABASE } from '@app/runtime';
import { CurrentPrincipal, Roles } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { ProblemException } from '../http/problem-details.filter';
import { Costly } from '../http/throttling/throttling';
import { ProjectVisibility } from '../projects/project-visibility';
import { AuditEventsQuery, AuditVerifyQuery, CheckpointsQuery } from './audit.dto';

/** Auditors and admins read the audit trail; nobody writes through it. */
const AUDIT_READERS = ['auditor', 'admin'] as const;

/**
 * Tamper evidence over HTTP: verify the whole log, read the signed checkpoints with the public
 * key, and export a range as NDJSON an auditor can verify offline.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentContentStore,
    private readonly keys: AuditKeyring,
    private readonly exporter: EventExport,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly visibility: ProjectVisibility,
  ) {}

  @Get('verify')
  @Roles(...AUDIT_READERS)
  @Costly()
  @ApiOperation({
    summary:
      'Recompute every event hash, each stream chain, the global chain and the signed checkpoints: { ok, checkedEvents, headPosition, firstBrokenPosition?, reason? }; ' +
      'with documents=true also re-hash every document content the log pins: documents { checked, broken: [{ documentId, projectId, position, sha256, reason: missing | altered }] }',
  })
  async verify(@Query() query: AuditVerifyQuery) {
    const report = await new AuditVerifier(this.db, this.keys.publicKey()).verify();
    if (!report.ok) this.logger.warn('audit verification failed', { position: report.firstBrokenPosition, reason: report.reason, detail: report.detail });
    if (!query.documents) return report;
    const documents = await new DocumentVerifier(this.db, this.documents).verify();
    if (documents.broken.length > 0) this.logger.warn('document verification failed', { checked: documents.checked, broken: documents.broken.length, first: documents.broken[0] });
    return { ...report, ok: report.ok && documents.broken.length === 0, documents };
  }

  @Get('checkpoints')
  @Roles(...AUDIT_READERS)
  @ApiOperation({ summary: 'Signed checkpoints of the chain head (newest first) and the Ed25519 public key that verifies them' })
  async checkpoints(@Query() query: CheckpointsQuery) {
    const [head, items] = await Promise.all([AuditRecords.chainHead(this.db), AuditRecords.checkpoints(this.db, { newestFirst: true, limit: query.limit ?? 100 })]);
    return {
      publicKey: this.keys.publicKey().describe(),
      chainHead: { eventCount: head.ordinal, position: head.position, transactionId: head.transactionId, chainHash: head.chainHash },
      signedPayload: 'canonical JSON of { position, transactionId, eventCount, chainHash, createdAt }',
      items,
    };
  }

  @Get('events')
  @Roles(...AUDIT_READERS)
  @Costly()
  @ApiProduces('application/x-ndjson')
  @ApiOperation({
    summary:
      'The log from fromPosition to toPosition as NDJSON (header, one event per line with prevHash, hash and chainHash, signed checkpoints, a signed last line); streamed; verify with `npm run cli -- audit verify-export`',
    description:
      'The export is the whole log of a range, so that its chain verifies: a token bound by `areas` is refused with 403 `AUTH.SCOPE_TOO_NARROW` rather than given a partial file. ' +
      'Personal data is in it sealed only.',
  })
  async events(@Query() query: AuditEventsQuery, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    this.visibility.requireWholeProvince(principal, 'The audit export');
    if (query.fromPosition !== undefined && query.toPosition !== undefined && query.toPosition < query.fromPosition) {
      throw new ProblemException({
        status: 400,
        code: 'REQUEST.VALIDATION_FAILED',
        detail: 'toPosition must not be below fromPosition',
        errors: [{ field: 'toPosition', message: 'must be at least fromPosition' }],
      });
    }
    const plan = await this.exporter.plan(query);
    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="audit-events-${plan.fromPosition}-${plan.toPosition}.ndjson"`);
    res.setHeader('Cache-Control', 'no-store');
    let closed = false;
    res.once('close', () => (closed = true));
    try {
      for await (const chunk of this.exporter.lines(plan)) {
        if (closed) return;
        // Back-pressure: a slow client holds the next batch back instead of filling memory.
        if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      }
      res.end();
    } catch (error) {
      // Headers are gone: cut the stream so the client cannot take a partial file for a whole
      // one (the signed last line is missing, and verify-export says so).
      this.logger.error('audit export failed mid-stream', { error });
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
