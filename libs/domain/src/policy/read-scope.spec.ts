import { isVisible, readScopeOf, seesEverything } from './read-scope';

const inA = { province: '80', commune: '27694', panel: ['appraiser-1', 'appraiser-2'] };
const inB = { province: '80', commune: '27811', panel: [] };
const elsewhere = { province: '79', commune: '26734', panel: ['appraiser-1'] };

describe('read scope', () => {
  it('lets a token with areas see only projects whose province or commune it lists', () => {
    const communeA = readScopeOf({ id: 'o1', roles: ['officer'], areas: ['27694'] });
    expect([isVisible(communeA, inA), isVisible(communeA, inB), isVisible(communeA, elsewhere)]).toEqual([true, false, false]);
    const province = readScopeOf({ id: 'o2', roles: ['officer'], areas: ['80'] });
    expect([isVisible(province, inA), isVisible(province, inB), isVisible(province, elsewhere)]).toEqual([true, true, false]);
  });

  it('lets province-wide roles without areas see everything, and still binds them by areas', () => {
    for (const role of ['officer', 'collaborator', 'approver', 'accountant', 'auditor', 'admin'] as const) {
      const scope = readScopeOf({ id: 'x', roles: [role] });
      expect([role, seesEverything(scope), isVisible(scope, elsewhere)]).toEqual([role, true, true]);
      const bound = readScopeOf({ id: 'x', roles: [role], areas: ['79'] });
      expect([role, seesEverything(bound), isVisible(bound, inA), isVisible(bound, elsewhere)]).toEqual([role, false, false, true]);
    }
  });

  it('lets an appraiser see only the projects of its panels', () => {
    const scope = readScopeOf({ id: 'appraiser-2', roles: ['appraiser'] });
    expect([isVisible(scope, inA), isVisible(scope, inB), isVisible(scope, elsewhere), seesEverything(scope)]).toEqual([true, false, false, false]);
    const bound = readScopeOf({ id: 'appraiser-1', roles: ['appraiser'], areas: ['80'] });
    expect([isVisible(bound, inA), isVisible(bound, elsewhere)]).toEqual([true, false]);
  });

  it('gives several roles the union of what each sees', () => {
    const scope = readScopeOf({ id: 'appraiser-9', roles: ['appraiser', 'approver'] });
    expect([isVisible(scope, inB), seesEverything(scope)]).toEqual([true, true]);
  });

  it('lets the finance system read no project', () => {
    const scope = readScopeOf({ id: 't', roles: ['finance-system'] });
    expect([scope.nothing, isVisible(scope, inA), seesEverything(scope)]).toEqual([true, false, false]);
  });

  it('opens contact data for roles that work with the beneficiary, and seals it for auditors', () => {
    const opened = (['officer', 'collaborator', 'approver', 'accountant', 'admin', 'appraiser'] as const).map((role) => readScopeOf({ id: 'x', roles: [role] }).personalData);
    expect(new Set(opened)).toEqual(new Set(['opened']));
    expect(readScopeOf({ id: 'x', roles: ['auditor'] }).personalData).toBe('sealed');
    expect(readScopeOf({ id: 'x', roles: ['auditor', 'officer'] }).personalData).toBe('opened');
  });
});
