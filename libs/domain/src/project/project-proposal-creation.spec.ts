// The Project decider before a project exists: creating a draft and pinning its policy.
import { deciderSpec } from '@app/testing/decider-spec';
import { findPolicy } from '../policy/policy-registry';
import {
  actors,
  beneficiary,
  cmd,
  deciderOn,
  nationalProgrammeCreated,
  programmeCreated,
  T,
  World,
} from '../testing/domain-fixtures';

/** Given the world's project history, decided with the world's programme and policy. */
const given = (w: World) => deciderSpec(deciderOn(w)).given(w.history);

describe('no project yet', () => {
  describe('CreateProjectDraft', () => {
    it('creates a draft pinned to the programme’s policy', () => {
      given(new World())
        .when(cmd.create())
        .then([
          {
            type: 'ProjectDraftCreated',
            data: {
              projectId: 'p-1',
              programmeId: 'la-2026',
              policyId: 'vn-longan-local-2022',
              policyVersion: 1,
              fundingSource: 'local',
              title: 'Ứng dụng máy đóng gói bánh tráng',
              category: 'MACHINERY',
              beneficiary,
              totalCostVnd: 400_000_000,
              requestedSupportVnd: 150_000_000,
              counterpartVnd: 250_000_000,
              plannedStart: '2026-05-01',
              plannedEnd: '2026-10-31',
              objectives: 'Tăng năng suất đóng gói gấp ba',
              createdBy: 'officer-1',
              at: T.created,
            },
          },
        ]);
    });

    it('lets a collaborator create a draft in their commune', () => {
      given(new World())
        .when(cmd.create({ actor: actors.collaborator }))
        .thenMatches([{ type: 'ProjectDraftCreated', data: expect.objectContaining({ createdBy: 'ctv-1' }) }]);
    });

    it('needs an active programme', () => {
      const error = given(new World()).when(cmd.create({ programmeId: 'other' })).thenThrows('PROGRAMME.UNKNOWN');
      expect([error.kind, error.details]).toEqual(['invalid', { field: 'programmeId', programmeId: 'other' }]);
    });

    it('refuses a policy other than the programme’s', () => {
      const policy = findPolicy('vn-2014-national', 1);
      given(new World(programmeCreated(), policy)).when(cmd.create()).thenThrows('POLICY.NOT_PINNED');
    });

    it('refuses an unknown category and a category the policy does not allow', () => {
      const w = new World();
      given(w).when(cmd.create({ category: 'ROBOTS' as never })).thenThrows('PROJECT.UNKNOWN_CATEGORY');
      const error = given(w).when(cmd.create({ category: 'DIGITAL' })).thenThrows('PROJECT.CATEGORY_NOT_ALLOWED');
      expect([error.kind, error.details]).toEqual([
        'invalid',
        { category: 'DIGITAL', policyId: 'vn-longan-local-2022', policyVersion: 1 },
      ]);
    });

    describe('policy pinning', () => {
      const digital = { programmeId: 'kcqg-v1', category: 'DIGITAL' as const, requestedSupportVnd: 150_000_000 };

      it('a programme on vn-2014-national v1 refuses DIGITAL', () => {
        const error = given(new World(nationalProgrammeCreated(1)))
          .when(cmd.create(digital))
          .thenThrows('PROJECT.CATEGORY_NOT_ALLOWED');
        expect(error.details).toMatchObject({ policyId: 'vn-2014-national', policyVersion: 1 });
      });

      it('a programme on vn-2014-national v2 accepts DIGITAL', () => {
        const w = new World(nationalProgrammeCreated(2));
        w.run(cmd.create({ ...digital, programmeId: 'kcqg-v2' }));
        expect(w.project).toMatchObject({ status: 'draft', policyId: 'vn-2014-national', policyVersion: 2 });
      });
    });

    it('refuses a beneficiary kind the policy does not list', () => {
      const error = given(new World())
        .when(cmd.create({ beneficiary: { ...beneficiary, kind: 'ngo' as never } }))
        .thenThrows('PROJECT.BENEFICIARY_KIND_NOT_ALLOWED');
      expect(error.details.kind).toBe('ngo');
    });

    it('keeps a local programme’s projects in its province', () => {
      const error = given(new World())
        .when(cmd.create({ beneficiary: { ...beneficiary, province: '79', commune: '79001' } }))
        .thenThrows('PROJECT.OUT_OF_PROGRAMME_AREA');
      expect([error.kind, error.details]).toEqual(['invalid', { province: '79', programmeProvince: '80', programmeId: 'la-2026' }]);
    });

    it('accepts any province on a national programme', () => {
      const w = new World(nationalProgrammeCreated(1));
      w.run(cmd.create({ programmeId: 'kcqg-v1', beneficiary: { ...beneficiary, province: '79', commune: '79001' } }));
      expect(w.status).toBe('draft');
    });

    it('refuses planned dates out of order', () => {
      const error = given(new World()).when(cmd.create({ plannedStart: '2026-11-01' })).thenThrows('PROJECT.DATES_OUT_OF_ORDER');
      expect(error.details).toEqual({ plannedStart: '2026-11-01', plannedEnd: '2026-10-31' });
    });

    it('needs support plus counterpart to equal the total cost', () => {
      const error = given(new World()).when(cmd.create({ counterpartVnd: 200_000_000 })).thenThrows('PROJECT.FUNDING_MISMATCH');
      expect([error.kind, error.details]).toEqual([
        'invalid',
        { totalCostVnd: 400_000_000, requestedSupportVnd: 150_000_000, counterpartVnd: 200_000_000 },
      ]);
    });

    it.each([
      [{ totalCostVnd: 0 }, 'totalCostVnd'],
      [{ requestedSupportVnd: -1 }, 'requestedSupportVnd'],
      [{ requestedSupportVnd: 1.5 }, 'requestedSupportVnd'],
    ])('refuses amounts that are not positive whole đồng (%o)', (override, field) => {
      const error = given(new World()).when(cmd.create(override)).thenThrows('MONEY.INVALID_AMOUNT');
      expect(error.details.field).toBe(field);
    });

    it('needs a title and objectives', () => {
      const error = given(new World()).when(cmd.create({ title: ' ' })).thenThrows('COMMAND.FIELD_REQUIRED');
      expect(error.details).toEqual({ field: 'title' });
    });

    it('refuses a role the policy does not name, admin included', () => {
      const error = given(new World()).when(cmd.create({ actor: actors.admin })).thenThrows('AUTH.ROLE_NOT_ALLOWED');
      expect(error.kind).toBe('forbidden');
      expect(error.details).toMatchObject({ requiredRoles: ['officer', 'collaborator'] });
    });

    it('checks the area of a new draft', () => {
      given(new World()).when(cmd.create({ actor: actors.otherAreaOfficer })).thenThrows('AUTH.OUT_OF_AREA');
    });
  });
});
