import { type Kysely, sql } from 'kysely';

// At sign-in a browser's anonymous applications become the account's, like its drafts
// (src/applications/adopt.ts). The adopting transaction sets both `app.account_id` and
// `app.draft_key`; these policies let it move exactly that browser's anonymous applications,
// with their events and files, to that account, and nothing else.
const ACCOUNT = sql.raw(`nullif(current_setting('app.account_id', true), '')::uuid`);
const DRAFT_KEY = sql.raw(`nullif(current_setting('app.draft_key', true), '')`);
/** Only in a transaction acting as both: false at once (no subquery) for any other update. */
const ADOPTING = sql.raw(
  `(nullif(current_setting('app.account_id', true), '') is not null
    and nullif(current_setting('app.draft_key', true), '') is not null)`,
);
// An array, not `in (select …)`: computed once per statement, it lets the children be found
// by their application_id index instead of by reading the whole table.
const THIS_BROWSERS = sql`array(select a.id from application a
    where a.account_id is null and a.anonymous_key_hash = ${DRAFT_KEY})`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // The browser's anonymous applications are found by their key (also by the select policy).
  await sql`create index application_anonymous_key on application (anonymous_key_hash)
    where anonymous_key_hash is not null`.execute(db);

  await sql`grant update (account_id, anonymous_key_hash) on application to app_user`.execute(db);
  await sql`grant update (account_id) on application_event, application_attachment to app_user`.execute(
    db,
  );

  // Permissive update policies are OR-ed, so a WITH CHECK of only "the owner is
  // app.account_id" would also pass any update of a citizen's own application through the
  // withdraw-only policy. The row must have been one of this browser's anonymous applications
  // before this statement (the subquery sees the rows as they were), in the same status.
  await sql`create policy application_adopt on application for update to app_user
    using (account_id is null and anonymous_key_hash = ${DRAFT_KEY})
    with check (${ADOPTING} and account_id = ${ACCOUNT} and anonymous_key_hash is null
      and (id, status) in (select a.id, a.status from application a
        where a.account_id is null and a.anonymous_key_hash = ${DRAFT_KEY}))`.execute(db);
  // The column grant holds for every app_user transaction, and update policies are OR-ed: the
  // authority's own update policy would let it move an application into any account, and the
  // withdrawal policy let a citizen set a key. Policies cannot compare old and new values, a
  // trigger can: for app_user, who an application belongs to changes only by adoption. The
  // worker role and the system (the foreign key's `set null` when an account is deleted) are
  // not app_user and pass.
  await sql`create function application_owner_guard() returns trigger language plpgsql as $$
    begin
      if current_user = 'app_user'
        and (new.account_id is distinct from old.account_id
          or new.anonymous_key_hash is distinct from old.anonymous_key_hash)
        and not (old.account_id is null
          and old.anonymous_key_hash = nullif(current_setting('app.draft_key', true), '')
          and new.account_id = nullif(current_setting('app.account_id', true), '')::uuid
          and new.anonymous_key_hash is null)
      then
        raise exception 'only adoption changes whose application this is'
          using errcode = '42501';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger application_owner_guard before update of account_id, anonymous_key_hash
    on application for each row execute function application_owner_guard()`.execute(db);

  // The children are moved first, while their application still is one of THIS_BROWSERS.
  for (const table of ['application_event', 'application_attachment'] as const) {
    await sql`create policy ${sql.id(`${table}_adopt`)} on ${sql.table(table)} for update to app_user
      using (application_id = any (${THIS_BROWSERS}))
      with check (${ADOPTING} and account_id = ${ACCOUNT} and application_id = any (${THIS_BROWSERS}))`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['application_event', 'application_attachment'] as const) {
    await sql`drop policy ${sql.id(`${table}_adopt`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop policy application_adopt on application`.execute(db);
  await sql`drop trigger application_owner_guard on application`.execute(db);
  await sql`drop function application_owner_guard()`.execute(db);
  await sql`revoke update (account_id) on application_event, application_attachment from app_user`.execute(
    db,
  );
  await sql`revoke update (account_id, anonymous_key_hash) on application from app_user`.execute(
    db,
  );
  await sql`drop index application_anonymous_key`.execute(db);
}
