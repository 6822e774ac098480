export * from './finance-event';
export * from './finance-inbound';
export * from './finance-failures';
