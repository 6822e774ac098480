import { type DragEvent, type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { browserXhr } from '../../api/browser-xhr';
import { ApiError } from '../../api/client';
import type { DocumentItem, DocumentList, Policy } from '../../api/types';
import type { UploadProgress } from '../../api/upload';
import { useApp } from '../../app-context';
import { ErrorNotice, fieldErrors, focusFirstInvalid, FormActions, Loading, Section, TableScroll } from '../../components/ui';
import { type ChecklistView, checklistView, DOCUMENT_KINDS, mayKeepDossier, previewKind, uploadCheck } from '../../domain/dossier';
import { formatBytes, formatDate, formatInstant, parseDate, vietnamDate } from '../../format';
import { useI18n } from '../../i18n/i18n';

type Written = (item: DocumentItem, message: string) => void;

/** What the file button offers: the types the engine accepts (it checks the bytes itself). */
const ACCEPTED_FILES = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt,.ods,application/pdf,image/jpeg,image/png';

/** A refusal found before sending, shown the way the server's own would be. */
function localProblem(code: string): ApiError {
  return new ApiError({ status: 400, code });
}

/**
 * The project's dossier: what the next step needs, the documents with their previews, and, for
 * the roles that keep it, the upload, paper and supersede forms.
 */
export function Dossier(props: {
  readonly projectId: string;
  /** The project's pinned policy: it says who may keep the dossier. */
  readonly policy: Policy | undefined;
  readonly list: DocumentList | undefined;
  readonly error: unknown;
  /** False while the server has no dossier routes (the list answers 404). */
  readonly loaded: boolean;
  /** Asks for the list again after a failure or a slow answer. */
  readonly onRetry?: () => void;
  readonly onWritten: Written;
}) {
  const { t } = useI18n();
  const { session } = useApp();
  const [previewId, setPreviewId] = useState<string>();
  const roles = session?.user.roles ?? [];
  const { list } = props;
  const view = useMemo(() => (list ? checklistView(list.checklist, list.items) : undefined), [list]);
  const preview = list?.items.find((item) => item.id === previewId);
  const mayAttach = mayKeepDossier(props.policy, roles, 'AttachDocument');
  const mayRecord = mayKeepDossier(props.policy, roles, 'RecordPaperDocument');

  let body;
  if (props.error && !list) body = <ErrorNotice error={props.error} onRetry={props.onRetry} />;
  else if (!props.loaded) body = <Loading onRetry={props.onRetry} />;
  else if (!list || !view) body = <p className="muted">{t('dossier.unavailable')}</p>;
  else
    body = (
      <>
        <Checklist view={view} onShow={setPreviewId} />
        <Items items={list.items} projectId={props.projectId} mayReplace={mayKeepDossier(props.policy, roles, 'SupersedeDocument')} previewId={previewId} onPreview={setPreviewId} onWritten={props.onWritten} />
        {preview ? <Preview key={preview.id} item={preview} onClose={() => setPreviewId(undefined)} /> : null}
        {mayAttach || mayRecord ? (
          <div className="dossier-forms">
            {mayAttach ? <UploadForm projectId={props.projectId} suggestedKind={view.rows.find((r) => !r.present)?.kind} onWritten={props.onWritten} /> : null}
            {mayRecord ? <PaperForm projectId={props.projectId} onWritten={props.onWritten} /> : null}
          </div>
        ) : props.policy === undefined ? null : (
          <p className="muted small">{t('dossier.readOnly')}</p>
        )}
      </>
    );
  return (
    <Section title={t('dossier.title')} id="dossier">
      {body}
    </Section>
  );
}

/** Each kind the next step requires, present (with its documents) or missing. */
function Checklist({ view, onShow }: { readonly view: ChecklistView; readonly onShow: (id: string) => void }) {
  const { t } = useI18n();
  if (view.step === null) return <p className="muted">{t('dossier.noStep')}</p>;
  return (
    <div className="checklist" data-step={view.step} data-mode={view.mode}>
      <h3>
        {t('dossier.checklist')} · {t('dossier.nextStep', { step: t(`dossierStep.${view.step}`) })}
      </h3>
      <p className={`small notice ${view.blocking ? 'notice-warning' : 'notice-info'}`}>
        <span className={`badge tone-${view.mode === 'enforce' ? 'danger' : 'neutral'}`}>{t(`dossierMode.${view.mode}`)}</span> {t(`dossier.${view.mode}`)}
      </p>
      {view.rows.length === 0 ? (
        <p className="muted small">{t('dossier.nothingRequired')}</p>
      ) : (
        <ul className="checklist-rows">
          {view.rows.map((row) => (
            <li key={row.kind} data-kind={row.kind} data-present={row.present} className={row.present ? 'present' : 'missing'}>
              <span className="check-mark" aria-hidden="true">
                {row.present ? '✓' : '✗'}
              </span>
              <span className="visually-hidden">{row.present ? t('dossier.present') : t('dossier.missing')}: </span>
              <strong>{t(`documentKind.${row.kind}`)}</strong>
              {row.documents.length > 0 ? (
                <span className="checklist-docs">
                  {row.documents.map((d) => (
                    <button key={d.id} type="button" className="link-button small" onClick={() => onShow(d.id)}>
                      {d.title}
                    </button>
                  ))}
                </span>
              ) : !row.present ? (
                <span className="muted small" aria-hidden="true">
                  {' '}
                  {t('dossier.missing')}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {view.rows.length > 0 ? <p className="small muted">{view.missingCount === 0 ? t('dossier.allPresent') : t('dossier.missingCount', { count: view.missingCount })}</p> : null}
    </div>
  );
}

/** The documents in upload order; superseded ones struck through with the reason. */
function Items(props: {
  readonly items: readonly DocumentItem[];
  readonly projectId: string;
  readonly mayReplace: boolean;
  readonly previewId: string | undefined;
  readonly onPreview: (id: string | undefined) => void;
  readonly onWritten: Written;
}) {
  const { t } = useI18n();
  const { personName } = useApp();
  const [replacing, setReplacing] = useState<string>();
  if (props.items.length === 0) return <p className="muted">{t('dossier.empty')}</p>;
  return (
    <TableScroll label={t('dossier.items')}>
      <table className="documents-table">
        <caption className="visually-hidden">{t('dossier.items')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dossier.col.kind')}</th>
            <th scope="col">{t('dossier.col.title')}</th>
            <th scope="col">{t('dossier.col.file')}</th>
            <th scope="col">{t('dossier.col.by')}</th>
            <th scope="col">{t('dossier.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => (
            <tr key={item.id} data-document={item.id} data-kind={item.kind} data-superseded={item.superseded} className={item.superseded ? 'superseded' : undefined}>
              <td>{t(`documentKind.${item.kind}`)}</td>
              <td>
                <span className="doc-title">{item.superseded ? <s>{item.title}</s> : item.title}</span>
                {item.superseded ? <div className="small muted">{t('dossier.superseded', { reason: item.supersededReason ?? '—' })}</div> : null}
              </td>
              <td>
                {item.form === 'paper' ? (
                  <>
                    <span className="badge tone-neutral">{t('dossier.paper')}</span>
                    <div className="small muted">{t('dossier.paperInfo', { registryNo: item.registryNo ?? '—', date: formatDate(item.receivedOn) })}</div>
                  </>
                ) : (
                  <>
                    <span className="file-name">{item.fileName ?? '—'}</span>
                    <div className="small muted">{formatBytes(item.size)}</div>
                  </>
                )}
              </td>
              <td>
                {item.uploadedByName ?? personName(item.uploadedBy)}
                <div className="small muted">{formatInstant(item.uploadedAt)}</div>
              </td>
              <td className="doc-actions">
                {item.form === 'file' ? (
                  <>
                    <button
                      type="button"
                      className="link-button small"
                      data-preview-open={item.id}
                      aria-expanded={props.previewId === item.id}
                      onClick={() => props.onPreview(props.previewId === item.id ? undefined : item.id)}
                    >
                      {t('dossier.preview')}
                    </button>
                    <DownloadButton item={item} />
                  </>
                ) : null}
                {props.mayReplace && !item.superseded ? (
                  <button type="button" className="link-button small" aria-expanded={replacing === item.id} onClick={() => setReplacing(replacing === item.id ? undefined : item.id)}>
                    {t('dossier.supersede')}
                  </button>
                ) : null}
                {replacing === item.id ? (
                  <SupersedeForm
                    projectId={props.projectId}
                    item={item}
                    onCancel={() => setReplacing(undefined)}
                    onWritten={(done, message) => {
                      setReplacing(undefined);
                      props.onWritten(done, message);
                    }}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A document's bytes as an object URL, fetched with the bearer token and revoked when no longer shown. */
function useDocumentUrl(item: DocumentItem): { url: string | undefined; error: unknown } {
  const { api } = useApp();
  const [state, setState] = useState<{ url: string | undefined; error: unknown }>({ url: undefined, error: undefined });
  useEffect(() => {
    let url: string | undefined;
    let live = true;
    api.blob(`/documents/${encodeURIComponent(item.id)}/content`).then(
      (blob) => {
        if (!live) return;
        url = URL.createObjectURL(blob);
        setState({ url, error: undefined });
      },
      (error: unknown) => live && setState({ url: undefined, error }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, item.id]);
  return state;
}

/** A PDF in a frame or a picture, inline, with a download link of the same bytes. */
function Preview({ item, onClose }: { readonly item: DocumentItem; readonly onClose: () => void }) {
  const { t } = useI18n();
  const { url, error } = useDocumentUrl(item);
  const kind = previewKind(item.mediaType);
  const title = t('dossier.previewTitle', { title: item.title });
  return (
    <section className="doc-preview" aria-label={title} data-preview={item.id} data-preview-kind={kind}>
      <div className="form-head">
        <h3>{title}</h3>
        <div className="doc-actions">
          {url ? (
            <a className="button" href={url} download={item.fileName ?? item.title}>
              {t('dossier.download')}
            </a>
          ) : null}
          <button type="button" className="button" onClick={onClose}>
            {t('dossier.closePreview')}
          </button>
        </div>
      </div>
      {error ? <ErrorNotice error={error} /> : !url ? <Loading /> : null}
      {url && kind === 'pdf' ? <iframe className="doc-frame" src={url} title={title} /> : null}
      {url && kind === 'image' ? <img className="doc-image" src={url} alt={item.title} /> : null}
      {url && kind === 'none' ? <p className="muted small">{t('dossier.noPreview')}</p> : null}
    </section>
  );
}

/** Saves a document under its file name; the bytes need the bearer token, so a plain link cannot fetch them. */
function DownloadButton({ item }: { readonly item: DocumentItem }) {
  const { t } = useI18n();
  const { api } = useApp();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const blob = await api.blob(`/documents/${encodeURIComponent(item.id)}/content`, { download: 1 });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = item.fileName ?? item.title;
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has taken the bytes once the click is handled.
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="link-button small" data-download={item.id} disabled={busy} onClick={() => void save()}>
        {t('dossier.download')}
      </button>
      {failure ? <ErrorNotice error={failure} /> : null}
    </>
  );
}

/** The kind select, in Vietnamese names. */
function KindSelect({ id, value, onChange }: { readonly id: string; readonly value: string; readonly onChange: (kind: string) => void }) {
  const { t } = useI18n();
  return (
    <select id={id} name="kind" value={value} onChange={(e) => onChange(e.target.value)} required>
      <option value="">{t('form.choose')}</option>
      {DOCUMENT_KINDS.map((kind) => (
        <option key={kind} value={kind}>
          {t(`documentKind.${kind}`)}
        </option>
      ))}
    </select>
  );
}

/** A file by drag and drop or the file button, its kind and title, sent with a progress bar. */
function UploadForm({ projectId, suggestedKind, onWritten }: { readonly projectId: string; readonly suggestedKind: string | undefined; readonly onWritten: Written }) {
  const { t } = useI18n();
  const { api } = useApp();
  const [file, setFile] = useState<File>();
  const [kind, setKind] = useState(suggestedKind ?? '');
  const [title, setTitle] = useState('');
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<UploadProgress>();
  const [failure, setFailure] = useState<unknown>();
  const abort = useRef<(() => void) | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => () => abort.current?.(), []);

  const choose = (chosen: File | undefined) => {
    setFile(chosen);
    setFailure(undefined);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    choose(event.dataTransfer.files[0]);
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const problem = uploadCheck({ kind, file });
    if (problem || !file) {
      setFailure(localProblem(problem ?? 'DOCUMENT.FILE_MISSING'));
      return;
    }
    // The fields go before the file: the server streams the file part once it knows its kind.
    const body = new FormData();
    body.append('kind', kind);
    if (title.trim() !== '') body.append('title', title.trim());
    body.append('file', file, file.name);
    setProgress({ loaded: 0, total: file.size, percent: 0 });
    const sent = api.upload<DocumentItem, FormData>(`/projects/${encodeURIComponent(projectId)}/documents`, body, { xhr: browserXhr, onProgress: setProgress });
    abort.current = sent.abort;
    try {
      const item = await sent.done;
      setFile(undefined);
      setTitle('');
      if (input.current) input.current.value = '';
      onWritten(item, t('dossier.upload.done', { title: item.title }));
    } catch (error) {
      if (!(error instanceof ApiError && error.problem.code === 'ABORTED')) setFailure(error);
    } finally {
      abort.current = undefined;
      setProgress(undefined);
    }
  };

  const sending = progress !== undefined;
  return (
    <form className="form-card dossier-upload" data-form="upload-document" onSubmit={onSubmit} noValidate aria-labelledby="upload-document-title">
      <h3 id="upload-document-title">{t('dossier.upload.title')}</h3>
      <div
        className={`drop-zone${over ? ' drop-over' : ''}`}
        role="group"
        aria-label={t('dossier.upload.file')}
        data-drop-zone
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>
          {t('dossier.upload.drop')} {t('dossier.upload.or')}{' '}
          <label htmlFor="document-file" className="button">
            {t('dossier.upload.choose')}
          </label>
        </p>
        <input
          ref={input}
          id="document-file"
          name="file"
          type="file"
          className="visually-hidden"
          accept={ACCEPTED_FILES}
          aria-describedby="document-file-hint"
          disabled={sending}
          onChange={(e) => choose(e.target.files?.[0])}
        />
        <p className="small muted" id="document-file-hint">
          {file ? t('dossier.upload.chosen', { name: file.name, size: formatBytes(file.size) }) : t('dossier.upload.hint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="document-kind">{t('dossier.kind')}</label>
        <KindSelect id="document-kind" value={kind} onChange={setKind} />
      </div>
      <div className="field">
        <label htmlFor="document-title">
          {t('dossier.docTitle')} <span className="muted">{t('dossier.docTitleHint')}</span>
        </label>
        <input id="document-title" name="title" autoComplete="off" maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      {progress ? (
        <div className="upload-progress" role="status">
          <progress max={100} value={progress.percent} aria-label={t('dossier.upload.progress')} />
          <span className="small">{progress.percent !== undefined ? t('dossier.upload.percent', { percent: progress.percent }) : t('dossier.upload.sent', { size: formatBytes(progress.loaded) })}</span>
        </div>
      ) : null}
      {failure ? <ErrorNotice error={failure} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={sending}>
          {sending ? t('form.sending') : t('dossier.upload.submit')}
        </button>
        {sending ? (
          <button type="button" className="button" onClick={() => abort.current?.()}>
            {t('dossier.upload.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** A paper received at the office: its kind, title, day received and registry number. */
function PaperForm({ projectId, onWritten }: { readonly projectId: string; readonly onWritten: Written }) {
  const { t } = useI18n();
  const { api } = useApp();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState('');
  const [title, setTitle] = useState('');
  const [receivedOn, setReceivedOn] = useState(() => formatDate(vietnamDate(new Date())));
  const [registryNo, setRegistryNo] = useState('');
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [failure, setFailure] = useState<unknown>();
  const [sending, setSending] = useState(false);
  if (!open) {
    return (
      <button type="button" className="button" data-action="record-paper" onClick={() => setOpen(true)}>
        {t('dossier.paper.title')}
      </button>
    );
  }
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const date = parseDate(receivedOn);
    const found: Record<string, string> = {};
    if (kind === '') found.kind = t('error.required');
    if (title.trim() === '') found.title = t('error.required');
    if (!date) found.receivedOn = t('error.date');
    else if (date > vietnamDate(new Date())) found.receivedOn = t('error.future');
    if (registryNo.trim() === '') found.registryNo = t('error.required');
    setErrors(found);
    if (Object.keys(found).length > 0) focusFirstInvalid(event.currentTarget as HTMLFormElement);
    if (Object.keys(found).length > 0 || !date) return;
    setSending(true);
    try {
      const item = await api.send<DocumentItem>('POST', `/projects/${encodeURIComponent(projectId)}/documents/paper`, { kind, title: title.trim(), receivedOn: date, registryNo: registryNo.trim() });
      setOpen(false);
      onWritten(item, t('dossier.paper.done', { title: item.title }));
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  };
  const { error, described } = fieldErrors('paper', errors);
  return (
    <form className="form-card" data-form="record-paper" onSubmit={onSubmit} noValidate aria-labelledby="record-paper-title">
      <h3 id="record-paper-title">{t('dossier.paper.title')}</h3>
      <div className="field">
        <label htmlFor="paper-kind">{t('dossier.kind')}</label>
        <KindSelect id="paper-kind" value={kind} onChange={setKind} />
        {error('kind')}
      </div>
      <div className="field">
        <label htmlFor="paper-title">{t('dossier.docTitle')}</label>
        <input id="paper-title" name="title" required autoComplete="off" maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} {...described('title')} />
        {error('title')}
      </div>
      <div className="field">
        <label htmlFor="paper-receivedOn">{t('dossier.paper.receivedOn')}</label>
        <input id="paper-receivedOn" name="receivedOn" required inputMode="decimal" placeholder="dd/mm/yyyy" autoComplete="off" value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} {...described('receivedOn')} />
        {error('receivedOn')}
      </div>
      <div className="field">
        <label htmlFor="paper-registryNo">{t('dossier.paper.registryNo')}</label>
        <input id="paper-registryNo" name="registryNo" required autoComplete="off" maxLength={100} value={registryNo} onChange={(e) => setRegistryNo(e.target.value)} {...described('registryNo')} />
        {error('registryNo')}
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
      <FormActions sending={sending} label={t('dossier.paper.submit')} onCancel={() => setOpen(false)} />
    </form>
  );
}

/** Marks a document as replaced, with the reason the officer gives. */
function SupersedeForm(props: { readonly projectId: string; readonly item: DocumentItem; readonly onCancel: () => void; readonly onWritten: Written }) {
  const { t } = useI18n();
  const { api } = useApp();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const id = `supersede-${props.item.id}`;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    if (reason.trim() === '') {
      setMissing(true);
      focusFirstInvalid(event.currentTarget as HTMLFormElement);
      return;
    }
    setSending(true);
    try {
      const item = await api.send<DocumentItem>('POST', `/projects/${encodeURIComponent(props.projectId)}/documents/${encodeURIComponent(props.item.id)}/supersede`, { reason: reason.trim() });
      props.onWritten(item, t('dossier.supersede.done', { title: item.title }));
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  };
  return (
    <form className="form-card tone-danger" data-form={id} onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('dossier.supersede.reason')}</label>
        <textarea
          id={`${id}-reason`}
          name="reason"
          rows={2}
          maxLength={1000}
          required
          value={reason}
          aria-invalid={missing ? true : undefined}
          aria-describedby={missing ? `${id}-error` : undefined}
          onChange={(e) => {
            setReason(e.target.value);
            setMissing(false);
          }}
        />
        {missing ? (
          <p className="field-error" id={`${id}-error`}>
            {t('error.required')}
          </p>
        ) : null}
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
      <FormActions sending={sending} label={t('dossier.supersede.submit')} tone="danger" onCancel={props.onCancel} />
    </form>
  );
}
