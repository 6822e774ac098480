export * from './aggregates';
export * from './commands/command-executor';
export * from './errors';
export * from './policies/policy-catalog';
export * from './ports/clock';
export * from './ports/ids';
export * from './programmes/programme-commands';
export * from './projects/project-commands';
