/** Finance webhooks: Standard Webhooks signing, SSRF guard and the delivery retry schedule. */
export * from './signing';
export * from './ssrf';
export * from './retry';
export * from './finance';
export * from './webhooks.migrations';
export * from './outbound';
