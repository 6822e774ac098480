import type { ProjectDocumentEvent } from './project-documents.events';
import { corrupt, type Evolvers } from './project-evolve.guards';
import { type ProjectDocument, type ProjectState, projectDocuments } from './project.state';

function withDocuments(state: ProjectState, eventType: string, documents: readonly ProjectDocument[]): ProjectState {
  if (state.status === 'none') return corrupt(eventType, state);
  return { ...state, documents };
}

/**
 * How each fact of the dossier changes the state: a document joins `documents`, or is marked
 * superseded. A stream recorded before the dossier has no `documents` at all (none).
 *
 * @example
 * const next = documentEvolvers.DocumentSuperseded(state, event);
 */
export const documentEvolvers: Evolvers<ProjectDocumentEvent> = {
  DocumentAttached: (state, event) => {
    const d = event.data;
    const document: ProjectDocument = {
      id: d.documentId,
      kind: d.kind,
      form: 'file',
      title: d.title,
      superseded: false,
      addedBy: d.attachedBy,
      addedAt: d.at,
      fileName: d.fileName,
      mediaType: d.mediaType,
      size: d.size,
      sha256: d.sha256,
      ...(d.storedSha256 === undefined ? {} : { storedSha256: d.storedSha256 }),
      encrypted: d.encrypted,
    };
    return withDocuments(state, event.type, [...projectDocuments(state), document]);
  },
  PaperDocumentReceived: (state, event) => {
    const d = event.data;
    const document: ProjectDocument = {
      id: d.documentId,
      kind: d.kind,
      form: 'paper',
      title: d.title,
      superseded: false,
      addedBy: d.recordedBy,
      addedAt: d.at,
      receivedOn: d.receivedOn,
      registryNo: d.registryNo,
    };
    return withDocuments(state, event.type, [...projectDocuments(state), document]);
  },
  DocumentSuperseded: (state, event) => {
    const d = event.data;
    const documents = projectDocuments(state);
    if (!documents.some((doc) => doc.id === d.documentId)) return corrupt(event.type, state);
    return withDocuments(
      state,
      event.type,
      documents.map((doc) => (doc.id === d.documentId ? { ...doc, superseded: true, supersededReason: d.reason } : doc)),
    );
  },
};
