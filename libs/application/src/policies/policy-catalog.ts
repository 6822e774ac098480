import { createHash } from 'node:crypto';
import { findPolicy, POLICY_SETS, PolicySet, policyVersions } from '@app/domain';
import { canonicalJson } from '@app/event-store';
import { PolicyRef } from '../commands/command-executor';

/**
 * The policy sets the engine knows, each with the hash of its rules. The hash goes into every
 * decision event, so an auditor can prove which figures decided it years later.
 *
 * @example
 * const { policy, ref } = catalog.get('vn-2014-national', 1);
 */
export class PolicyCatalog {
  private readonly hashes = new Map<string, string>();

  constructor(readonly sets: readonly PolicySet[] = POLICY_SETS) {
    for (const set of sets) this.hashes.set(`${set.id}@${set.version}`, policyHash(set));
  }

  /** The policy set at a version (the latest when omitted), or undefined. */
  find(id: string, version?: number): { policy: PolicySet; ref: PolicyRef } | undefined {
    const policy = findPolicy(id, version, this.sets);
    if (!policy) return undefined;
    return { policy, ref: { id: policy.id, version: policy.version, hash: this.hashOf(policy) } };
  }

  /** Like {@link find}, for a pinned version that must exist (a replay of stored decisions). */
  get(id: string, version: number): { policy: PolicySet; ref: PolicyRef } {
    const found = this.find(id, version);
    if (!found) throw new Error(`Pinned policy ${id}@${version} is not known to this engine`);
    return found;
  }

  hashOf(policy: PolicySet): string {
    const hash = this.hashes.get(`${policy.id}@${policy.version}`);
    if (!hash) throw new Error(`Unknown policy ${policy.id}@${policy.version}`);
    return hash;
  }

  /** One entry per policy id, with its versions. */
  list(): { id: string; title: string; fundingSource: string; province?: string; versions: { version: number; effectiveFrom: string; hash: string }[] }[] {
    const ids = [...new Set(this.sets.map((s) => s.id))];
    return ids.map((id) => {
      const versions = policyVersions(id, this.sets).map((v) => this.get(id, v));
      const latest = versions[versions.length - 1]?.policy;
      return {
        id,
        title: latest?.title ?? id,
        fundingSource: latest?.fundingSource ?? 'local',
        ...(latest?.province ? { province: latest.province } : {}),
        versions: versions.map(({ policy, ref }) => ({ version: policy.version, effectiveFrom: policy.effectiveFrom, hash: ref.hash })),
      };
    });
  }
}

/**
 * The shipped versions whose hashes decisions pinned before policy sets carried `sources`. Their
 * hash leaves the provenance out, so adding it kept every recorded hash true; any other set
 * hashes its provenance with its figures, so a citation cannot change under a pinned hash.
 */
export const HASHED_WITHOUT_SOURCES: ReadonlySet<string> = new Set(['vn-2014-national@1', 'vn-2014-national@2', 'vn-longan-local-2022@1']);

/**
 * SHA-256 of a policy set's canonical JSON without its `dossier`, `projectApproval` and
 * `planApproval` (and, for the versions of {@link HASHED_WITHOUT_SOURCES}, without its `sources`).
 * The dossier (who keeps it, which kinds each step needs), how projects are approved and who
 * approves a plan were added to the shipped versions after decisions had pinned their hashes;
 * leaving them out keeps those hashes true for every recorded decision.
 *
 * @example
 * policyHash(VN_2014_NATIONAL_V1); // '…64 hex digits'
 */
export function policyHash(set: PolicySet): string {
  const { dossier: _dossier, projectApproval: _projectApproval, planApproval: _planApproval, sources, ...figures } = set;
  const hashed = sources === undefined || HASHED_WITHOUT_SOURCES.has(`${set.id}@${set.version}`) ? figures : { ...figures, sources };
  return createHash('sha256').update(canonicalJson(hashed)).digest('hex');
}
