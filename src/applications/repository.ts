// Queries of the applications domain. Every function takes the transaction it runs in: the
// caller has set who is acting (citizen, anonymous browser, authority, worker) and row-level
// security decides what each query sees.
import { CompiledQuery, type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { actForAuthorityColumn } from '../db/rls.ts';
import type { ApplicationAttachmentTable, ApplicationTable, DB } from '../db/schema.ts';
import { deliveriesCte } from '../delivery/submission.ts';
import { type DraftRow, draftDeletionCte, lockedDraftCte } from '../drafts/submission.ts';
import { confirmationCtes } from '../mailbox/submission.ts';
import type { Actor, ApplicationStatus } from './status.ts';

type Db = Kysely<DB> | Transaction<DB>;

const SUMMARY = [
  'a.id',
  'a.reference',
  'a.title',
  'a.leika_key',
  'a.status',
  'a.submitted_at',
  'a.status_changed_at',
  'a.authority_id',
] as const;

export function findByDraft(db: Db, draftId: string) {
  return db
    .selectFrom('application as a')
    .select(['a.id', 'a.reference'])
    .where('a.draft_id', '=', draftId)
    .executeTakeFirst();
}

function applicationQuery(db: Db) {
  return db
    .selectFrom('application as a')
    .innerJoin('authority as au', 'au.id', 'a.authority_id')
    .innerJoin('online_service as os', 'os.id', 'a.online_service_id')
    .select([
      ...SUMMARY,
      'a.verbund_id',
      'a.account_id',
      'a.form_id',
      'a.form_version',
      'a.language',
      'a.key_id',
      'a.wrapped_key',
      'a.payload',
      'a.closed_at',
      'a.receipt_posted_at',
      'a.version',
      'a.online_service_id',
      'au.name as authority_name',
      'au.street as authority_street',
      'au.seat_postcode as authority_postcode',
      'au.seat_locality as authority_locality',
      'au.phone as authority_phone',
      'au.email as authority_email',
      'au.website as authority_website',
      'os.retention_months',
    ]);
}

export function findApplication(db: Db, id: string, lock = false) {
  let query = applicationQuery(db).where('a.id', '=', id);
  if (lock) query = query.forUpdate('a');
  return query.executeTakeFirst();
}

/**
 * Several applications in one read (the delivery worker's batch); missing ids are left out.
 * `lock`: locked in id order, as every batch locks them (no two batches deadlock).
 */
export function findApplications(db: Db, ids: readonly string[], lock = false) {
  if (ids.length === 0) return Promise.resolve([]);
  const query = applicationQuery(db).where('a.id', 'in', [...ids]);
  return lock ? query.orderBy('a.id').forUpdate('a').execute() : query.execute();
}

export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

/** findApplications with the sealed receipt PDF (null until first rendered): for delivery. */
export function findApplicationsWithReceipt(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return applicationQuery(db)
    .select('a.receipt_sealed')
    .where('a.id', 'in', [...ids])
    .execute();
}

/** The sealed receipt PDF of one application; null: not rendered yet (or no such row). */
export async function findSealedReceipt(db: Db, id: string): Promise<Uint8Array | null> {
  const row = await db
    .selectFrom('application')
    .select('receipt_sealed')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.receipt_sealed ?? null;
}

/**
 * Stores receipts just rendered, each sealed, in one statement; one already stored stays (the
 * first rendering is the one every later copy carries).
 */
export async function storeSealedReceipts(
  db: Db,
  receipts: readonly { id: string; sealed: Buffer }[],
): Promise<void> {
  if (receipts.length === 0) return;
  const rows = receipts.map((r) => sql`(${r.id}::uuid, ${r.sealed}::bytea)`);
  await sql`
    update application as a set receipt_sealed = v.sealed
    from (values ${sql.join(rows)}) as v (id, sealed)
    where a.id = v.id and a.receipt_sealed is null`.execute(db);
}

/** "Meine Anträge": newest first. */
export function listOfAccount(db: Db, accountId: string, limit: number) {
  return db
    .selectFrom('application as a')
    .innerJoin('authority as au', 'au.id', 'a.authority_id')
    .select([...SUMMARY, 'au.name as authority_name'])
    .where('a.account_id', '=', accountId)
    .orderBy('a.submitted_at', 'desc')
    .limit(limit)
    .execute();
}

export function listEvents(db: Db, applicationId: string) {
  return db
    .selectFrom('application_event')
    .select([
      'id',
      'status',
      'actor',
      'note',
      'created_at',
      sql<string | null>`due_on::text`.as('due_on'),
      'decision_attachment_id',
    ])
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
}

export async function insertApplication(db: Db, row: Insertable<ApplicationTable>): Promise<void> {
  await db.insertInto('application').values(row).execute();
}

// The draft locked for sending, and in the same round trip the transaction also acts as the
// responsible authority and draws the number (a rolled-back send skips one; that is all). The
// lock sits in its own CTE so that the setting and the number are made only for a row that is
// still there once locked (a concurrent send may delete it while this one waits). A fixed text,
// prepared (src/db/prepared.ts). No row: gone (sent, expired) or not the owner's.
const LOCK_DRAFT = `/* prepared submission_lock_draft */
  with ${lockedDraftCte('locked', '$1', '$2')}
  select locked.*,
    ${actForAuthorityColumn('locked.authority_id')},
    nextval('application_number')::text as number
  from locked`;

export async function lockDraftForSubmission(trx: Transaction<DB>, draftId: string, at: Date) {
  const { rows } = await trx.executeQuery(
    CompiledQuery.raw(LOCK_DRAFT, [draftId, at]) as CompiledQuery<DraftRow & { number: string }>,
  );
  return rows[0];
}

/** What one submission writes besides its files (see insertSubmission). */
export type SubmissionRows = {
  application: Omit<
    Insertable<ApplicationTable>,
    'status' | 'status_changed_at' | 'closed_at' | 'retain_until' | 'receipt_posted_at'
  > & { submitted_at: Date };
  /**
   * The Postfach thread with the confirmation, sealed under the thread's own data key
   * (src/mailbox/sealing.ts); null for anonymous use (no Postfach).
   */
  confirmation: {
    threadId: string;
    subject: string;
    keyId: string;
    wrappedKey: Uint8Array;
    messageId: string;
    sealedBody: Uint8Array;
  } | null;
};

// A fixed text, prepared (src/db/prepared.ts), assembled once from each domain's part: the
// application and its event (here), one delivery per route (delivery/submission.ts), the Postfach
// confirmation (mailbox/submission.ts: the thread's id and data key $21-$23, the message's id $24,
// its sealed text $20) and the draft's deletion (drafts/submission.ts). $17 is the time of every
// row; $18 the account that gets the Postfach confirmation, null for none.
const INSERT_SUBMISSION = `/* prepared submission_insert */
  with app as (
    insert into application (id, verbund_id, authority_id, account_id, anonymous_key_hash,
      draft_id, online_service_id, leika_key, title, form_id, form_version, reference, language,
      status, key_id, wrapped_key, payload, submitted_at, status_changed_at)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'submitted', $14, $15, $16,
      $17, $17)
    returning id, verbund_id, authority_id, account_id, online_service_id),
  event as (
    insert into application_event (application_id, authority_id, account_id, status, actor, created_at)
    select id, authority_id, account_id, 'submitted', 'system', $17 from app),
  ${deliveriesCte({ application: 'app', at: '$17' })},
  ${confirmationCtes({ application: 'app', verbund: '$2', account: '$18', subject: '$19', sealedBody: '$20', at: '$17', threadId: '$21', keyId: '$22', wrappedKey: '$23', messageId: '$24' })},
  ${draftDeletionCte('gone', '$6')}
  select count(*)::int as deleted from gone`;

/**
 * Writes a submission in one statement: the application, its `submitted` event, one delivery
 * per route (src/delivery/submission.ts), the Postfach thread with the confirmation, and the draft's deletion. Sending is
 * the portal's busiest write; as one statement it costs one round trip instead of seven
 * (ADR 0013). Foreign keys between the parts are checked at the end of the statement, row-level
 * security on every row as usual. Returns whether the draft was there to delete.
 */
export async function insertSubmission(
  db: Transaction<DB>,
  { application: a, confirmation }: SubmissionRows,
): Promise<boolean> {
  // pg sends Buffers as bytea; a plain Uint8Array would be sent as text.
  const bytes = (value: Uint8Array) =>
    Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const { rows } = await db.executeQuery(
    CompiledQuery.raw(INSERT_SUBMISSION, [
      a.id,
      a.verbund_id,
      a.authority_id,
      a.account_id,
      a.anonymous_key_hash ?? null,
      a.draft_id,
      a.online_service_id,
      a.leika_key,
      a.title,
      a.form_id,
      a.form_version,
      a.reference,
      a.language,
      a.key_id,
      bytes(a.wrapped_key),
      bytes(a.payload),
      a.submitted_at,
      confirmation === null ? null : a.account_id,
      confirmation?.subject ?? '',
      confirmation === null ? null : bytes(confirmation.sealedBody),
      confirmation?.threadId ?? null,
      confirmation?.keyId ?? null,
      confirmation === null ? null : bytes(confirmation.wrappedKey),
      confirmation?.messageId ?? null,
    ]) as CompiledQuery<{ deleted: number }>,
  );
  return Number(rows[0]?.deleted ?? 0) === 1;
}

type EventRow = {
  applicationId: string;
  authorityId: string;
  accountId: string | null;
  status: ApplicationStatus;
  actor: Actor;
  note: string | null;
  at: Date;
  /** A request for information: answer by (YYYY-MM-DD). */
  dueOn?: string | null;
  /** A decision: its file in the Postfach. */
  decisionAttachmentId?: string | null;
};

/** Events of several applications in one statement. */
export async function insertEvents(db: Db, rows: readonly EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('application_event')
    .values(
      rows.map((row) => ({
        application_id: row.applicationId,
        authority_id: row.authorityId,
        account_id: row.accountId,
        status: row.status,
        actor: row.actor,
        note: row.note,
        created_at: row.at,
        due_on: row.dueOn ?? null,
        decision_attachment_id: row.decisionAttachmentId ?? null,
      })),
    )
    .execute();
}

export function insertEvent(db: Db, row: EventRow): Promise<void> {
  return insertEvents(db, [row]);
}

/** One status change of several applications, none of them closed by it. */
export async function setStatusOfOpen(
  db: Db,
  ids: readonly string[],
  change: { status: ApplicationStatus; at: Date },
): Promise<void> {
  await db
    .updateTable('application')
    .set({
      status: change.status,
      status_changed_at: change.at,
      closed_at: null,
      retain_until: null,
      version: sql<number>`version + 1`,
    })
    .where('id', 'in', [...ids])
    .execute();
}

export async function setStatus(
  db: Db,
  id: string,
  change: { status: ApplicationStatus; at: Date; closedAt: Date | null; retainUntil: Date | null },
): Promise<void> {
  await db
    .updateTable('application')
    .set({
      status: change.status,
      status_changed_at: change.at,
      closed_at: change.closedAt,
      retain_until: change.retainUntil,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .execute();
}

export async function insertAttachment(
  db: Db,
  row: Insertable<ApplicationAttachmentTable>,
): Promise<void> {
  await db.insertInto('application_attachment').values(row).execute();
}

/** The files with their sealed content of several applications, for a batch of deliveries. */
/** One file of an application with its sealed content (a delivery's download link). */
export function findAttachmentContent(db: Db, applicationId: string, attachmentId: string) {
  return db
    .selectFrom('application_attachment')
    .select(['id', 'field_id', 'file_name', 'media_type', 'size', 'sha256', 'content'])
    .where('application_id', '=', applicationId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

export function listAttachmentContentsOf(db: Db, applicationIds: readonly string[]) {
  if (applicationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('application_attachment')
    .select([
      'application_id',
      'id',
      'field_id',
      'file_name',
      'media_type',
      'size',
      'sha256',
      'content',
    ])
    .where('application_id', 'in', [...applicationIds])
    .orderBy('application_id')
    .orderBy('field_id')
    .orderBy('position')
    .execute();
}

export function listAttachments(db: Db, applicationId: string) {
  return db
    .selectFrom('application_attachment')
    .select(['id', 'field_id', 'file_name', 'media_type', 'size', 'scan_status'])
    .where('application_id', '=', applicationId)
    .orderBy('field_id')
    .orderBy('position')
    .execute();
}

/** One attachment with its encrypted content, for the authority's staff. */
export function findAttachment(db: Db, applicationId: string, attachmentId: string) {
  return db
    .selectFrom('application_attachment')
    .select(['id', 'file_name', 'media_type', 'size', 'scan_status', 'content'])
    .where('application_id', '=', applicationId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

/** The Postfach thread opened for the application (its confirmation), and its first message. */
/**
 * The receipt job's mark for applications without a Postfach (anonymous use): nothing to
 * attach, so one statement for all of `ids` instead of a transaction each. Rows another
 * transaction holds are skipped, not waited for (another worker marking them, most likely);
 * they stay pending for the next run. Returns the ids marked.
 */
export async function markReceiptsPosted(
  trx: Transaction<DB>,
  ids: readonly string[],
  at: Date,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: string }>`
    update application set receipt_posted_at = ${at}
    where id in (
      select id from application
      where id in (${sql.join(ids)}) and receipt_posted_at is null
      order by id
      for update skip locked)
    returning id`.execute(trx);
  return rows.map((r) => r.id);
}

export function findThreadOf(db: Db, applicationId: string) {
  return db
    .selectFrom('mailbox_thread as t')
    .innerJoin('mailbox_message as m', 'm.thread_id', 't.id')
    .select([
      't.id',
      't.verbund_id',
      't.authority_id',
      't.account_id',
      't.subject',
      't.key_id',
      't.wrapped_key',
      'm.id as first_message_id',
    ])
    .where('t.application_id', '=', applicationId)
    .orderBy('m.sent_at')
    .limit(1)
    .executeTakeFirst();
}

/** The messages of the application's threads, for its detail page. */
export function listMessagesOf(db: Db, applicationId: string) {
  return db
    .selectFrom('mailbox_message as m')
    .innerJoin('mailbox_thread as t', 't.id', 'm.thread_id')
    .select([
      'm.id',
      't.id as thread_id',
      't.key_id',
      't.wrapped_key',
      'm.sender',
      'm.body',
      'm.sealed_body',
      'm.sent_at',
      'm.read_at',
    ])
    .where('t.application_id', '=', applicationId)
    .orderBy('m.sent_at')
    .execute();
}
