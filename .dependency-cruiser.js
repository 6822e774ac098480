/**
 * Dependency directions: domain ← application ← apps; adapters depend on domain types, never the
 * reverse. `npm run depcheck` fails on any of these.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/domain imports nothing but itself: no Nest, pg, bullmq, ioredis, Node built-ins or other libs. Its specs may use @app/testing/decider-spec.',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: '^libs/domain/' },
    },
    {
      name: 'domain-specs-stay-pure',
      severity: 'error',
      from: { path: '^libs/domain/.*\\.spec\\.ts$' },
      to: { pathNot: '^(libs/domain/|libs/testing/)' },
    },
    {
      name: 'domain-reaches-no-driver',
      comment:
        'Nothing under libs/domain, specs included, may lead to a database driver or the event store, not even through libs/testing: domain specs import the decider spec module by path (@app/testing/decider-spec).',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: '(^|/)node_modules/(pg|@electric-sql/pglite)/|^libs/event-store/', reachable: true },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-stay-apart',
      comment: 'An app shares code with another only through a lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'http-stays-at-the-edge',
      comment:
        'HTTP is the edge\'s business: below apps/api nothing imports the HTTP framework or Express (libs/runtime only wires Nest modules). Errors carry kinds that apps/api maps to statuses; apps/api/src/http/status-at-the-edge.spec.ts checks that no status number creeps back.',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/runtime/' },
      to: { path: '(^|/)node_modules/(@nestjs/(common|core|platform-express)|express)/' },
    },
    {
      name: 'event-store-below-application',
      severity: 'error',
      from: { path: '^libs/event-store/' },
      to: { path: '^libs/(application|projections|queue|worker|webhooks|reminders|audit)/' },
    },
    {
      name: 'event-store-adapter-at-the-root',
      comment:
        'Consumers depend on the EventStore and DatabaseEventStore ports (injected as EVENT_STORE); only the composition root builds the SQL adapter (sql-event-store.ts and its parts): the runtime module and the CLI. Tests build it through @app/event-store/testing/database-event-store.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '^(libs/event-store/|libs/runtime/src/runtime\\.module\\.ts$|apps/cli/src/main\\.ts$)' },
      to: { path: '^libs/event-store/src/sql-event-store(\\.appends|\\.reads|\\.rows|\\.idempotency)?\\.ts$' },
    },
    {
      name: 'event-store-test-factory-in-tests-only',
      comment: 'The test factory of the SQL adapter is no way around the rule above: only tests and test support import it.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '(\\.(spec|int-spec|e2e-spec)\\.ts$|^libs/event-store/|^libs/testing/|/test/support/)' },
      to: { path: '^libs/event-store/src/testing/' },
    },
    {
      name: 'application-below-adapters',
      comment: 'The application layer talks to ports; it never reaches up into workers or the HTTP edge.',
      severity: 'error',
      from: { path: '^libs/application/' },
      to: { path: '^libs/(worker|queue)/' },
    },
    {
      name: 'cross-lib-imports-use-the-alias',
      severity: 'error',
      from: { path: '^(libs|apps)/([^/]+)/' },
      to: { path: '^libs/', pathNot: '^libs/$2/', dependencyTypesNot: ['aliased-tsconfig'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-dev-deps-in-production-code',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '(\\.(spec|int-spec|e2e-spec)\\.ts$|^libs/testing/|/testing/)' },
      to: { dependencyTypes: ['npm-dev'], pathNot: 'node_modules/@types/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'default', 'types'] },
    exclude: { path: '(^dist/|^node_modules/)' },
  },
};
