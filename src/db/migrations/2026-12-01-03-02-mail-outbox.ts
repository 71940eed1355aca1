import { type Kysely, sql } from 'kysely';

// Every mail the portal sends is queued here and sent by the worker (src/mail/outbox.ts,
// ADR 0019): no request waits for SMTP, and mail survives an SMTP outage. Rows hold the
// address and the text (links, codes) until sent; then they are deleted. A mail that fails
// for good keeps only its error, never its address or text.
//
// Password reset requests are queued too (src/accounts/sign-in/service.ts): the request only
// inserts the address typed, whether it has an account or not, and the worker looks it up,
// so both answers take the same path (issue 14, item 2).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table mail_outbox (
      id uuid primary key default gen_random_uuid(),
      recipient text not null check (length(recipient) <= 254),
      subject text not null,
      body text not null,
      queued_at timestamptz not null default now(),
      next_attempt_at timestamptz not null default now(),
      attempts integer not null default 0,
      locked_until timestamptz,
      last_error text,
      failed_at timestamptz
    )`.execute(db);
  await sql`create index mail_outbox_due on mail_outbox (next_attempt_at) where failed_at is null`.execute(
    db,
  );

  await sql`
    create table password_reset_request (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      email text not null check (length(email) <= 254),
      requested_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index password_reset_request_at on password_reset_request (requested_at)`.execute(
    db,
  );

  for (const table of ['mail_outbox', 'password_reset_request']) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    // The web role may only add to the queue: it can read no address or link back.
    await sql`grant insert on ${t} to app_user, app_worker`.execute(db);
    await sql`grant select, update, delete on ${t} to app_worker`.execute(db);
    await sql`create policy ${sql.id(`${table}_queue`)} on ${t} for insert to app_user with check (true)`.execute(
      db,
    );
    await sql`create policy ${sql.id(`${table}_worker`)} on ${t} to app_worker using (true) with check (true)`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table password_reset_request`.execute(db);
  await sql`drop table mail_outbox`.execute(db);
}
