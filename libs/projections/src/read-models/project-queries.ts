import type { ReadScope, VisibilitySubject } from '@app/domain';
import { SqlExecutor } from '@app/event-store';
import { ProjectDoc } from './projects.projection';
import { iso, num } from './read-model-values';
import { searchText } from './search-text';

// Reads of the `projects` read model: the list, one project, who may see it, and statistics.

export interface ProjectListFilter {
  readonly status?: string;
  readonly programmeId?: string;
  readonly category?: string;
  readonly province?: string;
  readonly commune?: string;
  readonly q?: string;
  /** Project ids to keep (e.g. those with an overdue reminder); undefined keeps all. */
  readonly ids?: readonly string[];
  /** Project ids to leave out. */
  readonly excludeIds?: readonly string[];
  readonly limit: number;
  readonly cursor?: string;
  /** Only the projects the reader may see (filtered in SQL, so pages stay full). */
  readonly scope?: ReadScope;
}

export interface ProjectListItem {
  readonly id: string;
  readonly programmeId: string;
  readonly version: number;
  readonly status: string;
  readonly title: string;
  readonly category: string;
  readonly beneficiary: { readonly name: string; readonly kind: string; readonly province: string; readonly commune: string };
  readonly requestedVnd: number;
  readonly recommendedVnd: number | null;
  readonly approvedVnd: number | null;
  readonly disbursedVnd: number;
  readonly meanScore: number | null;
  readonly createdAt: string | null;
  readonly updatedAt: string;
}

interface ProjectRow {
  id: string;
  version: number;
  position: string | number;
  updated_at: Date | string;
  doc: ProjectDoc;
  programme_id: string;
  status: string;
  title: string;
  category: string;
  beneficiary_name: string;
  beneficiary_kind: string;
  province: string;
  commune: string;
  requested_vnd: string | number;
  recommended_vnd: string | number | null;
  approved_vnd: string | number | null;
  contract_vnd: string | number | null;
  disbursed_vnd: string | number;
  refund_due_vnd: string | number;
  refunded_vnd: string | number;
  mean_score: string | number | null;
  iati_status: number;
  created_at: Date | string | null;
}


function encodeCursor(createdAt: string | null, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | null, string] | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string' && (value[0] === null || typeof value[0] === 'string')) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** `searchText(title)` in SQL: decomposed, marks dropped, đ mapped, lower case (ASCII is left). */
const TITLE_SEARCH_KEY = `lower(regexp_replace(regexp_replace(normalize(coalesce(title, ''), NFD), '[\\u0300-\\u036f]', '', 'g'), '[đĐ]', 'd', 'g'))`;

/**
 * The SQL conditions (on the `projects` read model, columns optionally qualified by `alias`)
 * that keep only the projects of a read scope; `bind` adds a parameter and returns its
 * placeholder. Used by every query that reads projects or things of projects, so a list is
 * filtered before its limit, never after.
 *
 * @example
 * const params: unknown[] = [];
 * const where = readScopeConditions(scope, (v) => `$${params.push(v)}`); // ["(province = ANY($1::text[]) OR commune = ANY($1::text[]))"]
 */
export function readScopeConditions(scope: ReadScope, bind: (value: unknown) => string, alias?: string): string[] {
  if (scope.nothing) return ['false'];
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  const conditions: string[] = [];
  if (scope.areas !== undefined) {
    const areas = bind([...scope.areas]);
    conditions.push(`(${column('province')} = ANY(${areas}::text[]) OR ${column('commune')} = ANY(${areas}::text[]))`);
  }
  if (scope.panelMember !== undefined) {
    // Any appraisal level whose panel lists the member (jsonb containment).
    conditions.push(`${column('doc')}->'appraisal' @> ${bind(JSON.stringify([{ panel: [scope.panelMember] }]))}::jsonb`);
  }
  return conditions;
}

/** A cursor that does not decode; the edge answers 400 naming the parameter. */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not a cursor returned by this list');
  }
}

/** One project as the read model holds it, with its stream position and raw row. */
export type ProjectRecord = ProjectListItem & { position: number; row: ProjectRow };

/** A page of the project list. */
export interface ProjectPage {
  items: ProjectListItem[];
  nextCursor?: string;
}

/**
 * Reads of the project read model (its view always shows the live generation).
 *
 * @example
 * const page = await new ProjectQueries(db).listProjects({ q: 'keo khom', limit: 20 });
 */
export class ProjectQueries {
  constructor(private readonly sql: SqlExecutor) {}

  async listProjects(filter: ProjectListFilter): Promise<ProjectPage> {
    const where: string[] = ["status <> 'none'"];
    const params: unknown[] = [];
    const add = (clause: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (filter.status) add((p) => `status = ANY(string_to_array(${p}, ','))`, filter.status);
    if (filter.programmeId) add((p) => `programme_id = ${p}`, filter.programmeId);
    if (filter.category) add((p) => `category = ${p}`, filter.category);
    if (filter.province) add((p) => `province = ${p}`, filter.province);
    if (filter.commune) add((p) => `commune = ${p}`, filter.commune);
    if (filter.q) {
      const words = searchText(filter.q).split(' ').filter(Boolean);
      // A household business's name is its owner's: a reader who sees it sealed finds such a
      // project by its title only, so a search cannot confirm whose it is.
      const byName = filter.scope?.personalData !== 'sealed';
      for (const word of words) {
        const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        if (byName) add((p) => `search_text LIKE ${p}`, pattern);
        else add((p) => `search_text LIKE ${p} AND (beneficiary_kind IS DISTINCT FROM 'household_business' OR ${TITLE_SEARCH_KEY} LIKE ${p})`, pattern);
      }
    }
    if (filter.ids) add((p) => `id = ANY(${p}::text[])`, filter.ids);
    if (filter.excludeIds && filter.excludeIds.length > 0) add((p) => `NOT (id = ANY(${p}::text[]))`, filter.excludeIds);
    if (filter.scope) where.push(...readScopeConditions(filter.scope, (value) => `$${params.push(value)}`));
    if (filter.cursor) {
      const decoded = decodeCursor(filter.cursor);
      if (!decoded) throw new InvalidCursorError();
      params.push(decoded[0] ?? '-infinity', decoded[1]);
      where.push(`(coalesce(created_at, '-infinity'::timestamptz), id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(filter.limit + 1);
    const res = await this.sql.query<ProjectRow>(
      `SELECT * FROM projects WHERE ${where.join(' AND ')}
       ORDER BY coalesce(created_at, '-infinity'::timestamptz) DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const rows = res.rows.slice(0, filter.limit);
    const last = rows[rows.length - 1];
    return {
      items: rows.map(toListItem),
      ...(res.rows.length > filter.limit && last ? { nextCursor: encodeCursor(iso(last.created_at), last.id) } : {}),
    };
  }

  async getProject(id: string): Promise<ProjectRecord | undefined> {
    const res = await this.sql.query<ProjectRow>("SELECT * FROM projects WHERE id = $1 AND status <> 'none'", [id]);
    const row = res.rows[0];
    return row ? { ...toListItem(row), position: Number(row.position), row } : undefined;
  }

  /**
   * Every project of a programme (oldest first), with its folded state in `row.doc`: the
   * progress report's rows.
   */
  async projectsOfProgramme(programmeId: string): Promise<ProjectRecord[]> {
    const res = await this.sql.query<ProjectRow>(
      "SELECT * FROM projects WHERE programme_id = $1 AND status <> 'none' ORDER BY coalesce(created_at, '-infinity'::timestamptz), id",
      [programmeId],
    );
    return res.rows.map((row) => ({ ...toListItem(row), position: Number(row.position), row }));
  }

  /**
   * Where a project lies and who sits on its panels, as the read model has it (undefined when
   * the read model does not hold the project).
   */
  async visibilityOf(id: string): Promise<VisibilitySubject | undefined> {
    const res = await this.sql.query<{ province: string; commune: string; panel: string[] | null }>(
      `SELECT province, commune,
              (SELECT array_agg(DISTINCT member) FROM jsonb_array_elements(doc->'appraisal') AS level, jsonb_array_elements_text(level->'panel') AS member) AS panel
       FROM projects WHERE id = $1 AND status <> 'none'`,
      [id],
    );
    const row = res.rows[0];
    return row ? { province: row.province, commune: row.commune, panel: row.panel ?? [] } : undefined;
  }

  /** Ids of the projects of a read scope (of one programme when given). */
  async visibleProjectIds(scope: ReadScope, programmeId?: string): Promise<Set<string>> {
    const params: unknown[] = [];
    const where = ["status <> 'none'", ...readScopeConditions(scope, (value) => `$${params.push(value)}`)];
    if (programmeId !== undefined) where.push(`programme_id = $${params.push(programmeId)}`);
    const res = await this.sql.query<{ id: string }>(`SELECT id FROM projects WHERE ${where.join(' AND ')}`, params);
    return new Set(res.rows.map((r) => r.id));
  }

  /**
   * Counts and sums by status, category and commune (optionally for one programme), over the
   * projects of a read scope when one is given.
   */
  async statistics(programmeId?: string, readScope?: ReadScope): Promise<Statistics> {
    const params: unknown[] = [];
    const where = ["status <> 'none'"];
    if (programmeId) where.push(`programme_id = $${params.push(programmeId)}`);
    if (readScope) where.push(...readScopeConditions(readScope, (value) => `$${params.push(value)}`));
    const scope = where.join(' AND ');
    const group = async (column: string) => {
      const res = await this.sql.query<{ key: string; count: string | number; requested: string | number; approved: string | number; disbursed: string | number }>(
        `SELECT ${column} AS key, count(*) AS count, coalesce(sum(requested_vnd), 0) AS requested,
                coalesce(sum(approved_vnd), 0) AS approved, coalesce(sum(disbursed_vnd), 0) AS disbursed
         FROM projects WHERE ${scope} GROUP BY ${column} ORDER BY ${column}`,
        params,
      );
      return res.rows.map((r) => ({
        key: r.key,
        count: Number(r.count),
        requestedVnd: Number(r.requested),
        approvedVnd: Number(r.approved),
        disbursedVnd: Number(r.disbursed),
      }));
    };
    const [byStatus, byCategory, byCommune] = [await group('status'), await group('category'), await group('commune')];
    return { programmeId: programmeId ?? null, total: byStatus.reduce((n, s) => n + s.count, 0), byStatus, byCategory, byCommune };
  }
}

export interface StatisticsGroup {
  readonly key: string;
  readonly count: number;
  readonly requestedVnd: number;
  readonly approvedVnd: number;
  readonly disbursedVnd: number;
}

export interface Statistics {
  readonly programmeId: string | null;
  readonly total: number;
  readonly byStatus: StatisticsGroup[];
  readonly byCategory: StatisticsGroup[];
  readonly byCommune: StatisticsGroup[];
}
function toListItem(row: ProjectRow): ProjectListItem {
  return {
    id: row.id,
    programmeId: row.programme_id,
    version: row.version,
    status: row.status,
    title: row.title,
    category: row.category,
    beneficiary: { name: row.beneficiary_name, kind: row.beneficiary_kind, province: row.province, commune: row.commune },
    requestedVnd: Number(row.requested_vnd),
    recommendedVnd: num(row.recommended_vnd),
    approvedVnd: num(row.approved_vnd),
    disbursedVnd: Number(row.disbursed_vnd),
    meanScore: num(row.mean_score),
    createdAt: iso(row.created_at),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
