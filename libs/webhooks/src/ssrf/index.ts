export { WebhookAllowList, normalizeHostname, parseAllowList } from './allow-list';
export { classifyAddress, type AddressClass } from './ip-address';
export {
  SsrfBlockedError,
  checkWebhookUrl,
  guardedLookup,
  systemResolver,
  type CheckWebhookUrlOptions,
  type CheckedWebhookUrl,
  type GuardedLookupOptions,
  type SsrfBlockReason,
  type WebhookResolver,
} from './ssrf-guard';
