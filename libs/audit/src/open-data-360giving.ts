import { createHash } from 'node:crypto';
import { ActiveProgramme, disbursedVnd, FUNDED_STATUSES, FundedProject, notFound, openDataRecipient, ProjectState } from '@app/domain';
import { SqlExecutor } from '@app/event-store';

/** Who publishes, and the prefix of grant ids (`360G-<prefix>-<projectId>`). */
export interface OpenDataOptions {
  /** The publisher's 360Giving prefix (`OPEN_DATA_PREFIX`). */
  readonly prefix: string;
  /** The funding organisation: an org-id when it has one (`VN-MST-…`), else a `360G-` id. */
  readonly funder: { readonly id: string; readonly name: string };
}

/** One grant of a 360Giving 1.4.3 package (the fields this engine publishes). */
export interface Grant360 {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly currency: 'VND';
  readonly amountAppliedFor: number;
  readonly amountAwarded: number;
  readonly amountDisbursed: number;
  readonly awardDate: string;
  readonly plannedDates: readonly { readonly startDate: string; readonly endDate: string }[];
  /** An organisation recipient (enterprise, cooperative): its registered name is not personal data. */
  readonly recipientOrganization?: readonly { readonly id: string; readonly name: string; readonly addressCountry: string }[];
  /** A household business (a natural person): anonymous, with a generic name (360Giving 1.4 "Recipient Ind"). */
  readonly recipientIndividual?: { readonly id: string; readonly name: string };
  readonly fundingOrganization: readonly { readonly id: string; readonly name: string }[];
  readonly grantProgramme: readonly { readonly code: string; readonly title: string }[];
  readonly beneficiaryLocation: readonly { readonly name: string; readonly countryCode: 'VN'; readonly geoCode: string }[];
  readonly classifications: readonly { readonly vocabulary: string; readonly code: string }[];
  readonly dateModified: string;
}

/** A 360Giving JSON package. */
export interface Package360 {
  readonly grants: readonly Grant360[];
}

function isFunded(state: ProjectState): state is FundedProject {
  return state.status !== 'none' && 'funding' in state;
}

/**
 * The id of an organisation recipient: its tax code as `VN-MST-<code>` when it has one;
 * otherwise a publisher id derived from its registered name and commune, so the same
 * organisation keeps one id across projects. Never used for a household business (its name and
 * tax code are the owner's: see {@link toGrant360}).
 *
 * @example
 * recipientId('kc-longan', { name: 'Cơ sở kẹo khóm', commune: '27694', taxCode: '1101234567' }); // 'VN-MST-1101234567'
 */
export function recipientId(prefix: string, beneficiary: { readonly name: string; readonly commune: string; readonly taxCode?: string }): string {
  if (beneficiary.taxCode) return `VN-MST-${beneficiary.taxCode}`;
  const digest = createHash('sha256').update(`${beneficiary.name.normalize('NFC').trim().toLowerCase()}|${beneficiary.commune}`).digest('hex');
  return `360G-${prefix}-RO-${digest.slice(0, 16)}`;
}

/**
 * One funded project as a 360Giving grant. An organisation is published as the recipient
 * organisation (registered name, tax code); a household business is a natural person (DOMAIN.md
 * "Open data"), so it is published as an anonymous individual recipient — the generic name and
 * an id made from the project id — never its name or tax code. The contact person and phone
 * never leave the engine.
 *
 * @example
 * const grant = toGrant360(project, programme, '2026-05-01T00:00:00.000Z', options);
 */
export function toGrant360(project: FundedProject, programme: ActiveProgramme, dateModified: string, options: OpenDataOptions): Grant360 {
  const p = project.proposal;
  const b = p.beneficiary;
  return {
    id: `360G-${options.prefix}-${project.projectId}`,
    title: p.title,
    description: p.objectives,
    currency: 'VND',
    amountAppliedFor: p.requestedSupportVnd,
    amountAwarded: project.funding.supportVnd,
    amountDisbursed: disbursedVnd(project.execution),
    awardDate: project.funding.decidedOn,
    plannedDates: [{ startDate: p.plannedStart, endDate: p.plannedEnd }],
    ...recipientOf(project.projectId, b, options.prefix),
    fundingOrganization: [{ id: options.funder.id, name: options.funder.name }],
    grantProgramme: [{ code: programme.code, title: programme.name }],
    beneficiaryLocation: [{ name: `commune ${b.commune}, province ${b.province}`, countryCode: 'VN', geoCode: b.commune }],
    classifications: [{ vocabulary: 'vn-khuyen-cong-category', code: p.category }],
    dateModified,
  };
}

function recipientOf(projectId: string, beneficiary: FundedProject['proposal']['beneficiary'], prefix: string): Pick<Grant360, 'recipientOrganization' | 'recipientIndividual'> {
  const recipient = openDataRecipient(beneficiary);
  if (recipient.kind === 'individual') return { recipientIndividual: { id: `360G-${prefix}-IND-${projectId}`, name: recipient.name } };
  return { recipientOrganization: [{ id: recipientId(prefix, beneficiary), name: recipient.name, addressCountry: 'VN' }] };
}

/**
 * The 360Giving 1.4.3 package of a programme, from the read models: every project of the
 * programme with a funding decision (approved and later, terminated included), in order of
 * their award.
 *
 * @example
 * const json = await export360Giving(db, programmeId, { prefix: 'kc-longan', funder });
 */
export async function export360Giving(sql: SqlExecutor, programmeId: string, options: OpenDataOptions): Promise<Package360> {
  const programmeRows = await sql.query<{ doc: { state: { status: string } } }>('SELECT doc FROM programmes WHERE id = $1', [programmeId]);
  const programme = programmeRows.rows[0]?.doc.state;
  if (!programme || programme.status !== 'active') throw notFound('programme', programmeId);
  const projects = await sql.query<{ id: string; updated_at: Date | string; doc: { state: ProjectState } }>(
    'SELECT id, updated_at, doc FROM projects WHERE programme_id = $1 AND status = ANY($2::text[]) ORDER BY id',
    [programmeId, [...FUNDED_STATUSES]],
  );
  const grants = projects.rows
    .map((row) => ({ row, state: row.doc.state }))
    .filter((r): r is { row: typeof r.row; state: FundedProject } => isFunded(r.state))
    .map((r) => toGrant360(r.state, programme as ActiveProgramme, new Date(r.row.updated_at).toISOString(), options))
    .sort((a, b) => a.awardDate.localeCompare(b.awardDate) || a.id.localeCompare(b.id));
  return { grants };
}
