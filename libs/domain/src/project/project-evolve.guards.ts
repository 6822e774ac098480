import type { ProjectEvent } from './project.events';
import type { ApprovedProject, ContractedProject, Execution, FundedProject, PaymentOrder, ProjectState, ProposalProject, Tranche } from './project.state';

/*
 * evolve never refuses a recorded fact. A fact that does not fit the state means the stream is
 * corrupt or out of order, which is a programming or storage error, so it throws a plain Error
 * rather than a DomainError a caller might show to a user.
 */

/** Throws for a fact that does not fit the state. @example return corrupt(event.type, state); */
export function corrupt(eventType: string, state: ProjectState): never {
  throw new Error(`Cannot apply ${eventType} to a project in status ${state.status}`);
}

/** The state as a project not yet funded. @example const s = asProposal(state, event.type); */
export function asProposal(state: ProjectState, eventType: string): ProposalProject {
  if (state.status === 'none' || 'funding' in state) return corrupt(eventType, state);
  return state;
}

/** The state as a funded project. @example const s = asFunded(state, event.type); */
export function asFunded(state: ProjectState, eventType: string): FundedProject {
  if (state.status === 'none' || !('funding' in state)) return corrupt(eventType, state);
  return state;
}

/** The state as an approved project without a contract. @example const s = asApproved(state, event.type); */
export function asApproved(state: ProjectState, eventType: string): ApprovedProject {
  if (state.status !== 'approved') return corrupt(eventType, state);
  return state;
}

/** The state as a project under contract. @example const s = asContracted(state, event.type); */
export function asContracted(state: ProjectState, eventType: string): ContractedProject {
  if (state.status === 'none' || state.status === 'terminated' || state.status === 'approved') {
    return corrupt(eventType, state);
  }
  if (!('funding' in state)) return corrupt(eventType, state);
  return state;
}

/** The project with its execution changed. @example withExecution(s, { startedOn: '2026-05-04' }) */
export function withExecution(state: ContractedProject, change: Partial<Execution>): ContractedProject {
  return { ...state, execution: { ...state.execution, ...change } };
}

/** The execution with one tranche changed. @example withTranche(s.execution, 1, { status: 'paid' }) */
export function withTranche(execution: Execution, no: number, change: Partial<Tranche>): Execution {
  return { ...execution, tranches: execution.tranches.map((t) => (t.no === no ? { ...t, ...change } : t)) };
}

/** The execution with one payment order set. @example withPaymentOrder(execution, 'UNC-2026-0001', { trancheNo: 1, amountVnd, status: 'issued' }) */
export function withPaymentOrder(execution: Execution, orderNo: string, order: PaymentOrder): Execution {
  return { ...execution, paymentOrders: { ...execution.paymentOrders, [orderNo]: order } };
}

/**
 * One function per event type of a set of Project events: how that fact changes the state.
 *
 * @example
 * const proposalEvolvers: Evolvers<ProjectProposalEvent> = { ProjectDraftCreated: (state, event) => …, … };
 */
export type Evolvers<E extends ProjectEvent> = {
  readonly [T in E['type']]: (state: ProjectState, event: Extract<E, { type: T }>) => ProjectState;
};
