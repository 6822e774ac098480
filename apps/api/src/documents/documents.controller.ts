import { pipeline } from 'node:stream/promises';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type CommandOutcome, type IdGenerator, ProjectCommands, type ProjectCommandInput } from '@app/application';
import type { EngineConfig } from '@app/config';
import { checkUpload, type DocumentContentStore, type DocumentEncryption, type StagedContent } from '@app/documents';
import { DOCUMENT_KIND_CODES, DOCUMENT_KINDS, type DocumentKind, isDocumentKind, readScopeOf, type Role } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { subjectOfProject, SubjectKeys } from '@app/privacy';
import { CONFIG, DOCUMENT_STORE, DocumentReferences, IDS, SQL_DATABASE } from '@app/runtime';
import { CurrentPrincipal, Roles, STAFF_AND_AUDIT } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { CommandContextFactory, etagOf } from '../http/command-context';
import { ProblemException } from '../http/problem-details.filter';
import { ProjectVisibility, READ_SCOPE_DESCRIPTION } from '../projects/project-visibility';
import { contentDisposition, noneMatch, parseRange } from './content-headers';
import {
  DocumentContentQuery,
  DocumentItemDto,
  DocumentListDto,
  DocumentListQuery,
  MAX_TITLE_LENGTH,
  PaperDocumentDto,
  SupersedeDocumentDto,
  UploadDocumentForm,
} from './documents.dto';
import { type Dossier, type DocumentItem, Dossiers } from './dossier';
import { receiveUpload, UploadAbortedError } from './multipart-upload';

/** Who may add to a dossier (the pinned policy's `dossier.roles` decide in the end). */
const DOSSIER_WRITERS: Role[] = ['officer', 'appraiser', 'approver', 'accountant'];
/** Who may supersede a document. */
const DOSSIER_KEEPERS: Role[] = ['officer', 'admin'];

const PERSONAL_KINDS: ReadonlySet<string> = new Set(DOCUMENT_KINDS.filter((k) => k.personal).map((k) => k.code));

const unknownProject = (id: string) => new ProblemException({ status: 404, code: 'PROJECT.NOT_FOUND', detail: `Unknown project ${id}`, details: { projectId: id } });
const unknownDocument = (id: string) => new ProblemException({ status: 404, code: 'DOCUMENT.NOT_FOUND', detail: `Unknown document ${id}`, details: { documentId: id } });

const unknownKind = (value: string | undefined) =>
  new ProblemException({
    status: 422,
    code: 'DOCUMENT.UNKNOWN_KIND',
    detail: value === undefined ? `kind is required, one of: ${DOCUMENT_KIND_CODES.join(', ')}` : `${value} is not a document kind; the kinds are: ${DOCUMENT_KIND_CODES.join(', ')}`,
    errors: [{ field: 'kind', message: `must be one of: ${DOCUMENT_KIND_CODES.join(', ')}` }],
    details: { ...(value === undefined ? {} : { kind: value }), kinds: DOCUMENT_KIND_CODES },
  });

const erased = (projectId: string) =>
  new ProblemException({
    status: 410,
    code: 'DOCUMENT.ERASED',
    detail: 'The personal data of this project was erased: its personal documents can no longer be read or added',
    details: { projectId },
  });

/**
 * The project's dossier over HTTP (docs/documents.md): uploads streamed through busboy into the
 * content store, paper items, supersession, the list with its checklist, and the bytes back with
 * ranges and conditional requests. Every route checks the caller's read scope on the project
 * first (out of scope answers 404 like an unknown id); the commands are the domain's.
 */
@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(
    private readonly commands: ProjectCommands,
    private readonly contexts: CommandContextFactory,
    private readonly visibility: ProjectVisibility,
    private readonly dossiers: Dossiers,
    private readonly references: DocumentReferences,
    private readonly subjectKeys: SubjectKeys,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentContentStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(IDS) private readonly ids: IdGenerator,
  ) {}

  /** The project's dossier when the caller may see the project; 404 for an unknown one and one out of scope alike. */
  private async visibleDossier(principal: Principal, projectId: string): Promise<Dossier> {
    const opened = readScopeOf(principal).personalData === 'opened';
    const dossier = (await this.visibility.canSee(principal, projectId)) ? await this.dossiers.load(projectId, opened) : undefined;
    if (!dossier) throw unknownProject(projectId);
    return dossier;
  }

  /** The project's data-subject key for a personal document: made on first use; `DOCUMENT.ERASED` once destroyed. */
  private async subjectKey(projectId: string): Promise<DocumentEncryption> {
    const key = await this.subjectKeys.obtain(this.db, subjectOfProject(projectId));
    if (key === null) throw erased(projectId);
    return { key };
  }

  /** Runs a dossier command and answers the document it added or changed, with the project's version as `ETag`. */
  private async answer(input: ProjectCommandInput, documentId: string, req: Request, res: Response, status: 200 | 201): Promise<DocumentItem> {
    const outcome: CommandOutcome = await this.commands.execute(input, this.contexts.from(req));
    const dossier = await this.dossiers.load(input.projectId);
    // A replayed answer (same Idempotency-Key) names the event of the first request by its position.
    const item = dossier?.items.find((i) => i.id === documentId && !outcome.replayed) ?? dossier?.items.find((i) => i.position === outcome.body.position);
    if (!item) throw new Error(`Document ${documentId} is not in the dossier after its command`);
    res.status(status);
    res.setHeader('ETag', etagOf(outcome.body.version));
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    if (item.form === 'file') res.setHeader('Location', `/api/v1/documents/${item.id}/content`);
    return item;
  }

  @Post('projects/:id/documents')
  @Roles(...DOSSIER_WRITERS)
  @ApiOperation({
    summary: 'Attach a file to the dossier (officer, appraiser, approver, accountant)',
    description:
      'multipart/form-data, streamed: the fields `kind` and optional `title` (default: the file name) first, then the part `file`. ' +
      'The type is sniffed from the bytes and must agree with the file name’s extension. 400 DOCUMENT.FILE_MISSING / DOCUMENT.EMPTY, ' +
      '413 DOCUMENT.TOO_LARGE (over DOCUMENT_MAX_BYTES), 415 DOCUMENT.UNSUPPORTED_TYPE / DOCUMENT.TYPE_MISMATCH, 422 DOCUMENT.UNKNOWN_KIND (the kinds listed). ' +
      `A personal kind (id_card) is stored encrypted with the project’s data-subject key. ${READ_SCOPE_DESCRIPTION}`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDocumentForm })
  @ApiCreatedResponse({ type: DocumentItemDto, description: 'ETag: the project’s version; Location: the content' })
  async upload(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<DocumentItem> {
    // Role (the guard) and scope are checked before a byte of the body is read.
    await this.visibleDossier(principal, id);
    if (req.is('multipart/form-data') !== 'multipart/form-data') {
      throw new ProblemException({
        status: 415,
        code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        detail: 'A document is uploaded as multipart/form-data',
        errors: [{ field: 'Content-Type', message: 'must be multipart/form-data' }],
      });
    }
    const maxBytes = this.config.documents.maxBytes;
    let staged: StagedContent | undefined;
    let received;
    try {
      received = await receiveUpload(req, {
        maxBytes,
        fields: ['kind', 'title'],
        fieldBytes: MAX_TITLE_LENGTH * 4,
        checkField: (name, value) => {
          if (name === 'kind' && !isDocumentKind(value)) throw unknownKind(value);
        },
        checkFields: (fields) => {
          if (fields.kind === undefined) throw unknownKind(undefined);
        },
        onFile: async (file, fileName, fields) => {
          const kind = fields.kind;
          if (kind === undefined || !isDocumentKind(kind)) throw unknownKind(kind);
          const encrypt = PERSONAL_KINDS.has(kind) ? await this.subjectKey(id) : undefined;
          // The part's stream, not the request: when staging stops early the answer can still be sent.
          staged = await this.store.stage(file, { maxBytes, ...(encrypt ? { encrypt } : {}) });
          return checkUpload({ head: staged.head, size: staged.size, fileName });
        },
      });
    } catch (error) {
      await staged?.discard();
      if (error instanceof UploadAbortedError) {
        throw new ProblemException({ status: 400, code: 'REQUEST.INVALID', detail: error.message });
      }
      throw error;
    }
    const content = staged as StagedContent | undefined;
    if (!content) throw new Error('An upload was received without its staged content');
    const kind = received.fields.kind as DocumentKind;
    const fileName = received.fileName;
    // The bytes are at their address before the event that pins them. If the command is refused
    // (the project's status, the actor's role or area), the committed content stays unreferenced
    // until the daily garbage collection removes it (contents no event pins, older than an hour);
    // the same bytes uploaded again meanwhile are simply kept once.
    await content.commit();
    const documentId = this.ids.next();
    const title = received.fields.title?.trim() || fileName;
    // The fingerprint of an Idempotency-Key covers what the upload says, bytes included (by hash).
    req.body = { kind, title, fileName, sha256: content.sha256 };
    return this.answer(
      {
        type: 'AttachDocument',
        projectId: id,
        documentId,
        kind,
        title,
        fileName,
        mediaType: received.value,
        size: content.size,
        sha256: content.sha256,
        ...(content.storedSha256 !== content.sha256 ? { storedSha256: content.storedSha256 } : {}),
        encrypted: PERSONAL_KINDS.has(kind),
      },
      documentId,
      req,
      res,
      201,
    );
  }

  @Post('projects/:id/documents/paper')
  @Roles(...DOSSIER_WRITERS)
  @ApiOperation({ summary: 'Record a paper item received at the centre (officer, appraiser, approver, accountant)', description: READ_SCOPE_DESCRIPTION })
  @ApiCreatedResponse({ type: DocumentItemDto, description: 'ETag: the project’s version' })
  async paper(@Param('id') id: string, @Body() body: PaperDocumentDto, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.visibleDossier(principal, id);
    const documentId = this.ids.next();
    return this.answer(
      { type: 'RecordPaperDocument', projectId: id, documentId, kind: body.kind as DocumentKind, title: body.title, receivedOn: body.receivedOn, registryNo: body.registryNo },
      documentId,
      req,
      res,
      201,
    );
  }

  @Post('projects/:id/documents/:docId/supersede')
  @HttpCode(200)
  @Roles(...DOSSIER_KEEPERS)
  @ApiOperation({ summary: 'Supersede a document with a reason: it stays on record and no longer counts (officer, admin)', description: READ_SCOPE_DESCRIPTION })
  @ApiOkResponse({ type: DocumentItemDto, description: 'ETag: the project’s version' })
  async supersede(
    @Param('id') id: string,
    @Param('docId') docId: string,
    @Body() body: SupersedeDocumentDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.visibleDossier(principal, id);
    return this.answer({ type: 'SupersedeDocument', projectId: id, documentId: docId, reason: body.reason }, docId, req, res, 200);
  }

  @Get('projects/:id/documents')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({
    summary: 'The dossier: its documents in upload order and the checklist of the next step',
    description: `Read from the project’s stream, so always current (minPosition is accepted and has nothing to wait for). ${READ_SCOPE_DESCRIPTION}`,
  })
  @ApiOkResponse({ type: DocumentListDto, description: 'ETag: the project’s version' })
  async list(@Param('id') id: string, @Query() _query: DocumentListQuery, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const dossier = await this.visibleDossier(principal, id);
    const checklist = await this.dossiers.checklist(dossier);
    res.setHeader('ETag', etagOf(dossier.version));
    return { items: dossier.items, checklist };
  }

  @Get('documents/:docId/content')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({
    summary: 'The bytes of a file item',
    description:
      'Content-Type is the sniffed media type; Content-Disposition inline (attachment with download=1) with an ASCII filename and the exact one in filename*; ' +
      'ETag "<sha256>" (If-None-Match → 304); Range bytes=a-b, a- or -n → 206 with Content-Range, outside the document → 416. ' +
      'A paper item → 404 DOCUMENT.NO_CONTENT; a personal document (id_card) → 403 AUTH.FORBIDDEN to readers who see personal data sealed (auditors), ' +
      '410 DOCUMENT.ERASED after the project’s erasure. ' +
      `Same read scope as the document’s project. ${READ_SCOPE_DESCRIPTION}`,
  })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream')
  @ApiOkResponse({ description: 'The bytes', schema: { type: 'string', format: 'binary' } })
  async content(@Param('docId') docId: string, @Query() query: DocumentContentQuery, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const projectId = await this.references.projectOf(docId);
    const opened = readScopeOf(principal).personalData === 'opened';
    const dossier = projectId !== undefined && (await this.visibility.canSee(principal, projectId)) ? await this.dossiers.load(projectId, opened) : undefined;
    const item = dossier?.items.find((i) => i.id === docId);
    if (!dossier || !item) throw unknownDocument(docId);
    if (PERSONAL_KINDS.has(item.kind) && !opened) {
      throw new ProblemException({
        status: 403,
        code: 'AUTH.FORBIDDEN',
        detail: 'A personal document is shown only to the roles that work with the beneficiary',
        details: { documentId: docId, kind: item.kind },
      });
    }
    const file = dossier.files.get(docId);
    if (item.form === 'paper' || !file || item.size === undefined || item.sha256 === undefined) {
      throw new ProblemException({ status: 404, code: 'DOCUMENT.NO_CONTENT', detail: `Document ${docId} is a paper item: it has no stored content`, details: { documentId: docId } });
    }
    const size = item.size;
    const etag = `"${item.sha256}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    // Access is checked on every request: a cache may keep the bytes but must ask again.
    res.setHeader('Cache-Control', 'private, no-cache');
    if (noneMatch(req.header('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    const asked = parseRange(req.header('range'), size);
    if (asked.kind === 'unsatisfiable') {
      res.setHeader('Content-Range', `bytes */${size}`);
      throw new ProblemException({ status: 416, code: 'DOCUMENT.RANGE_NOT_SATISFIABLE', detail: `The range lies outside the document (${size} bytes)`, details: { size } });
    }
    let decrypt: DocumentEncryption | undefined;
    if (file.encrypted) {
      const key = (await this.subjectKeys.find(this.db, [subjectOfProject(dossier.projectId)])).get(subjectOfProject(dossier.projectId));
      if (!key) throw erased(dossier.projectId);
      decrypt = { key };
    }
    const range = asked.kind === 'range' ? asked.range : undefined;
    const stream = await this.store.open(file.address, range, decrypt ? { decrypt } : undefined);
    res.status(range ? 206 : 200);
    res.setHeader('Content-Type', item.mediaType ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : size));
    if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    res.setHeader('Content-Disposition', contentDisposition(item.fileName ?? 'document', query.download === '1'));
    // A failure once bytes are out (storage, decryption) can only cut the answer short.
    await pipeline(stream, res).catch((error: unknown) => {
      if (!res.headersSent) throw error;
      res.destroy(error instanceof Error ? error : undefined);
    });
  }
}
