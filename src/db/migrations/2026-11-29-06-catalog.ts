import { type Kysely, sql } from 'kysely';

// Service catalogue (OZG Themenfelder → Lebenslagen → OZG-Leistungen → LeiKa-Leistungen), the
// online services a Verbund offers, and each authority's activation of them.
//
// The catalogue is reference data shared by every Verbund and keyed by the source's ids, so a
// re-import updates rows in place. It does not grow with use and carries no verbund_id.
// Online services and activations do grow with use: they carry verbund_id.
const AUTHORITY = sql.raw(`nullif(current_setting('app.authority_id', true), '')::uuid`);

export async function up(db: Kysely<unknown>): Promise<void> {
  // Folds umlauts and ß to their two-letter spelling (ä → ae, ß → ss), so that "Sperrmuell"
  // finds "Sperrmüll" and "Strasse" finds "Straße"; upper-case umlauts first, so the result does
  // not depend on the database's ctype. Plain replace instead of the unaccent extension, which
  // PGlite does not ship (and translate() costs ten times as much on PGlite). Only pg_catalog
  // functions inside: generated columns are recomputed on restore, when pg_dump has emptied the
  // search_path. Variadic, so one function folds a name, several columns, or a text[]
  // (array_to_string alone is only stable and may not appear in a generated column).
  // Mirrored by foldForSearch in src/catalog/fold.ts; catalog.test.ts compares the two.
  await sql`
    create function catalog_fold(variadic parts text[]) returns text
    language sql immutable parallel safe
    as $$
      select lower(
        replace(replace(replace(replace(replace(replace(replace(replace(
          array_to_string($1, ' '),
          'Ä', 'ae'), 'Ö', 'oe'), 'Ü', 'ue'), 'ẞ', 'ss'),
          'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'))
    $$`.execute(db);

  await sql`
    create table catalog_subject (
      id integer primary key,
      name text not null check (length(name) between 1 and 200)
    )`.execute(db);

  await sql`
    create table catalog_situation (
      id integer primary key,
      subject_id integer not null references catalog_subject (id),
      name text not null check (length(name) between 1 and 200)
    )`.execute(db);
  await sql`create index catalog_situation_subject on catalog_situation (subject_id)`.execute(db);

  await sql`
    create table catalog_ozg_service (
      id integer primary key,
      ozg_id text not null unique check (ozg_id ~ '^[0-9]{5}$'),
      name text not null check (length(name) between 1 and 300),
      situation_id integer not null references catalog_situation (id)
    )`.execute(db);
  await sql`create index catalog_ozg_service_situation on catalog_ozg_service (situation_id)`.execute(
    db,
  );

  // search_vector: German stemming over folded text, weighted A name, B synonyms, C description
  // and the OZG-Leistung's name (context), D laws. prefix_vector: the same names and synonyms
  // unstemmed ('simple'), for partial words typed as prefixes ("Hundest" → Hundesteuer).
  await sql`
    create table catalog_service (
      id integer primary key,
      leika_key text unique check (leika_key ~ '^[0-9]{14}$'),
      name text not null check (length(name) between 1 and 500),
      leika_type text check (length(leika_type) <= 20),
      ozg_service_id integer references catalog_ozg_service (id),
      legal_basis text check (length(legal_basis) <= 5000),
      laws text check (length(laws) <= 2000),
      law_shortcuts text check (length(law_shortcuts) <= 500),
      sdg1_relevant boolean not null default false,
      sdg2_relevant boolean not null default false,
      context text not null default '',
      synonyms text[] not null default '{}',
      description text check (length(description) <= 5000),
      search_vector tsvector generated always as (
        setweight(to_tsvector('german'::regconfig, catalog_fold(name)), 'A') ||
        setweight(to_tsvector('german'::regconfig, catalog_fold(variadic synonyms)), 'B') ||
        setweight(to_tsvector('german'::regconfig, catalog_fold(description, context)), 'C') ||
        setweight(to_tsvector('german'::regconfig, catalog_fold(law_shortcuts, laws)), 'D')
      ) stored,
      prefix_vector tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, catalog_fold(name)), 'A') ||
        setweight(to_tsvector('simple'::regconfig, catalog_fold(variadic synonyms)), 'B')
      ) stored
    )`.execute(db);
  await sql`create index catalog_service_ozg_service on catalog_service (ozg_service_id)`.execute(
    db,
  );
  await sql`create index catalog_service_search on catalog_service using gin (search_vector)`.execute(
    db,
  );
  await sql`create index catalog_service_prefix on catalog_service using gin (prefix_vector)`.execute(
    db,
  );

  // What a Verbund offers online. The trust level lives here and only here: it is set once for
  // the Verbund, and the activation table below has no column that could override it.
  await sql`
    create table online_service (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      key text not null check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(key) <= 80),
      leika_key text not null references catalog_service (leika_key),
      title text not null check (length(title) between 1 and 200),
      level text not null check (level in ('county', 'municipality')),
      trust_level text not null check (trust_level in ('basic', 'low', 'substantial', 'high')),
      allows_anonymous boolean not null default false,
      form_id text check (length(form_id) <= 100),
      description text check (length(description) <= 5000),
      fees text check (length(fees) <= 1000),
      created_at timestamptz not null default now(),
      unique (verbund_id, key),
      unique (verbund_id, leika_key),
      unique (id, verbund_id)
    )`.execute(db);

  // One row per authority and online service it offers. Overrides: texts, fees, contact.
  await sql`
    create table online_service_activation (
      verbund_id uuid not null,
      authority_id uuid not null references authority (id),
      online_service_id uuid not null,
      active_since timestamptz not null default now(),
      description text check (length(description) between 1 and 5000),
      fees text check (length(fees) between 1 and 1000),
      contact_unit text check (length(contact_unit) between 1 and 200),
      contact_phone text check (length(contact_phone) between 1 and 30),
      contact_email text check (length(contact_email) between 3 and 254),
      updated_at timestamptz not null default now(),
      primary key (authority_id, online_service_id),
      foreign key (online_service_id, verbund_id)
        references online_service (id, verbund_id) on delete cascade
    )`.execute(db);
  // The service page reads one service's activations; the catalogue's start page all of a
  // Verbund's (nationwide the table holds every authority's, so that must not be a scan).
  await sql`create index online_service_activation_service on online_service_activation (online_service_id)`.execute(
    db,
  );
  await sql`create index online_service_activation_verbund on online_service_activation (verbund_id)`.execute(
    db,
  );

  await sql`grant select on catalog_subject, catalog_situation, catalog_ozg_service, catalog_service, online_service to app_user, app_worker`.execute(
    db,
  );
  await sql`grant select, insert, delete on online_service_activation to app_user`.execute(db);
  await sql`
    grant update (active_since, description, fees, contact_unit, contact_phone, contact_email, updated_at)
      on online_service_activation to app_user`.execute(db);
  await sql`grant select, insert, update, delete on online_service_activation to app_worker`.execute(
    db,
  );

  await sql`alter table online_service_activation enable row level security`.execute(db);
  await sql`alter table online_service_activation force row level security`.execute(db);
  // Public: every service page shows who offers what.
  await sql`
    create policy online_service_activation_directory on online_service_activation
      for select to app_user using (true)`.execute(db);
  // Staff write their own authority's rows only, and only for services of their level in their
  // own Verbund: the county activates county services, members activate municipal ones.
  const fits = sql`exists (
      select 1 from online_service s join authority a on a.verbund_id = s.verbund_id
      where s.id = online_service_activation.online_service_id
        and s.verbund_id = online_service_activation.verbund_id
        and a.id = online_service_activation.authority_id
        and (s.level = 'county') = (a.kind = 'county'))`;
  await sql`
    create policy online_service_activation_own_insert on online_service_activation
      for insert to app_user
      with check (authority_id = ${AUTHORITY} and ${fits})`.execute(db);
  await sql`
    create policy online_service_activation_own_update on online_service_activation
      for update to app_user
      using (authority_id = ${AUTHORITY})
      with check (authority_id = ${AUTHORITY} and ${fits})`.execute(db);
  await sql`
    create policy online_service_activation_own_delete on online_service_activation
      for delete to app_user using (authority_id = ${AUTHORITY})`.execute(db);
  await sql`
    create policy online_service_activation_worker on online_service_activation
      to app_worker using (true) with check (true)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table online_service_activation`.execute(db);
  await sql`drop table online_service`.execute(db);
  await sql`drop table catalog_service`.execute(db);
  await sql`drop table catalog_ozg_service`.execute(db);
  await sql`drop table catalog_situation`.execute(db);
  await sql`drop table catalog_subject`.execute(db);
  await sql`drop function catalog_fold(text[])`.execute(db);
}
