import { type Kysely, sql } from 'kysely';

// How far an application's delivery got, as the citizen who sent it may learn it (ADR 0044).
// Until now the citizen's page read the delivery table as the worker, a request handler using
// the one role that crosses every authority. From here on the page acts as the citizen (or the
// anonymous browser that sent it) and calls this function, which returns four numbers and
// nothing else: no route names, errors, receiver references or idempotency keys.
//
// A policy on `delivery` for citizens would open whole rows, and column grants cannot tell a
// citizen from staff (both are app_user). So the function runs as the owner (security definer,
// fixed search_path) and decides itself whose application it is, by the same rules as the
// select policies `application_citizen` and `application_anonymous`: another citizen's id
// gives an empty answer, exactly what an application without deliveries gives.
//
// The owner keeps a read policy of its own on both tables: FORCE would otherwise show a
// non-superuser owner (production) nothing inside the function.
const ACCOUNT = sql.raw(`nullif(current_setting('app.account_id', true), '')::uuid`);
const DRAFT_KEY = sql.raw(`nullif(current_setting('app.draft_key', true), '')`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create policy delivery_owner_read on delivery for select to current_user using (true)`.execute(
    db,
  );
  await sql`create policy application_owner_read on application for select to current_user using (true)`.execute(
    db,
  );
  await sql`
    create function delivery_progress_of(p_application uuid)
    returns table (total integer, delivered integer, oldest_open timestamptz, retrying integer)
    language sql stable security definer set search_path = pg_catalog, public
    as $fn$
      select count(*)::int,
        count(*) filter (where d.status = 'delivered')::int,
        min(d.created_at) filter (where d.status <> 'delivered'),
        count(*) filter (where d.status <> 'delivered' and (d.attempts > 0 and d.last_error is not null
          or d.status in ('failed', 'rejected')))::int
      from delivery d
      where d.application_id = p_application
        and exists (select 1 from application a
          where a.id = p_application
            and (a.account_id = ${ACCOUNT}
              or (a.account_id is null and a.anonymous_key_hash = ${DRAFT_KEY})))
    $fn$`.execute(db);
  await sql`revoke all on function delivery_progress_of(uuid) from public`.execute(db);
  await sql`grant execute on function delivery_progress_of(uuid) to app_user`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function delivery_progress_of(uuid)`.execute(db);
  await sql`drop policy application_owner_read on application`.execute(db);
  await sql`drop policy delivery_owner_read on delivery`.execute(db);
}
