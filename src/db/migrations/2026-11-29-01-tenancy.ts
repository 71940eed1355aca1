import { type Kysely, sql } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Roles are cluster-wide on PostgreSQL, so several databases (tests, tenants) share them;
  // creating them must tolerate a concurrent migration that created them first.
  for (const role of ['app_user', 'app_worker']) {
    await sql
      .raw(`do $$ begin
        create role ${role} nologin;
      exception when duplicate_object or unique_violation then null;
      end $$`)
      .execute(db);
    // The login role must be able to SET ROLE; superusers can anyway, others need membership.
    await sql
      .raw(`do $$ begin
        execute format('grant ${role} to %I', current_user);
      exception when others then null;
      end $$`)
      .execute(db);
  }
  await sql`grant usage on schema public to app_user, app_worker`.execute(db);

  await sql`
    create table verbund (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique,
      name text not null,
      county_key text not null unique check (county_key ~ '^[0-9]{5}$'),
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table authority (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name text not null,
      kind text not null check (kind in ('county', 'city', 'municipality', 'joint_municipality')),
      ars text not null check (ars ~ '^[0-9]{5,12}$'),
      status text not null default 'onboarding' check (status in ('onboarding', 'live')),
      seat_postcode text check (seat_postcode ~ '^[0-9]{5}$'),
      seat_locality text,
      street text,
      phone text,
      email text,
      website text,
      went_live_at timestamptz,
      created_at timestamptz not null default now(),
      unique (verbund_id, slug),
      unique (verbund_id, ars)
    )`.execute(db);

  await sql`
    create table municipality (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      authority_id uuid not null references authority (id),
      ags text not null check (ags ~ '^[0-9]{8}$'),
      ars text not null check (ars ~ '^[0-9]{12}$'),
      name text not null,
      search_name text not null,
      is_city boolean not null default false,
      postcodes text[] not null default '{}',
      population integer,
      created_at timestamptz not null default now(),
      unique (verbund_id, ags)
    )`.execute(db);
  await sql`create index municipality_authority on municipality (authority_id)`.execute(db);
  await sql`create index municipality_postcodes on municipality using gin (postcodes)`.execute(db);
  // text_pattern_ops lets `like 'prefix%'` use the index under any collation.
  await sql`create index municipality_search_name on municipality (verbund_id, search_name text_pattern_ops)`.execute(
    db,
  );

  // The directory is public; only an authority's own staff may change its contact data.
  await sql`grant select on verbund, authority, municipality to app_user, app_worker`.execute(db);
  await sql`grant update (street, phone, email, website) on authority to app_user`.execute(db);
  await sql`grant update on authority to app_worker`.execute(db);
  await sql`alter table authority enable row level security`.execute(db);
  await sql`alter table authority force row level security`.execute(db);
  await sql`create policy authority_directory on authority for select to app_user using (true)`.execute(
    db,
  );
  await sql`
    create policy authority_own_update on authority for update to app_user
      using (id = nullif(current_setting('app.authority_id', true), '')::uuid)
      with check (id = nullif(current_setting('app.authority_id', true), '')::uuid)`.execute(db);
  await sql`create policy authority_worker on authority to app_worker using (true) with check (true)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table municipality`.execute(db);
  await sql`drop table authority`.execute(db);
  await sql`drop table verbund`.execute(db);
}
