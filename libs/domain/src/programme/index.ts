export * from './programme.commands';
export { createProgrammeDecider, decideProgramme, programmeDecider } from './programme.decider';
export * from './programme.events';
export * from './programme.state';
