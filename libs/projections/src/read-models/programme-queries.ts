import { SqlExecutor } from '@app/event-store';
import { ProgrammeDoc } from './programmes.projection';
import { iso } from './read-model-values';

// Reads of the `programmes` read model, with the committed and disbursed sums of their projects.

export interface BudgetView {
  readonly totalVnd: number;
  readonly reservedVnd: number;
  readonly committedVnd: number;
  readonly disbursedVnd: number;
  readonly availableVnd: number;
}


export interface ProgrammeView {
  readonly id: string;
  readonly version: number;
  readonly code: string;
  readonly name: string;
  readonly year: number;
  readonly fundingSource: string;
  readonly province: string | null;
  readonly policy: { readonly id: string; readonly version: number };
  readonly registrationOpensOn: string;
  readonly registrationClosesOn: string;
  readonly budget: BudgetView;
  readonly projectCount: number;
  readonly createdAt: string | null;
}

interface ProgrammeRow {
  id: string;
  version: number;
  doc: ProgrammeDoc;
  code: string;
  name: string;
  year: number;
  funding_source: string;
  province: string | null;
  policy_id: string;
  policy_version: number;
  registration_opens_on: Date | string;
  registration_closes_on: Date | string;
  total_vnd: string | number;
  reserved_vnd: string | number;
  committed: string | number;
  disbursed: string | number;
  project_count: string | number;
  created_at: Date | string | null;
}

// Dates are returned as text: a DATE column parsed into a JS Date would shift with the time zone.
const PROGRAMME_SELECT = `
SELECT p.id, p.version, p.doc, p.code, p.name, p.year, p.funding_source, p.province, p.policy_id, p.policy_version,
       p.registration_opens_on::text AS registration_opens_on, p.registration_closes_on::text AS registration_closes_on,
       p.total_vnd, p.reserved_vnd, p.created_at,
       coalesce(pr.committed, 0) AS committed, coalesce(pr.disbursed, 0) AS disbursed, coalesce(pr.project_count, 0) AS project_count
FROM programmes p
LEFT JOIN (
  SELECT programme_id, sum(committed_vnd) AS committed, sum(disbursed_vnd) AS disbursed, count(*) AS project_count
  FROM projects WHERE status <> 'none' GROUP BY programme_id
) pr ON pr.programme_id = p.id`;
function toProgrammeView(row: ProgrammeRow): ProgrammeView {
  const total = Number(row.total_vnd);
  const reserved = Number(row.reserved_vnd);
  return {
    id: row.id,
    version: row.version,
    code: row.code,
    name: row.name,
    year: row.year,
    fundingSource: row.funding_source,
    province: row.province,
    policy: { id: row.policy_id, version: row.policy_version },
    registrationOpensOn: String(row.registration_opens_on),
    registrationClosesOn: String(row.registration_closes_on),
    budget: {
      totalVnd: total,
      reservedVnd: reserved,
      committedVnd: Number(row.committed),
      disbursedVnd: Number(row.disbursed),
      availableVnd: total - reserved,
    },
    projectCount: Number(row.project_count),
    createdAt: iso(row.created_at),
  };
}

/**
 * Reads of the programme read model (its view always shows the live generation).
 *
 * @example
 * const programmes = await new ProgrammeQueries(db).listProgrammes();
 */
export class ProgrammeQueries {
  constructor(private readonly sql: SqlExecutor) {}

  async listProgrammes(): Promise<ProgrammeView[]> {
    const res = await this.sql.query<ProgrammeRow>(`${PROGRAMME_SELECT} ORDER BY p.year DESC, p.code`);
    return res.rows.map(toProgrammeView);
  }

  async getProgramme(id: string): Promise<ProgrammeView | undefined> {
    const res = await this.sql.query<ProgrammeRow>(`${PROGRAMME_SELECT} WHERE p.id = $1`, [id]);
    const row = res.rows[0];
    return row ? toProgrammeView(row) : undefined;
  }
}
