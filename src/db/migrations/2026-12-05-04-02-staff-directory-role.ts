import { type Kysely, sql } from 'kysely';

// The back office's steps before a staff member is known (sign-in by e-mail, invitation link,
// session cookie, the second factor's setup) ran as app_worker, which reaches every table
// (ADR 0016). From here they run as app_staff_directory (ADR 0045): the staff tables, the
// public directory of authorities, queueing the invitation mail, and appending staff.*
// entries to the audit chains, which it must read to chain to. No application, Postfach,
// account, draft or delivery row.
const RUNTIME = 'rathausnetz_app';
const ROLE = 'app_staff_directory';
const STAFF_TABLES = [
  'staff',
  'staff_membership',
  'staff_invitation',
  'staff_session',
  'staff_signin_failure',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Cluster-wide: another database's migration may have created it first.
  await sql
    .raw(`do $$ begin
      create role ${ROLE} nologin;
    exception when duplicate_object or unique_violation then null;
    end $$`)
    .execute(db);
  await sql.raw(`grant ${ROLE} to ${RUNTIME}`).execute(db);
  await sql
    .raw(`do $$ begin
      execute format('grant ${ROLE} to %I', current_user);
    exception when others then null;
    end $$`)
    .execute(db);
  await sql.raw(`grant usage on schema public to ${ROLE}`).execute(db);

  for (const table of STAFF_TABLES) {
    await sql.raw(`grant select, insert, update, delete on ${table} to ${ROLE}`).execute(db);
    await sql
      .raw(`create policy ${table}_directory on ${table} to ${ROLE} using (true) with check (true)`)
      .execute(db);
  }
  // Which authorities a membership names, as every page shows them.
  await sql.raw(`grant select on verbund, authority to ${ROLE}`).execute(db);
  await sql
    .raw(`create policy authority_staff_directory on authority for select to ${ROLE} using (true)`)
    .execute(db);
  // Invitation mails are queued with the invitation; like the web role, it cannot read back.
  await sql.raw(`grant insert on mail_outbox to ${ROLE}`).execute(db);
  await sql
    .raw(`create policy mail_outbox_staff_directory on mail_outbox for insert to ${ROLE}
      with check (true)`)
    .execute(db);
  // Sign-ins, failures and sign-outs in the audit chains: appended after the chain's last
  // entry, which it reads for the link; it cannot write any other kind of entry.
  await sql.raw(`grant select, insert on audit_entry to ${ROLE}`).execute(db);
  await sql
    .raw(`create policy audit_entry_staff_directory_read on audit_entry for select to ${ROLE}
      using (true)`)
    .execute(db);
  await sql
    .raw(`create policy audit_entry_staff_directory_append on audit_entry for insert to ${ROLE}
      with check (action like 'staff.%')`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`drop policy audit_entry_staff_directory_append on audit_entry`).execute(db);
  await sql.raw(`drop policy audit_entry_staff_directory_read on audit_entry`).execute(db);
  await sql.raw(`revoke select, insert on audit_entry from ${ROLE}`).execute(db);
  await sql.raw(`drop policy mail_outbox_staff_directory on mail_outbox`).execute(db);
  await sql.raw(`revoke insert on mail_outbox from ${ROLE}`).execute(db);
  await sql.raw(`drop policy authority_staff_directory on authority`).execute(db);
  await sql.raw(`revoke select on verbund, authority from ${ROLE}`).execute(db);
  for (const table of STAFF_TABLES) {
    await sql.raw(`drop policy ${table}_directory on ${table}`).execute(db);
    await sql.raw(`revoke all on ${table} from ${ROLE}`).execute(db);
  }
  await sql.raw(`revoke usage on schema public from ${ROLE}`).execute(db);
  // The role stays: it is cluster-wide, and other databases may still use it.
}
