import { type Kysely, sql } from 'kysely';

// The back office (issue 11): staff accounts of the authorities and the Verbund, their
// invitations, sessions and failed sign-ins, and the audit log of what staff do.
//
// Staff rows are read before anyone is known (sign-in by e-mail, invitation link, session
// cookie): those steps run as `app_worker` (withStaffDirectory in src/db/rls.ts). Staff of an authority
// (`app_user` with `app.authority_id`) see only the staff and memberships of their authority.
//
// The audit log is append-only for every runtime role: insert and select are the only grants,
// so neither role can change or remove an entry, and each entry carries the hash of the one
// before it in its chain (one chain per authority, one for the Verbund), so that an owner or
// superuser who changes one is found out by `cli audit:verify`.
const AUTHORITY = sql.raw(`nullif(current_setting('app.authority_id', true), '')::uuid`);
const ROLES = sql.raw(`'clerk', 'coordinator', 'authority_admin', 'verbund_admin', 'auditor'`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table staff (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      email text not null unique check (email = lower(email) and length(email) between 3 and 254),
      display_name text not null check (length(display_name) between 1 and 200),
      password_hash text check (length(password_hash) <= 200),
      -- The TOTP secret, sealed with a data key wrapped by a Verbund key (ADR 0012); set up
      -- at the first sign-in and confirmed by its first code.
      key_id text check (length(key_id) between 1 and 40),
      wrapped_key bytea,
      totp_sealed bytea,
      totp_confirmed_at timestamptz,
      totp_last_step bigint,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    )`.execute(db);

  // verbund_admin belongs to the Verbund, every other role to one authority.
  await sql`
    create table staff_membership (
      id uuid primary key default gen_random_uuid(),
      staff_id uuid not null references staff (id) on delete cascade,
      authority_id uuid references authority (id),
      role text not null check (role in (${ROLES})),
      -- A clerk limited to some online services; null: all of the authority's.
      service_ids uuid[],
      created_at timestamptz not null default now(),
      check ((role = 'verbund_admin') = (authority_id is null)),
      check (service_ids is null or role = 'clerk'),
      unique nulls not distinct (staff_id, authority_id)
    )`.execute(db);
  await sql`create index staff_membership_authority on staff_membership (authority_id)`.execute(db);

  await sql`
    create table staff_invitation (
      token_hash text primary key check (token_hash ~ '^[A-Za-z0-9_-]{43}$'),
      staff_id uuid not null references staff (id) on delete cascade,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table staff_session (
      token_hash text primary key check (token_hash ~ '^[A-Za-z0-9_-]{43}$'),
      staff_id uuid not null references staff (id) on delete cascade,
      -- 'password': the password was right, the second factor (or its setup) is still due.
      stage text not null check (stage in ('password', 'active')),
      authority_id uuid references authority (id),
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index staff_session_staff on staff_session (staff_id)`.execute(db);

  // Failed sign-ins per e-mail key (hash), also for addresses that have no account.
  await sql`
    create table staff_signin_failure (
      id bigint generated always as identity primary key,
      email_key text not null check (length(email_key) <= 100),
      at timestamptz not null
    )`.execute(db);
  await sql`create index staff_signin_failure_key on staff_signin_failure (email_key, at)`.execute(
    db,
  );

  await sql`alter table application add column version integer not null default 1`.execute(db);
  await sql`alter table application add column assigned_to uuid references staff (id) on delete set null`.execute(
    db,
  );
  await sql`grant update (version, assigned_to) on application to app_user`.execute(db);
  await sql`create index application_inbox on application (authority_id, status, submitted_at desc, id desc)`.execute(
    db,
  );

  const staffTables = [
    'staff',
    'staff_membership',
    'staff_invitation',
    'staff_session',
    'staff_signin_failure',
  ];
  for (const table of staffTables) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    await sql`grant select, insert, update, delete on ${t} to app_worker`.execute(db);
    await sql`create policy ${sql.id(`${table}_worker`)} on ${t} to app_worker using (true) with check (true)`.execute(
      db,
    );
  }
  await sql`grant select (id, verbund_id, display_name) on staff to app_user`.execute(db);
  await sql`grant select on staff_membership to app_user`.execute(db);
  await sql`create policy staff_membership_authority on staff_membership for select to app_user
    using (authority_id = ${AUTHORITY})`.execute(db);
  await sql`create policy staff_authority on staff for select to app_user
    using (exists (select 1 from staff_membership m
      where m.staff_id = staff.id and m.authority_id = ${AUTHORITY}))`.execute(db);

  await sql`
    create table audit_entry (
      id bigint generated always as identity primary key,
      -- The authority's id, or the Verbund's for what happens outside any authority.
      chain_id uuid not null,
      seq bigint not null check (seq >= 1),
      authority_id uuid references authority (id),
      staff_id uuid,
      action text not null check (action ~ '^[a-z_]+(\\.[a-z_]+)+$' and length(action) <= 60),
      subject_type text check (length(subject_type) <= 40),
      subject_id text check (length(subject_id) <= 100),
      ip text check (length(ip) <= 64),
      at timestamptz not null,
      prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text not null check (hash ~ '^[0-9a-f]{64}$'),
      -- A second writer that skipped the lock would fork the chain: the database refuses.
      unique (chain_id, seq),
      check (authority_id is null or authority_id = chain_id)
    )`.execute(db);
  await sql`grant select, insert on audit_entry to app_user, app_worker`.execute(db);
  await sql`alter table audit_entry enable row level security`.execute(db);
  await sql`alter table audit_entry force row level security`.execute(db);
  await sql`create policy audit_entry_authority_read on audit_entry for select to app_user
    using (chain_id = ${AUTHORITY})`.execute(db);
  await sql`create policy audit_entry_authority_append on audit_entry for insert to app_user
    with check (chain_id = ${AUTHORITY} and authority_id = ${AUTHORITY})`.execute(db);
  await sql`create policy audit_entry_worker_read on audit_entry for select to app_worker using (true)`.execute(
    db,
  );
  await sql`create policy audit_entry_worker_append on audit_entry for insert to app_worker with check (true)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_entry`.execute(db);
  await sql`drop index application_inbox`.execute(db);
  await sql`alter table application drop column assigned_to`.execute(db);
  await sql`alter table application drop column version`.execute(db);
  for (const table of [
    'staff_signin_failure',
    'staff_session',
    'staff_invitation',
    'staff_membership',
    'staff',
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
