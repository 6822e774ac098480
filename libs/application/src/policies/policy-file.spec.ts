import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { amendmentApprovalLevel, figureProvenance, POLICY_SETS, VN_LONGAN_LOCAL_2022_V1 } from '@app/domain';
import { PolicyCatalog, policyHash } from './policy-catalog';
import { mergePolicySets, readPolicySet } from './policy-file';

const example = (): Record<string, unknown> => JSON.parse(readFileSync(join(__dirname, '../../../../docs/examples/vn-example-local-2026.json'), 'utf8'));

describe('readPolicySet', () => {
  it('reads the documented example into a usable set, names and dossier from the defaults', () => {
    const read = readPolicySet(example());
    if (!('policy' in read)) throw new Error(JSON.stringify(read.problems));
    expect(read.policy).toMatchObject({ id: 'vn-example-local-2026', version: 1, fundingSource: 'local', province: '80' });
    expect(read.policy.categories.MACHINERY).toMatchObject({ capVnd: 300_000_000, nameVi: 'Ứng dụng máy móc thiết bị tiên tiến' });
    expect(read.policy.roles.ApproveFunding).toEqual(['approver']);
    expect(read.policy.dossier?.categories.MACHINERY.submit).toContain('quotation');
    expect(figureProvenance(read.policy, 'categories.MACHINERY.capVnd')?.source?.article).toBe('Đ.2');
    expect(figureProvenance(read.policy, 'appraisal.quorum')?.sample).toBe(true);
    expect(Object.isFrozen(read.policy.categories.MACHINERY)).toBe(true);
    expect(policyHash(read.policy)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets a file leave out the level of a partner change, which then takes the default', () => {
    const read = readPolicySet(example());
    if (!('policy' in read)) throw new Error(JSON.stringify(read.problems));
    expect(read.policy.amendments.approvalLevel).not.toHaveProperty('partner');
    expect(amendmentApprovalLevel(read.policy, 'partner')).toBe('department');
    const json = example();
    ((json.amendments as Record<string, Record<string, unknown>>).approvalLevel as Record<string, unknown>).partner = 'people_committee';
    const named = readPolicySet(json);
    expect('policy' in named && amendmentApprovalLevel(named.policy, 'partner')).toBe('people_committee');
    ((json.amendments as Record<string, Record<string, unknown>>).approvalLevel as Record<string, unknown>).content = undefined;
    const missing = readPolicySet(json);
    expect('problems' in missing && missing.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'amendments.approvalLevel.content' })]));
  });

  it('names each bad field', () => {
    const json = example();
    (json.categories as Record<string, Record<string, unknown>>).MACHINERY.capVnd = '300 triệu';
    (json.appraisal as Record<string, unknown>).quorum = undefined;
    json.fundingSource = 'province';
    const read = readPolicySet(json);
    expect('problems' in read && read.problems).toEqual(
      expect.arrayContaining([
        { field: 'categories.MACHINERY.capVnd', message: 'must be a number' },
        { field: 'appraisal.quorum', message: 'must be a number' },
        { field: 'fundingSource', message: 'must be one of national, local' },
      ]),
    );
  });

  it('refuses a figure without provenance, a source outside the legal basis and a cap out of range', () => {
    const json = example();
    const { deadlines: _deadlines, ...sources } = json.sources as Record<string, unknown>;
    json.sources = { ...sources, advanceCeilingPercentBeforeAcceptance: { source: { document: 'Thông tư 36/2013/TT-BCT', article: 'Đ.13' } } };
    (json.categories as Record<string, Record<string, unknown>>).BRAND.capPercent = 150;
    const read = readPolicySet(json);
    const problems = 'problems' in read ? read.problems : [];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'deadlines.refundDays', message: 'deadlines.refundDays has no source and is not marked sample' }),
        expect.objectContaining({ field: 'sources.advanceCeilingPercentBeforeAcceptance.source' }),
        { field: 'categories.BRAND.capPercent', message: 'BRAND: capPercent out of 0..100' },
      ]),
    );
  });

  it('refuses a file that is not an object, and one that sets the dossier', () => {
    expect(readPolicySet([1])).toEqual({ problems: [{ field: '(file)', message: 'must be an object' }] });
    const read = readPolicySet({ ...example(), dossier: {} });
    expect('problems' in read && read.problems).toEqual([expect.objectContaining({ field: 'dossier' })]);
  });
});

describe('mergePolicySets', () => {
  it('adds a new set after the shipped ones and lets the catalogue find it', () => {
    const read = readPolicySet(example());
    if (!('policy' in read)) throw new Error('unreadable example');
    const merged = mergePolicySets([{ file: 'a.json', policy: read.policy }]);
    if (!('sets' in merged)) throw new Error(merged.problems.join());
    expect(merged.sets).toHaveLength(POLICY_SETS.length + 1);
    expect(new PolicyCatalog(merged.sets).find('vn-example-local-2026')?.ref.version).toBe(1);
  });

  it('refuses a shipped id and version with other figures, and two files with the same one', () => {
    const changed = { ...VN_LONGAN_LOCAL_2022_V1, advanceCeilingPercentBeforeAcceptance: 50 };
    expect(mergePolicySets([{ file: 'POLICY_DIR/long-an.json', policy: changed }])).toEqual({
      problems: ['POLICY_DIR/long-an.json: vn-longan-local-2022@1 is already defined by the shipped sets with different content; give the changed figures a new version'],
    });
    const read = readPolicySet(example());
    if (!('policy' in read)) throw new Error('unreadable example');
    const other = { ...read.policy, title: 'Khác' };
    expect(mergePolicySets([{ file: 'a.json', policy: read.policy }, { file: 'b.json', policy: other }])).toEqual({
      problems: ['b.json: vn-example-local-2026@1 is already defined by a.json with different content; give the changed figures a new version'],
    });
    // The same content twice is no clash.
    expect('sets' in mergePolicySets([{ file: 'same.json', policy: VN_LONGAN_LOCAL_2022_V1 }])).toBe(true);
  });
});
