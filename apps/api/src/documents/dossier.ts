import { Inject, Injectable } from '@nestjs/common';
import { PolicyCatalog, programmeStreamId, projectStreamId } from '@app/application';
import { replayProgramme, replayProject } from '@app/audit';
import { type DossierChecklist, dossierChecklist, programmeDossierMode, type ProjectState } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { EventSchemaRegistry } from '@app/event-store';
import { concealEvents, PersonalDataGuard } from '@app/privacy';
import { EVENT_STORE } from '@app/runtime';

/** One document of a project's dossier, as the API answers it. */
export interface DocumentItem {
  readonly id: string;
  readonly projectId: string;
  readonly kind: string;
  readonly title: string;
  readonly form: 'file' | 'paper';
  readonly fileName?: string;
  readonly mediaType?: string;
  readonly size?: number;
  readonly sha256?: string;
  readonly receivedOn?: string;
  readonly registryNo?: string;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
  readonly position: number;
  readonly superseded: boolean;
  readonly supersededReason?: string;
}

/** Where the bytes of a file item are stored (not shown by the API). */
export interface StoredFile {
  /** The content address: `storedSha256` when the bytes were transformed (encrypted), else `sha256`. */
  readonly address: string;
  readonly encrypted: boolean;
}

/** A project's dossier as its stream records it, with the state the checklist is computed on. */
export interface Dossier {
  readonly projectId: string;
  /** The project stream's version (the project's `ETag`). */
  readonly version: number;
  readonly state: Exclude<ProjectState, { status: 'none' }>;
  /** In upload order. */
  readonly items: readonly DocumentItem[];
  readonly files: ReadonlyMap<string, StoredFile>;
}

interface AttachedData {
  documentId: string;
  kind: string;
  title: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  storedSha256?: string;
  encrypted: boolean;
  attachedBy: string;
  at: string;
}

interface PaperData {
  documentId: string;
  kind: string;
  title: string;
  receivedOn: string;
  registryNo: string;
  recordedBy: string;
  at: string;
}

/**
 * The dossier's items from the project's events (personal data opened): each attach or paper
 * record adds one at the event's log position, each supersede marks one.
 */
export function dossierItems(projectId: string, events: readonly Pick<RecordedEvent, 'type' | 'data' | 'position'>[]): { items: DocumentItem[]; files: Map<string, StoredFile> } {
  const items: DocumentItem[] = [];
  const files = new Map<string, StoredFile>();
  for (const event of events) {
    if (event.type === 'DocumentAttached') {
      const d = event.data as AttachedData;
      items.push({
        id: d.documentId,
        projectId,
        kind: d.kind,
        title: d.title,
        form: 'file',
        fileName: d.fileName,
        mediaType: d.mediaType,
        size: d.size,
        sha256: d.sha256,
        uploadedBy: d.attachedBy,
        uploadedAt: d.at,
        position: event.position,
        superseded: false,
      });
      files.set(d.documentId, { address: d.storedSha256 ?? d.sha256, encrypted: d.encrypted });
    } else if (event.type === 'PaperDocumentReceived') {
      const d = event.data as PaperData;
      items.push({
        id: d.documentId,
        projectId,
        kind: d.kind,
        title: d.title,
        form: 'paper',
        receivedOn: d.receivedOn,
        registryNo: d.registryNo,
        uploadedBy: d.recordedBy,
        uploadedAt: d.at,
        position: event.position,
        superseded: false,
      });
    } else if (event.type === 'DocumentSuperseded') {
      const d = event.data as { documentId: string; reason: string };
      const at = items.findIndex((item) => item.id === d.documentId);
      const item = items[at];
      if (item) items[at] = { ...item, superseded: true, supersededReason: d.reason };
    }
  }
  return { items, files };
}

/**
 * Reads a project's dossier by folding its stream (always current: no read model to wait for)
 * and computes its checklist with the policy version the project pinned and its programme's
 * dossier mode.
 *
 * @example
 * const dossier = await dossiers.load(projectId);
 * const checklist = dossier && (await dossiers.checklist(dossier));
 */
@Injectable()
export class Dossiers {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly guard: PersonalDataGuard,
    private readonly schemas: EventSchemaRegistry,
    private readonly policies: PolicyCatalog,
  ) {}

  /**
   * The project's dossier, or undefined when there is no such project. Personal data in titles
   * and file names is opened, or, for a reader who sees it sealed (`opened` false), `[sealed]`.
   */
  async load(projectId: string, opened = true): Promise<Dossier | undefined> {
    const stored = await this.store.readStream(projectStreamId(projectId));
    const last = stored[stored.length - 1];
    if (!last) return undefined;
    const events = await this.guard.open(stored);
    const state = replayProject(events, this.schemas);
    if (state.status === 'none') return undefined;
    return { projectId, version: last.version, state, ...dossierItems(projectId, opened ? events : concealEvents(stored, events)) };
  }

  /** The dossier against its next step (`dossierChecklist`), in the programme's mode. */
  async checklist(dossier: Dossier): Promise<DossierChecklist> {
    const programme = replayProgramme(await this.store.readStream(programmeStreamId(dossier.state.programmeId)), this.schemas);
    const mode = programme.status === 'active' ? programmeDossierMode(programme) : 'warn';
    const { policy } = this.policies.get(dossier.state.policyId, dossier.state.policyVersion);
    return dossierChecklist(dossier.state, policy, mode);
  }
}
