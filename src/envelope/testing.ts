// Test support for encryption at rest: does a table hold a known text anywhere, in any column,
// as text or inside bytes? Reads every row as the database would dump it (row_to_json renders
// bytea as hex), so a test checks what a backup or a database administrator would see.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** How many rows of `table` contain `needle` in plain text, as text or as bytes. */
export async function rowsHolding(
  db: Kysely<DB>,
  table: keyof DB,
  needle: string | Uint8Array,
): Promise<number> {
  const bytes = typeof needle === 'string' ? Buffer.from(needle, 'utf8') : Buffer.from(needle);
  const hex = bytes.toString('hex');
  const text = typeof needle === 'string' ? needle : undefined;
  const { rows } = await sql<{ dump: string }>`
    select row_to_json(t)::text as dump from ${sql.table(table)} t`.execute(db);
  return rows.filter((row) => {
    const dump = row.dump.toLowerCase();
    // JSON escapes line breaks and quotes; compare the text as JSON would write it.
    const json = text === undefined ? undefined : JSON.stringify(text).slice(1, -1).toLowerCase();
    return dump.includes(hex) || (json !== undefined && dump.includes(json));
  }).length;
}
