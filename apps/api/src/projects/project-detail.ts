import { iatiActivityStatus, ProjectState, type VisibilitySubject } from '@app/domain';
import { ProjectDoc, ProjectListItem } from '@app/projections';
import { ERASED, SEALED } from '@app/privacy';

/**
 * Where a project of the read model lies and who sits on its panels, for the read scope.
 *
 * @example
 * isVisible(scope, visibilitySubjectOf(found, found.row.doc));
 */
export function visibilitySubjectOf(item: ProjectListItem, doc: ProjectDoc): VisibilitySubject {
  return { province: item.beneficiary.province, commune: item.beneficiary.commune, panel: doc.appraisal.flatMap((level) => level.panel) };
}

/**
 * A list item as a reader who sees personal data sealed gets it: a household business's name
 * is its owner's, so it shows `[sealed]` (an erased one stays `[erased]`).
 *
 * @example
 * concealListItem(item).beneficiary.name; // '[sealed]' for a household business
 */
export function concealListItem(item: ProjectListItem): ProjectListItem {
  if (item.beneficiary.kind !== 'household_business' || item.beneficiary.name === ERASED) return item;
  return { ...item, beneficiary: { ...item.beneficiary, name: SEALED } };
}

/** The project as `GET /projects/{id}` shows it (API.md: version, status, amounts, tranches, …). */
export function toProjectDetail(item: ProjectListItem & { position: number }, doc: ProjectDoc) {
  const state = doc.state as Exclude<ProjectState, { status: 'none' }>;
  const funded = 'funding' in state ? state : undefined;
  const execution = funded && 'execution' in funded ? funded.execution : undefined;
  const scored = doc.appraisal.flatMap((l) => l.scores);
  return {
    id: item.id,
    version: item.version,
    position: item.position,
    programmeId: state.programmeId,
    status: state.status,
    iatiActivityStatus: iatiActivityStatus(state.status),
    policy: { id: state.policyId, version: state.policyVersion },
    ...state.proposal,
    amounts: {
      totalCostVnd: state.proposal.totalCostVnd,
      counterpartVnd: state.proposal.counterpartVnd,
      requestedVnd: item.requestedVnd,
      recommendedVnd: item.recommendedVnd,
      approvedVnd: item.approvedVnd,
      contractVnd: execution ? execution.tranches.reduce((sum, t) => sum + t.scheduledVnd, 0) : null,
      disbursedVnd: item.disbursedVnd,
      refundDemandedVnd: funded?.refunds.demandedVnd ?? 0,
      refundedVnd: funded?.refunds.refundedVnd ?? 0,
    },
    appraisal: {
      meanScore: item.meanScore,
      scoreCount: scored.length,
      levels: doc.appraisal,
      current: state.appraisal ?? null,
      recommendation: state.recommendation ?? null,
    },
    infoRequest: state.infoRequest ?? null,
    funding: funded?.funding ?? null,
    contract: execution
      ? {
          contractNo: execution.contractNo,
          signedOn: execution.signedOn,
          startedOn: execution.startedOn ?? null,
          progress: execution.progress,
          acceptance: execution.acceptance ?? null,
          openDefects: execution.openDefects,
          settlement: execution.settlement ?? null,
          finalReportRef: execution.finalReportRef ?? null,
          outcomesRecorded: execution.outcomesRecorded,
        }
      : null,
    tranches: execution?.tranches ?? [],
    paymentOrders: execution ? Object.entries(execution.paymentOrders).map(([paymentOrderNo, order]) => ({ paymentOrderNo, ...order })) : [],
    amendments: execution?.amendments ?? [],
    /** The units the project works with, as the last approved `partner` amendment set them. */
    partners: state.partners ?? [],
    createdBy: state.createdBy,
    submittedBy: state.submittedBy ?? null,
    milestones: doc.milestones,
    lastEvent: doc.lastEvent ?? null,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}
