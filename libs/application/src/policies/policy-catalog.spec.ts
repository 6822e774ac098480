import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VN_LONGAN_LOCAL_2022_V1 } from '@app/domain';
import { PolicyCatalog, policyHash } from './policy-catalog';

describe('PolicyCatalog hashes', () => {
  it('still gives a shipped version the hash its recorded decisions pin, the dossier left out', () => {
    // The golden streams were recorded before the dossier was added to the shipped sets.
    const golden = readFileSync(join(__dirname, '../../../audit/src/golden/main-to-closed.golden.json'), 'utf8');
    const pinned = /"id": "vn-longan-local-2022",\s*"version": 1,\s*"hash": "([0-9a-f]{64})"/.exec(golden)?.[1];
    expect(pinned).toMatch(/^[0-9a-f]{64}$/);
    expect(new PolicyCatalog().hashOf(VN_LONGAN_LOCAL_2022_V1)).toBe(pinned);
  });

  it('changes with the figures, not with the dossier', () => {
    const dossier = VN_LONGAN_LOCAL_2022_V1.dossier;
    expect(policyHash({ ...VN_LONGAN_LOCAL_2022_V1, dossier: undefined })).toBe(policyHash(VN_LONGAN_LOCAL_2022_V1));
    expect(dossier).toBeDefined();
    expect(policyHash({ ...VN_LONGAN_LOCAL_2022_V1, advanceCeilingPercentBeforeAcceptance: 60 })).not.toBe(policyHash(VN_LONGAN_LOCAL_2022_V1));
  });

  it('leaves out how projects are approved and who approves a plan, added after the hashes were pinned', () => {
    const { projectApproval, planApproval } = VN_LONGAN_LOCAL_2022_V1;
    expect([projectApproval, planApproval]).toEqual(['both', { authority: 'people_committee' }]);
    const without = { ...VN_LONGAN_LOCAL_2022_V1, projectApproval: undefined, planApproval: undefined };
    expect(policyHash(without)).toBe(policyHash(VN_LONGAN_LOCAL_2022_V1));
    expect(policyHash({ ...VN_LONGAN_LOCAL_2022_V1, projectApproval: 'plan', planApproval: { authority: 'department' } })).toBe(policyHash(VN_LONGAN_LOCAL_2022_V1));
  });
});
