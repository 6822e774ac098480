/*
 * Everything for integration and end-to-end tests, the PostgreSQL helpers included. Domain specs
 * import only `@app/testing/decider-spec`, which reaches no driver (the dependency check holds it).
 */
export * from './decider-spec';
export * from './test-database';
