export * from './actor';
export * from './calendar';
export * from './decider';
export * from './errors';
export * from './money';
export * from './time';
export * from './validation';
