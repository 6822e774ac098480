import { citedDocuments, requireDossier } from './project-documents.rules';
import { requireAuthority } from '../policy/authorization';
import { categoryCapFigures } from '../policy/policy-registry';
import type { PolicySet } from '../policy/policy-set';
import { DomainError, ForbiddenError, InvalidTransitionError, requireText, requireVnd, round2 } from '../shared';
import type { ConcludeAppraisal, DeclareConflict, OpenAppraisal, ScoreProposal } from './project.commands';
import { type DecisionContext, expectProposal, type KnownProject, projectOnly, type ProjectDecision } from './project-decision';
import { futureDeadline } from './project-proposal.rules';
import type { AppraisalRound, ProposalProject } from './project.state';

/**
 * An appraiser's score: the weighted mean of their criterion scores under the pinned rubric.
 *
 * @example
 * weightedScore(policy, { fit: 8, necessity: 7, cost: 6, capacity: 7, dossier: 9 }); // 7.4 with equal weights
 */
export function weightedScore(policy: PolicySet, scores: Readonly<Record<string, number>>): number {
  let sum = 0;
  let weights = 0;
  for (const criterion of policy.appraisal.criteria) {
    sum += criterion.weight * (scores[criterion.code] ?? 0);
    weights += criterion.weight;
  }
  return sum / weights;
}

/** Members still able to score at this level. */
function activeMembers(round: AppraisalRound): string[] {
  return round.panel.filter((id) => !round.recused.includes(id));
}

function openRound(state: ProposalProject, commandType: string): AppraisalRound {
  const round = state.appraisal;
  if (round === undefined || round.stage !== 'open') {
    throw new DomainError('conflict', 'APPRAISAL.NO_OPEN_PANEL', 'No appraisal panel is open at this level', {
      command: commandType,
      level: round?.level,
    });
  }
  return round;
}

export function openAppraisal(command: OpenAppraisal, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectProposal(state, command.type);
  const { quorum, levels } = ctx.policy.appraisal;
  const previous = s.status === 'in_appraisal' ? s.appraisal : undefined;
  let levelIndex = 0;
  let reopened = false;
  if (previous !== undefined) {
    if (previous.stage === 'awaiting_panel') {
      levelIndex = previous.levelIndex + 1;
    } else if (activeMembers(previous).length < quorum) {
      // Recusals left too few members to reach quorum: the same level gets a new panel.
      levelIndex = previous.levelIndex;
      reopened = true;
    } else {
      throw new InvalidTransitionError('project', command.type, s.status);
    }
  }
  const level = levels[levelIndex];
  if (level === undefined) throw new InvalidTransitionError('project', command.type, s.status);
  if (!Array.isArray(command.panel) || command.panel.some((m) => typeof m !== 'string' || m.trim() === '')) {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', 'panel must be a list of user ids', { field: 'panel' });
  }
  const panel = [...new Set(command.panel)];
  if (panel.length < quorum) {
    throw new DomainError('conflict', 'APPRAISAL.PANEL_TOO_SMALL', `A panel needs at least ${quorum} distinct members`, {
      quorum,
      members: panel.length,
      policyId: ctx.policy.id,
      policyVersion: ctx.policy.version,
    });
  }
  const authors = [s.createdBy, ...(s.submittedBy === undefined ? [] : [s.submittedBy])];
  const conflicted = panel.filter((m) => authors.includes(m) || (reopened && previous?.recused.includes(m)));
  if (conflicted.length > 0) {
    throw new DomainError(
      'conflict',
      'APPRAISAL.PANEL_CONFLICT',
      'The panel may not include the proposal’s creator, its submitter, or a recused member',
      { members: conflicted, createdBy: s.createdBy, submittedBy: s.submittedBy },
    );
  }
  const dueAt = futureDeadline('dueAt', command.dueAt, command.at);
  return projectOnly([
    {
      type: 'AppraisalOpened',
      data: {
        projectId: s.projectId,
        level,
        levelIndex,
        levelCount: levels.length,
        panel,
        quorum,
        ...(dueAt === undefined ? {} : { dueAt }),
        scoringBusinessDays: ctx.policy.deadlines.scoringBusinessDays,
        reopened,
        openedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

function requirePanelMember(round: AppraisalRound, appraiserId: string): void {
  if (!round.panel.includes(appraiserId)) {
    throw new ForbiddenError('APPRAISAL.NOT_ON_PANEL', 'Only members of the panel may do this', {
      appraiserId,
      level: round.level,
      panel: round.panel,
    });
  }
}

export function declareConflict(command: DeclareConflict, state: KnownProject): ProjectDecision {
  const s = expectProposal(state, command.type);
  const round = openRound(s, command.type);
  const appraiserId = command.actor.id;
  requirePanelMember(round, appraiserId);
  if (round.recused.includes(appraiserId)) {
    throw new DomainError('conflict', 'APPRAISAL.ALREADY_RECUSED', 'The conflict is already declared', {
      appraiserId,
      level: round.level,
    });
  }
  const note = requireText('note', command.note);
  return projectOnly([
    { type: 'ConflictDeclared', data: { projectId: s.projectId, appraiserId, level: round.level, note, at: command.at } },
  ]);
}

export function scoreProposal(command: ScoreProposal, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectProposal(state, command.type);
  const round = openRound(s, command.type);
  const appraiserId = command.actor.id;
  requirePanelMember(round, appraiserId);
  if (round.recused.includes(appraiserId)) {
    throw new ForbiddenError('APPRAISAL.RECUSED', 'A member who declared a conflict cannot score', {
      appraiserId,
      level: round.level,
    });
  }
  if (round.scores[appraiserId] !== undefined) {
    throw new DomainError('conflict', 'APPRAISAL.ALREADY_SCORED', 'Each member scores once per level', {
      appraiserId,
      level: round.level,
    });
  }
  const { criteria, minScore, maxScore } = ctx.policy.appraisal;
  const codes: string[] = criteria.map((c) => c.code);
  const given = typeof command.scores === 'object' && command.scores !== null ? command.scores : {};
  const unknown = Object.keys(given).filter((k) => !codes.includes(k));
  if (unknown.length > 0) {
    throw new DomainError('invalid', 'APPRAISAL.UNKNOWN_CRITERION', `Unknown criteria: ${unknown.join(', ')}`, {
      unknown,
      criteria: codes,
    });
  }
  const missing = codes.filter((c) => given[c] === undefined);
  if (missing.length > 0) {
    throw new DomainError('invalid', 'APPRAISAL.CRITERION_MISSING', `Missing criteria: ${missing.join(', ')}`, {
      missing,
      criteria: codes,
    });
  }
  const scores: Record<string, number> = {};
  for (const code of codes) {
    const score = given[code];
    if (typeof score !== 'number' || !Number.isFinite(score) || score < minScore || score > maxScore) {
      throw new DomainError('invalid', 'APPRAISAL.SCORE_OUT_OF_RANGE', `Score for ${code} must be ${minScore}–${maxScore}`, {
        criterion: code,
        score,
        minScore,
        maxScore,
      });
    }
    scores[code] = score;
  }
  const comment = command.comment === undefined ? undefined : requireText('comment', command.comment);
  return projectOnly([
    {
      type: 'ProposalScored',
      data: {
        projectId: s.projectId,
        appraiserId,
        level: round.level,
        scores,
        weightedScore: round2(weightedScore(ctx.policy, scores)),
        ...(comment === undefined ? {} : { comment }),
        policyId: ctx.policy.id,
        policyVersion: ctx.policy.version,
        at: command.at,
      },
    },
  ]);
}

export function concludeAppraisal(command: ConcludeAppraisal, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectProposal(state, command.type);
  const round = openRound(s, command.type);
  if (s.scorers.includes(command.actor.id)) {
    throw new ForbiddenError('APPRAISAL.SEPARATION_OF_DUTIES', 'Whoever scored the proposal cannot conclude it', {
      actorId: command.actor.id,
    });
  }
  // A level named like a decision level (the national programme's `ministry`) is concluded by it.
  requireAuthority(command.actor, round.level, { level: round.level });
  if (typeof command.recommend !== 'boolean') {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', 'recommend must be true or false', { field: 'recommend' });
  }
  const minutesRef = requireText('minutesRef', command.minutesRef);
  const documentIds = citedDocuments(s, command.documentIds);
  requireDossier(s, ctx, 'appraisal');
  const { quorum, passMark, levels } = ctx.policy.appraisal;
  const valid = Object.entries(round.scores).filter(([id]) => !round.recused.includes(id));
  if (valid.length < quorum) {
    throw new DomainError('conflict', 'APPRAISAL.QUORUM_NOT_MET', `At least ${quorum} scores are needed`, {
      quorum,
      count: valid.length,
      policyId: ctx.policy.id,
      policyVersion: ctx.policy.version,
    });
  }
  const meanScore = round2(valid.reduce((sum, [, sc]) => sum + weightedScore(ctx.policy, sc), 0) / valid.length);
  const base = {
    projectId: s.projectId,
    level: round.level,
    meanScore,
    scoreCount: valid.length,
    passMark,
    minutesRef,
    ...(documentIds === undefined ? {} : { documentIds }),
    concludedBy: command.actor.id,
    at: command.at,
  };
  // Not recommending is a decision at any level, and it is final.
  if (!command.recommend) return projectOnly([{ type: 'ProposalNotRecommended', data: base }]);
  if (meanScore < passMark) {
    throw new DomainError('conflict', 'APPRAISAL.BELOW_PASS_MARK', `The mean score is below the pass mark ${passMark}`, {
      passMark,
      meanScore,
      policyId: ctx.policy.id,
      policyVersion: ctx.policy.version,
    });
  }
  const p = s.proposal;
  const amount = requireVnd(
    'recommendedSupportVnd',
    command.recommendedSupportVnd ?? round.proposedSupportVnd ?? p.requestedSupportVnd,
    { positive: true },
  );
  if (amount > p.requestedSupportVnd) {
    throw new DomainError('conflict', 'FUNDING.EXCEEDS_REQUESTED', 'The recommended support exceeds the request', {
      recommendedSupportVnd: amount,
      requestedSupportVnd: p.requestedSupportVnd,
    });
  }
  const cap = categoryCapFigures(ctx.policy, p.category, p.totalCostVnd);
  if (amount > cap.maxVnd) {
    throw new DomainError('conflict', 'FUNDING.CAP_EXCEEDED', `The recommended support exceeds the ${p.category} cap`, {
      category: p.category,
      recommendedSupportVnd: amount,
      totalCostVnd: p.totalCostVnd,
      capPercent: cap.capPercent,
      capVnd: cap.capVnd,
      maxVnd: cap.maxVnd,
      policyId: ctx.policy.id,
      policyVersion: ctx.policy.version,
    });
  }
  const nextLevel = levels[round.levelIndex + 1];
  if (nextLevel !== undefined) {
    return projectOnly([{ type: 'AppraisalLevelPassed', data: { ...base, nextLevel, proposedSupportVnd: amount } }]);
  }
  return projectOnly([
    {
      type: 'ProposalRecommended',
      data: { ...base, recommendedSupportVnd: amount, requestedSupportVnd: p.requestedSupportVnd, capVnd: cap.maxVnd },
    },
  ]);
}
