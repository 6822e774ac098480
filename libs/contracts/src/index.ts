export * from './integration-events';
