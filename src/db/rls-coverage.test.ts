import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase } from './testing.ts';

// Every table of the schema, read from the catalogue after all migrations: a new table must
// be under forced row-level security with policies or be listed, with a reason, as holding
// no personal data; else this test fails and names it. (The account tables were the last to
// come under RLS, migration 2026-12-02-01-01, ADR 0021.)

/** Hold no personal and no authority-internal data: readable by the runtime role as they are. */
const NO_PERSONAL_DATA = new Set([
  'verbund', // name, county key, reference prefix
  'municipality', // the official municipality directory
  'catalog_subject', // the national service catalogue (LeiKa / OZG)
  'catalog_situation',
  'catalog_ozg_service',
  'catalog_service',
  'encryption_key_probe', // one constant per Verbund key, encrypted (ADR 0012)
  'kysely_migration', // which migrations ran
  'kysely_migration_lock',
]);

test('every table holding personal or authority data is under forced row-level security', async (t) => {
  const { owner } = await createTestDatabase(t);
  const { rows } = await sql<{ name: string; rls: boolean; forced: boolean; policies: number }>`
    select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
      (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname`.execute(owner);
  assert.ok(rows.length > 20, 'the catalogue lists the migrated tables');
  const problems: string[] = [];
  for (const table of rows) {
    const listed = NO_PERSONAL_DATA.has(table.name);
    const protectedByRls = table.rls && table.forced && table.policies > 0;
    if (!listed && !protectedByRls) {
      problems.push(
        `${table.name}: enable and force row level security with policies, or list it in NO_PERSONAL_DATA if it holds no personal data`,
      );
    }
    if (NO_PERSONAL_DATA.has(table.name) && table.rls) {
      problems.push(`${table.name} is under row-level security: remove it from NO_PERSONAL_DATA`);
    }
  }
  const names = new Set(rows.map((row) => row.name));
  for (const name of NO_PERSONAL_DATA) {
    if (!names.has(name)) problems.push(`${name} is listed here but is no table any more`);
  }
  assert.deepEqual(problems, []);
});
