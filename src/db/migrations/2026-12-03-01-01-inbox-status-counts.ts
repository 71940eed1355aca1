import { type Kysely, sql } from 'kysely';

// The inbox at a million applications (issue 11, ADR 0034).
//
// 1. Counts per status without counting: `application_status_count` holds, per authority,
//    online service and status, how many applications there are. A trigger on `application`
//    keeps it, deferred to the end of the transaction that inserts, moves on (status) or
//    deletes an application, so it commits with that change or not at all, whoever writes the
//    row (submission, back office, connector, citizen, retention, an operator's SQL). Deferred
//    so that the counter row is locked only while committing: a submission of the same service
//    in the same authority waits for that, not for the rest of the other one's transaction.
//    The function runs as the owner (security definer): a citizen withdrawing or answering
//    acts without the authority's setting, and must not be able to write counts otherwise.
// 2. The filtered page (status + service + overdue) in submission order: the service index
//    gets the due date as its last key, so "overdue" is decided in the index and only the 51
//    rows shown are read from the table.
const AUTHORITY = sql.raw(`nullif(current_setting('app.authority_id', true), '')::uuid`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table application_status_count (
      authority_id uuid not null references authority (id),
      online_service_id uuid not null references online_service (id) on delete cascade,
      status text not null check (status in ('submitted', 'received', 'processing',
        'action_required', 'completed', 'rejected', 'withdrawn')),
      n bigint not null,
      primary key (authority_id, online_service_id, status)
    )`.execute(db);

  // A status change applies its two moves in key order, so that two transactions moving
  // applications in opposite directions (processing ⇄ action_required) lock the same counter
  // rows in the same order and cannot deadlock each other. One plain statement per move: the
  // function runs once per row written.
  await sql`
    create function application_status_count_apply() returns trigger
      language plpgsql security definer set search_path = pg_catalog, public
    as $fn$
    begin
      if tg_op = 'INSERT' then
        perform application_status_count_add(new.authority_id, new.online_service_id, new.status, 1);
      elsif tg_op = 'DELETE' then
        perform application_status_count_add(old.authority_id, old.online_service_id, old.status, -1);
      elsif (old.authority_id, old.online_service_id, old.status)
          < (new.authority_id, new.online_service_id, new.status) then
        perform application_status_count_add(old.authority_id, old.online_service_id, old.status, -1);
        perform application_status_count_add(new.authority_id, new.online_service_id, new.status, 1);
      else
        perform application_status_count_add(new.authority_id, new.online_service_id, new.status, 1);
        perform application_status_count_add(old.authority_id, old.online_service_id, old.status, -1);
      end if;
      return null;
    end $fn$`.execute(db);
  await sql`
    create function application_status_count_add(a uuid, s uuid, st text, delta int) returns void
      language sql security definer set search_path = pg_catalog, public
    as $fn$
      insert into application_status_count as c (authority_id, online_service_id, status, n)
      values (a, s, st, delta)
      on conflict (authority_id, online_service_id, status) do update set n = c.n + excluded.n
    $fn$`.execute(db);
  await sql`revoke all on function application_status_count_add(uuid, uuid, text, int) from public`.execute(
    db,
  );
  await sql`revoke all on function application_status_count_apply() from public`.execute(db);
  await sql`
    create constraint trigger application_status_count_insert_delete
      after insert or delete on application
      deferrable initially deferred
      for each row execute function application_status_count_apply()`.execute(db);
  await sql`
    create constraint trigger application_status_count_update
      after update of status, authority_id, online_service_id on application
      deferrable initially deferred
      for each row
      when ((old.status, old.authority_id, old.online_service_id)
        is distinct from (new.status, new.authority_id, new.online_service_id))
      execute function application_status_count_apply()`.execute(db);

  // What is there already.
  await sql`
    insert into application_status_count (authority_id, online_service_id, status, n)
    select authority_id, online_service_id, status, count(*)
    from application group by 1, 2, 3`.execute(db);

  // Authority data: the authority's staff read their own, the worker all; only the trigger
  // function (as the owner) writes.
  await sql`alter table application_status_count enable row level security`.execute(db);
  await sql`alter table application_status_count force row level security`.execute(db);
  await sql`create policy application_status_count_owner on application_status_count
    to current_user using (true) with check (true)`.execute(db);
  await sql`create policy application_status_count_authority on application_status_count
    for select to app_user using (authority_id = ${AUTHORITY})`.execute(db);
  await sql`create policy application_status_count_worker on application_status_count
    for select to app_worker using (true)`.execute(db);
  await sql`grant select on application_status_count to app_user, app_worker`.execute(db);

  await sql`drop index application_service`.execute(db);
  await sql`create index application_service on application
    (authority_id, online_service_id, status, submitted_at desc, id desc, due_on)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index application_service`.execute(db);
  await sql`create index application_service on application
    (authority_id, online_service_id, status, submitted_at desc, id desc)`.execute(db);
  await sql`drop trigger application_status_count_update on application`.execute(db);
  await sql`drop trigger application_status_count_insert_delete on application`.execute(db);
  await sql`drop function application_status_count_apply()`.execute(db);
  await sql`drop function application_status_count_add(uuid, uuid, text, int)`.execute(db);
  await sql`drop table application_status_count`.execute(db);
}
