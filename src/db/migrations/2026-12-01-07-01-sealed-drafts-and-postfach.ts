import { type Kysely, sql } from 'kysely';

// Encryption at rest beyond the application (ADR 0012): drafts with their files and Postfach
// threads with their messages and files are sealed under a data key per draft and per thread,
// wrapped by a Verbund key like an application's.
//
// A migration cannot see the keys, so the rows already stored stay readable as they are and
// are sealed later by the worker (src/drafts/seal-plain.ts, src/mailbox/seal-plain.ts); until
// then each row says which form it is in: `key_id`/`wrapped_key` null on a draft or thread
// without a data key yet, `answers`/`body` null once sealed, `sealed` on a file.
const SEAL_OVERHEAD = 29; // format byte, 96-bit IV, 128-bit tag (src/envelope/envelope.ts)

/** The check constraint of `table` whose definition mentions `fragment`, by its generated name. */
async function dropCheck(db: Kysely<unknown>, table: string, fragment: string): Promise<void> {
  const { rows } = await sql<{ conname: string }>`
    select conname from pg_constraint
    where conrelid = ${table}::regclass and contype = 'c'
      and pg_get_constraintdef(oid) like ${`%${fragment}%`}`.execute(db);
  if (rows.length !== 1) throw new Error(`expected one check on ${table} with ${fragment}`);
  await sql`alter table ${sql.table(table)} drop constraint ${sql.id(rows[0]?.conname ?? '')}`.execute(
    db,
  );
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['draft', 'mailbox_thread']) {
    await sql`alter table ${sql.table(table)}
      add column key_id text check (length(key_id) between 1 and 40),
      add column wrapped_key bytea,
      add check ((key_id is null) = (wrapped_key is null))`.execute(db);
  }

  // Answers: plain (jsonb, as before) until the draft has a data key, then sealed only.
  await sql`alter table draft alter column answers drop not null, alter column answers drop default`.execute(
    db,
  );
  await sql`alter table draft
    add column sealed_answers bytea
      check (octet_length(sealed_answers) <= ${sql.lit(1048576 + SEAL_OVERHEAD)}),
    add check ((answers is null) <> (sealed_answers is null)),
    add check (sealed_answers is null or key_id is not null)`.execute(db);

  await sql`alter table mailbox_message alter column body drop not null`.execute(db);
  await sql`alter table mailbox_message
    add column sealed_body bytea
      check (octet_length(sealed_body) between ${sql.lit(1 + SEAL_OVERHEAD)} and ${sql.lit(40000 + SEAL_OVERHEAD)}),
    add check ((body is null) <> (sealed_body is null))`.execute(db);

  // Files: the size stays the file's own; sealed content is longer by the overhead exactly.
  for (const table of ['form_attachment', 'mailbox_attachment']) {
    await dropCheck(db, table, 'octet_length(content)');
    await sql`alter table ${sql.table(table)}
      add column sealed boolean not null default false,
      add check (octet_length(content) = size + case when sealed then ${sql.lit(SEAL_OVERHEAD)} else 0 end)`.execute(
      db,
    );
  }

  // The worker seals what was stored before; it could already update drafts and the Postfach.
  await sql`grant update (content, sealed) on form_attachment to app_worker`.execute(db);
  // What is still plain, for the worker's hourly look: partial, so empty once all is sealed.
  const plain = [
    ['draft_plain', 'draft', 'answers is not null'],
    ['form_attachment_plain', 'form_attachment', 'not sealed'],
    ['mailbox_thread_keyless', 'mailbox_thread', 'key_id is null'],
    ['mailbox_message_plain', 'mailbox_message', 'body is not null'],
    ['mailbox_attachment_plain', 'mailbox_attachment', 'not sealed'],
  ] as const;
  for (const [name, table, where] of plain) {
    await sql`create index ${sql.id(name)} on ${sql.table(table)} (id) where ${sql.raw(where)}`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Sealed rows cannot be turned back without the keys: refuse rather than lose them.
  const { rows } = await sql<{ n: number }>`
    select (select count(*) from draft where key_id is not null)
      + (select count(*) from mailbox_thread where key_id is not null)
      + (select count(*) from form_attachment where sealed)
      + (select count(*) from mailbox_attachment where sealed) as n`.execute(db);
  if (Number(rows[0]?.n ?? 0) > 0) {
    throw new Error('sealed drafts or Postfach rows exist: they cannot be unsealed by a migration');
  }
  for (const name of [
    'draft_plain',
    'form_attachment_plain',
    'mailbox_thread_keyless',
    'mailbox_message_plain',
    'mailbox_attachment_plain',
  ]) {
    await sql`drop index ${sql.id(name)}`.execute(db);
  }
  await sql`revoke update (content, sealed) on form_attachment from app_worker`.execute(db);
  for (const table of ['form_attachment', 'mailbox_attachment']) {
    await dropCheck(db, table, 'octet_length(content)');
    await sql`alter table ${sql.table(table)} drop column sealed,
      add check (octet_length(content) = size)`.execute(db);
  }
  await sql`alter table mailbox_message drop column sealed_body,
    alter column body set not null`.execute(db);
  await sql`alter table draft drop column sealed_answers,
    alter column answers set default '{}', alter column answers set not null`.execute(db);
  for (const table of ['draft', 'mailbox_thread']) {
    await sql`alter table ${sql.table(table)} drop column key_id, drop column wrapped_key`.execute(
      db,
    );
  }
}
