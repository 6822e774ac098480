import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyCatalog } from '@app/application';
import { ConfigError, parseConfig } from '@app/config';
import { POLICY_SETS, VN_LONGAN_LOCAL_2022_V1 } from '@app/domain';
import { loadPolicySets } from './policy-files';

const EXAMPLE = join(__dirname, '../../../docs/examples/vn-example-local-2026.json');

describe('loadPolicySets (POLICY_DIR)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-dir-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const problemsOf = (): readonly string[] => {
    try {
      loadPolicySets(dir);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    throw new Error('expected the directory to be refused');
  };

  it('reads POLICY_DIR from the environment, and loads only the shipped sets without it', () => {
    expect(parseConfig({ POLICY_DIR: '/etc/grants/policies' }).policyDir).toBe('/etc/grants/policies');
    expect(parseConfig({}).policyDir).toBeUndefined();
    expect(loadPolicySets(undefined)).toBe(POLICY_SETS);
  });

  it('adds every valid file of the directory to the shipped sets, ignoring other files', () => {
    copyFileSync(EXAMPLE, join(dir, 'example.json'));
    writeFileSync(join(dir, 'README.txt'), 'not a policy');
    const sets = loadPolicySets(dir);
    expect(sets.map((p) => `${p.id}@${p.version}`)).toEqual([...POLICY_SETS.map((p) => `${p.id}@${p.version}`), 'vn-example-local-2026@1']);
    expect(new PolicyCatalog(sets).find('vn-example-local-2026')?.policy.categories.CAPACITY.capVnd).toBe(10_000_000);
  });

  it('refuses the start naming the file and the field', () => {
    const json = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    json.categories.MACHINERY.firstAdvance.maxPercent = 'bảy mươi';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(json));
    writeFileSync(join(dir, 'broken.json'), '{ "id": ');
    const problems = problemsOf();
    expect(problems).toContain('POLICY_DIR/bad.json: categories.MACHINERY.firstAdvance.maxPercent: must be a number');
    expect(problems.some((p) => p.startsWith('POLICY_DIR/broken.json: not valid JSON'))).toBe(true);
  });

  it('refuses a file that gives a shipped id and version other figures', () => {
    const clash = { ...JSON.parse(readFileSync(EXAMPLE, 'utf8')), id: VN_LONGAN_LOCAL_2022_V1.id, version: 1 };
    writeFileSync(join(dir, 'long-an.json'), JSON.stringify(clash));
    expect(problemsOf()).toEqual([
      'POLICY_DIR/long-an.json: vn-longan-local-2022@1 is already defined by the shipped sets with different content; give the changed figures a new version',
    ]);
  });

  it('refuses a directory it cannot read', () => {
    expect(() => loadPolicySets(join(dir, 'missing'))).toThrow(ConfigError);
  });
});
