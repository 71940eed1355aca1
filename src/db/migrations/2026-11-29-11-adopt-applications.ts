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
  await sql`revoke update (account_id) on application_event, application_attachment from app_user`.execute(
    db,
  );
  await sql`revoke update (account_id, anonymous_key_hash) on application from app_user`.execute(
    db,
  );
  await sql`drop index application_anonymous_key`.execute(db);
}
