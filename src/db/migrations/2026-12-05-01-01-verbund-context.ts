import { type Kysely, sql } from 'kysely';

// The Verbund office's own context (ADR 0041, superseding 0039): role app_user with
// `app.verbund_id` set (withVerbundOffice in src/db/rls.ts) instead of the worker role. In it
// the Verbund's admins may do exactly what their pages need and nothing more:
// - take an authority of their Verbund live: a column grant on `status`/`went_live_at` and an
//   update policy limited to the Verbund's authorities. A trigger keeps each context to its
//   own columns: an authority's staff (withAuthority) cannot change its status, the Verbund
//   office cannot change contact data (it changes them as the authority, as before);
// - the count of active staff per authority of the Verbund, through one function that returns
//   counts only: no name, e-mail or hash of a staff member is visible in this context;
// - append `verbund.*` entries to the chains of the Verbund and of its authorities, reading
//   of each chain only its head (the hash the next entry links to), never the log.
// Nothing else: every other policy for app_user keys on an authority, account, draft key or
// the identity broker, none of which this context sets.
//
// The functions run as the migrating owner; FORCE shows an owner that is no superuser nothing
// without a policy of its own, so the owner gets read policies on the tables they read (as in
// migration 2026-12-02-01-01).
const VERBUND = `nullif(current_setting('app.verbund_id', true), '')`;
const AUTHORITY = `nullif(current_setting('app.authority_id', true), '')::uuid`;
const OF_VERBUND = (id: string) =>
  `exists (select 1 from authority a where a.id = ${id} and a.verbund_id = ${VERBUND}::uuid)`;

const OWNER_READ = ['authority', 'staff', 'staff_membership', 'audit_entry'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('grant update (status, went_live_at) on authority to app_user').execute(db);
  await sql
    .raw(`create policy authority_verbund_update on authority for update to app_user
      using (verbund_id = ${VERBUND}::uuid) with check (verbund_id = ${VERBUND}::uuid)`)
    .execute(db);
  // Column grants are per role, and both contexts are app_user: the trigger tells them apart.
  // The worker and the owner (operator commands, migrations) are not limited here.
  await sql
    .raw(`create function authority_context_guard() returns trigger
      language plpgsql set search_path = pg_catalog, public as $fn$
      begin
        if current_user <> 'app_user' then return new; end if;
        if (new.status, new.went_live_at) is distinct from (old.status, old.went_live_at)
          and ${VERBUND} is distinct from old.verbund_id::text then
          raise exception 'permission denied: only the Verbund office changes the status of authority %', old.id
            using errcode = 'insufficient_privilege';
        end if;
        if (new.street, new.phone, new.email, new.website)
            is distinct from (old.street, old.phone, old.email, old.website)
          and ${AUTHORITY} is distinct from old.id then
          raise exception 'permission denied: only authority % changes its contact data', old.id
            using errcode = 'insufficient_privilege';
        end if;
        return new;
      end $fn$`)
    .execute(db);
  await sql
    .raw(`create trigger authority_context_guard before update on authority
      for each row execute function authority_context_guard()`)
    .execute(db);

  for (const table of OWNER_READ) {
    await sql
      .raw(`create policy ${table}_owner_read on ${table} for select to current_user using (true)`)
      .execute(db);
  }

  // Staff who can work in each authority of the Verbund now: the invitation accepted (a
  // password set), the membership not locked and the account not disabled. Counts only.
  await sql
    .raw(`create function verbund_active_staff() returns table (authority_id uuid, active bigint)
      language sql stable security definer set search_path = pg_catalog, public as $fn$
        select m.authority_id, count(*) from staff_membership m
        join staff s on s.id = m.staff_id
        join authority a on a.id = m.authority_id
        where a.verbund_id = ${VERBUND}::uuid and m.disabled_at is null
          and s.disabled_at is null and s.password_hash is not null
        group by m.authority_id
      $fn$`)
    .execute(db);

  // The sequence number of a chain's head, for a chain of the Verbund acted for (its own or
  // one of its authorities'); null for every other chain and outside the context.
  await sql
    .raw(`create function audit_verbund_chain_head(p_chain uuid) returns bigint
      language sql stable security definer set search_path = pg_catalog, public as $fn$
        select max(e.seq) from audit_entry e where e.chain_id = p_chain
          and (p_chain = ${VERBUND}::uuid or ${OF_VERBUND('p_chain')})
      $fn$`)
    .execute(db);
  for (const fn of ['verbund_active_staff()', 'audit_verbund_chain_head(uuid)']) {
    await sql.raw(`revoke all on function ${fn} from public`).execute(db);
    await sql.raw(`grant execute on function ${fn} to app_user`).execute(db);
  }
  // The setting is tested first so that an authority's reads of its log (auditors) never
  // call the function.
  await sql
    .raw(`create policy audit_entry_verbund_head on audit_entry for select to app_user
      using (${VERBUND} is not null and seq = audit_verbund_chain_head(chain_id))`)
    .execute(db);
  await sql
    .raw(`create policy audit_entry_verbund_append on audit_entry for insert to app_user
      with check (${VERBUND} is not null and action like 'verbund.%'
        and ((authority_id is null and chain_id = ${VERBUND}::uuid)
          or (authority_id = chain_id and ${OF_VERBUND('chain_id')})))`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop policy audit_entry_verbund_append on audit_entry').execute(db);
  await sql.raw('drop policy audit_entry_verbund_head on audit_entry').execute(db);
  await sql.raw('drop function audit_verbund_chain_head(uuid)').execute(db);
  await sql.raw('drop function verbund_active_staff()').execute(db);
  for (const table of OWNER_READ) {
    await sql.raw(`drop policy ${table}_owner_read on ${table}`).execute(db);
  }
  await sql.raw('drop trigger authority_context_guard on authority').execute(db);
  await sql.raw('drop function authority_context_guard()').execute(db);
  await sql.raw('drop policy authority_verbund_update on authority').execute(db);
  await sql.raw('revoke update (status, went_live_at) on authority from app_user').execute(db);
}
