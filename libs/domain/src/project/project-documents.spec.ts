import { deciderSpec } from '@app/testing/decider-spec';
import type { DocumentKind } from '../policy/policy-vocabulary';
import { VN_LONGAN_LOCAL_2022_V1 } from '../policy/vn-longan-local-2022.policy';
import { dossierChecklist } from './project-documents.rules';
import type { ProjectStatus } from './project.state';
import { projectDocuments } from './project.state';
import { actors, cmd, deciderOn, programmeCreated, T, World, worldAt } from '../testing/domain-fixtures';

/** Given the world's project history, decided with the world's programme and policy. */
const given = (w: World) => deciderSpec(deciderOn(w)).given(w.history);

const SHA = 'a'.repeat(64);

/** Attaches one file of each kind, ids `<kind>-1`. */
function attach(w: World, ...kinds: DocumentKind[]): World {
  return w.run(...kinds.map((kind) => cmd.attach({ documentId: `${kind}-1`, kind, title: kind })));
}

/** A world at `status` (dossier warned on the way) whose programme enforces the dossier from now on. */
function enforcedAt(status: ProjectStatus): World {
  const w = worldAt(status);
  if (w.programme.status !== 'active') throw new Error('no programme');
  w.programme = { ...w.programme, dossier: 'enforce' };
  return w;
}

describe('the dossier', () => {
  describe('AttachDocument', () => {
    it('pins a file by its SHA-256 and adds it to the project', () => {
      const w = worldAt('draft');
      given(w)
        .when(cmd.attach({ storedSha256: 'b'.repeat(64), encrypted: true }))
        .then([
          {
            type: 'DocumentAttached',
            data: {
              projectId: 'p-1',
              documentId: 'doc-1',
              kind: 'quotation',
              title: 'Báo giá máy đóng gói',
              fileName: 'bao-gia.pdf',
              mediaType: 'application/pdf',
              size: 183_204,
              sha256: SHA,
              storedSha256: 'b'.repeat(64),
              encrypted: true,
              attachedBy: 'officer-1',
              at: T.created,
            },
          },
        ]);
      w.run(cmd.attach());
      expect(projectDocuments(w.project)).toEqual([
        expect.objectContaining({ id: 'doc-1', kind: 'quotation', form: 'file', superseded: false, sha256: SHA, addedBy: 'officer-1' }),
      ]);
    });

    it('lets the appraiser, approver and accountant attach too, not a collaborator', () => {
      const w = worldAt('in_implementation');
      for (const actor of [actors.a1, actors.approver, actors.accountant]) {
        expect(w.decide(cmd.attach({ actor })).project.map((e) => e.type)).toEqual(['DocumentAttached']);
      }
      given(w).when(cmd.attach({ actor: actors.collaborator })).thenThrows('AUTH.ROLE_NOT_ALLOWED');
    });

    it('refuses a malformed file, an unknown kind and an id the project already has', () => {
      const w = worldAt('draft');
      expect(given(w).when(cmd.attach({ kind: 'napkin' as never })).thenThrows('DOCUMENT.UNKNOWN_KIND').details).toMatchObject({ field: 'kind' });
      expect(given(w).when(cmd.attach({ sha256: 'ABC' })).thenThrows('DOCUMENT.INVALID_HASH').details).toEqual({ field: 'sha256' });
      expect(given(w).when(cmd.attach({ storedSha256: 'x' })).thenThrows('DOCUMENT.INVALID_HASH').details).toEqual({ field: 'storedSha256' });
      expect(given(w).when(cmd.attach({ size: -1 })).thenThrows('COMMAND.INVALID_FIELD').details).toMatchObject({ field: 'size' });
      given(w).when(cmd.attach({ fileName: ' ' })).thenThrows('COMMAND.FIELD_REQUIRED');
      w.run(cmd.attach());
      expect(given(w).when(cmd.paper({ documentId: 'doc-1' })).thenThrows('DOCUMENT.ALREADY_ATTACHED').kind).toBe('conflict');
    });

    it('is refused once the project has ended, and by a policy set without a dossier', () => {
      given(worldAt('closed')).when(cmd.attach()).thenThrows('PROJECT.INVALID_TRANSITION');
      given(worldAt('withdrawn')).when(cmd.paper()).thenThrows('PROJECT.INVALID_TRANSITION');
      given(worldAt('terminated')).when(cmd.attach()).thenMatches([{ type: 'DocumentAttached' }]);
      const created = programmeCreated();
      const withoutDossier = worldAt('draft', new World(created, { ...VN_LONGAN_LOCAL_2022_V1, dossier: undefined }));
      given(withoutDossier).when(cmd.attach()).thenThrows('AUTH.ROLE_NOT_ALLOWED');
    });
  });

  describe('RecordPaperDocument', () => {
    it('records a paper item by its registry number and date', () => {
      const w = worldAt('draft');
      given(w)
        .when(cmd.paper())
        .then([
          {
            type: 'PaperDocumentReceived',
            data: {
              projectId: 'p-1',
              documentId: 'paper-1',
              kind: 'business_registration',
              title: 'Giấy chứng nhận đăng ký hộ kinh doanh',
              receivedOn: '2026-03-01',
              registryNo: 'CV-0231',
              recordedBy: 'officer-1',
              at: T.created,
            },
          },
        ]);
      w.run(cmd.paper());
      expect(projectDocuments(w.project)).toEqual([
        expect.objectContaining({ id: 'paper-1', form: 'paper', registryNo: 'CV-0231', receivedOn: '2026-03-01', superseded: false }),
      ]);
    });

    it('refuses a receipt date after today and a missing registry number', () => {
      const w = worldAt('draft');
      expect(given(w).when(cmd.paper({ receivedOn: '2026-03-03' })).thenThrows('PROJECT.DATE_IN_FUTURE').details).toMatchObject({
        field: 'receivedOn',
      });
      given(w).when(cmd.paper({ registryNo: '' })).thenThrows('COMMAND.FIELD_REQUIRED');
    });
  });

  describe('SupersedeDocument', () => {
    it('marks the document superseded with its reason, keeping it on record', () => {
      const w = worldAt('draft').run(cmd.attach());
      given(w)
        .when(cmd.supersede())
        .then([
          {
            type: 'DocumentSuperseded',
            data: { projectId: 'p-1', documentId: 'doc-1', reason: 'Báo giá cũ, đã thay', supersededBy: 'officer-1', at: T.created },
          },
        ]);
      w.run(cmd.supersede({ actor: actors.admin }));
      expect(projectDocuments(w.project)).toEqual([
        expect.objectContaining({ id: 'doc-1', superseded: true, supersededReason: 'Báo giá cũ, đã thay' }),
      ]);
    });

    it('refuses an unknown document, a second supersession, a missing reason and an accountant', () => {
      const w = worldAt('draft').run(cmd.attach());
      expect(given(w).when(cmd.supersede({ documentId: 'nope' })).thenThrows('DOCUMENT.NOT_FOUND').details).toEqual({ documentId: 'nope' });
      given(w).when(cmd.supersede({ reason: '  ' })).thenThrows('COMMAND.FIELD_REQUIRED');
      given(w).when(cmd.supersede({ actor: actors.accountant })).thenThrows('AUTH.ROLE_NOT_ALLOWED');
      w.run(cmd.supersede());
      expect(given(w).when(cmd.supersede()).thenThrows('DOCUMENT.ALREADY_SUPERSEDED').kind).toBe('conflict');
    });
  });

  describe('dossierChecklist', () => {
    const policy = VN_LONGAN_LOCAL_2022_V1;

    it('lists the next step’s kinds, counting files and paper items but not superseded ones', () => {
      const w = worldAt('draft').run(cmd.attach({ documentId: 'q-old' }), cmd.supersede({ documentId: 'q-old' }), cmd.paper());
      expect(dossierChecklist(w.project, policy, 'warn')).toEqual({
        step: 'submit',
        mode: 'warn',
        required: [
          { kind: 'proposal_form', present: false, documentIds: [] },
          { kind: 'business_registration', present: true, documentIds: ['paper-1'] },
          { kind: 'quotation', present: false, documentIds: [] },
        ],
        missing: ['proposal_form', 'quotation'],
      });
      attach(w, 'proposal_form', 'quotation');
      expect(dossierChecklist(w.project, policy, 'enforce')).toMatchObject({ mode: 'enforce', missing: [] });
    });

    it('follows the status to the next step, and has none after settlement or without a dossier in the policy', () => {
      const steps = (['in_appraisal', 'recommended', 'contracted', 'awaiting_acceptance', 'accepted', 'settled'] as const).map(
        (status) => dossierChecklist(worldAt(status).project, policy, 'warn').step,
      );
      expect(steps).toEqual(['appraisal', 'approval', 'trancheRequest', 'acceptance', 'settlement', null]);
      expect(dossierChecklist(worldAt('draft').project, { ...VN_LONGAN_LOCAL_2022_V1, dossier: undefined }, 'warn')).toEqual({
        step: 'submit',
        mode: 'warn',
        required: [],
        missing: [],
      });
      expect(dossierChecklist(worldAt('draft').project, policy, 'warn', 'settlement').missing).toEqual([
        'acceptance_minutes',
        'invoice',
        'settlement_dossier',
      ]);
    });
  });

  describe('enforcement', () => {
    it('refuses the submission of an incomplete dossier when the programme enforces it, naming what is missing', () => {
      const w = worldAt('draft', new World(programmeCreated({ dossier: 'enforce' })));
      w.run(cmd.paper());
      const error = given(w).when(cmd.submit()).thenThrows('DOSSIER.INCOMPLETE');
      expect([error.kind, error.details]).toEqual(['invalid', { step: 'submit', missing: ['proposal_form', 'quotation'] }]);
      attach(w, 'proposal_form', 'quotation');
      expect(w.decide(cmd.submit()).project.map((e) => e.type)).toEqual(['ProposalSubmitted']);
    });

    it('lets an incomplete dossier through when the programme only warns', () => {
      const w = worldAt('draft', new World(programmeCreated({ dossier: 'warn' })));
      expect(w.decide(cmd.submit()).project.map((e) => e.type)).toEqual(['ProposalSubmitted']);
    });

    it('checks every step against its kinds', () => {
      const cases = [
        ['in_appraisal', () => [cmd.score({ actor: actors.a1 }), cmd.score({ actor: actors.a2 }), cmd.score({ actor: actors.a3 })], cmd.conclude(), 'appraisal', ['appraisal_minutes']],
        ['recommended', () => [], cmd.approve(), 'approval', ['appraisal_minutes']],
        ['in_implementation', () => [cmd.progress()], cmd.requestTranche(), 'trancheRequest', ['contract']],
        ['awaiting_acceptance', () => [], cmd.accept(), 'acceptance', ['progress_photo', 'invoice']],
        ['accepted', () => [], cmd.submitSettlement(), 'settlement', ['acceptance_minutes', 'invoice', 'settlement_dossier']],
      ] as const;
      for (const [status, before, command, step, missing] of cases) {
        const w = enforcedAt(status).run(...before());
        expect([status, given(w).when(command).thenThrows('DOSSIER.INCOMPLETE').details]).toEqual([status, { step, missing }]);
        attach(w, ...missing);
        expect([status, w.decide(command).project.length]).toEqual([status, 1]);
      }
    });
  });

  describe('documents cited as evidence', () => {
    it('carries the cited documents in the decision', () => {
      const w = attach(worldAt('in_implementation').run(cmd.progress()), 'contract', 'invoice');
      const [event] = w.decide(cmd.requestTranche({ documentIds: ['contract-1', 'invoice-1', 'contract-1'] })).project;
      expect(event?.data).toMatchObject({ evidenceRefs: expect.any(Array), documentIds: ['contract-1', 'invoice-1'] });
      const [plain] = w.decide(cmd.requestTranche()).project;
      expect(plain?.data).not.toHaveProperty('documentIds');
    });

    it('refuses ids that are not current documents of this project, naming them', () => {
      const w = attach(worldAt('recommended'), 'appraisal_minutes', 'other').run(cmd.supersede({ documentId: 'other-1' }));
      const error = given(w).when(cmd.approve({ documentIds: ['appraisal_minutes-1', 'other-1', 'elsewhere'] })).thenThrows('DOCUMENT.UNKNOWN');
      expect([error.kind, error.details]).toEqual(['invalid', { field: 'documentIds', documentIds: ['other-1', 'elsewhere'] }]);
      expect(w.decide(cmd.approve({ documentIds: ['appraisal_minutes-1'] })).project[0]?.data).toMatchObject({
        documentIds: ['appraisal_minutes-1'],
      });
    });

    it('takes documents on the appraisal conclusion, the acceptance and the settlement', () => {
      const scored = worldAt('in_appraisal').run(cmd.score({ actor: actors.a1 }), cmd.score({ actor: actors.a2 }), cmd.score({ actor: actors.a3 }));
      attach(scored, 'appraisal_minutes');
      expect(scored.decide(cmd.conclude({ documentIds: ['appraisal_minutes-1'] })).project[0]?.data).toMatchObject({ documentIds: ['appraisal_minutes-1'] });
      const awaiting = attach(worldAt('awaiting_acceptance'), 'acceptance_minutes');
      expect(awaiting.decide(cmd.accept({ documentIds: ['acceptance_minutes-1'] })).project[0]?.data).toMatchObject({ documentIds: ['acceptance_minutes-1'] });
      const accepted = attach(worldAt('accepted'), 'settlement_dossier');
      expect(accepted.decide(cmd.submitSettlement({ documentIds: ['settlement_dossier-1'] })).project[0]?.data).toMatchObject({
        documentIds: ['settlement_dossier-1'],
      });
      given(accepted).when(cmd.submitSettlement({ documentIds: 'x' as never })).thenThrows('COMMAND.INVALID_FIELD');
    });
  });
});
