import { type Kysely, sql } from 'kysely';

// Postfach: threads between one authority and one citizen account, their messages and files.
// Every row carries verbund_id (the distribution key beyond one primary), authority_id and
// account_id, so row-level security decides per row without joins: an authority's staff see
// their own threads, a citizen sees their own, the worker sees all.
const AUTHORITY = sql.raw(`nullif(current_setting('app.authority_id', true), '')::uuid`);
const ACCOUNT = sql.raw(`nullif(current_setting('app.account_id', true), '')::uuid`);
const TABLES = ['mailbox_thread', 'mailbox_message', 'mailbox_attachment'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table mailbox_thread (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      authority_id uuid not null references authority (id),
      account_id uuid not null references account (id) on delete cascade,
      subject text not null check (length(subject) between 1 and 200),
      application_id uuid,
      created_at timestamptz not null default now(),
      last_message_at timestamptz not null default now(),
      -- Target of the composite keys below: a message can only join a thread of the same
      -- authority and account, whatever the inserting code claims.
      unique (id, verbund_id, authority_id, account_id)
    )`.execute(db);
  // The citizen's Postfach, newest first; and the back office's list per authority.
  await sql`create index mailbox_thread_account on mailbox_thread (account_id, last_message_at desc)`.execute(
    db,
  );
  await sql`create index mailbox_thread_authority on mailbox_thread (authority_id, last_message_at desc)`.execute(
    db,
  );

  await sql`
    create table mailbox_message (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null,
      authority_id uuid not null,
      account_id uuid not null,
      thread_id uuid not null,
      sender text not null check (sender in ('authority', 'citizen')),
      body text not null check (length(body) between 1 and 10000),
      sent_at timestamptz not null default now(),
      read_at timestamptz,
      unique (id, verbund_id, authority_id, account_id),
      foreign key (thread_id, verbund_id, authority_id, account_id)
        references mailbox_thread (id, verbund_id, authority_id, account_id) on delete cascade
    )`.execute(db);
  await sql`create index mailbox_message_thread on mailbox_message (thread_id, sent_at)`.execute(
    db,
  );
  // Unread = sent by the authority and not yet opened: the header counter on every page a
  // citizen sees, and the marker per thread. Partial, so it holds only the few unread rows.
  await sql`
    create index mailbox_message_unread on mailbox_message (account_id, thread_id)
      where sender = 'authority' and read_at is null`.execute(db);

  await sql`
    create table mailbox_attachment (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null,
      authority_id uuid not null,
      account_id uuid not null,
      message_id uuid not null,
      -- Order as uploaded; rows of one message share created_at (one transaction).
      position smallint not null check (position >= 0),
      file_name text not null check (length(file_name) between 1 and 120),
      media_type text not null check (media_type in ('application/pdf', 'image/png', 'image/jpeg')),
      size integer not null check (size between 1 and 10485760),
      content bytea not null,
      created_at timestamptz not null default now(),
      check (octet_length(content) = size),
      foreign key (message_id, verbund_id, authority_id, account_id)
        references mailbox_message (id, verbund_id, authority_id, account_id) on delete cascade
    )`.execute(db);
  await sql`create unique index mailbox_attachment_message on mailbox_attachment (message_id, position)`.execute(
    db,
  );

  // Content is written once; only the read mark and the thread's last activity change.
  await sql`grant select, insert on mailbox_thread, mailbox_message, mailbox_attachment to app_user`.execute(
    db,
  );
  await sql`grant update (last_message_at) on mailbox_thread to app_user`.execute(db);
  await sql`grant update (read_at) on mailbox_message to app_user`.execute(db);
  await sql`grant select, insert, update, delete on mailbox_thread, mailbox_message, mailbox_attachment to app_worker`.execute(
    db,
  );

  for (const table of TABLES) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    // Owners and superusers skip RLS unless forced (PGlite runs as superuser).
    await sql`alter table ${t} force row level security`.execute(db);
    await sql`
      create policy ${sql.id(`${table}_authority_read`)} on ${t} for select to app_user
        using (authority_id = ${AUTHORITY})`.execute(db);
    await sql`
      create policy ${sql.id(`${table}_citizen_read`)} on ${t} for select to app_user
        using (account_id = ${ACCOUNT})`.execute(db);
    await sql`create policy ${sql.id(`${table}_worker`)} on ${t} to app_worker using (true) with check (true)`.execute(
      db,
    );
  }

  // Threads are opened by authorities only; both sides move last_message_at when they write.
  await sql`
    create policy mailbox_thread_authority_insert on mailbox_thread for insert to app_user
      with check (authority_id = ${AUTHORITY})`.execute(db);
  await sql`
    create policy mailbox_thread_authority_update on mailbox_thread for update to app_user
      using (authority_id = ${AUTHORITY}) with check (authority_id = ${AUTHORITY})`.execute(db);
  await sql`
    create policy mailbox_thread_citizen_update on mailbox_thread for update to app_user
      using (account_id = ${ACCOUNT}) with check (account_id = ${ACCOUNT})`.execute(db);

  // Each side writes only as itself, and marks read only what the other side sent.
  await sql`
    create policy mailbox_message_authority_insert on mailbox_message for insert to app_user
      with check (authority_id = ${AUTHORITY} and sender = 'authority')`.execute(db);
  await sql`
    create policy mailbox_message_citizen_insert on mailbox_message for insert to app_user
      with check (account_id = ${ACCOUNT} and sender = 'citizen')`.execute(db);
  await sql`
    create policy mailbox_message_authority_update on mailbox_message for update to app_user
      using (authority_id = ${AUTHORITY} and sender = 'citizen')
      with check (authority_id = ${AUTHORITY} and sender = 'citizen')`.execute(db);
  await sql`
    create policy mailbox_message_citizen_update on mailbox_message for update to app_user
      using (account_id = ${ACCOUNT} and sender = 'authority')
      with check (account_id = ${ACCOUNT} and sender = 'authority')`.execute(db);

  // Files only on one's own messages (the subquery itself runs under the policies above).
  const sentBy = (sender: 'authority' | 'citizen') =>
    sql`exists (select 1 from mailbox_message m
      where m.id = mailbox_attachment.message_id and m.sender = ${sql.lit(sender)})`;
  await sql`
    create policy mailbox_attachment_authority_insert on mailbox_attachment for insert to app_user
      with check (authority_id = ${AUTHORITY} and ${sentBy('authority')})`.execute(db);
  await sql`
    create policy mailbox_attachment_citizen_insert on mailbox_attachment for insert to app_user
      with check (account_id = ${ACCOUNT} and ${sentBy('citizen')})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table mailbox_attachment`.execute(db);
  await sql`drop table mailbox_message`.execute(db);
  await sql`drop table mailbox_thread`.execute(db);
}
