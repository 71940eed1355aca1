import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

export type ProfileFields = {
  given_name: string | null;
  family_name: string | null;
  birth_date: string | null;
  street: string | null;
  house_number: string | null;
  postcode: string | null;
  municipality_id: string | null;
  phone: string | null;
};

const COLUMNS = [
  'id',
  'version',
  'given_name',
  'family_name',
  // A date read as text: no time zone can shift a birthday by a day.
  sql<string | null>`birth_date::text`.as('birth_date'),
  'street',
  'house_number',
  'postcode',
  'municipality_id',
  'phone',
  'created_at',
] as const;

export function currentProfile(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('account_profile')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// The e-mail address and current profile, as forms prefill them and applications keep them.
// Always one row (null columns for an unknown account), so the variant that also switches the
// transaction to the citizen always switches. Fixed texts, prepared (src/db/prepared.ts).
const APPLICANT = `a.email, p.given_name, p.family_name, p.birth_date::text as birth_date, p.street,
    p.house_number, p.postcode, p.municipality_id, p.phone
  from (values (1)) as one (x)
  left join account a on a.id = $1::uuid
  left join lateral (
    select * from account_profile where account_id = a.id order by version desc limit 1
  ) p on true`;
const EMAIL_AND_PROFILE = `/* prepared email_and_profile */ select ${APPLICANT}`;
const EMAIL_AND_PROFILE_THEN_ACT_AS = `/* prepared email_and_profile_then_act_as */
  select set_config('app.account_id', $1::text, true), set_config('role', 'app_user', true),
    ${APPLICANT}`;

export type EmailAndProfile = ProfileFields & { email: string | null };

/** The account's e-mail address with its current profile (all null for an unknown account). */
export async function emailAndProfile(db: Kysely<DB>, accountId: string) {
  const { rows } = await db.executeQuery(
    CompiledQuery.raw(EMAIL_AND_PROFILE, [accountId]) as CompiledQuery<EmailAndProfile>,
  );
  return rows[0];
}

/**
 * The same read, and from the next statement on the transaction acts as that citizen
 * (`app.account_id` and the role `app_user`, as withAccount in src/db/rls.ts): sending an
 * application needs both, and one round trip instead of two shows on the busiest write.
 * The read itself still runs as the portal: the profile tables are the accounts domain's.
 */
export async function emailAndProfileThenActAs(trx: Transaction<DB>, accountId: string) {
  const { rows } = await trx.executeQuery(
    CompiledQuery.raw(EMAIL_AND_PROFILE_THEN_ACT_AS, [accountId]) as CompiledQuery<EmailAndProfile>,
  );
  return rows[0];
}

export function profileVersions(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('account_profile')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .orderBy('version')
    .execute();
}

/** Appends a version; (account_id, version) is unique, so two racing edits cannot both win. */
export async function insertProfileVersion(
  db: Kysely<DB>,
  row: { verbundId: string; accountId: string; version: number } & ProfileFields,
): Promise<string> {
  const { verbundId, accountId, ...fields } = row;
  const inserted = await db
    .insertInto('account_profile')
    .values({ verbund_id: verbundId, account_id: accountId, ...fields })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}
