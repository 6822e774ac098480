/**
 * Three projects, one per level of test: `unit` (*.spec.ts, pure and fast), `integration`
 * (*.int-spec.ts, real PostgreSQL and Redis) and `e2e` (*.e2e-spec.ts, through HTTP).
 * Each integration and e2e file makes its own PostgreSQL schema and Redis key prefix.
 */
const aliases = {
  '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};

const base = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: aliases,
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testRegex: '.*\\.spec\\.ts$' },
    {
      ...base,
      displayName: 'integration',
      testRegex: '.*\\.int-spec\\.ts$',
      globalSetup: '<rootDir>/test/global-setup.js',
    },
    {
      ...base,
      displayName: 'e2e',
      testRegex: '.*\\.e2e-spec\\.ts$',
      globalSetup: '<rootDir>/test/global-setup.js',
    },
  ],
};
