export * from './project.commands';
export { decideProject, projectDecider } from './project.decider';
export {
  ProgrammeRequiredError,
  type ProjectDecision,
  type ProjectDecisionInput,
  referencedProgramme,
} from './project-decision';
export { weightedScore } from './project-appraisal.rules';
export * from './project.events';
export { evolveProject } from './project.evolve';
export * from './project-open-data';
export * from './project.state';
export * from './project-transitions';
export * from './separation-of-duties';
export {
  citedDocuments,
  dossierChecklist,
  type DossierChecklist,
  type DossierChecklistItem,
} from './project-documents.rules';
