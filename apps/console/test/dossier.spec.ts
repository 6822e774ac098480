import { DOCUMENT_KINDS as DOMAIN_KINDS, findPolicy } from '@app/domain';
import type { DocumentItem, DossierChecklist } from '../src/api/types';
import { percentOf, problemOfAnswer, sendUpload, type UploadProgress, type UploadProgressEvent, type UploadXhr } from '../src/api/upload';
import { type ActionContext, EVIDENCE } from '../src/domain/action-spec';
import { ACTIONS } from '../src/domain/actions';
import { checklistView, currentDocuments, DOCUMENT_KINDS, DOSSIER_STEPS, mayKeepDossier, previewKind, uploadCheck } from '../src/domain/dossier';
import { formatBytes } from '../src/format';
import { toBody, validate } from '../src/forms';
import { en } from '../src/i18n/en';
import { vi } from '../src/i18n/vi';

function doc(id: string, kind: string, extra: Partial<DocumentItem> = {}): DocumentItem {
  return {
    id,
    projectId: 'p1',
    kind,
    title: `${kind} ${id}`,
    form: 'file',
    fileName: `${id}.pdf`,
    mediaType: 'application/pdf',
    size: 2048,
    uploadedBy: 'demo-officer',
    uploadedAt: '2026-03-02T02:00:00.000Z',
    position: 10,
    superseded: false,
    ...extra,
  };
}

describe('sizes as a Vietnamese reader writes them', () => {
  it('uses bytes below a kilobyte, a decimal comma below ten units, whole units above', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(820)).toBe('820 B');
    expect(formatBytes(1023)).toBe('1.023 B');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(1536)).toBe('1,5 KB');
    expect(formatBytes(10 * 1024 - 1)).toBe('10 KB');
    expect(formatBytes(250_000)).toBe('244 KB');
    expect(formatBytes(1024 * 1024 - 1)).toBe('1 MB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatBytes(3.25 * 1024 ** 3)).toBe('3,3 GB');
    expect(formatBytes(5000 * 1024 ** 3)).toBe('5.000 GB');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('the checklist of the next step', () => {
  const items = [doc('a', 'quotation'), doc('b', 'quotation', { superseded: true, supersededReason: 'Sai đơn giá' }), doc('c', 'business_registration', { superseded: true })];

  it('names each required kind present with its current documents, or missing', () => {
    const checklist: DossierChecklist = {
      step: 'submit',
      mode: 'enforce',
      required: [
        { kind: 'proposal_form', present: false, documentIds: [] },
        { kind: 'quotation', present: true, documentIds: ['a', 'b'] },
      ],
      missing: ['proposal_form'],
    };
    const view = checklistView(checklist, items);
    expect(view.rows).toEqual([
      { kind: 'proposal_form', present: false, documents: [] },
      { kind: 'quotation', present: true, documents: [items[0]] },
    ]);
    expect(view.missingCount).toBe(1);
    expect(view.blocking).toBe(true);
    expect(checklistView({ ...checklist, mode: 'warn' }, items).blocking).toBe(false);
  });

  it('counts a kind whose every known document was superseded as missing, and trusts the server for the others', () => {
    const view = checklistView(
      {
        step: 'approval',
        mode: 'warn',
        required: [
          { kind: 'business_registration', present: true, documentIds: ['c'] },
          { kind: 'appraisal_minutes', present: true, documentIds: ['not-loaded-yet'] },
        ],
        missing: [],
      },
      items,
    );
    expect(view.rows.map((r) => [r.kind, r.present])).toEqual([
      ['business_registration', false],
      ['appraisal_minutes', true],
    ]);
    expect(view.missingCount).toBe(1);
    expect(view.blocking).toBe(false);
  });

  it('offers only current documents as evidence, newest first', () => {
    expect(currentDocuments([doc('1', 'invoice'), doc('2', 'invoice', { superseded: true }), doc('3', 'contract')]).map((d) => d.id)).toEqual(['3', '1']);
  });
});

describe('who may write the dossier, and what shows inline', () => {
  it('lets the roles of the pinned policy keep the dossier: the four working roles add, the officer supersedes, the auditor reads', () => {
    const found = findPolicy('vn-longan-local-2022', 1);
    if (!found) throw new Error('the Long An policy set is missing');
    const policy = { ...found, hash: 'test' };
    for (const role of ['officer', 'appraiser', 'approver', 'accountant'] as const) {
      expect(mayKeepDossier(policy, [role], 'AttachDocument')).toBe(true);
      expect(mayKeepDossier(policy, [role], 'RecordPaperDocument')).toBe(true);
    }
    expect(mayKeepDossier(policy, ['auditor'], 'AttachDocument')).toBe(false);
    expect(mayKeepDossier(policy, ['collaborator'], 'RecordPaperDocument')).toBe(false);
    expect(mayKeepDossier(policy, ['officer'], 'SupersedeDocument')).toBe(true);
    expect(mayKeepDossier(policy, ['approver'], 'SupersedeDocument')).toBe(false);
    // Until the policy is loaded, or under one without a dossier, nobody gets the forms.
    expect(mayKeepDossier(undefined, ['officer'], 'AttachDocument')).toBe(false);
    expect(mayKeepDossier({ ...policy, dossier: undefined }, ['officer'], 'AttachDocument')).toBe(false);
  });

  it('frames PDFs, shows pictures, and offers the rest for download', () => {
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('image/png')).toBe('image');
    expect(previewKind('IMAGE/JPEG; charset=binary')).toBe('image');
    expect(previewKind('image/svg+xml')).toBe('none');
    expect(previewKind('application/zip')).toBe('none');
    expect(previewKind(undefined)).toBe('none');
  });

  it('stops an upload without a file, an empty file or no kind before sending', () => {
    expect(uploadCheck({ kind: 'quotation', file: undefined })).toBe('DOCUMENT.FILE_MISSING');
    expect(uploadCheck({ kind: 'quotation', file: { size: 0 } })).toBe('DOCUMENT.EMPTY');
    expect(uploadCheck({ kind: '', file: { size: 10 } })).toBe('DOCUMENT.UNKNOWN_KIND');
    expect(uploadCheck({ kind: 'passport', file: { size: 10 } })).toBe('DOCUMENT.UNKNOWN_KIND');
    expect(uploadCheck({ kind: 'quotation', file: { size: 10 } })).toBeUndefined();
  });

  it('names every kind, step, dossier problem and dossier event in Vietnamese and in English', () => {
    const keys = [
      ...DOCUMENT_KINDS.map((k) => `documentKind.${k}`),
      ...DOSSIER_STEPS.map((s) => `dossierStep.${s}`),
      ...['FILE_MISSING', 'EMPTY', 'TOO_LARGE', 'UNSUPPORTED_TYPE', 'TYPE_MISMATCH', 'UNKNOWN', 'NO_CONTENT'].map((c) => `problem.DOCUMENT.${c}`),
      'problem.DOSSIER.INCOMPLETE',
      ...['DocumentAttached', 'PaperDocumentReceived', 'DocumentSuperseded'].map((type) => `event.${type}`),
    ];
    const catalogues: readonly Readonly<Record<string, string>>[] = [vi, en];
    for (const catalogue of catalogues) for (const key of keys) expect([key, catalogue[key]]).toEqual([key, expect.any(String)]);
    // The messages say what the domain's vocabulary says, in both languages.
    for (const kind of DOMAIN_KINDS) {
      expect([kind.code, vi[`documentKind.${kind.code}`]]).toEqual([kind.code, kind.nameVi]);
      expect([kind.code, en[`documentKind.${kind.code}`]]).toEqual([kind.code, kind.nameEn]);
    }
  });
});

/** A request that does nothing by itself: the test plays the network's part. */
class FakeXhr implements UploadXhr<string> {
  status = 0;
  statusText = '';
  responseText = '';
  responseHeaders: Record<string, string> = {};
  readonly calls: string[] = [];
  readonly upload: { onprogress: ((event: UploadProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  open(method: string, url: string): void {
    this.calls.push(`open ${method} ${url}`);
  }
  setRequestHeader(name: string, value: string): void {
    this.calls.push(`header ${name}: ${value}`);
  }
  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  send(body: string): void {
    this.calls.push(`send ${body}`);
  }
  abort(): void {
    this.onabort?.();
  }
  answer(status: number, contentType: string, text: string): void {
    this.status = status;
    this.responseHeaders = { 'content-type': contentType };
    this.responseText = text;
    this.onload?.();
  }
}

describe('the upload through XMLHttpRequest', () => {
  const start = (xhr: FakeXhr, progress: UploadProgress[] = []) =>
    sendUpload<{ id: string }, string>(xhr, { url: '/api/v1/projects/p1/documents', headers: { Authorization: 'Bearer t' }, body: 'multipart', onProgress: (p) => progress.push(p) });

  it('sends with the headers, reports whole percents, and gives the created item', async () => {
    const xhr = new FakeXhr();
    const progress: UploadProgress[] = [];
    const { done } = start(xhr, progress);
    expect(xhr.calls).toEqual(['open POST /api/v1/projects/p1/documents', 'header Authorization: Bearer t', 'send multipart']);
    xhr.upload.onprogress?.({ loaded: 0, total: 3000, lengthComputable: true });
    xhr.upload.onprogress?.({ loaded: 1999, total: 3000, lengthComputable: true });
    xhr.upload.onprogress?.({ loaded: 700, total: 0, lengthComputable: false });
    xhr.answer(201, 'application/json; charset=utf-8', '{"id":"d1"}');
    expect(progress).toEqual([
      { loaded: 0, total: 3000, percent: 0 },
      { loaded: 1999, total: 3000, percent: 66 },
      { loaded: 700 },
    ]);
    await expect(done).resolves.toEqual({ ok: true, status: 201, body: { id: 'd1' } });
  });

  it('maps a refusal to its Problem Details, keeping the status', async () => {
    const xhr = new FakeXhr();
    const { done } = start(xhr);
    xhr.answer(413, 'application/problem+json', '{"code":"DOCUMENT.TOO_LARGE","title":"Payload Too Large","status":413}');
    await expect(done).resolves.toEqual({ ok: false, problem: { code: 'DOCUMENT.TOO_LARGE', title: 'Payload Too Large', status: 413 } });
  });

  it('makes a problem of the status alone when a proxy answers with a page', async () => {
    const xhr = new FakeXhr();
    const { done } = start(xhr);
    xhr.statusText = 'Request Entity Too Large';
    xhr.answer(413, 'text/html', '<html>too large</html>');
    await expect(done).resolves.toEqual({ ok: false, problem: { status: 413, title: 'Request Entity Too Large' } });
  });

  it('settles a network failure as status 0 and an abort as ABORTED', async () => {
    const failing = new FakeXhr();
    const failed = start(failing);
    failing.onerror?.();
    await expect(failed.done).resolves.toEqual({ ok: false, problem: { status: 0, code: 'NETWORK' } });

    const stopped = start(new FakeXhr());
    stopped.abort();
    await expect(stopped.done).resolves.toEqual({ ok: false, problem: { status: 0, code: 'ABORTED' } });
  });

  it('computes percents within 0 to 100 and none without a total', () => {
    expect(percentOf(50, 200)).toBe(25);
    expect(percentOf(300, 200)).toBe(100);
    expect(percentOf(1, 0)).toBeUndefined();
    expect(percentOf(1, undefined)).toBeUndefined();
    expect(problemOfAnswer(400, 'application/json', 'not json')).toEqual({ status: 400 });
  });
});

describe('evidence on commands', () => {
  // The field reads only the dossier of its context.
  const context = { documents: [doc('a', 'invoice'), doc('b', 'invoice', { superseded: true })] } as Partial<ActionContext> as ActionContext;
  const fields = [EVIDENCE];

  it('is offered on the five evidence commands only', () => {
    const withEvidence = ACTIONS.filter((a) => a.fields.some((f) => f.name === 'documentIds')).map((a) => a.command);
    expect(withEvidence).toEqual(['ConcludeAppraisal', 'ApproveFunding', 'RequestTranche', 'RecordAcceptance', 'SubmitSettlement']);
  });

  it('sends the ticked current documents, nothing when none is ticked, and refuses a superseded one', () => {
    expect(validate(fields, { documentIds: 'a' }, context)).toEqual({});
    expect(toBody(fields, { documentIds: 'a' })).toEqual({ documentIds: ['a'] });
    expect(toBody(fields, { documentIds: '' })).toEqual({});
    expect(validate(fields, { documentIds: 'a\nb' }, context)).toEqual({ documentIds: { key: 'problem.DOCUMENT.UNKNOWN' } });
  });
});
