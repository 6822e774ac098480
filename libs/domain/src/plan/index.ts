export * from './plan.commands';
export { decidePlan, PLAN_ROLES } from './plan.decider';
export type { PlanDecision, PlanDecisionInput } from './plan.decider';
export * from './plan.events';
export * from './plan.state';
