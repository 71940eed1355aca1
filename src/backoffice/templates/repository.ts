// Queries of the reply templates (Textbausteine), run as the authority (withAuthority): the
// policy reply_template_authority keeps every other authority's templates out.
import type { Kysely } from 'kysely';
import type { ApplicationStatusValue, DB } from '../../db/schema.ts';

type Db = Kysely<DB>;

export type TemplateFields = {
  title: string;
  body: string;
  onlineServiceId: string | null;
  status: ApplicationStatusValue | null;
};

export function listTemplates(db: Db, authorityId: string) {
  return db
    .selectFrom('reply_template as r')
    .leftJoin('online_service as s', 's.id', 'r.online_service_id')
    .select([
      'r.id',
      'r.title',
      'r.body',
      'r.online_service_id',
      'r.status',
      's.title as service_title',
      'r.updated_at',
    ])
    .where('r.authority_id', '=', authorityId)
    .orderBy('r.title')
    .orderBy('r.id')
    .execute();
}

export function findTemplate(db: Db, authorityId: string, id: string) {
  return db
    .selectFrom('reply_template')
    .select(['id', 'title', 'body', 'online_service_id', 'status'])
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertTemplate(
  db: Db,
  row: TemplateFields & { verbundId: string; authorityId: string },
): Promise<string> {
  const { id } = await db
    .insertInto('reply_template')
    .values({
      verbund_id: row.verbundId,
      authority_id: row.authorityId,
      online_service_id: row.onlineServiceId,
      status: row.status,
      title: row.title,
      body: row.body,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateTemplate(
  db: Db,
  authorityId: string,
  id: string,
  row: TemplateFields,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('reply_template')
    .set({
      online_service_id: row.onlineServiceId,
      status: row.status,
      title: row.title,
      body: row.body,
      updated_at: at,
    })
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteTemplate(db: Db, authorityId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('reply_template')
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The Verbund's online services with a form: what a template can be limited to. */
export function listServices(db: Db, verbundId: string) {
  return db
    .selectFrom('online_service')
    .select(['id', 'title'])
    .where('verbund_id', '=', verbundId)
    .where('form_id', 'is not', null)
    .orderBy('title')
    .execute();
}
