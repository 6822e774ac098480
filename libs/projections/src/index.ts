export * from './projection';
export * from './projection-manager';
export * from './subscription-runner';
export * from './subscriptions.migrations';
export * from './read-models';
export * from './read-routing';
