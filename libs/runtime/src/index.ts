export * from './append-signal';
export * from './engine-migrations';
export * from './maintenance.jobs';
export * from './runtime.module';
export * from './tokens';
export * from './auth-tokens';
export * from './engine-projections';
export * from './start-process';
