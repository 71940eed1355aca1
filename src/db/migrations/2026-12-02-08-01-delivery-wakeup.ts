import { type Kysely, sql } from 'kysely';

// Workers wake when delivery work is committed instead of polling for it (ADR 0028): a row that
// becomes due now (a submission's rows, a staff resend, a shutdown's release) notifies the
// channel `delivery_due`. PostgreSQL delivers a NOTIFY only at commit and folds repeats within
// one transaction into one, so a submission with three routes wakes the workers once, after
// its rows are visible. The payload is empty: no ids or personal data on the channel.
// "Due now" has a minute's slack: the submission stamps its rows with the application server's
// clock, which may run a little ahead of the transaction's now(); a worker woken early reads the
// due time and sleeps until then.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function delivery_notify_due() returns trigger language plpgsql as $$
    begin
      perform pg_notify('delivery_due', '');
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger delivery_due_insert after insert on delivery
    for each row when (new.status = 'pending' and new.next_attempt_at <= now() + interval '1 minute')
    execute function delivery_notify_due()`.execute(db);
  await sql`
    create trigger delivery_due_update after update of status, next_attempt_at on delivery
    for each row when (new.status = 'pending' and new.next_attempt_at <= now() + interval '1 minute')
    execute function delivery_notify_due()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger delivery_due_update on delivery`.execute(db);
  await sql`drop trigger delivery_due_insert on delivery`.execute(db);
  await sql`drop function delivery_notify_due()`.execute(db);
}
