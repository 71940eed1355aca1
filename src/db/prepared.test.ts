import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { preparedName } from './prepared.ts';
import { createTestDatabase } from './testing.ts';

test('only a leading mark names a statement', () => {
  assert.equal(preparedName('/* prepared sign_in_lookup */ select 1'), 'sign_in_lookup');
  assert.equal(preparedName('select 1 /* prepared sign_in_lookup */'), undefined);
  assert.equal(preparedName('/* prepared Sign-In */ select 1'), undefined);
  assert.equal(preparedName('select 1'), undefined);
});

test('a marked statement answers for each run its own parameters, prepared on PostgreSQL', async (t) => {
  const database = await createTestDatabase(t);
  await database.db.connection().execute(async (db) => {
    const double = (n: number) =>
      sql<{ n: number }>`/* prepared test_double */ select ${n}::int * 2 as n`.execute(db);
    // More runs than PostgreSQL's five custom plans: the generic plan must answer right too.
    for (let n = 1; n <= 8; n++) assert.deepEqual((await double(n)).rows, [{ n: 2 * n }]);
    const unmarked = await sql<{ n: number }>`select ${21}::int * 2 as n`.execute(db);
    assert.deepEqual(unmarked.rows, [{ n: 42 }]);
    if (database.kind === 'postgres') {
      const prepared = await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements order by name`.execute(db);
      assert.deepEqual(
        prepared.rows.map((row) => row.name),
        ['test_double'],
        'the marked statement is prepared once, the unmarked one not at all',
      );
      assert.match(prepared.rows[0]?.statement ?? '', /^\/\* prepared test_double \*\//);
    }
  });
});
