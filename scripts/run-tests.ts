// `npm test`'s test run: every test file, two at a time, the slowest started first.
//
// `node --test` sorts the files it is given, so with two at a time a file that takes minutes
// (the browser journeys, the durability test) can start last and run alone while the other
// slot is idle. Starting the slowest first lets the short files fill the other slot beside
// them. node:test's run() keeps the order it is given; everything else is as `node --test`:
// one process per file, the spec reporter, exit code 1 when a test fails.
//
// Extra arguments are file paths or globs to run instead of all (`npm test` runs all).
import { globSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const ROOT = join(import.meta.dirname, '..');
const ALL = ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'];

/**
 * Files that took longest in a full run on PGlite (session 6, 2 vCPUs), slowest first. Only
 * the order depends on it: a file missing here runs after these, a file gone is skipped.
 */
const SLOWEST_FIRST = [
  'test/e2e/account.test.ts',
  'test/e2e/backoffice.test.ts',
  'test/e2e/casework.test.ts',
  'test/e2e/forms.test.ts',
  'src/delivery/worker-process.test.ts',
  'src/identity/saml.test.ts',
  'test/e2e/identity.test.ts',
  'test/e2e/portal.test.ts',
  'src/main.test.ts',
  'src/applications/applications.test.ts',
  'src/delivery/outbox.test.ts',
  'src/mail/outbox.test.ts',
  'src/mailbox/routes.test.ts',
  'src/mailbox/mailbox.test.ts',
  'src/delivery/connectors/fitconnect/connector.test.ts',
  'src/drafts/attachments.test.ts',
];

const patterns = process.argv.slice(2);
const files = [...new Set(globSync(patterns.length > 0 ? patterns : ALL, { cwd: ROOT }))].sort();
const rank = (file: string) => {
  const index = SLOWEST_FIRST.indexOf(file);
  return index === -1 ? SLOWEST_FIRST.length : index;
};
// Array.prototype.sort is stable: the rest keep their alphabetical order.
files.sort((a, b) => rank(a) - rank(b));

// Every test file is a new process that loads most of the app: V8's compile cache keeps the
// compiled modules (and their stripped types) between processes and runs, which saves about
// a second of CPU per file (src/app/testing.ts and src/drafts/testing.ts: 3.6 s -> 2.5 s).
// Entries are checked against the source, so an edited file is compiled afresh.
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'rathausnetz-test', 'compile-cache');

// A test that hangs (a teardown waiting on something closed under it) fails after this
// instead of holding its slot until CI's limit; forceExit ends a file whose tests are all
// done even when a handle left open would keep its process alive. The slowest test here
// takes about a minute.
const TEST_TIMEOUT_MS = 15 * 60_000;

const stream = run({
  files: files.map((file) => join(ROOT, file)),
  concurrency: 2,
  cwd: ROOT,
  timeout: TEST_TIMEOUT_MS,
  forceExit: true,
});
stream.on('test:fail', (event) => {
  // A failing test file, not a failing subtest alone, decides the exit code, as in node --test.
  if (event.nesting === 0) process.exitCode = 1;
});
stream.compose(spec).pipe(process.stdout);
