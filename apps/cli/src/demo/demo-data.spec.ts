import { checkArea, listCommunes } from '@app/domain';
import { DEMO_PEOPLE, DEMO_PROJECTS } from './demo-data';

describe('the demo data', () => {
  it('places every beneficiary in a commune of the current register of Tây Ninh (80), with no warning', () => {
    const refused = DEMO_PROJECTS.map((p) => ({ title: p.title, check: checkArea(p.beneficiary) })).filter(({ check }) => !check.ok || check.warnings.length > 0);
    expect(refused).toEqual([]);
    expect(new Set(DEMO_PROJECTS.map((p) => p.beneficiary.commune)).size).toBeGreaterThanOrEqual(8);
  });

  it('scopes the collaborator to a current commune that some demo projects lie in', () => {
    const [commune] = DEMO_PEOPLE.collaborator.areas;
    expect(listCommunes('80')?.some((c) => c.current && c.code === commune)).toBe(true);
    expect(DEMO_PROJECTS.filter((p) => p.createdBy === 'collaborator').every((p) => p.beneficiary.commune === commune)).toBe(true);
  });
});
