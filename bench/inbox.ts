// Inbox bench (node bench/inbox.ts [--count N] [--requests N]): N synthetic applications
// (default 1,000,000) over the authorities that offer services, generated inside PostgreSQL
// (bench/inbox-data.ts), then the back office's inbox measured over HTTP against the web
// process, one signed-in clerk of Samtgemeinde Sögel, sequential keep-alive requests:
//
//   first page            /verwaltung
//   filtered page         status=processing + one service + frist=ueberfaellig
//   page 50 deep          the keyset cursor of row 2,450 (newest first)
//   reference search      aktenzeichen=<one of Sögel's>
//
// p50/p95/p99 of each, against GET /healthz of the same process in the same run (the ratio),
// target p95 ≤ 20 ms. Then EXPLAIN (ANALYZE, BUFFERS) of each page's queries, run as the
// authority (withAuthority: the runtime role's row-level security is part of the plan), to
// /work/measure/inbox-explain.txt (or --explain FILE). PostgreSQL only (BENCH_DATABASE_URL or
// the local default); its own database, dropped at the end unless --keep-db.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { hashToken } from '../src/accounts/tokens.ts';
import { addWorkingDays, berlinDay } from '../src/backoffice/deadlines/calendar.ts';
import { encodeCursor } from '../src/backoffice/inbox-filter.ts';
import * as inboxRepo from '../src/backoffice/inbox-repository.ts';
import { seedCatalogDemo } from '../src/catalog/seed.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { withAuthority } from '../src/db/rls.ts';
import type { DB } from '../src/db/schema.ts';
import { seedDemo } from '../src/tenancy/seed.ts';
import { killAllChildren } from './children.ts';
import { HOST } from './http-probe.ts';
import { generateApplications } from './inbox-data.ts';
import { describeMachine } from './machine.ts';
import {
  assertLocal,
  benchDatabaseUrl,
  DEFAULT_ADMIN_URL,
  dropDatabase,
  freshDatabase,
  redact,
} from './postgres.ts';
import { startServer } from './servers.ts';

const DATABASE = 'rathausnetz_bench_inbox';
const TARGET_P95_MS = 20;

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '400' },
    warmup: { type: 'string', default: '50' },
    explain: { type: 'string', default: '/work/measure/inbox-explain.txt' },
    'keep-db': { type: 'boolean', default: false },
  },
});

const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
assertLocal(adminUrl);
const url = benchDatabaseUrl(adminUrl, DATABASE);
const count = Number(args.count);
const log = (line: string) => process.stdout.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? Number.NaN;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function timedGet(
  port: number,
  path: string,
  cookie: string,
): Promise<{ ms: number; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request({ host: HOST, port, path, agent, headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          ms: performance.now() - t0,
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(port: number, path: string, cookie: string) {
  for (let i = 0; i < Number(args.warmup); i++) await timedGet(port, path, cookie);
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < Number(args.requests); i++) {
    const r = await timedGet(port, path, cookie);
    if (r.status !== 200) throw new Error(`${path}: status ${r.status}\n${r.body.slice(0, 500)}`);
    if (i === 0) rows = (r.body.match(/name="antrag" value=/g) ?? []).length;
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    rows,
  };
}

const TRIGGER_ROWS = 5_000;
class RollBack extends Error {}

async function measureTriggerCost(
  db: Kysely<DB>,
  o: { verbundId: string; authorityId: string; firstNumber: number },
): Promise<{ with: number; without: number }> {
  const timed = async (trigger: boolean) => {
    let ms = 0;
    await db
      .transaction()
      .execute(async (trx) => {
        if (!trigger) {
          await sql`alter table application disable trigger application_status_count_insert_delete`.execute(
            trx,
          );
        }
        const t0 = performance.now();
        await generateApplications(trx, { ...o, count: TRIGGER_ROWS, batch: TRIGGER_ROWS });
        await sql`set constraints application_status_count_insert_delete immediate`.execute(trx);
        ms = performance.now() - t0;
        throw new RollBack();
      })
      .catch((error) => {
        if (!(error instanceof RollBack)) throw error;
      });
    return ms;
  };
  // Once each to warm up, then the pair measured.
  await timed(false);
  await timed(true);
  return { without: await timed(false), with: await timed(true) };
}

async function main() {
  const machine = describeMachine();
  const started = new Date();
  log(`# Inbox bench ${started.toISOString()}`);
  log(
    `machine: ${machine.cpuModel}, ${machine.cpuCount} CPUs, ${machine.totalMemoryGiB.toFixed(1)} GiB, ${machine.node}, load ${machine.loadAverage1m.toFixed(2)}`,
  );
  const info = await freshDatabase(adminUrl, DATABASE);
  log(`database: PostgreSQL ${info.serverVersion} at ${redact(url)}`);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const captured: CompiledQuery[] = [];
  let capture = false;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (capture && event.level === 'query') captured.push(event.query);
    },
  });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  // A failed run keeps its database for a look; drop it by hand (or rerun).
  let finished = false;
  try {
    await migrateToLatest(db);
    await seedDemo(db);
    const verbund = await db.selectFrom('verbund').select('id').executeTakeFirstOrThrow();
    await seedCatalogDemo(db, verbund.id);
    const soegel = await db
      .selectFrom('authority')
      .select('id')
      .where('slug', '=', 'samtgemeinde-soegel')
      .executeTakeFirstOrThrow();
    const clerk = await db
      .insertInto('staff')
      .values({
        verbund_id: verbund.id,
        email: 'bench@soegel.example',
        display_name: 'Bench Clerk',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('staff_membership')
      .values({ staff_id: clerk.id, authority_id: soegel.id, role: 'clerk' })
      .execute();

    // 1. The applications.
    // Bulk load as a restore would: the secondary indexes dropped, built again afterwards
    // (keeping ~10 indexes up to date row by row costs most of the time otherwise).
    const indexes = await sql<{ name: string; def: string }>`
      select indexname as name, indexdef as def from pg_indexes
      where schemaname = 'public' and tablename = 'application'
        and indexname not in (select conname from pg_constraint where conrelid = 'application'::regclass)`.execute(
      db,
    );
    for (const index of indexes.rows) await sql`drop index ${sql.id(index.name)}`.execute(db);
    // The status counters' triggers too (pg_restore --disable-triggers): the counts are
    // computed once from the rows afterwards, as the migration does (ADR 0034).
    await sql`alter table application disable trigger application_status_count_insert_delete`.execute(
      db,
    );
    const t0 = performance.now();
    await generateApplications(db, { verbundId: verbund.id, count, assignTo: clerk.id });
    const inserted = performance.now() - t0;
    for (const index of indexes.rows) await sql.raw(index.def).execute(db);
    await sql`alter table application enable trigger application_status_count_insert_delete`.execute(
      db,
    );
    await sql`insert into application_status_count (authority_id, online_service_id, status, n)
      select authority_id, online_service_id, status, count(*) from application group by 1, 2, 3
      on conflict (authority_id, online_service_id, status) do update set n = excluded.n`.execute(
      db,
    );
    const generated = performance.now() - t0;
    log(
      `rows inserted in ${(inserted / 1000).toFixed(1)} s, ${indexes.rows.length} secondary indexes built and status counts computed in ${((generated - inserted) / 1000).toFixed(1)} s`,
    );
    const t1 = performance.now();
    await sql`vacuum (analyze) application`.execute(db);
    const vacuumed = performance.now() - t1;
    const authorities = await sql<{ n: number }>`select count(distinct authority_id)::int as n
      from application`.execute(db);
    const size = await sql<{ table: string; indexes: string }>`
      select pg_size_pretty(pg_table_size('application')) as table,
             pg_size_pretty(pg_indexes_size('application')) as indexes`.execute(db);
    const perAuthority = await db
      .selectFrom('application')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('authority_id', '=', soegel.id)
      .executeTakeFirstOrThrow();
    log(
      `generated ${count.toLocaleString('en')} applications over ${authorities.rows[0]?.n} authorities in ${(generated / 1000).toFixed(1)} s (${Math.round(count / (generated / 1000)).toLocaleString('en')}/s), vacuum analyze ${(vacuumed / 1000).toFixed(1)} s; table ${size.rows[0]?.table}, indexes ${size.rows[0]?.indexes}; Sögel holds ${Number(perAuthority.n).toLocaleString('en')}`,
    );

    // What keeping the counters costs a write: the same rows inserted with and without the
    // trigger (its deferred events fired by SET CONSTRAINTS … IMMEDIATE), rolled back.
    const triggerCost = await measureTriggerCost(db, {
      verbundId: verbund.id,
      authorityId: soegel.id,
      firstNumber: count + 1,
    });
    log(
      `status counters: ${TRIGGER_ROWS.toLocaleString('en')} inserts ${triggerCost.without.toFixed(0)} ms without the trigger, ${triggerCost.with.toFixed(0)} ms with it (ratio ${(triggerCost.with / triggerCost.without).toFixed(2)}, ${(((triggerCost.with - triggerCost.without) / TRIGGER_ROWS) * 1000).toFixed(1)} µs per row)`,
    );

    // 2. What the pages ask for.
    const service = await sql<{ id: string }>`select online_service_id as id from application
      where authority_id = ${soegel.id} group by 1 order by count(*) desc limit 1`.execute(db);
    const serviceId = service.rows[0]?.id as string;
    const deep = await sql<{
      id: string;
      sort_key: string;
    }>`select id, submitted_at::text as sort_key
      from application where authority_id = ${soegel.id}
      order by submitted_at desc, id desc offset ${49 * 50 - 1} limit 1`.execute(db);
    const cursor = encodeCursor('newest', deep.rows[0] as { id: string; sort_key: string });
    const ref = await sql<{ reference: string }>`select reference from application
      where authority_id = ${soegel.id} order by id limit 1`.execute(db);
    const reference = ref.rows[0]?.reference as string;
    const pages = [
      { label: 'first page', path: '/verwaltung' },
      {
        label: 'filtered (processing + service + overdue)',
        path: `/verwaltung?status=processing&leistung=${serviceId}&frist=ueberfaellig`,
      },
      { label: 'page 50 deep', path: `/verwaltung?nach=${cursor}` },
      { label: 'reference search', path: `/verwaltung?aktenzeichen=${reference}` },
    ];

    // 3. The web process and a signed-in clerk (a session row as the sign-in would write it).
    const token = randomBytes(32).toString('base64url');
    const at = new Date();
    await db
      .insertInto('staff_session')
      .values({
        token_hash: hashToken(token),
        staff_id: clerk.id,
        stage: 'active',
        authority_id: soegel.id,
        last_seen_at: at,
        expires_at: new Date(at.getTime() + 8 * 3600_000),
      })
      .execute();
    server = await startServer(
      {
        NODE_ENV: 'development',
        HOST,
        LOG_LEVEL: 'warn',
        PROCESS_ROLE: 'web',
        RATE_LIMIT_PER_MINUTE: '100000000',
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        DATABASE_URL: url,
      },
      600_000,
    );
    const cookie = `staff=${token}`;
    // The counters must say what the rows say, or the speed is worth nothing.
    const shown = await timedGet(server.port, '/verwaltung', cookie);
    const all = /Alle \(([0-9]+)\)/.exec(shown.body)?.[1];
    if (Number(all) !== Number(perAuthority.n)) {
      throw new Error(`the inbox counts ${all}, the table holds ${perAuthority.n}`);
    }
    const baseline = await measure(server.port, '/healthz', '');
    log('');
    log(
      `| page | rows | p50 ms | p95 ms | p99 ms | p95 ÷ /healthz p95 | p95 ≤ ${TARGET_P95_MS} ms |`,
    );
    log('|---|---|---|---|---|---|---|');
    log(
      `| /healthz (baseline) | – | ${baseline.p50.toFixed(2)} | ${baseline.p95.toFixed(2)} | ${baseline.p99.toFixed(2)} | 1 | – |`,
    );
    for (const page of pages) {
      const m = await measure(server.port, page.path, cookie);
      log(
        `| ${page.label} | ${m.rows} | ${m.p50.toFixed(2)} | ${m.p95.toFixed(2)} | ${m.p99.toFixed(2)} | ${(m.p95 / baseline.p95).toFixed(1)} | ${m.p95 <= TARGET_P95_MS ? 'yes' : 'NO'} |`,
      );
    }
    log(
      `(${args.requests} sequential requests each after ${args.warmup} warm-up, keep-alive, one web process)`,
    );

    // 4. The plans, as the authority.
    const today = berlinDay(new Date());
    const base = { authorityId: soegel.id, sort: 'newest' as const, limit: 51 };
    const queries: { label: string; run: (trx: Kysely<DB>) => Promise<unknown> }[] = [
      {
        label: 'counts per status (every page)',
        run: (trx) => inboxRepo.countByStatus(trx, soegel.id),
      },
      { label: 'first page', run: (trx) => inboxRepo.inboxPage(trx, base) },
      {
        label: 'filtered (processing + service + overdue)',
        run: (trx) =>
          inboxRepo.inboxPage(trx, {
            ...base,
            status: 'processing',
            serviceId,
            deadline: { kind: 'overdue', today },
          }),
      },
      {
        label: 'page 50 deep',
        run: (trx) =>
          inboxRepo.inboxPage(trx, {
            ...base,
            after: {
              key: (deep.rows[0] as { sort_key: string }).sort_key,
              id: (deep.rows[0] as { id: string }).id,
            },
          }),
      },
      { label: 'reference search', run: (trx) => inboxRepo.inboxPage(trx, { ...base, reference }) },
      {
        label: 'due soon, due-date order (not timed above)',
        run: (trx) =>
          inboxRepo.inboxPage(trx, {
            ...base,
            sort: 'due',
            deadline: { kind: 'dueSoon', today, until: addWorkingDays(today, 3) },
          }),
      },
    ];
    const out: string[] = [
      `# EXPLAIN (ANALYZE, BUFFERS) of the inbox's queries, ${started.toISOString()}`,
      `# ${count.toLocaleString('en')} applications, ${Number(perAuthority.n).toLocaleString('en')} in Samtgemeinde Sögel; PostgreSQL ${info.serverVersion}; run as app_user with app.authority_id set (row-level security applies)`,
      `# machine: ${machine.cpuModel}, ${machine.cpuCount} CPUs, load ${machine.loadAverage1m.toFixed(2)} at start`,
      '',
    ];
    for (const q of queries) {
      captured.length = 0;
      capture = true;
      await withAuthority(db, soegel.id, async (trx) => {
        await q.run(trx);
      });
      capture = false;
      const compiled = captured.find((c) => /from "application(_status_count)?"/.test(c.sql));
      if (compiled === undefined) throw new Error(`no query captured for ${q.label}`);
      // The settings the page query runs with (inboxPage: no bitmap scans), then its plan.
      const settings = captured.filter((c) => /^set local /.test(c.sql));
      const plan = await withAuthority(db, soegel.id, async (trx) => {
        for (const setting of settings.slice(0, 1)) await trx.executeQuery(setting);
        return trx.executeQuery(
          CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]),
        );
      });
      out.push(
        `## ${q.label}`,
        '',
        ...settings.slice(0, 1).map((c) => `${c.sql};`),
        compiled.sql,
        '',
        `parameters: ${JSON.stringify(compiled.parameters)}`,
        '',
      );
      for (const line of plan.rows as { 'QUERY PLAN': string }[]) out.push(line['QUERY PLAN']);
      out.push('');
    }
    writeFileSync(args.explain, `${out.join('\n')}\n`);
    log(`plans: ${args.explain}`);
    finished = true;
  } finally {
    if (server) await server.child.stop();
    killAllChildren();
    await db.destroy();
    if (!args['keep-db'] && finished) await dropDatabase(adminUrl, DATABASE);
  }
}

main().catch((error) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  killAllChildren();
  process.exit(1);
});
