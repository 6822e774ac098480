import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LoadedPolicySet, mergePolicySets, readPolicySet } from '@app/application';
import { ConfigError } from '@app/config';
import { POLICY_SETS, type PolicySet } from '@app/domain';

/**
 * The policy sets of this engine: the shipped ones plus every `*.json` file of `dir`
 * (`POLICY_DIR`), each one policy set, read and checked at start. Any problem (unreadable
 * directory, bad JSON, a bad field, an id and version a shipped set or another file already has
 * with other content) is a {@link ConfigError} naming the file and the field, so the process
 * refuses to start (exit 78) rather than decide with figures nobody checked.
 *
 * @example
 * const catalog = new PolicyCatalog(loadPolicySets(config.policyDir));
 */
export function loadPolicySets(dir: string | undefined): readonly PolicySet[] {
  if (dir === undefined) return POLICY_SETS;
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    throw new ConfigError([`POLICY_DIR ${dir} cannot be read as a directory (${(error as Error).message})`]);
  }
  const problems: string[] = [];
  const loaded: LoadedPolicySet[] = [];
  for (const name of names) {
    const file = `POLICY_DIR/${name}`;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid JSON (${(error as Error).message})`);
      continue;
    }
    const read = readPolicySet(json);
    if ('problems' in read) problems.push(...read.problems.map((p) => `${file}: ${p.field}: ${p.message}`));
    else loaded.push({ file, policy: read.policy });
  }
  if (problems.length === 0) {
    const merged = mergePolicySets(loaded);
    if ('sets' in merged) return merged.sets;
    problems.push(...merged.problems);
  }
  throw new ConfigError(problems);
}
