import { deciderSpec } from '@app/testing/decider-spec';
import { projectDecider } from './project.decider';
import { actors, beneficiary, cmd, deciderOn, programmeCreated, T, World, worldAt } from '../testing/domain-fixtures';
import { evolveProject } from './project.evolve';
import type { ProjectEvent } from './project.events';
import type { ProjectState } from './project.state';
import type { Actor } from '../shared';

const spec = deciderSpec(projectDecider);
/** Given the world's project history, decided with the world's programme and policy. */
const given = (w: World) => deciderSpec(deciderOn(w)).given(w.history);

describe('in_implementation or suspended', () => {
  describe('RequestAmendment', () => {
    it('records the approval level the policy gives the kind', () => {
      spec
        .given(worldAt('in_implementation').history)
        .when(cmd.requestAmendment())
        .then([
          {
            type: 'AmendmentRequested',
            data: {
              projectId: 'p-1',
              amendmentNo: 1,
              kind: 'schedule',
              changes: { plannedEnd: '2026-12-15' },
              reason: 'Máy giao chậm',
              approvalLevel: 'department',
              requestedBy: 'officer-1',
              at: T.progress,
            },
          },
        ]);
    });

    it.each([
      ['support_increase', { supportDeltaVnd: 20_000_000 }, 'people_committee'],
      ['support_decrease', { supportDeltaVnd: -20_000_000 }, 'department'],
      ['extension_next_year', { plannedEnd: '2027-03-31' }, 'people_committee'],
      ['content', { description: 'Đổi model máy' }, 'people_committee'],
      ['location', { province: '80', commune: '80456' }, 'department'],
      ['beneficiary', { beneficiary: { ...beneficiary, name: 'Cơ sở bánh tráng Hòa Lợi' } }, 'department'],
      ['partner', { partners: [{ partnerName: 'Trường Cao đẳng Long An', role: 'chuyển giao kỹ thuật' }] }, 'department'],
    ] as const)('routes %s to %s', (kind, changes, level) => {
      given(worldAt('suspended'))
        .when(cmd.requestAmendment({ kind, changes }))
        .thenMatches([{ type: 'AmendmentRequested', data: expect.objectContaining({ kind, approvalLevel: level }) }]);
    });

    it.each([
      ['support_increase', { supportDeltaVnd: -1 }],
      ['support_decrease', { supportDeltaVnd: 5 }],
      ['schedule', { plannedEnd: '2026-12-01', supportDeltaVnd: 5 }],
    ] as const)('refuses a %s whose money effect contradicts it', (kind, changes) => {
      spec.given(worldAt('in_implementation').history).when(cmd.requestAmendment({ kind, changes })).thenThrows('AMENDMENT.MONEY_EFFECT_MISMATCH');
    });

    it('makes a move into the next year an extension, and an extension a move into the next year', () => {
      const implementing = spec.given(worldAt('in_implementation').history);
      expect(implementing.when(cmd.requestAmendment({ changes: { plannedEnd: '2027-01-15' } })).thenThrows('AMENDMENT.KIND_MISMATCH').details).toMatchObject({
        fiscalYear: 2026,
      });
      implementing.when(cmd.requestAmendment({ kind: 'extension_next_year', changes: { plannedEnd: '2026-12-15' } })).thenThrows('AMENDMENT.KIND_MISMATCH');
      implementing.when(cmd.requestAmendment({ kind: 'content', changes: { plannedEnd: '2026-12-15' } })).thenThrows('AMENDMENT.KIND_MISMATCH');
    });

    it('refuses unknown kinds and a decrease no open tranche can absorb', () => {
      const implementing = spec.given(worldAt('in_implementation').history);
      implementing.when(cmd.requestAmendment({ kind: 'budget' as never })).thenThrows('AMENDMENT.UNKNOWN_KIND');
      implementing
        .when(cmd.requestAmendment({ kind: 'support_decrease', changes: { supportDeltaVnd: -50_000_001 } }))
        .thenThrows('AMENDMENT.SCHEDULE_CANNOT_ABSORB');
    });
  });

  describe('DecideAmendment', () => {
    it('approves a schedule change, moving the planned end', () => {
      const w = worldAt('in_implementation').run(cmd.requestAmendment());
      given(w)
        .when(cmd.decideAmendment())
        .then([
          {
            type: 'AmendmentApproved',
            data: {
              projectId: 'p-1',
              programmeId: 'la-2026',
              amendmentNo: 1,
              kind: 'schedule',
              changes: { plannedEnd: '2026-12-15' },
              approvalLevel: 'department',
              note: 'Đồng ý',
              supportVnd: 150_000_000,
              contractVnd: 150_000_000,
              plannedEnd: '2026-12-15',
              approvedBy: 'approver-1',
              at: T.trancheRequested,
            },
          },
        ]);
      w.run(cmd.decideAmendment());
      expect(w.project).toMatchObject({ proposal: { plannedEnd: '2026-12-15' } });
    });

    it('reserves more budget for an increase, moving the last open tranche', () => {
      const w = worldAt('in_implementation').run(
        cmd.requestAmendment({ kind: 'support_increase', changes: { supportDeltaVnd: 30_000_000 } }),
      );
      const decision = w.decide(cmd.decideAmendment());
      expect(decision.project[0]?.data).toMatchObject({ supportVnd: 180_000_000, contractVnd: 180_000_000, adjustedTrancheNo: 2 });
      expect(decision.programme).toEqual([
        {
          type: 'FundsReserved',
          data: { programmeId: 'la-2026', projectId: 'p-1', amountVnd: 30_000_000, decisionNo: '45/QĐ-SCT', amendmentNo: 1, at: T.trancheRequested },
        },
      ]);
      w.run(cmd.decideAmendment());
      expect(w.project).toMatchObject({
        funding: { supportVnd: 180_000_000, reservedVnd: 180_000_000 },
        execution: { tranches: [{ scheduledVnd: 100_000_000 }, { scheduledVnd: 80_000_000 }] },
      });
      expect(w.programme).toMatchObject({ reservedVnd: 180_000_000 });
    });

    it('checks an increase against the budget and the cap', () => {
      const tight = worldAt('in_implementation', new World(programmeCreated({ budgetVnd: 160_000_000 })));
      tight.run(cmd.requestAmendment({ kind: 'support_increase', changes: { supportDeltaVnd: 20_000_000 } }));
      const budget = given(tight).when(cmd.decideAmendment()).thenThrows('FUNDING.BUDGET_EXCEEDED');
      expect(budget.details).toMatchObject({ availableVnd: 10_000_000, requestedVnd: 20_000_000 });
      const capped = worldAt('in_implementation').run(
        cmd.requestAmendment({ kind: 'support_increase', changes: { supportDeltaVnd: 60_000_000 } }),
      );
      const error = given(capped).when(cmd.decideAmendment()).thenThrows('FUNDING.CAP_EXCEEDED');
      expect(error.details.maxVnd).toBe(200_000_000);
    });

    it('releases budget for a decrease', () => {
      const w = worldAt('suspended').run(cmd.requestAmendment({ kind: 'support_decrease', changes: { supportDeltaVnd: -10_000_000 } }));
      expect(w.decide(cmd.decideAmendment()).programme).toEqual([
        {
          type: 'ReservationReleased',
          data: { programmeId: 'la-2026', projectId: 'p-1', amountVnd: 10_000_000, reason: 'amendment', amendmentNo: 1, at: T.trancheRequested },
        },
      ]);
    });

    it('rejects as a decision, changing nothing', () => {
      const w = worldAt('in_implementation').run(cmd.requestAmendment({ kind: 'support_increase', changes: { supportDeltaVnd: 30_000_000 } }));
      const decision = w.decide(cmd.decideAmendment({ approve: false, note: 'Không đủ căn cứ' }));
      expect(decision).toEqual({
        project: [
          {
            type: 'AmendmentRejected',
            data: { projectId: 'p-1', amendmentNo: 1, kind: 'support_increase', note: 'Không đủ căn cứ', rejectedBy: 'approver-1', at: T.trancheRequested },
          },
        ],
        programme: [],
      });
    });

    it('refuses unknown and decided amendments, and the requester', () => {
      const w = worldAt('in_implementation').run(cmd.requestAmendment());
      expect(given(w).when(cmd.decideAmendment({ amendmentNo: 2 })).thenThrows('AMENDMENT.NOT_FOUND').kind).toBe('not_found');
      const both = { id: 'officer-1', roles: ['officer' as const, 'approver' as const] };
      const sod = given(w).when(cmd.decideAmendment({ actor: both })).thenThrows('AMENDMENT.SEPARATION_OF_DUTIES');
      expect(sod.kind).toBe('forbidden');
      w.run(cmd.decideAmendment({ actor: actors.approver2 }));
      given(w).when(cmd.decideAmendment()).thenThrows('AMENDMENT.ALREADY_DECIDED');
    });

    it('is decided by an approver whose authority covers the level the policy named', () => {
      const increase = worldAt('in_implementation').run(cmd.requestAmendment({ kind: 'support_increase', changes: { supportDeltaVnd: 30_000_000 } }));
      const held: [Actor, string | null][] = [
        [actors.departmentApprover, 'department'],
        [actors.approverWithoutAuthority, null],
        [actors.ministryApprover, 'ministry'],
      ];
      for (const [actor, authority] of held) {
        const error = given(increase).when(cmd.decideAmendment({ actor })).thenThrows('AUTHORITY.INSUFFICIENT');
        expect([error.kind, error.details]).toEqual(['forbidden', { amendmentNo: 1, requiredAuthority: 'people_committee', actorAuthority: authority }]);
      }
      given(increase).when(cmd.decideAmendment({ approve: false, note: 'Không', actor: actors.departmentApprover })).thenThrows('AUTHORITY.INSUFFICIENT');
      given(increase).when(cmd.decideAmendment()).thenMatches([{ type: 'AmendmentApproved', data: expect.objectContaining({ approvalLevel: 'people_committee' }) }, { type: 'FundsReserved' }]);
      // A department-level change may be decided by the department or by any higher level.
      const schedule = worldAt('in_implementation').run(cmd.requestAmendment());
      given(schedule).when(cmd.decideAmendment({ actor: actors.approverWithoutAuthority })).thenThrows('AUTHORITY.INSUFFICIENT');
      for (const actor of [actors.departmentApprover, actors.approver]) {
        given(schedule).when(cmd.decideAmendment({ actor })).thenMatches([{ type: 'AmendmentApproved', data: expect.objectContaining({ approvalLevel: 'department' }) }]);
      }
    });

    it('moves the settlement hard stop with an extension into the next year', () => {
      const w = worldAt('in_implementation').run(
        cmd.requestAmendment({ kind: 'extension_next_year', changes: { plannedEnd: '2027-03-31' } }),
        cmd.decideAmendment(),
      );
      expect(w.project).toMatchObject({ funding: { fiscalYear: 2027 }, proposal: { plannedEnd: '2027-03-31' } });
    });
  });
});

describe('amendments that change the project\'s data', () => {
  const household = { ...beneficiary, name: 'Hộ kinh doanh Trần Thị B', contact: { name: 'Trần Thị B', phone: '0911111111' } };
  const partners = [{ partnerName: 'Trường Cao đẳng Long An', role: 'chuyển giao kỹ thuật' }];
  const approved = (kind: string, changes: object) =>
    worldAt('in_implementation').run(cmd.requestAmendment({ kind: kind as never, changes }), cmd.decideAmendment());

  it('moves the establishment when a location amendment is approved, dropping the old district', () => {
    const w = approved('location', { province: '80', commune: '80456', description: 'Chuyển xưởng sang ấp 3' });
    expect(w.history.at(-1)).toMatchObject({ type: 'AmendmentApproved', data: { changes: { province: '80', commune: '80456' } } });
    expect(w.project).toMatchObject({ proposal: { beneficiary: { ...beneficiary, commune: '80456' } } });
  });

  it('replaces the beneficiary when a beneficiary amendment is approved', () => {
    const w = approved('beneficiary', { beneficiary: household });
    expect(w.project).toMatchObject({ proposal: { beneficiary: household } });
  });

  it('changes the content category, objectives and effects when a content amendment is approved', () => {
    const w = approved('content', { category: 'TECH_TRANSFER', objectives: 'Chuyển giao công nghệ sấy', expectedEffects: 'Tăng 20 % năng suất' });
    expect(w.project).toMatchObject({
      proposal: { category: 'TECH_TRANSFER', objectives: 'Chuyển giao công nghệ sấy', expectedEffects: 'Tăng 20 % năng suất', title: expect.any(String) },
    });
    // A content change the data does not hold still only needs its description.
    expect(approved('content', { description: 'Đổi model máy' }).project).toMatchObject({ proposal: { category: 'MACHINERY' } });
  });

  it('sets the partners when a partner amendment is approved', () => {
    const w = approved('partner', { partners });
    expect(w.project).toMatchObject({ partners });
    expect(approved('partner', { partners: [] }).project).toMatchObject({ partners: [] });
  });

  it('changes nothing when the amendment is rejected', () => {
    const w = worldAt('in_implementation');
    const before = w.project;
    w.run(cmd.requestAmendment({ kind: 'beneficiary', changes: { beneficiary: household } }), cmd.decideAmendment({ approve: false, note: 'Không' }));
    expect(w.project).toMatchObject({ proposal: (before as { proposal: object }).proposal });
    expect(w.project).not.toHaveProperty('partners');
  });

  it.each([
    ['location', { commune: '80456' }, 'COMMAND.FIELD_REQUIRED'],
    ['location', { province: '80', commune: '80456', category: 'BRAND' }, 'AMENDMENT.KIND_MISMATCH'],
    ['location', { description: 'Chuyển xưởng' }, 'COMMAND.FIELD_REQUIRED'],
    ['beneficiary', { province: '80', commune: '80456' }, 'AMENDMENT.KIND_MISMATCH'],
    ['beneficiary', { description: 'Đổi chủ hộ' }, 'COMMAND.FIELD_REQUIRED'],
    ['beneficiary', { beneficiary: { ...household, kind: 'university' } }, 'PROJECT.BENEFICIARY_KIND_NOT_ALLOWED'],
    ['content', { beneficiary: household }, 'AMENDMENT.KIND_MISMATCH'],
    ['content', { category: 'DIGITAL' }, 'PROJECT.CATEGORY_NOT_ALLOWED'],
    ['content', { category: 'BRAND' }, 'FUNDING.CAP_EXCEEDED'],
    ['partner', { partners: [{ partnerName: 'Trường' }] }, 'COMMAND.FIELD_REQUIRED'],
    ['partner', { description: 'Thêm đối tác' }, 'COMMAND.FIELD_REQUIRED'],
    ['schedule', { plannedEnd: '2026-12-15', partners }, 'AMENDMENT.KIND_MISMATCH'],
    ['support_increase', { supportDeltaVnd: 1_000_000, objectives: 'Mới' }, 'AMENDMENT.KIND_MISMATCH'],
  ] as const)('refuses a %s amendment carrying %j', (kind, changes, code) => {
    given(worldAt('in_implementation')).when(cmd.requestAmendment({ kind, changes: changes as never })).thenThrows(code);
  });

  it('keeps a local project in its province and an area officer in its areas', () => {
    const implementing = given(worldAt('in_implementation'));
    implementing.when(cmd.requestAmendment({ kind: 'location', changes: { province: '79', commune: '79001' } })).thenThrows('PROJECT.OUT_OF_PROGRAMME_AREA');
    const w = worldAt('in_implementation');
    const error = given(w)
      .when(cmd.requestAmendment({ kind: 'location', changes: { province: '80', commune: '80456' }, actor: { ...actors.officer, areas: ['80123'] } }))
      .thenThrows('AUTH.OUT_OF_AREA');
    expect(error.details).toMatchObject({ commune: '80456' });
  });

  it('still folds amendments recorded before the data fields, changing only the figures', () => {
    const w = worldAt('in_implementation');
    const base = w.history;
    const old: ProjectEvent[] = [
      {
        type: 'AmendmentRequested',
        data: { projectId: 'p-1', amendmentNo: 1, kind: 'location', changes: { description: 'Chuyển xưởng' }, reason: 'Mặt bằng', approvalLevel: 'department', requestedBy: 'officer-1', at: T.progress },
      },
      {
        type: 'AmendmentApproved',
        data: {
          projectId: 'p-1',
          programmeId: 'la-2026',
          amendmentNo: 1,
          kind: 'location',
          changes: { description: 'Chuyển xưởng' },
          approvalLevel: 'department',
          note: 'Đồng ý',
          supportVnd: 150_000_000,
          contractVnd: 150_000_000,
          plannedEnd: '2026-10-31',
          approvedBy: 'approver-1',
          at: T.trancheRequested,
        },
      },
    ];
    const folded = [...base, ...old].reduce<ProjectState>((state, e) => evolveProject(state, e), { status: 'none' });
    expect(folded).toMatchObject({ proposal: { beneficiary, plannedEnd: '2026-10-31' }, execution: { amendments: [{ no: 1, status: 'approved' }] } });
    expect(folded).not.toHaveProperty('partners');
  });
});
