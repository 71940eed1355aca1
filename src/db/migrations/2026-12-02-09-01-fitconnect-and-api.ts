import { type Kysely, sql } from 'kysely';

// FIT-Connect submissions and the back-channel's credentials (ADR 0029, 0030).
//
// fitconnect_submission: what the FIT-Connect connector has done for one delivery (the
// submission it announced, the case it belongs to, whether it was submitted), so a retry
// resumes that submission instead of sending the application a second time, and a callback
// for a case finds its delivery.
//
// api_credential: one bearer credential per connector route, for the receiving system's calls
// to /api/v1. Only a SHA-256 of the secret is stored: the secret is 256 random bits, so a
// slow password hash would add nothing but latency to every call.
//
// Row-level security as for deliveries: an authority's context sees its own rows; the worker
// crosses authorities. The receipt acknowledgement (acting as the authority) writes the
// receiver's reference and the time it was taken, hence the two new column grants.
const AUTHORITY = sql.raw(`nullif(current_setting('app.authority_id', true), '')::uuid`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table fitconnect_submission (
      delivery_id uuid primary key references delivery (id) on delete cascade,
      verbund_id uuid not null references verbund (id),
      authority_id uuid not null references authority (id),
      submission_id uuid not null unique,
      case_id uuid not null,
      destination_id uuid not null,
      -- announced: created on the service, files may be missing; submitted: complete there
      state text not null default 'announced' check (state in ('announced', 'submitted')),
      -- the JWE authentication tags of what we sent, compared with the accept event's
      auth_tags jsonb check (auth_tags is null or jsonb_typeof(auth_tags) = 'object'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index fitconnect_submission_case on fitconnect_submission (case_id)`.execute(db);

  await sql`
    create table api_credential (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      authority_id uuid not null references authority (id),
      route_id uuid not null references delivery_route (id) on delete cascade,
      label text not null check (length(label) between 1 and 80),
      secret_sha256 text not null check (secret_sha256 ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      last_used_at timestamptz
    )`.execute(db);
  await sql`create index api_credential_route on api_credential (route_id)`.execute(db);

  await sql`grant select on fitconnect_submission to app_user`.execute(db);
  await sql`grant select, insert, update, delete on fitconnect_submission to app_worker`.execute(
    db,
  );
  await sql`grant select, insert on api_credential to app_user`.execute(db);
  await sql`grant update (revoked_at, last_used_at) on api_credential to app_user`.execute(db);
  await sql`grant select, update, delete on api_credential to app_worker`.execute(db);
  await sql`grant update (delivered_at, receiver_reference, claimed_by, claimed_until) on delivery to app_user`.execute(
    db,
  );

  for (const table of ['fitconnect_submission', 'api_credential'] as const) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    await sql`create policy ${sql.id(`${table}_authority`)} on ${t} to app_user
      using (authority_id = ${AUTHORITY}) with check (authority_id = ${AUTHORITY})`.execute(db);
    await sql`create policy ${sql.id(`${table}_worker`)} on ${t} to app_worker using (true) with check (true)`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`revoke update (delivered_at, receiver_reference, claimed_by, claimed_until) on delivery from app_user`.execute(
    db,
  );
  await sql`drop table api_credential`.execute(db);
  await sql`drop table fitconnect_submission`.execute(db);
}
