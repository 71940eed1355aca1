// The dependency rules of docs/architecture.md, checked by `npm test`
// (scripts/dependencies.test.ts) and `npm run deps`. A violation names the importing and the
// imported file. Every folder of src/ is a domain except the kit (web), the database layer (db),
// the composition root (app), the scheduler (worker) and the command line (cli), so a new domain
// folder is covered without touching this file.
const DOMAINS = '(?!(?:web|db|app|worker|cli)/)([a-z-]+)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules import each other in a circle; type-only imports count too.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'web-kit-imports-no-domain',
      severity: 'error',
      comment:
        'src/web/ is the kit every domain uses; the composition root (src/app/) wires domains.',
      from: { path: '^src/web/' },
      to: { path: '^src/(?!web/|db/)[a-z-]+/' },
    },
    {
      name: 'db-imports-no-domain',
      severity: 'error',
      comment: 'src/db/ is shared infrastructure; it knows no domain (its tests may seed data).',
      from: { path: '^src/db/', pathNot: '[.]test[.]ts$' },
      to: { path: '^src/(?!db/)[a-z-]+/' },
    },
    {
      name: 'no-foreign-repository',
      severity: 'error',
      comment:
        "A domain owns its tables: it never imports another domain's repository.ts; it asks that domain's service or an exported query or SQL fragment.",
      from: { path: `^src/${DOMAINS}/` },
      to: { path: `^src/${DOMAINS}/([a-z-]+/|)repository[.]ts$`, pathNot: '^src/$1/' },
    },
    {
      name: 'no-foreign-routes',
      severity: 'error',
      comment: "A domain never imports another domain's routes; the root registers every plugin.",
      from: { path: `^src/${DOMAINS}/` },
      to: { path: `^src/${DOMAINS}/([a-z-]+/|)([a-z]+-|)routes[.]ts$`, pathNot: '^src/$1/' },
    },
    {
      name: 'only-the-root-imports-the-root',
      severity: 'error',
      comment:
        'src/app/ (the composition root), src/main.ts and src/cli/ may import across everything; nothing else imports them.',
      from: {
        pathNot:
          '^(src/app/|src/main\\.ts$|src/cli/|test/|bench/|scripts/)|\\.test\\.ts$|/testing\\.ts$',
      },
      to: { path: '^(src/app/|src/main\\.ts$|src/cli/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
    cache: false,
  },
};
