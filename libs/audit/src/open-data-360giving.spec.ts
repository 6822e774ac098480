import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActiveProgramme, EVENT_UPCASTERS, FundedProject } from '@app/domain';
import { EventSchemaRegistry } from '@app/event-store';
import { recipientId, toGrant360 } from './open-data-360giving';
import { GoldenFile } from './testing/golden-recorder';
import { replayProgramme, replayProject } from './time-travel';

const options = { prefix: 'kc-longan', funder: { id: 'VN-MST-1100000000', name: 'Trung tâm Khuyến công Long An' } };

function folded(path: string): { project: FundedProject; programme: ActiveProgramme } {
  const golden = JSON.parse(readFileSync(join(__dirname, 'golden', `${path}.golden.json`), 'utf8')) as GoldenFile;
  const schemas = new EventSchemaRegistry(EVENT_UPCASTERS);
  const project = replayProject(golden.streams['project-golden-1'] ?? [], schemas);
  const programme = replayProgramme(golden.streams['programme-la-2026'] ?? [], schemas);
  if (!('funding' in project) || programme.status !== 'active') throw new Error('fixture is not funded');
  return { project, programme };
}

describe('360Giving 1.4.3 grants', () => {
  it('maps a closed project of a household business with the amounts, dates and programme, and no personal data', () => {
    const { project, programme } = folded('main-to-closed');
    const grant = toGrant360(project, programme, '2027-10-20T02:00:00.000Z', options);
    expect(grant).toEqual({
      id: '360G-kc-longan-golden-1',
      title: 'Dây chuyền sản xuất kẹo khóm',
      description: 'Nâng công suất lên 2 tấn/ngày, giảm 30% lao động thủ công',
      currency: 'VND',
      amountAppliedFor: 150_000_000,
      amountAwarded: 150_000_000,
      amountDisbursed: 150_000_000,
      awardDate: '2026-04-10',
      plannedDates: [{ startDate: '2026-05-01', endDate: '2026-12-20' }],
      recipientIndividual: { id: '360G-kc-longan-IND-golden-1', name: 'Hộ kinh doanh (Individual Recipient)' },
      fundingOrganization: [options.funder],
      grantProgramme: [{ code: 'KCDP-LA-2026', title: 'Khuyến công địa phương tỉnh Long An năm 2026' }],
      beneficiaryLocation: [{ name: 'commune 27694, province 80', countryCode: 'VN', geoCode: '27694' }],
      classifications: [{ vocabulary: 'vn-khuyen-cong-category', code: 'MACHINERY' }],
      dateModified: '2027-10-20T02:00:00.000Z',
    });
    // A household business is a natural person: neither its name (the owner's) nor a contact is published.
    expect(JSON.stringify(grant)).not.toMatch(/Cơ sở sản xuất kẹo khóm Bến Lức|Nguyễn Thị Hoa|0912345678|contact|phone|recipientOrganization/);
  });

  it('publishes an enterprise by its registered name and tax code, never its contact person', () => {
    const { project, programme } = folded('main-to-closed');
    const beneficiary = { ...project.proposal.beneficiary, kind: 'enterprise' as const, name: 'Công ty TNHH Kẹo khóm Bến Lức', taxCode: '1101234567' };
    const grant = toGrant360({ ...project, proposal: { ...project.proposal, beneficiary } }, programme, '2027-10-20T02:00:00.000Z', options);
    expect(grant.recipientOrganization).toEqual([{ id: 'VN-MST-1101234567', name: 'Công ty TNHH Kẹo khóm Bến Lức', addressCountry: 'VN' }]);
    expect(grant.recipientIndividual).toBeUndefined();
    expect(JSON.stringify(grant)).not.toMatch(/Nguyễn Thị Hoa|0912345678/);
  });

  it('never publishes the name or tax code of a household business, whatever it is called', () => {
    const { project, programme } = folded('main-to-closed');
    const beneficiary = { ...project.proposal.beneficiary, name: 'Hộ kinh doanh Lê Văn Tám', taxCode: '8012345678' };
    const text = JSON.stringify(toGrant360({ ...project, proposal: { ...project.proposal, beneficiary } }, programme, '2027-10-20T02:00:00.000Z', options));
    expect(text).not.toContain('Lê Văn Tám');
    expect(text).not.toContain('8012345678');
  });

  it('publishes nothing of the dossier: no document, file name, hash or registry number', () => {
    const { project, programme } = folded('main-to-closed');
    const without = toGrant360(project, programme, '2027-10-20T02:00:00.000Z', options);
    const documents = [
      {
        id: 'doc-6f1c2a',
        kind: 'id_card',
        form: 'file',
        title: 'Căn cước công dân chủ cơ sở',
        superseded: false,
        addedBy: 'u1',
        addedAt: '2026-03-02T02:00:00.000Z',
        fileName: 'cccd-nguyen-thi-hoa.pdf',
        mediaType: 'application/pdf',
        size: 48_213,
        sha256: 'a'.repeat(64),
        storedSha256: 'b'.repeat(64),
        encrypted: true,
      },
      { id: 'doc-7d2e3b', kind: 'business_registration', form: 'paper', title: 'Giấy chứng nhận ĐKKD', superseded: true, addedBy: 'u1', addedAt: '2026-03-02T02:00:00.000Z', receivedOn: '2026-03-02', registryNo: 'CV-0231' },
    ] as const;
    const grant = toGrant360({ ...project, documents }, programme, '2027-10-20T02:00:00.000Z', options);
    expect(grant).toEqual(without);
    expect(JSON.stringify(grant)).not.toMatch(/doc-6f1c2a|doc-7d2e3b|cccd|Căn cước|application\/pdf|a{64}|b{64}|CV-0231|sha256|document/i);
  });

  it('shows what was paid before a termination', () => {
    const { project, programme } = folded('termination-after-paid-advance');
    expect(toGrant360(project, programme, '2026-08-01T02:00:00.000Z', options)).toMatchObject({ amountAwarded: 150_000_000, amountDisbursed: 100_000_000 });
  });

  it('identifies the recipient by tax code when it has one, else by a stable publisher id', () => {
    expect(recipientId('kc', { name: 'Công ty TNHH Gạch Tuynel', commune: '27694', taxCode: '1101234567' })).toBe('VN-MST-1101234567');
    const a = recipientId('kc', { name: 'Cơ sở kẹo khóm', commune: '27694' });
    expect(recipientId('kc', { name: '  CƠ SỞ KẸO KHÓM ', commune: '27694' })).toBe(a);
    expect(recipientId('kc', { name: 'Cơ sở kẹo khóm', commune: '27695' })).not.toBe(a);
  });
});
