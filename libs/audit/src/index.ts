/** Audit: the global chain and signed checkpoints, verification of the log and of document contents, time travel, exports (NDJSON, 360Giving). */
export * from './audit-chain.subscription';
export * from './audit-records';
export * from './audit-signing';
export * from './audit-verifier';
export * from './audit.migrations';
export * from './document-verifier';
export * from './event-export';
export * from './export-verifier';
export * from './log-chain';
export * from './open-data-360giving';
export * from './state-hash';
export * from './time-travel';
