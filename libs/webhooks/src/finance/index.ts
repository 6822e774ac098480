export * from './finance-event';
export * from './finance-inbound';
