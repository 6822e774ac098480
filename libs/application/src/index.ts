export * from './commands/command-executor';
export * from './commands/event-schemas';
export * from './errors';
export * from './ports/clock';
export * from './ports/ids';
