export * from './business-calendar.port';
export * from './deadline-times';
export * from './deadline.state';
export * from './deadlines.workflow';
export * from './reminder-ids';
export * from './reminder.events';
