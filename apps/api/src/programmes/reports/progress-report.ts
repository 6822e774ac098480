import { CATEGORY_CODES, communeName, disbursedVnd, type Instant, type ProjectState } from '@app/domain';
import { ERASED, SEALED } from '@app/privacy';
import type { ReportPeriod } from './report-period';
import { vndInWords } from './vietnamese-words';

/** Project statuses as the report's "Tình trạng" column writes them. */
export const STATUS_NAMES_VI: Readonly<Record<string, string>> = Object.freeze({
  draft: 'Nháp',
  submitted: 'Đã nộp',
  info_requested: 'Chờ bổ sung hồ sơ',
  in_appraisal: 'Đang thẩm định',
  recommended: 'Được đề xuất hỗ trợ',
  not_recommended: 'Không được đề xuất hỗ trợ',
  approved: 'Đã phê duyệt',
  rejected: 'Không được phê duyệt',
  contracted: 'Đã ký hợp đồng',
  in_implementation: 'Đang thực hiện',
  suspended: 'Đang tạm dừng',
  awaiting_acceptance: 'Chờ nghiệm thu',
  accepted: 'Đã nghiệm thu',
  settlement_submitted: 'Đã nộp quyết toán',
  settled: 'Đã quyết toán',
  in_post_evaluation: 'Đánh giá sau hỗ trợ',
  closed: 'Đã đóng',
  withdrawn: 'Đã rút',
  terminated: 'Đã chấm dứt',
});

/** One project's line of the report. */
export interface ProgressReportRow {
  readonly projectId: string;
  readonly title: string;
  /** Đơn vị thụ hưởng; a household business's name is `[sealed]` for a reader who sees contact data sealed. */
  readonly beneficiary: string;
  /** The beneficiary's commune (xã/phường) by its name in the registers, or its code when they do not know it. */
  readonly commune: string;
  readonly category: string;
  readonly categoryNameVi: string;
  /** Kinh phí được duyệt; null before a funding decision. */
  readonly approvedVnd: number | null;
  readonly disbursedVnd: number;
  /** The last reported percent complete (100 once accepted); null before a contract. */
  readonly progressPercent: number | null;
  readonly status: string;
  readonly statusVi: string;
}

/** The projects of one content category and their sums. */
export interface ProgressReportGroup {
  readonly category: string;
  readonly nameVi: string;
  readonly rows: readonly ProgressReportRow[];
  readonly approvedVnd: number;
  readonly disbursedVnd: number;
}

/** The progress report of a programme for a period. */
export interface ProgressReport {
  readonly programme: { readonly id: string; readonly code: string; readonly name: string };
  readonly period: ReportPeriod;
  /** The instant the figures stand at: `asOf` when given, else when the report was made. */
  readonly figuresAt: Instant;
  /** Whether the figures were replayed from the log up to `asOf`, or read from the read models. */
  readonly source: 'log' | 'read-models';
  /** In category order (the order of the content categories in the policy vocabulary). */
  readonly groups: readonly ProgressReportGroup[];
  readonly total: { readonly count: number; readonly approvedVnd: number; readonly disbursedVnd: number };
  /** The approved total in words ("Một trăm năm mươi triệu đồng"). */
  readonly totalInWords: string;
}

/** How a reader gets the rows: household businesses' names sealed or not, categories named by the programme's policy. */
export interface RowOptions {
  readonly sealed: boolean;
  /** The Vietnamese name of a content category (its code when the policy does not name it). */
  categoryName(code: string): string;
}

/** How far the work is: 100 once accepted, else the last monthly report; null without a contract. */
function progressOf(state: Exclude<ProjectState, { status: 'none' }>): number | null {
  const execution = 'execution' in state ? state.execution : undefined;
  if (!execution) return null;
  if (execution.acceptance) return 100;
  return execution.progress[execution.progress.length - 1]?.percentComplete ?? 0;
}

/**
 * A project's line from its folded state (the read model's document or a replay of its stream:
 * the same fold, so both give the same figures).
 *
 * @example
 * rowOf('p1', record.row.doc.state, { sealed: false, categoryName: (code) => policy.categories[code]?.nameVi ?? code }).approvedVnd; // 150_000_000
 */
export function rowOf(projectId: string, state: ProjectState, options: RowOptions): ProgressReportRow | undefined {
  if (state.status === 'none') return undefined;
  const { proposal } = state;
  const funded = 'funding' in state ? state : undefined;
  const category = proposal.category;
  return {
    projectId,
    title: proposal.title,
    beneficiary: options.sealed && proposal.beneficiary.kind === 'household_business' && proposal.beneficiary.name !== ERASED ? SEALED : proposal.beneficiary.name,
    commune: communeName(proposal.beneficiary.province, proposal.beneficiary.commune) ?? proposal.beneficiary.commune,
    category,
    categoryNameVi: options.categoryName(category),
    approvedVnd: funded?.funding.supportVnd ?? null,
    disbursedVnd: funded ? disbursedVnd(funded.execution) : 0,
    progressPercent: progressOf(state),
    status: state.status,
    statusVi: STATUS_NAMES_VI[state.status] ?? state.status,
  };
}

const sum = (rows: readonly ProgressReportRow[], pick: (row: ProgressReportRow) => number | null) => rows.reduce((n, row) => n + (pick(row) ?? 0), 0);

/**
 * Groups the rows by content category (in vocabulary order; unknown codes last), with the sums
 * of each group and of the whole report.
 *
 * @example
 * const report = assembleReport({ programme, period, figuresAt, source: 'read-models' }, rows);
 * report.total.approvedVnd; // 300_000_000
 */
export function assembleReport(head: Omit<ProgressReport, 'groups' | 'total' | 'totalInWords'>, rows: readonly ProgressReportRow[]): ProgressReport {
  const order = (category: string) => {
    const index = (CATEGORY_CODES as readonly string[]).indexOf(category);
    return index === -1 ? CATEGORY_CODES.length : index;
  };
  const categories = [...new Set(rows.map((row) => row.category))].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const groups = categories.map((category) => {
    const members = rows.filter((row) => row.category === category);
    return {
      category,
      nameVi: (members[0] as ProgressReportRow).categoryNameVi,
      rows: members,
      approvedVnd: sum(members, (row) => row.approvedVnd),
      disbursedVnd: sum(members, (row) => row.disbursedVnd),
    };
  });
  const approved = sum(rows, (row) => row.approvedVnd);
  return {
    ...head,
    groups,
    total: { count: rows.length, approvedVnd: approved, disbursedVnd: sum(rows, (row) => row.disbursedVnd) },
    totalInWords: vndInWords(approved),
  };
}
