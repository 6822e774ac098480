import { type DocumentCommandType, DOCUMENT_KIND_CODES, type DocumentKind, DOSSIER_STEPS, type PolicySet, type Role, rolesFor } from '@app/domain';
import type { DocumentItem, DossierChecklist, DossierMode } from '../api/types';

/*
 * The project dossier as the console shows it (DOCS-API.md): document kinds and steps, the
 * checklist of the next step, who may keep the dossier, what shows inline. Kinds and steps are
 * the domain's; their names are the console's messages (`documentKind.*`, `dossierStep.*`).
 */

/** The document kinds the engine knows, in the order the forms offer them. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = DOCUMENT_KIND_CODES;

/** The steps a programme may ask documents for. */
export { DOSSIER_STEPS };

/**
 * Whether a person with these roles may issue a dossier command under the project's pinned
 * policy (`policy.dossier.roles`); false while the policy is not loaded, and under a policy
 * without a dossier.
 *
 * @example
 * mayKeepDossier(policy, ['auditor'], 'AttachDocument'); // false
 * mayKeepDossier(policy, ['officer'], 'SupersedeDocument'); // true
 */
export function mayKeepDossier(policy: PolicySet | undefined, roles: readonly Role[], command: DocumentCommandType): boolean {
  const allowed = policy ? (rolesFor(policy, command) ?? []) : [];
  return roles.some((role) => allowed.includes(role));
}

/** One line of the checklist: a required kind, whether the dossier has it, and with which documents. */
export interface ChecklistRow {
  readonly kind: string;
  readonly present: boolean;
  /** The current documents of the kind, in upload order. */
  readonly documents: readonly DocumentItem[];
}

/** The checklist of the next step as the panel shows it. */
export interface ChecklistView {
  readonly step: string | null;
  readonly mode: DossierMode;
  readonly rows: readonly ChecklistRow[];
  readonly missingCount: number;
  /** True when the programme enforces the dossier and a kind is missing: the step will be refused. */
  readonly blocking: boolean;
}

/**
 * The checklist rows of the next step, each with the current documents it names. A kind the
 * server counts as present whose every listed document the page knows as superseded counts as
 * missing, so a replaced document is never shown as the evidence.
 *
 * @example
 * checklistView({ step: 'submit', mode: 'enforce', required: [{ kind: 'quotation', present: false, documentIds: [] }], missing: ['quotation'] }, []);
 * // { step: 'submit', mode: 'enforce', rows: [{ kind: 'quotation', present: false, documents: [] }], missingCount: 1, blocking: true }
 */
export function checklistView(checklist: DossierChecklist, items: readonly DocumentItem[]): ChecklistView {
  const byId = new Map(items.map((item) => [item.id, item]));
  const rows = checklist.required.map((required) => {
    const known = required.documentIds.map((id) => byId.get(id)).filter((d): d is DocumentItem => d !== undefined);
    const documents = known.filter((d) => !d.superseded);
    return { kind: required.kind, present: required.present && (known.length === 0 || documents.length > 0), documents };
  });
  const missingCount = rows.filter((row) => !row.present).length;
  return { step: checklist.step, mode: checklist.mode, rows, missingCount, blocking: checklist.mode === 'enforce' && missingCount > 0 };
}

/**
 * The documents that may back a command: the current ones, newest first.
 *
 * @example
 * currentDocuments(items).map((d) => d.id);
 */
export function currentDocuments(items: readonly DocumentItem[]): DocumentItem[] {
  return items.filter((item) => !item.superseded).reverse();
}

/** How a document can be shown inside the page. */
export type PreviewKind = 'pdf' | 'image' | 'none';

/**
 * Whether a media type is shown inline (PDF in a frame, pictures as images) or only offered for download.
 *
 * @example
 * previewKind('image/jpeg'); // 'image'
 */
export function previewKind(mediaType: string | undefined): PreviewKind {
  const type = (mediaType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/pdf') return 'pdf';
  if (['image/jpeg', 'image/png', 'image/gif', 'image/webp'].includes(type)) return 'image';
  return 'none';
}

/** What is wrong with an upload before it is sent, as a problem code the messages name. */
export type UploadCheck = 'DOCUMENT.FILE_MISSING' | 'DOCUMENT.EMPTY' | 'DOCUMENT.UNKNOWN_KIND';

/**
 * The reason an upload cannot be sent yet, or undefined when it can. The server checks the same
 * and more (size limit, type); this only saves a round trip for what the page already knows.
 *
 * @example
 * uploadCheck({ kind: 'quotation', file: { size: 0 } }); // 'DOCUMENT.EMPTY'
 */
export function uploadCheck(input: { readonly kind: string; readonly file: { readonly size: number } | undefined }): UploadCheck | undefined {
  if (!input.file) return 'DOCUMENT.FILE_MISSING';
  if (input.file.size === 0) return 'DOCUMENT.EMPTY';
  if (!(DOCUMENT_KINDS as readonly string[]).includes(input.kind)) return 'DOCUMENT.UNKNOWN_KIND';
  return undefined;
}
