import { requireAuthority } from '../policy/authorization';
import { categoryCapFigures } from '../policy/policy-registry';
import { amendmentApprovalLevel } from '../policy/policy-defaults';
import { type AmendmentKind, type CategoryCode, isAmendmentKind } from '../policy/policy-vocabulary';
import type { ProgrammeEvent } from '../programme/programme.events';
import { availableVnd } from '../programme/programme.state';
import { DomainError, ForbiddenError, optionalText, requireLocalDate, requireText, yearOf } from '../shared';
import type { AmendmentChanges, DecideAmendment, ProjectPartner, RequestAmendment } from './project.commands';
import {
  activeProgramme,
  authorise,
  type DecisionContext,
  expectContracted,
  type KnownProject,
  projectOnly,
  type ProjectDecision,
} from './project-decision';
import { contractVnd, type ContractedProject, type Tranche } from './project.state';
import { allowedCategory, validBeneficiary } from './project-proposal.rules';
import { isOwnRequest } from './separation-of-duties';

/*
 * A support change moves the contract too: the last tranche not yet requested absorbs it, so the
 * schedule always sums to the contract and money already asked for is never touched.
 */
function absorbingTranche(s: ContractedProject, delta: number): Tranche {
  const open = s.execution.tranches.filter((t) => ['scheduled', 'rejected', 'failed'].includes(t.status));
  const last = open[open.length - 1];
  if (last === undefined || last.scheduledVnd + delta < 0) {
    throw new DomainError(
      'conflict',
      'AMENDMENT.SCHEDULE_CANNOT_ABSORB',
      'No tranche still open can absorb this support change',
      { supportDeltaVnd: delta, openTranches: open.map((t) => ({ no: t.no, scheduledVnd: t.scheduledVnd })) },
    );
  }
  return last;
}

function mismatch(kind: string, reason: string, details: Record<string, unknown>): DomainError {
  return new DomainError('invalid', 'AMENDMENT.KIND_MISMATCH', reason, { kind, ...details });
}

/** The data fields each kind may carry; a field of another kind is `AMENDMENT.KIND_MISMATCH`. */
const DATA_FIELDS = {
  location: ['province', 'commune'],
  beneficiary: ['beneficiary'],
  content: ['category', 'objectives', 'expectedEffects'],
  partner: ['partners'],
} as const satisfies Partial<Record<AmendmentKind, readonly (keyof AmendmentChanges)[]>>;

const ALL_DATA_FIELDS = Object.values(DATA_FIELDS).flat();

/** A content category change must keep the current support within the new category's cap. */
function requireWithinCap(s: ContractedProject, category: CategoryCode, ctx: DecisionContext): void {
  const cap = categoryCapFigures(ctx.policy, category, s.proposal.totalCostVnd);
  if (s.funding.supportVnd > cap.maxVnd) {
    throw new DomainError('conflict', 'FUNDING.CAP_EXCEEDED', `The support exceeds the ${category} cap`, {
      category,
      supportVnd: s.funding.supportVnd,
      totalCostVnd: s.proposal.totalCostVnd,
      capPercent: cap.capPercent,
      capVnd: cap.capVnd,
      maxVnd: cap.maxVnd,
      policyId: ctx.policy.id,
      policyVersion: ctx.policy.version,
    });
  }
}

function validPartners(value: unknown): ProjectPartner[] {
  if (!Array.isArray(value)) {
    throw new DomainError('invalid', 'COMMAND.FIELD_REQUIRED', 'changes.partners must be a list of partners', { field: 'changes.partners' });
  }
  return value.map((entry: unknown, i) => {
    const p = (typeof entry === 'object' && entry !== null ? entry : {}) as Partial<ProjectPartner>;
    return {
      partnerName: requireText(`changes.partners[${i}].partnerName`, p.partnerName),
      role: requireText(`changes.partners[${i}].role`, p.role),
    };
  });
}

/** The data (not money, not dates) an amendment of the kind changes, checked as at creation. */
function validData(kind: AmendmentKind, c: AmendmentChanges, s: ContractedProject, ctx: DecisionContext): AmendmentChanges {
  const own: readonly string[] = kind in DATA_FIELDS ? DATA_FIELDS[kind as keyof typeof DATA_FIELDS] : [];
  const foreign = ALL_DATA_FIELDS.filter((f) => !own.includes(f) && c[f] !== undefined);
  if (foreign.length > 0) throw mismatch(kind, `A ${kind} amendment does not change ${foreign.join(', ')}`, { fields: foreign });
  switch (kind) {
    case 'location': {
      const programme = activeProgramme(ctx, s.programmeId);
      const { district: _district, ...rest } = s.proposal.beneficiary;
      const moved = validBeneficiary({ ...rest, province: c.province, commune: c.commune }, ctx.policy, programme, 'changes');
      return { province: moved.province, commune: moved.commune };
    }
    case 'beneficiary':
      return { beneficiary: validBeneficiary(c.beneficiary, ctx.policy, activeProgramme(ctx, s.programmeId), 'changes.beneficiary') };
    case 'content': {
      const category = c.category === undefined ? undefined : allowedCategory(c.category, ctx.policy);
      if (category !== undefined) requireWithinCap(s, category, ctx);
      const objectives = c.objectives === undefined ? undefined : requireText('changes.objectives', c.objectives);
      const expectedEffects = optionalText('changes.expectedEffects', c.expectedEffects);
      return {
        ...(category === undefined ? {} : { category }),
        ...(objectives === undefined ? {} : { objectives }),
        ...(expectedEffects === undefined ? {} : { expectedEffects }),
      };
    }
    case 'partner':
      return { partners: validPartners(c.partners) };
    default:
      return {};
  }
}

/** Checks that the changes are the ones the kind describes, and normalises them. */
function validChanges(kind: AmendmentKind, changes: unknown, s: ContractedProject, ctx: DecisionContext): AmendmentChanges {
  const c = (typeof changes === 'object' && changes !== null ? changes : {}) as AmendmentChanges;
  const delta = c.supportDeltaVnd ?? 0;
  if (!Number.isSafeInteger(delta)) {
    throw new DomainError('invalid', 'MONEY.INVALID_AMOUNT', 'supportDeltaVnd must be an integer', {
      field: 'changes.supportDeltaVnd',
      value: c.supportDeltaVnd,
    });
  }
  const moneyOk = kind === 'support_increase' ? delta > 0 : kind === 'support_decrease' ? delta < 0 : delta === 0;
  if (!moneyOk) {
    throw new DomainError(
      'invalid',
      'AMENDMENT.MONEY_EFFECT_MISMATCH',
      'support_increase needs a positive supportDeltaVnd, support_decrease a negative one, other kinds none',
      { kind, supportDeltaVnd: c.supportDeltaVnd },
    );
  }
  const description = optionalText('changes.description', c.description);
  const data = validData(kind, c, s, ctx);
  let plannedEnd: string | undefined;
  if (kind === 'schedule' || kind === 'extension_next_year') {
    plannedEnd = requireLocalDate('changes.plannedEnd', c.plannedEnd);
    if (plannedEnd < s.proposal.plannedStart) {
      throw new DomainError('invalid', 'PROJECT.DATES_OUT_OF_ORDER', 'The planned end is before the planned start', {
        plannedStart: s.proposal.plannedStart,
        plannedEnd,
      });
    }
    // Moving the end into a later fiscal year needs the higher approval of an extension.
    const crossesYear = yearOf(plannedEnd) > s.funding.fiscalYear;
    if (kind === 'schedule' && crossesYear) {
      throw mismatch(kind, 'A planned end in a later year is an extension_next_year', {
        plannedEnd,
        fiscalYear: s.funding.fiscalYear,
      });
    }
    if (kind === 'extension_next_year' && !crossesYear) {
      throw mismatch(kind, 'An extension must move the planned end into a later year', {
        plannedEnd,
        fiscalYear: s.funding.fiscalYear,
      });
    }
  } else if (c.plannedEnd !== undefined) {
    throw mismatch(kind, 'Only schedule and extension amendments change the planned end', { plannedEnd: c.plannedEnd });
  } else if (delta === 0 && description === undefined && Object.keys(data).length === 0) {
    // A content change the project's data does not hold (e.g. another machine model) is described.
    requireText('changes.description', c.description);
  }
  return {
    ...(plannedEnd === undefined ? {} : { plannedEnd }),
    ...(delta === 0 ? {} : { supportDeltaVnd: delta }),
    ...(description === undefined ? {} : { description }),
    ...data,
  };
}

/** The level the pinned policy gives the kind (or the default of a kind it does not name). */
function requestedLevel(ctx: DecisionContext, kind: AmendmentKind): string {
  const level = amendmentApprovalLevel(ctx.policy, kind);
  if (level === undefined) {
    throw new DomainError('invalid', 'AMENDMENT.UNKNOWN_KIND', `${ctx.policy.id}@${ctx.policy.version} names no approver of ${kind} amendments`, {
      kind,
      policyId: ctx.policy.id,
      policyVersion: ctx.policy.version,
    });
  }
  return level;
}

export function requestAmendment(command: RequestAmendment, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectContracted(state, command.type);
  if (!isAmendmentKind(command.kind)) {
    throw new DomainError('invalid', 'AMENDMENT.UNKNOWN_KIND', `Unknown amendment kind ${String(command.kind)}`, {
      kind: command.kind,
    });
  }
  const changes = validChanges(command.kind, command.changes, s, ctx);
  if (changes.supportDeltaVnd !== undefined) absorbingTranche(s, changes.supportDeltaVnd);
  // Moving the establishment is checked against the actor's areas too, not only its old place.
  if (changes.beneficiary !== undefined) authorise(ctx.policy, command, changes.beneficiary);
  if (changes.province !== undefined && changes.commune !== undefined) {
    authorise(ctx.policy, command, { ...s.proposal.beneficiary, province: changes.province, commune: changes.commune });
  }
  const reason = requireText('reason', command.reason);
  return projectOnly([
    {
      type: 'AmendmentRequested',
      data: {
        projectId: s.projectId,
        amendmentNo: s.execution.amendments.length + 1,
        kind: command.kind,
        changes,
        reason,
        approvalLevel: requestedLevel(ctx, command.kind),
        requestedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function decideAmendment(command: DecideAmendment, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectContracted(state, command.type);
  const amendment = s.execution.amendments.find((a) => a.no === command.amendmentNo);
  if (amendment === undefined) {
    throw new DomainError('not_found', 'AMENDMENT.NOT_FOUND', `No amendment ${command.amendmentNo}`, {
      amendmentNo: command.amendmentNo,
    });
  }
  if (amendment.status !== 'pending') {
    throw new DomainError('conflict', 'AMENDMENT.ALREADY_DECIDED', `Amendment ${amendment.no} is ${amendment.status}`, {
      amendmentNo: amendment.no,
      status: amendment.status,
    });
  }
  if (isOwnRequest(amendment, command.actor.id)) {
    throw new ForbiddenError('AMENDMENT.SEPARATION_OF_DUTIES', 'Whoever requested an amendment cannot decide it', {
      amendmentNo: amendment.no,
      requestedBy: amendment.requestedBy,
    });
  }
  // The level the policy named when the amendment was requested decides it, either way.
  requireAuthority(command.actor, amendment.approvalLevel, { amendmentNo: amendment.no });
  if (typeof command.approve !== 'boolean') {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', 'approve must be true or false', { field: 'approve' });
  }
  const note = requireText('note', command.note);
  if (!command.approve) {
    return projectOnly([
      {
        type: 'AmendmentRejected',
        data: {
          projectId: s.projectId,
          amendmentNo: amendment.no,
          kind: amendment.kind,
          note,
          rejectedBy: command.actor.id,
          at: command.at,
        },
      },
    ]);
  }
  // The support may have grown since the request: a new category must still cover it.
  if (amendment.changes.category !== undefined) requireWithinCap(s, amendment.changes.category, ctx);
  const delta = amendment.changes.supportDeltaVnd ?? 0;
  const programmeEvents: ProgrammeEvent[] = [];
  let adjusted: Tranche | undefined;
  if (delta !== 0) {
    // The state may have moved since the request: check the schedule, cap and budget again.
    adjusted = absorbingTranche(s, delta);
    const programme = activeProgramme(ctx, s.programmeId);
    const supportVnd = s.funding.supportVnd + delta;
    if (delta > 0) {
      const p = s.proposal;
      const cap = categoryCapFigures(ctx.policy, p.category, p.totalCostVnd);
      if (supportVnd > cap.maxVnd) {
        throw new DomainError('conflict', 'FUNDING.CAP_EXCEEDED', `The amended support exceeds the ${p.category} cap`, {
          category: p.category,
          supportVnd,
          totalCostVnd: p.totalCostVnd,
          capPercent: cap.capPercent,
          capVnd: cap.capVnd,
          maxVnd: cap.maxVnd,
          policyId: ctx.policy.id,
          policyVersion: ctx.policy.version,
        });
      }
      const available = availableVnd(programme);
      if (delta > available) {
        throw new DomainError('conflict', 'FUNDING.BUDGET_EXCEEDED', 'The programme cannot carry the increase', {
          programmeId: programme.programmeId,
          availableVnd: available,
          requestedVnd: delta,
          totalVnd: programme.totalVnd,
          reservedVnd: programme.reservedVnd,
        });
      }
      programmeEvents.push({
        type: 'FundsReserved',
        data: {
          programmeId: programme.programmeId,
          projectId: s.projectId,
          amountVnd: delta,
          decisionNo: s.funding.decisionNo,
          amendmentNo: amendment.no,
          at: command.at,
        },
      });
    } else {
      programmeEvents.push({
        type: 'ReservationReleased',
        data: {
          programmeId: programme.programmeId,
          projectId: s.projectId,
          amountVnd: -delta,
          reason: 'amendment',
          amendmentNo: amendment.no,
          at: command.at,
        },
      });
    }
  }
  return {
    project: [
      {
        type: 'AmendmentApproved',
        data: {
          projectId: s.projectId,
          programmeId: s.programmeId,
          amendmentNo: amendment.no,
          kind: amendment.kind,
          changes: amendment.changes,
          approvalLevel: amendment.approvalLevel,
          note,
          supportVnd: s.funding.supportVnd + delta,
          contractVnd: contractVnd(s.execution) + delta,
          plannedEnd: amendment.changes.plannedEnd ?? s.proposal.plannedEnd,
          ...(adjusted === undefined ? {} : { adjustedTrancheNo: adjusted.no }),
          approvedBy: command.actor.id,
          at: command.at,
        },
      },
    ],
    programme: programmeEvents,
  };
}
