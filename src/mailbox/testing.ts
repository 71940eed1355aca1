// Test support for the Postfach: accounts ready to sign in and sample files of each kind.
// The cookie/CSRF/multipart test browser lives in src/app/testing.ts.
import type { Kysely } from 'kysely';
import { hashPassword } from '../accounts/passwords.ts';
import { TEST_PASSWORD } from '../app/testing.ts';
import type { DB } from '../db/schema.ts';
import { jpegFile, pngFile } from '../files/testing.ts';

/** A verified account, as if registered and confirmed; returns its id. */
export async function createAccount(
  db: Kysely<DB>,
  verbundId: string,
  email: string,
  language: 'de' | 'en' = 'de',
): Promise<string> {
  const row = await db
    .insertInto('account')
    .values({
      verbund_id: verbundId,
      email,
      password_hash: await hashPassword(TEST_PASSWORD),
      email_verified_at: new Date(),
      privacy_version: 'test',
      privacy_accepted_at: new Date(),
      language,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function authorityId(db: Kysely<DB>, slug: string): Promise<string> {
  const row = await db
    .selectFrom('authority')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

/** Small real files of each kind, and two that must never pass. */
export const SAMPLE = {
  pdf: bytes('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  png: pngFile(),
  jpeg: jpegFile(),
  exe: bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], 'This program cannot be run in DOS mode.'),
  html: bytes('<!doctype html><title>x</title><script>alert(document.cookie)</script>'),
};
