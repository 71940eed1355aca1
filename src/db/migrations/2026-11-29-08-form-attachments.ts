import { type Kysely, sql } from 'kysely';

// Files a citizen attached to a form, kept with the draft until the application is submitted.
// A row belongs to its draft (deleted with it, so with an expired or discarded draft too) and
// is visible exactly when that draft is: the policy asks the draft table, whose own policies
// decide by account or anonymous cookie. Only files that passed every check are stored; an
// infected file never is. See docs/adr/0011-form-attachments.md.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table form_attachment (
      id uuid primary key default gen_random_uuid(),
      draft_id uuid not null references draft (id) on delete cascade,
      field_id text not null check (length(field_id) <= 64),
      -- Sanitised for display and download; never used as a path.
      file_name text not null check (length(file_name) between 1 and 200),
      -- Sniffed from the content, never taken from the upload's name or header.
      media_type text not null check (media_type in ('application/pdf', 'image/png', 'image/jpeg')),
      size integer not null check (size > 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      -- 'clean': a configured virus scanner passed it; 'unscanned': no scanner was configured.
      scan_status text not null check (scan_status in ('clean', 'unscanned')),
      scanned_at timestamptz,
      content bytea not null,
      created_at timestamptz not null default now(),
      check (octet_length(content) = size),
      check ((scan_status = 'clean') = (scanned_at is not null))
    )`.execute(db);
  await sql`create index form_attachment_draft on form_attachment (draft_id, created_at)`.execute(
    db,
  );

  await sql`grant select, insert, delete on form_attachment to app_user`.execute(db);
  await sql`grant select, delete on form_attachment to app_worker`.execute(db);
  await sql`alter table form_attachment enable row level security`.execute(db);
  await sql`alter table form_attachment force row level security`.execute(db);
  await sql`
    create policy form_attachment_owner on form_attachment to app_user
      using (exists (select 1 from draft d where d.id = form_attachment.draft_id))
      with check (exists (select 1 from draft d where d.id = form_attachment.draft_id))`.execute(
    db,
  );
  await sql`create policy form_attachment_worker on form_attachment to app_worker using (true)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table form_attachment`.execute(db);
}
