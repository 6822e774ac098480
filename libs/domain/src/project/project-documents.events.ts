import type { DocumentKind } from '../policy/policy-vocabulary';
import type { DomainEvent, LocalDate } from '../shared';
import type { ProjectEventBase } from './project-event.base';

/** A file joined the dossier; its SHA-256 pins the bytes. @example { type: 'DocumentAttached', data: { projectId: 'p1', documentId: 'd1', kind: 'quotation', sha256: '9f86…', encrypted: false, attachedBy: 'u1', … } } */
export type DocumentAttached = DomainEvent<
  'DocumentAttached',
  ProjectEventBase & {
    readonly documentId: string;
    readonly kind: DocumentKind;
    readonly title: string;
    readonly fileName: string;
    readonly mediaType: string;
    readonly size: number;
    readonly sha256: string;
    readonly storedSha256?: string;
    readonly encrypted: boolean;
    readonly attachedBy: string;
  }
>;

/** A paper item received at the centre joined the dossier. @example { type: 'PaperDocumentReceived', data: { projectId: 'p1', documentId: 'd2', kind: 'business_registration', receivedOn: '2026-03-02', registryNo: 'CV-0231', … } } */
export type PaperDocumentReceived = DomainEvent<
  'PaperDocumentReceived',
  ProjectEventBase & {
    readonly documentId: string;
    readonly kind: DocumentKind;
    readonly title: string;
    readonly receivedOn: LocalDate;
    readonly registryNo: string;
    readonly recordedBy: string;
  }
>;

/** A document no longer counts in the dossier. @example { type: 'DocumentSuperseded', data: { projectId: 'p1', documentId: 'd1', reason: 'Báo giá cũ', supersededBy: 'u1', at } } */
export type DocumentSuperseded = DomainEvent<
  'DocumentSuperseded',
  ProjectEventBase & { readonly documentId: string; readonly reason: string; readonly supersededBy: string }
>;

/** The events of the project's dossier. */
export type ProjectDocumentEvent = DocumentAttached | PaperDocumentReceived | DocumentSuperseded;
