// Audit-chain bench (node bench/audit-verify.ts [--entries N] [--new N]): one authority's chain
// of N entries (default 200,000, hashed as appendAudit does, bulk-inserted), then what the
// auditors' page costs per view: the incremental check from the last checkpoint after M new
// entries (default 50), against the full walk from the first entry in the same run (the
// baseline, what every view cost before checkpoints). Median of 5 each, as the authority
// (withAuthority, row-level security in the plan). PostgreSQL only (BENCH_DATABASE_URL or the
// local default); its own database, dropped at the end.
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type ChainedFields, entryHash, GENESIS_HASH } from '../src/audit/chain.ts';
import { verifyChain } from '../src/audit/service.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { withAuthority } from '../src/db/rls.ts';
import type { DB } from '../src/db/schema.ts';
import { seedDemo } from '../src/tenancy/seed.ts';
import { describeMachine } from './machine.ts';
import {
  assertLocal,
  benchDatabaseUrl,
  DEFAULT_ADMIN_URL,
  dropDatabase,
  freshDatabase,
  redact,
} from './postgres.ts';

const DATABASE = 'rathausnetz_bench_audit';
const { values: args } = parseArgs({
  options: {
    entries: { type: 'string', default: '200000' },
    new: { type: 'string', default: '50' },
  },
});
const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
assertLocal(adminUrl);
const url = benchDatabaseUrl(adminUrl, DATABASE);
const log = (line: string) => process.stdout.write(`${line}\n`);

/** Appends `n` entries after `head`, hashed like appendAudit, in batches of 5,000. */
async function append(
  db: Kysely<DB>,
  chainId: string,
  head: { seq: number; hash: string },
  n: number,
  start: Date,
) {
  let { seq, hash } = head;
  for (let done = 0; done < n; ) {
    const rows = [];
    for (let i = 0; i < 5000 && done < n; i++, done++) {
      seq += 1;
      const fields: ChainedFields = {
        chainId,
        seq,
        authorityId: chainId,
        staffId: null,
        action: 'application.viewed',
        subjectType: 'application',
        subjectId: '00000000-0000-4000-8000-000000000000',
        ip: '10.0.0.1',
        at: new Date(start.getTime() + seq * 1000),
      };
      const prevHash = hash;
      hash = entryHash(prevHash, fields);
      rows.push({
        chain_id: chainId,
        seq,
        authority_id: chainId,
        staff_id: null,
        action: fields.action,
        subject_type: fields.subjectType,
        subject_id: fields.subjectId,
        ip: fields.ip,
        at: fields.at,
        prev_hash: prevHash,
        hash,
      });
    }
    await db.insertInto('audit_entry').values(rows).execute();
  }
  return { seq, hash };
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] as number;
}

async function main() {
  const machine = describeMachine();
  log(`# Audit-chain bench ${new Date().toISOString()}`);
  log(
    `machine: ${machine.cpuModel}, ${machine.cpuCount} CPUs, ${machine.totalMemoryGiB.toFixed(1)} GiB, ${machine.node}, load ${machine.loadAverage1m.toFixed(2)}`,
  );
  const info = await freshDatabase(adminUrl, DATABASE);
  log(`database: PostgreSQL ${info.serverVersion} at ${redact(url)}`);
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
  });
  try {
    await migrateToLatest(db);
    await seedDemo(db);
    const { id: chainId } = await db
      .selectFrom('authority')
      .select('id')
      .where('slug', '=', 'samtgemeinde-soegel')
      .executeTakeFirstOrThrow();
    const entries = Number(args.entries);
    const fresh = Number(args.new);
    const start = new Date('2026-01-01T00:00:00Z');
    const t0 = performance.now();
    let head = await append(db, chainId, { seq: 0, hash: GENESIS_HASH }, entries, start);
    log(
      `chain of ${entries.toLocaleString('en')} entries written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const check = (full: boolean) =>
      withAuthority(db, chainId, (trx) => verifyChain(trx, chainId, { at: new Date(), full }));
    const walked = head.seq;
    const full = await median(5, async () => {
      const outcome = await check(true);
      if (!outcome.ok || outcome.entries !== head.seq) throw new Error('the full walk failed');
    });
    const incremental = await median(5, async () => {
      head = await append(db, chainId, head, fresh, start);
      const outcome = await check(false);
      if (!outcome.ok || outcome.checked !== fresh) throw new Error('the incremental check failed');
    });
    // The appends inside the incremental runs are timed too: the figure is an upper bound.
    log('');
    log('| check per view | median ms | ÷ full walk |');
    log('|---|---|---|');
    log(
      `| full walk of ${walked.toLocaleString('en')} entries (baseline) | ${full.toFixed(1)} | 1 |`,
    );
    log(
      `| incremental, ${fresh} new entries (including writing them) | ${incremental.toFixed(1)} | ${(incremental / full).toFixed(4)} |`,
    );
  } finally {
    await db.destroy();
    await dropDatabase(adminUrl, DATABASE);
  }
}

main().catch((error) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
