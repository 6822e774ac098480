import type { DocumentKind } from '../policy/policy-vocabulary';
import type { LocalDate } from '../shared';
import type { ProjectCommandBase } from './project-command.base';

/**
 * Pins a stored file to the project's dossier. The caller gives the document's id (it stores the
 * bytes under it first) and the SHA-256 of the file as received.
 *
 * @example { type: 'AttachDocument', projectId, documentId: '0b6f…', kind: 'quotation', title: 'Báo giá máy sấy', fileName: 'bao-gia.pdf', mediaType: 'application/pdf', size: 183_204, sha256: '9f86…', encrypted: false, actor, at }
 */
export interface AttachDocument extends ProjectCommandBase {
  readonly type: 'AttachDocument';
  readonly documentId: string;
  readonly kind: DocumentKind;
  readonly title: string;
  readonly fileName: string;
  readonly mediaType: string;
  /** Size in bytes of the file as received. */
  readonly size: number;
  /** SHA-256 (lowercase hex) of the file as received. */
  readonly sha256: string;
  /** SHA-256 of the bytes as stored, when storage transforms them (encryption). */
  readonly storedSha256?: string;
  /** Whether the stored bytes are encrypted (personal documents are). */
  readonly encrypted: boolean;
}

/**
 * Records a paper item the centre received (registry book number and date) in the dossier.
 *
 * @example { type: 'RecordPaperDocument', projectId, documentId: '5d1c…', kind: 'business_registration', title: 'GCN ĐKKD', receivedOn: '2026-03-02', registryNo: 'CV-0231', actor, at }
 */
export interface RecordPaperDocument extends ProjectCommandBase {
  readonly type: 'RecordPaperDocument';
  readonly documentId: string;
  readonly kind: DocumentKind;
  readonly title: string;
  readonly receivedOn: LocalDate;
  readonly registryNo: string;
}

/**
 * Takes a document out of the dossier with a reason; it is never deleted, only no longer counts.
 *
 * @example { type: 'SupersedeDocument', projectId, documentId: '0b6f…', reason: 'Báo giá cũ, đã thay', actor, at }
 */
export interface SupersedeDocument extends ProjectCommandBase {
  readonly type: 'SupersedeDocument';
  readonly documentId: string;
  readonly reason: string;
}

/** The commands that keep the project's dossier. */
export type ProjectDocumentCommand = AttachDocument | RecordPaperDocument | SupersedeDocument;
