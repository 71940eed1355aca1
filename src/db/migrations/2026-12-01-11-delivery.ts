import { type Kysely, sql } from 'kysely';

// Delivery to the authorities' systems (ADR 0020): routes configured per authority and service,
// and one delivery row per route and application, written by the submitting statement and
// worked off by the outbox workers. Replaces delivery_outbox, which nothing read.
//
// Row-level security: an authority's staff see and configure their own routes and see their
// own deliveries (`app.authority_id`); the submission, acting as the authority, reads the
// routes and inserts the rows; only the worker crosses authorities.
const AUTHORITY = sql.raw(`nullif(current_setting('app.authority_id', true), '')::uuid`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table delivery_route (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      authority_id uuid not null references authority (id),
      -- null: the authority's default, used for services without routes of their own
      online_service_id uuid references online_service (id),
      name text not null check (name ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(name) <= 60),
      connector_type text not null check (connector_type ~ '^[a-z0-9-]{1,40}$'),
      -- the configuration without its secrets, which are sealed below (ADR 0012's Verbund keys)
      config jsonb not null default '{}'::jsonb check (jsonb_typeof(config) = 'object'),
      secrets_key_id text check (length(secrets_key_id) between 1 and 40),
      secrets_wrapped_key bytea,
      secrets bytea,
      -- who hears of a delivery that failed for good (the authority's admins for this system)
      alert_email text check (length(alert_email) between 3 and 254),
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((secrets is null) = (secrets_key_id is null) and (secrets is null) = (secrets_wrapped_key is null))
    )`.execute(db);
  // One name per authority; nulls distinct would allow two defaults of one name.
  await sql`create unique index delivery_route_name on delivery_route
    (authority_id, coalesce(online_service_id, '00000000-0000-0000-0000-000000000000'::uuid), name)`.execute(
    db,
  );

  // The routes an application goes to: its service's own, else the authority's defaults. Used
  // by the submitting statement and by the worker for rows sent before a route existed; runs
  // with the caller's rights, so row-level security applies as to any query.
  await sql`
    create function delivery_routes_for(p_authority uuid, p_service uuid)
    returns table (id uuid, name text) language sql stable as $$
      select r.id, r.name from delivery_route r
      where r.authority_id = p_authority and r.enabled
        and r.online_service_id is not distinct from (
          select s.online_service_id from delivery_route s
          where s.authority_id = p_authority and s.enabled
            and (s.online_service_id = p_service or s.online_service_id is null)
          order by s.online_service_id nulls last
          limit 1)
      order by r.name
    $$`.execute(db);

  await sql`
    create table delivery (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      application_id uuid not null,
      authority_id uuid not null,
      -- null: no route was configured when it was sent; it waits for one (visible, never lost)
      route_id uuid references delivery_route (id) on delete set null,
      route_name text check (length(route_name) <= 60),
      -- sent with every attempt and kept by a resend: receivers drop what they already have
      idempotency_key uuid not null unique default gen_random_uuid(),
      status text not null default 'pending' check (status in ('pending', 'delivered', 'rejected', 'failed')),
      attempts integer not null default 0 check (attempts >= 0),
      next_attempt_at timestamptz not null default now(),
      claimed_by text check (length(claimed_by) <= 100),
      claimed_until timestamptz,
      delivered_at timestamptz,
      receiver_reference text check (length(receiver_reference) <= 200),
      last_error text check (length(last_error) <= 2000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      foreign key (application_id, authority_id) references application (id, authority_id) on delete cascade
    )`.execute(db);
  // The workers' probe and claim: due pending rows, soonest first.
  await sql`create index delivery_due on delivery (next_attempt_at) where status = 'pending'`.execute(
    db,
  );
  await sql`create index delivery_application on delivery (application_id)`.execute(db);
  await sql`create index delivery_route_id on delivery (route_id) where route_id is not null`.execute(
    db,
  );

  // What the old outbox held and had not delivered (nothing had): unrouted pending rows.
  await sql`
    insert into delivery (verbund_id, application_id, authority_id, created_at, next_attempt_at)
    select a.verbund_id, o.application_id, o.authority_id, o.created_at, o.next_attempt_at
    from delivery_outbox o join application a on a.id = o.application_id
    where o.delivered_at is null`.execute(db);
  await sql`drop table delivery_outbox`.execute(db);

  await sql`grant select, insert, update, delete on delivery_route to app_user`.execute(db);
  // The worker re-wraps the routes' data keys after a key rotation (src/envelope/rewrap.ts); the
  // share lock it takes while retiring a key needs the table-wide update right.
  await sql`grant select, update on delivery_route to app_worker`.execute(db);
  await sql`grant select, insert on delivery to app_user`.execute(db);
  // Staff resend a failed delivery: back to pending, attempts reset, the key kept.
  await sql`grant update (status, attempts, next_attempt_at, last_error, updated_at) on delivery to app_user`.execute(
    db,
  );
  await sql`grant select, insert, update, delete on delivery to app_worker`.execute(db);

  for (const table of ['delivery_route', 'delivery'] as const) {
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
  await sql`
    create table delivery_outbox (
      id bigint generated always as identity primary key,
      application_id uuid not null,
      authority_id uuid not null,
      created_at timestamptz not null default now(),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      delivered_at timestamptz,
      last_error text check (length(last_error) <= 2000),
      foreign key (application_id, authority_id) references application (id, authority_id) on delete cascade
    )`.execute(db);
  await sql`drop table delivery`.execute(db);
  await sql`drop function delivery_routes_for(uuid, uuid)`.execute(db);
  await sql`drop table delivery_route`.execute(db);
}
