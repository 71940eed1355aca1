// Where an inbox page's time goes (node bench/inbox-service.ts, after `node bench/inbox.ts
// --keep-db`): the inbox service's list() of the same four pages, called in this process on the
// kept bench database (every query of the page, as the authority, no HTTP, no HTML), p50/p95
// against a bare `select 1` in a transaction acting as the authority, measured in the same run.
// The difference to bench/inbox.ts's HTTP figures is session, rendering and transport.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { encodeCursor } from '../src/backoffice/inbox-filter.ts';
import { createInbox } from '../src/backoffice/inbox-list.ts';
import { createBlindIndex } from '../src/backoffice/name-index/blind-index.ts';
import type { StaffSession } from '../src/backoffice/staff.ts';
import { withAuthority } from '../src/db/rls.ts';
import type { DB } from '../src/db/schema.ts';
import { describeMachine } from './machine.ts';
import { assertLocal, benchDatabaseUrl, DEFAULT_ADMIN_URL } from './postgres.ts';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '200' },
    database: { type: 'string', default: 'rathausnetz_bench_inbox' },
  },
});
const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
assertLocal(adminUrl);
const log = (line: string) => process.stdout.write(`${line}\n`);

async function timed(n: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}

async function main() {
  const machine = describeMachine();
  log(
    `# Inbox service bench ${new Date().toISOString()}; ${machine.cpuModel}, ${machine.cpuCount} CPUs, load ${machine.loadAverage1m.toFixed(2)}`,
  );
  const pool = new pg.Pool({ connectionString: benchDatabaseUrl(adminUrl, args.database), max: 2 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    const soegel = await db
      .selectFrom('authority')
      .select(['id', 'verbund_id', 'name'])
      .where('slug', '=', 'samtgemeinde-soegel')
      .executeTakeFirstOrThrow();
    const clerk = await db
      .selectFrom('staff')
      .select('id')
      .where('email', '=', 'bench@soegel.example')
      .executeTakeFirstOrThrow();
    const session: StaffSession = {
      tokenHash: '',
      staffId: clerk.id,
      verbundId: soegel.verbund_id,
      email: 'bench@soegel.example',
      displayName: 'Bench Clerk',
      stage: 'active',
      totpConfirmed: true,
      memberships: [],
      current: {
        authorityId: soegel.id,
        authorityName: soegel.name,
        role: 'clerk',
        serviceIds: null,
      },
      expiresAt: new Date(Date.now() + 3600_000),
    };
    // No name search below: the blind index's key is never used.
    const inbox = createInbox({
      db,
      blindIndex: createBlindIndex({
        current: 'k',
        keys: new Map([['k', randomBytes(32)]]),
      } as never),
    });
    const service = await sql<{ id: string }>`select online_service_id as id from application
      where authority_id = ${soegel.id} group by 1 order by count(*) desc limit 1`.execute(db);
    const deep = await sql<{
      id: string;
      sort_key: string;
    }>`select id, submitted_at::text as sort_key
      from application where authority_id = ${soegel.id}
      order by submitted_at desc, id desc offset ${49 * 50 - 1} limit 1`.execute(db);
    const ref = await sql<{ reference: string }>`select reference from application
      where authority_id = ${soegel.id} order by id limit 1`.execute(db);
    const pages = [
      { label: 'first page', raw: {} },
      {
        label: 'filtered (processing + service + overdue)',
        raw: { status: 'processing', leistung: service.rows[0]?.id, frist: 'ueberfaellig' },
      },
      {
        label: 'page 50 deep',
        raw: { nach: encodeCursor('newest', deep.rows[0] as { id: string; sort_key: string }) },
      },
      { label: 'reference search', raw: { aktenzeichen: ref.rows[0]?.reference } },
    ];
    const n = Number(args.requests);
    const base = await timed(n, () =>
      withAuthority(db, soegel.id, (trx) => sql`select 1`.execute(trx)),
    );
    log('');
    log('| inbox.list() | p50 ms | p95 ms | p95 ÷ act-as select 1 p95 |');
    log('|---|---|---|---|');
    log(`| act-as + select 1 (baseline) | ${base.p50.toFixed(2)} | ${base.p95.toFixed(2)} | 1 |`);
    for (const page of pages) {
      const m = await timed(n, () => inbox.list(session, page.raw, null));
      log(
        `| ${page.label} | ${m.p50.toFixed(2)} | ${m.p95.toFixed(2)} | ${(m.p95 / base.p95).toFixed(1)} |`,
      );
    }
    log(`(${n} sequential calls each after 20 warm-up, one process, pool of 2)`);
  } finally {
    await db.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
