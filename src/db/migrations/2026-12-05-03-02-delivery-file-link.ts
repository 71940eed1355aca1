import { type Kysely, sql } from 'kysely';

// A receiving system fetching a delivery's file by its signed link (ADR 0044): until now the
// request handler found the delivery as the worker, the role that reads everything. The link's
// signature already proves which delivery it is; all the handler still needs is whose: this
// function returns the application, authority and Verbund of one delivery by its id and
// nothing else, so the runtime role may call it before it acts as that authority to read the
// file. It runs as the owner (read policy `delivery_owner_read` of migration 2026-12-05-03-01).
const RUNTIME = 'rathausnetz_app';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function delivery_of_file_link(p_delivery uuid)
    returns table (application_id uuid, authority_id uuid, verbund_id uuid)
    language sql stable security definer set search_path = pg_catalog, public
    as $fn$
      select d.application_id, d.authority_id, d.verbund_id from delivery d where d.id = p_delivery
    $fn$`.execute(db);
  await sql`revoke all on function delivery_of_file_link(uuid) from public`.execute(db);
  await sql.raw(`grant execute on function delivery_of_file_link(uuid) to ${RUNTIME}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function delivery_of_file_link(uuid)`.execute(db);
}
