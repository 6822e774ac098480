/**
 * Dependency directions: domain ← application ← apps; adapters depend on domain types, never the
 * reverse. `npm run depcheck` fails on any of these.
 */

/** Test files and test support, which may reach what production code may not. */
const TEST_FILE = '\\.(spec|int-spec|e2e-spec)\\.ts$';

/**
 * One forbidden dependency; every rule fails the check.
 * @example rule('libs-never-import-apps', { path: '^libs/' }, { path: '^apps/' })
 */
const rule = (name, from, to, comment) => ({ name, ...(comment && { comment }), severity: 'error', from, to });

module.exports = {
  forbidden: [
    rule(
      'domain-is-pure',
      { path: '^libs/domain/', pathNot: '\\.spec\\.ts$' },
      { pathNot: '^libs/domain/' },
      'libs/domain imports nothing but itself: no Nest, pg, bullmq, ioredis, Node built-ins or other libs. Its specs may use @app/testing/decider-spec.',
    ),
    rule('domain-specs-stay-pure', { path: '^libs/domain/.*\\.spec\\.ts$' }, { pathNot: '^(libs/domain/|libs/testing/)' }),
    rule(
      'domain-reaches-no-driver',
      { path: '^libs/domain/' },
      { path: '(^|/)node_modules/(pg|@electric-sql/pglite)/|^libs/event-store/', reachable: true },
      'Nothing under libs/domain, specs included, may lead to a database driver or the event store, not even through libs/testing: domain specs import the decider spec module by path (@app/testing/decider-spec).',
    ),
    rule('libs-never-import-apps', { path: '^libs/' }, { path: '^apps/' }),
    rule(
      'apps-stay-apart',
      { path: '^apps/([^/]+)/' },
      { path: '^apps/', pathNot: '^apps/$1/' },
      'An app shares code with another only through a lib.',
    ),
    rule(
      'http-stays-at-the-edge',
      { path: '^libs/', pathNot: '^libs/runtime/' },
      { path: '(^|/)node_modules/(@nestjs/(common|core|platform-express)|express)/' },
      'HTTP is the edge\'s business: below apps/api nothing imports the HTTP framework or Express (libs/runtime only wires Nest modules). Errors carry kinds that apps/api maps to statuses; apps/api/src/http/status-at-the-edge.spec.ts checks that no status number creeps back.',
    ),
    rule(
      'event-store-below-application',
      { path: '^libs/event-store/' },
      { path: '^libs/(application|projections|queue|worker|webhooks|reminders|audit)/' },
    ),
    rule(
      'event-store-adapter-at-the-root',
      { path: '^(apps|libs)/', pathNot: '^(libs/event-store/|libs/runtime/src/runtime\\.module\\.ts$|apps/cli/src/main\\.ts$)' },
      { path: '^libs/event-store/src/sql-event-store(\\.appends|\\.reads|\\.rows|\\.idempotency)?\\.ts$' },
      'Consumers depend on the EventStore and DatabaseEventStore ports (injected as EVENT_STORE); only the composition root builds the SQL adapter (sql-event-store.ts and its parts): the runtime module and the CLI. Tests build it through @app/event-store/testing/database-event-store.',
    ),
    rule(
      'event-store-test-factory-in-tests-only',
      { path: '^(apps|libs)/', pathNot: `(${TEST_FILE}|^libs/event-store/|^libs/testing/|/test/support/)` },
      { path: '^libs/event-store/src/testing/' },
      'The test factory of the SQL adapter is no way around the rule above: only tests and test support import it.',
    ),
    rule(
      'application-below-adapters',
      { path: '^libs/application/' },
      { path: '^libs/(worker|queue)/' },
      'The application layer talks to ports; it never reaches up into workers or the HTTP edge.',
    ),
    rule(
      'cross-lib-imports-use-the-alias',
      { path: '^(libs|apps)/([^/]+)/' },
      { path: '^libs/', pathNot: '^libs/$2/', dependencyTypesNot: ['aliased-tsconfig'] },
    ),
    rule('no-circular', {}, { circular: true }),
    rule('not-to-unresolvable', {}, { couldNotResolve: true }),
    rule(
      'no-dev-deps-in-production-code',
      { path: '^(apps|libs)/', pathNot: `(${TEST_FILE}|^libs/testing/|/testing/)` },
      { dependencyTypes: ['npm-dev'], pathNot: 'node_modules/@types/' },
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'default', 'types'] },
    exclude: { path: '(^dist/|^node_modules/)' },
  },
};
