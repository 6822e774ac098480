export * from './outbound-webhooks';
export * from './webhook-sender';
export * from './webhook-store';
export * from './webhook-secrets';
