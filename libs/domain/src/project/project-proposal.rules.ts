import { requireDossier } from './project-documents.rules';
import { requireRole } from '../policy/authorization';
import { categoryCapFigures } from '../policy/policy-registry';
import type { PolicySet } from '../policy/policy-set';
import { type CategoryCode, isBeneficiaryKind, isCategoryCode } from '../policy/policy-vocabulary';
import type { ActiveProgramme } from '../programme/programme.state';
import {
  compareInstants,
  DomainError,
  type Instant,
  localDateOf,
  optionalText,
  requireInstant,
  requireLocalDate,
  requireText,
  requireVnd,
} from '../shared';
import type {
  Beneficiary,
  CreateProjectDraft,
  ProposalFields,
  ProvideInformation,
  RequestInformation,
  SubmitProposal,
  UpdateProjectDraft,
  WithdrawProposal,
} from './project.commands';
import {
  activeProgramme,
  authorise,
  type DecisionContext,
  expectProposal,
  type KnownProject,
  projectOnly,
  type ProjectDecision,
  requirePinnedPolicy,
} from './project-decision';

const PROPOSAL_KEYS = [
  'title',
  'category',
  'beneficiary',
  'totalCostVnd',
  'requestedSupportVnd',
  'counterpartVnd',
  'plannedStart',
  'plannedEnd',
  'objectives',
  'expectedEffects',
] as const satisfies readonly (keyof ProposalFields)[];

/**
 * Checks a beneficiary against the pinned policy and the programme's area; `field` names it in
 * errors (`beneficiary` in a proposal, `changes.beneficiary` in an amendment).
 */
export function validBeneficiary(value: unknown, policy: PolicySet, programme: ActiveProgramme, field = 'beneficiary'): Beneficiary {
  if (typeof value !== 'object' || value === null) {
    throw new DomainError('invalid', 'COMMAND.FIELD_REQUIRED', `${field} is required`, { field });
  }
  const b = value as Partial<Beneficiary>;
  const name = requireText(`${field}.name`, b.name);
  if (!isBeneficiaryKind(b.kind) || !policy.beneficiaryKinds.includes(b.kind)) {
    throw new DomainError(
      'invalid',
      'PROJECT.BENEFICIARY_KIND_NOT_ALLOWED',
      `Beneficiary kind ${String(b.kind)} is not supported by ${policy.id}@${policy.version}`,
      { kind: b.kind, allowedKinds: policy.beneficiaryKinds, policyId: policy.id, policyVersion: policy.version },
    );
  }
  const province = requireText(`${field}.province`, b.province);
  const commune = requireText(`${field}.commune`, b.commune);
  if (programme.fundingSource === 'local' && province !== programme.province) {
    throw new DomainError(
      'invalid',
      'PROJECT.OUT_OF_PROGRAMME_AREA',
      `A local programme of province ${String(programme.province)} cannot support an establishment in ${province}`,
      { province, programmeProvince: programme.province, programmeId: programme.programmeId },
    );
  }
  const taxCode = optionalText(`${field}.taxCode`, b.taxCode);
  const district = optionalText(`${field}.district`, b.district);
  let contact: Beneficiary['contact'];
  if (b.contact !== undefined) {
    contact = {
      name: requireText(`${field}.contact.name`, b.contact.name),
      phone: requireText(`${field}.contact.phone`, b.contact.phone),
    };
  }
  return {
    name,
    kind: b.kind,
    ...(taxCode === undefined ? {} : { taxCode }),
    province,
    commune,
    ...(district === undefined ? {} : { district }),
    ...(contact === undefined ? {} : { contact }),
  };
}

/** A known content category the pinned policy allows (`PROJECT.UNKNOWN_CATEGORY`, `PROJECT.CATEGORY_NOT_ALLOWED`). */
export function allowedCategory(category: unknown, policy: PolicySet): CategoryCode {
  if (!isCategoryCode(category)) {
    throw new DomainError('invalid', 'PROJECT.UNKNOWN_CATEGORY', `Unknown category ${String(category)}`, { category });
  }
  if (!policy.categories[category].allowed) {
    throw new DomainError(
      'invalid',
      'PROJECT.CATEGORY_NOT_ALLOWED',
      `Category ${category} is not allowed by ${policy.id}@${policy.version}`,
      { category, policyId: policy.id, policyVersion: policy.version },
    );
  }
  return category;
}

/** Validates a whole proposal against the pinned policy and the programme. */
function validProposal(fields: Partial<ProposalFields>, policy: PolicySet, programme: ActiveProgramme): ProposalFields {
  const title = requireText('title', fields.title);
  const category = allowedCategory(fields.category, policy);
  const beneficiary = validBeneficiary(fields.beneficiary, policy, programme);
  const totalCostVnd = requireVnd('totalCostVnd', fields.totalCostVnd, { positive: true });
  const requestedSupportVnd = requireVnd('requestedSupportVnd', fields.requestedSupportVnd, { positive: true });
  // Counterpart may be zero: fairs organised by the centre are supported at 100 %.
  const counterpartVnd = requireVnd('counterpartVnd', fields.counterpartVnd, { positive: false });
  if (requestedSupportVnd + counterpartVnd !== totalCostVnd) {
    throw new DomainError(
      'invalid',
      'PROJECT.FUNDING_MISMATCH',
      'Requested support plus counterpart funds must equal the total cost',
      { totalCostVnd, requestedSupportVnd, counterpartVnd },
    );
  }
  const plannedStart = requireLocalDate('plannedStart', fields.plannedStart);
  const plannedEnd = requireLocalDate('plannedEnd', fields.plannedEnd);
  if (plannedStart > plannedEnd) {
    throw new DomainError('invalid', 'PROJECT.DATES_OUT_OF_ORDER', 'The planned start is after the planned end', {
      plannedStart,
      plannedEnd,
    });
  }
  const objectives = requireText('objectives', fields.objectives);
  const expectedEffects = optionalText('expectedEffects', fields.expectedEffects);
  return {
    title,
    category,
    beneficiary,
    totalCostVnd,
    requestedSupportVnd,
    counterpartVnd,
    plannedStart,
    plannedEnd,
    objectives,
    ...(expectedEffects === undefined ? {} : { expectedEffects }),
  };
}

/** A deadline given in a command must lie after the command (`DEADLINE.IN_PAST`, invalid). */
export function futureDeadline(field: string, value: Instant | undefined, at: Instant): Instant | undefined {
  if (value === undefined) return undefined;
  const due = requireInstant(field, value);
  if (compareInstants(due, at) <= 0) {
    throw new DomainError('invalid', 'DEADLINE.IN_PAST', `${field} must be after the command's time`, {
      field,
      [field]: due,
      at,
    });
  }
  return due;
}

export function createDraft(command: CreateProjectDraft, ctx: DecisionContext): ProjectDecision {
  if (ctx.project.status !== 'none') {
    throw new DomainError('conflict', 'PROJECT.ALREADY_EXISTS', `Project ${ctx.project.projectId} already exists`, {
      projectId: ctx.project.projectId,
    });
  }
  const projectId = requireText('projectId', command.projectId);
  const programme = activeProgramme(ctx, command.programmeId);
  requirePinnedPolicy(ctx.policy, programme);
  requireRole(ctx.policy, command.type, command.actor);
  const at = requireInstant('at', command.at);
  const proposal = validProposal(command, ctx.policy, programme);
  authorise(ctx.policy, command, proposal.beneficiary);
  return projectOnly([
    {
      type: 'ProjectDraftCreated',
      data: {
        projectId,
        programmeId: programme.programmeId,
        policyId: ctx.policy.id,
        policyVersion: ctx.policy.version,
        fundingSource: programme.fundingSource,
        ...proposal,
        createdBy: command.actor.id,
        at,
      },
    },
  ]);
}

export function updateDraft(command: UpdateProjectDraft, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  expectProposal(state, command.type);
  const programme = activeProgramme(ctx, state.programmeId);
  const given: Partial<Record<keyof ProposalFields, unknown>> = {};
  for (const key of PROPOSAL_KEYS) if (command[key] !== undefined) given[key] = command[key];
  const merged = validProposal({ ...state.proposal, ...given } as Partial<ProposalFields>, ctx.policy, programme);
  // Moving the establishment is checked against the actor's areas too, not only its old place.
  authorise(ctx.policy, command, merged.beneficiary);
  const changes: Record<string, unknown> = {};
  for (const key of PROPOSAL_KEYS) {
    if (key in given && JSON.stringify(merged[key]) !== JSON.stringify(state.proposal[key])) changes[key] = merged[key];
  }
  if (Object.keys(changes).length === 0) return projectOnly([]);
  return projectOnly([
    {
      type: 'ProjectDraftUpdated',
      data: {
        projectId: state.projectId,
        changes: changes as Partial<ProposalFields>,
        updatedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function submit(command: SubmitProposal, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectProposal(state, command.type);
  const today = localDateOf(command.at);
  // The registration window governs first submissions; a reply to an information request may
  // come after the call closed, because the centre asked for it.
  const resubmission = s.status === 'info_requested';
  if (!resubmission) {
    const programme = activeProgramme(ctx, s.programmeId);
    if (today < programme.registrationOpensOn || today > programme.registrationClosesOn) {
      throw new DomainError('conflict', 'PROGRAMME.REGISTRATION_CLOSED', 'Outside the registration window', {
        opensOn: programme.registrationOpensOn,
        closesOn: programme.registrationClosesOn,
        today,
      });
    }
  }
  const d = command.declarations as Partial<SubmitProposal['declarations']> | undefined;
  if (d?.counterpartCommitted !== true || d.noDoubleFunding !== true) {
    throw new DomainError(
      'invalid',
      'PROJECT.DECLARATION_MISSING',
      'The counterpart and no-double-funding declarations are both required',
      { counterpartCommitted: d?.counterpartCommitted ?? false, noDoubleFunding: d?.noDoubleFunding ?? false },
    );
  }
  requireDossier(s, ctx, 'submit');
  const p = s.proposal;
  const cap = categoryCapFigures(ctx.policy, p.category, p.totalCostVnd);
  if (p.requestedSupportVnd > cap.maxVnd) {
    throw new DomainError('conflict', 'FUNDING.CAP_EXCEEDED', `Requested support exceeds the ${p.category} cap`, {
      category: p.category,
      requestedSupportVnd: p.requestedSupportVnd,
      totalCostVnd: p.totalCostVnd,
      capPercent: cap.capPercent,
      capVnd: cap.capVnd,
      maxVnd: cap.maxVnd,
      policyId: ctx.policy.id,
      policyVersion: ctx.policy.version,
    });
  }
  return projectOnly([
    {
      type: 'ProposalSubmitted',
      data: {
        projectId: s.projectId,
        programmeId: s.programmeId,
        ...p,
        declarations: { counterpartCommitted: true, noDoubleFunding: true },
        capVnd: cap.maxVnd,
        resubmission,
        submittedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function requestInformation(
  command: RequestInformation,
  state: KnownProject,
  ctx: DecisionContext,
): ProjectDecision {
  const s = expectProposal(state, command.type);
  const reason = requireText('reason', command.reason);
  const replyDueAt = futureDeadline('replyDueAt', command.replyDueAt, command.at);
  return projectOnly([
    {
      type: 'InformationRequested',
      data: {
        projectId: s.projectId,
        reason,
        ...(replyDueAt === undefined ? {} : { replyDueAt }),
        replyBusinessDays: ctx.policy.deadlines.infoReplyBusinessDays,
        fromStatus: s.status === 'in_appraisal' ? 'in_appraisal' : 'submitted',
        requestedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function provideInformation(command: ProvideInformation, state: KnownProject): ProjectDecision {
  const s = expectProposal(state, command.type);
  const note = requireText('note', command.note);
  return projectOnly([
    {
      type: 'InformationProvided',
      data: {
        projectId: s.projectId,
        note,
        returnsTo: s.infoRequest?.returnTo ?? 'submitted',
        providedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function withdraw(command: WithdrawProposal, state: KnownProject): ProjectDecision {
  const s = expectProposal(state, command.type);
  const reason = requireText('reason', command.reason);
  // Nothing is reserved before approval, so a withdrawal never releases budget.
  return projectOnly([
    {
      type: 'ProposalWithdrawn',
      data: { projectId: s.projectId, reason, fromStatus: s.status, withdrawnBy: command.actor.id, at: command.at },
    },
  ]);
}
