import { type Kysely, sql } from 'kysely';

// Two citizen-side policies of migration 09 were wider than what the application code does
// (it checks both; the policies are the net below it, docs/adr/0002):
// - an event "withdrawn by the citizen" could be inserted for any application, also another
//   citizen's: the policy looked only at the event's own account_id;
// - a withdrawal could "withdraw" an application that was already closed and set any
//   retain_until, also one in the past, so the retention job would delete it at once.
const ACCOUNT = sql.raw(`nullif(current_setting('app.account_id', true), '')::uuid`);
const CLOSED = sql.raw(`('completed', 'rejected', 'withdrawn')`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop policy application_citizen_withdraw on application`.execute(db);
  // Open applications only; closed now (a day's leeway for the application server's clock)
  // and kept at least the shortest retention any service has (online_service allows 1 month).
  await sql`create policy application_citizen_withdraw on application for update to app_user
    using (account_id = ${ACCOUNT} and status not in ${CLOSED})
    with check (account_id = ${ACCOUNT} and status = 'withdrawn'
      and closed_at is not null and closed_at > now() - interval '1 day'
      and retain_until is not null and retain_until >= closed_at + interval '1 month')`.execute(db);

  await sql`drop policy application_event_citizen_insert on application_event`.execute(db);
  // The application must be the citizen's own (as the citizen sees it, under its select
  // policy), of the same authority, and withdrawn by now: the withdrawal updates it first.
  await sql`create policy application_event_citizen_insert on application_event for insert to app_user
    with check (account_id = ${ACCOUNT} and actor = 'citizen' and status = 'withdrawn'
      and exists (select 1 from application a
        where a.id = application_event.application_id
          and a.authority_id = application_event.authority_id
          and a.account_id = ${ACCOUNT} and a.status = 'withdrawn'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop policy application_event_citizen_insert on application_event`.execute(db);
  await sql`create policy application_event_citizen_insert on application_event for insert to app_user
    with check (account_id = ${ACCOUNT} and actor = 'citizen' and status = 'withdrawn')`.execute(
    db,
  );
  await sql`drop policy application_citizen_withdraw on application`.execute(db);
  await sql`create policy application_citizen_withdraw on application for update to app_user
    using (account_id = ${ACCOUNT}) with check (account_id = ${ACCOUNT} and status = 'withdrawn')`.execute(
    db,
  );
}
