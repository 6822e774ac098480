import type { PolicySet } from '../policy/policy-set';
import {
  type DocumentKind,
  type DossierMode,
  type DossierStep,
  isDocumentKind,
} from '../policy/policy-vocabulary';
import { DomainError, InvalidTransitionError, localDateOf, requireLocalDate, requireText } from '../shared';
import type { AttachDocument, RecordPaperDocument, SupersedeDocument } from './project.commands';
import { type DecisionContext, type KnownProject, projectOnly, type ProjectDecision } from './project-decision';
import { type ProjectDocument, type ProjectState, type ProjectStatus, projectDocuments } from './project.state';
import { isAllowedFrom, type ProjectTransitionCommand } from './project-transitions';

/*
 * The project's dossier (hồ sơ): files and paper items, each of a document kind; which kinds each
 * step needs is policy data (`PolicySet.dossier`), and whether a gap refuses the step is the
 * programme's choice (`dossier: 'enforce' | 'warn'`).
 */

const SHA256 = /^[0-9a-f]{64}$/;

function requireOpenDossier(state: KnownProject, command: ProjectTransitionCommand): void {
  if (!isAllowedFrom(command, state.status)) throw new InvalidTransitionError('project', command, state.status);
}

function requireKind(value: unknown): DocumentKind {
  if (!isDocumentKind(value)) {
    throw new DomainError('invalid', 'DOCUMENT.UNKNOWN_KIND', `${String(value)} is not a known document kind`, {
      field: 'kind',
      kind: value,
    });
  }
  return value;
}

function requireNewDocumentId(state: KnownProject, value: unknown): string {
  const documentId = requireText('documentId', value);
  if (projectDocuments(state).some((d) => d.id === documentId)) {
    throw new DomainError('conflict', 'DOCUMENT.ALREADY_ATTACHED', `The project already has document ${documentId}`, {
      documentId,
    });
  }
  return documentId;
}

function requireSha256(field: string, value: unknown): string {
  if (typeof value !== 'string' || !SHA256.test(value)) {
    throw new DomainError('invalid', 'DOCUMENT.INVALID_HASH', `${field} must be a SHA-256 in lowercase hex`, { field });
  }
  return value;
}

export function attachDocument(command: AttachDocument, state: KnownProject): ProjectDecision {
  requireOpenDossier(state, command.type);
  const documentId = requireNewDocumentId(state, command.documentId);
  const kind = requireKind(command.kind);
  const title = requireText('title', command.title);
  const fileName = requireText('fileName', command.fileName);
  const mediaType = requireText('mediaType', command.mediaType);
  if (!Number.isSafeInteger(command.size) || command.size < 0) {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', 'size must be a whole number of bytes', { field: 'size', value: command.size });
  }
  const sha256 = requireSha256('sha256', command.sha256);
  const storedSha256 = command.storedSha256 === undefined ? undefined : requireSha256('storedSha256', command.storedSha256);
  if (typeof command.encrypted !== 'boolean') {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', 'encrypted must be true or false', { field: 'encrypted' });
  }
  return projectOnly([
    {
      type: 'DocumentAttached',
      data: {
        projectId: state.projectId,
        documentId,
        kind,
        title,
        fileName,
        mediaType,
        size: command.size,
        sha256,
        ...(storedSha256 === undefined ? {} : { storedSha256 }),
        encrypted: command.encrypted,
        attachedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function recordPaperDocument(command: RecordPaperDocument, state: KnownProject): ProjectDecision {
  requireOpenDossier(state, command.type);
  const documentId = requireNewDocumentId(state, command.documentId);
  const kind = requireKind(command.kind);
  const title = requireText('title', command.title);
  const receivedOn = requireLocalDate('receivedOn', command.receivedOn);
  const today = localDateOf(command.at);
  if (receivedOn > today) {
    throw new DomainError('invalid', 'PROJECT.DATE_IN_FUTURE', 'receivedOn is after today', { field: 'receivedOn', receivedOn, today });
  }
  const registryNo = requireText('registryNo', command.registryNo);
  return projectOnly([
    {
      type: 'PaperDocumentReceived',
      data: {
        projectId: state.projectId,
        documentId,
        kind,
        title,
        receivedOn,
        registryNo,
        recordedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function supersedeDocument(command: SupersedeDocument, state: KnownProject): ProjectDecision {
  requireOpenDossier(state, command.type);
  const documentId = requireText('documentId', command.documentId);
  const document = projectDocuments(state).find((d) => d.id === documentId);
  if (document === undefined) {
    throw new DomainError('not_found', 'DOCUMENT.NOT_FOUND', `The project has no document ${documentId}`, { documentId });
  }
  if (document.superseded) {
    throw new DomainError('conflict', 'DOCUMENT.ALREADY_SUPERSEDED', `Document ${documentId} is already superseded`, {
      documentId,
    });
  }
  const reason = requireText('reason', command.reason);
  return projectOnly([
    {
      type: 'DocumentSuperseded',
      data: { projectId: state.projectId, documentId, reason, supersededBy: command.actor.id, at: command.at },
    },
  ]);
}

/** One required kind of a step and the current documents of that kind. */
export interface DossierChecklistItem {
  readonly kind: DocumentKind;
  /** True when a file or paper item of the kind counts (is not superseded). */
  readonly present: boolean;
  readonly documentIds: readonly string[];
}

/** Where a project's dossier stands against the next step's requirements. */
export interface DossierChecklist {
  /** The next step the dossier is checked before, or null when no step is ahead. */
  readonly step: DossierStep | null;
  readonly mode: DossierMode;
  readonly required: readonly DossierChecklistItem[];
  readonly missing: readonly DocumentKind[];
}

// The next dossier step from each status (null: none ahead, or the project has ended).
const NEXT_STEP: Readonly<Record<ProjectStatus, DossierStep | null>> = {
  draft: 'submit',
  info_requested: 'submit',
  submitted: 'appraisal',
  in_appraisal: 'appraisal',
  recommended: 'approval',
  not_recommended: null,
  approved: 'trancheRequest',
  contracted: 'trancheRequest',
  in_implementation: 'acceptance',
  suspended: 'acceptance',
  awaiting_acceptance: 'acceptance',
  accepted: 'settlement',
  settlement_submitted: null,
  settled: null,
  in_post_evaluation: null,
  closed: null,
  withdrawn: null,
  rejected: null,
  terminated: null,
};

/**
 * The dossier's state for a step (by default the next one from the project's status): each kind
 * the pinned policy requires for the project's category, whether a non-superseded file or paper
 * item of it is present, and the kinds missing. A policy version without a dossier requires nothing.
 *
 * @example
 * dossierChecklist(project, policy, 'enforce');
 * // { step: 'submit', mode: 'enforce', required: [{ kind: 'proposal_form', present: true, documentIds: ['d1'] }, …], missing: ['quotation'] }
 */
export function dossierChecklist(
  project: ProjectState,
  policy: PolicySet,
  mode: DossierMode,
  step: DossierStep | null = project.status === 'none' ? null : NEXT_STEP[project.status],
): DossierChecklist {
  if (project.status === 'none' || step === null) return { step, mode, required: [], missing: [] };
  const kinds = policy.dossier?.categories[project.proposal.category]?.[step] ?? [];
  const current: readonly ProjectDocument[] = projectDocuments(project).filter((d) => !d.superseded);
  const required = kinds.map((kind) => {
    const documentIds = current.filter((d) => d.kind === kind).map((d) => d.id);
    return { kind, present: documentIds.length > 0, documentIds };
  });
  return { step, mode, required, missing: required.filter((r) => !r.present).map((r) => r.kind) };
}

/**
 * Refuses a step whose required kinds are missing when the programme enforces its dossier
 * (`DOSSIER.INCOMPLETE`, invalid, with `step` and `missing`); under `warn` the step goes ahead and
 * the checklist shows the gap.
 *
 * @example
 * requireDossier(state, ctx, 'trancheRequest');
 */
export function requireDossier(state: KnownProject, ctx: DecisionContext, step: DossierStep): void {
  const mode = ctx.dossierMode();
  if (mode !== 'enforce') return;
  const { missing } = dossierChecklist(state, ctx.policy, mode, step);
  if (missing.length > 0) {
    throw new DomainError('invalid', 'DOSSIER.INCOMPLETE', `The dossier lacks documents required before ${step}: ${missing.join(', ')}`, {
      step,
      missing,
    });
  }
}

/**
 * The `documentIds` a command cites as evidence, each a current (non-superseded) document of this
 * project, else `DOCUMENT.UNKNOWN` (invalid) naming the others; `undefined` when none are cited.
 *
 * @example
 * const documentIds = citedDocuments(state, command.documentIds);
 */
export function citedDocuments(state: KnownProject, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', 'documentIds must be a list of document ids', { field: 'documentIds' });
  }
  const ids = [...new Set(value as string[])];
  const current = new Set(projectDocuments(state).filter((d) => !d.superseded).map((d) => d.id));
  const unknown = ids.filter((id) => !current.has(id));
  if (unknown.length > 0) {
    throw new DomainError('invalid', 'DOCUMENT.UNKNOWN', `Not current documents of the project: ${unknown.join(', ')}`, {
      field: 'documentIds',
      documentIds: unknown,
    });
  }
  return ids.length === 0 ? undefined : ids;
}
