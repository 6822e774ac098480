export * from './job-queue';
export * from './job-registry';
export * from './queue-runtime';
export * from './redis-connection';
