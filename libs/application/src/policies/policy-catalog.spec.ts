import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VN_2014_NATIONAL_V1, VN_2014_NATIONAL_V2, VN_2014_NATIONAL_V3, VN_LONGAN_LOCAL_2022_V1 } from '@app/domain';
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

  it('keeps the hashes of the versions recorded before provenance, sources left out', () => {
    // The hashes these versions had before they carried sources.
    expect(policyHash(VN_2014_NATIONAL_V1)).toBe('585290877fd04ee6e5a54558c804fcfe644a423fb8306b87c50fc3a58816367f');
    expect(policyHash(VN_2014_NATIONAL_V2)).toBe('725ad0e6e8e5818db399c74879d5f5f6837747d4893d6d535e68c73cc448d50d');
    expect(policyHash(VN_LONGAN_LOCAL_2022_V1)).toBe('c928d9cf500fcdfcd121ca37cb00d9b67ebb4be85c1b297a8db2c7a87d3f6e10');
    expect(policyHash({ ...VN_2014_NATIONAL_V1, sources: {} })).toBe(policyHash(VN_2014_NATIONAL_V1));
  });

  it('hashes the sources of a newer version, so a citation cannot change under a pinned hash', () => {
    const sources = { ...VN_2014_NATIONAL_V3.sources, 'appraisal.quorum': { source: { document: 'Thông tư 36/2013/TT-BCT', article: 'Đ.8' } } };
    expect(policyHash({ ...VN_2014_NATIONAL_V3, sources })).not.toBe(policyHash(VN_2014_NATIONAL_V3));
    expect(new PolicyCatalog().find('vn-2014-national')?.ref).toEqual({ id: 'vn-2014-national', version: 3, hash: policyHash(VN_2014_NATIONAL_V3) });
  });

  it('leaves out how projects are approved and who approves a plan, added after the hashes were pinned', () => {
    const { projectApproval, planApproval } = VN_LONGAN_LOCAL_2022_V1;
    expect([projectApproval, planApproval]).toEqual(['both', { authority: 'people_committee' }]);
    const without = { ...VN_LONGAN_LOCAL_2022_V1, projectApproval: undefined, planApproval: undefined };
    expect(policyHash(without)).toBe(policyHash(VN_LONGAN_LOCAL_2022_V1));
    expect(policyHash({ ...VN_LONGAN_LOCAL_2022_V1, projectApproval: 'plan', planApproval: { authority: 'department' } })).toBe(policyHash(VN_LONGAN_LOCAL_2022_V1));
  });
});
