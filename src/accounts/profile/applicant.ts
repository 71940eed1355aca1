// What other domains read of the profile in their own transactions: forms prefill from it
// (drafts) and applications keep it (applications/submit.ts). The profile tables stay the
// accounts domain's (repository.ts); these are the reads it exports.
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { ACT_AS_ACCOUNT_PARAM_1, ACTING_ACCOUNT_PARAM_1, withAccount } from '../../db/rls.ts';
import type { DB } from '../../db/schema.ts';
import type { ProfileFields } from './repository.ts';
import * as repo from './repository.ts';

/** The account's current profile version, read acting as the account. */
export function currentProfile(db: Kysely<DB>, accountId: string) {
  return withAccount(db, accountId, (trx) => repo.currentProfile(trx, accountId));
}

// The e-mail address and current profile, as forms prefill them and applications keep them.
// Always one row (null columns for an unknown account), so the variant that also switches the
// transaction to the citizen always switches. One round trip: the statement acts as the
// citizen (ACTING_ACCOUNT_PARAM_1) and reads through the lookup function that shows only the
// account acted for (ADR 0021). Fixed texts, prepared (src/db/prepared.ts).
const APPLICANT = `f.email, f.given_name, f.family_name, f.birth_date, f.street, f.house_number,
    f.postcode, f.municipality_id, f.phone
  from ${ACTING_ACCOUNT_PARAM_1} cross join lateral account_applicant(acting.account) f`;
const EMAIL_AND_PROFILE = `/* prepared email_and_profile */ select ${APPLICANT}`;
const EMAIL_AND_PROFILE_THEN_ACT_AS = `/* prepared email_and_profile_then_act_as */
  select ${ACT_AS_ACCOUNT_PARAM_1}, ${APPLICANT}`;

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
 * The read itself runs through the account lookup function, before the role switch.
 */
export async function emailAndProfileThenActAs(trx: Transaction<DB>, accountId: string) {
  const { rows } = await trx.executeQuery(
    CompiledQuery.raw(EMAIL_AND_PROFILE_THEN_ACT_AS, [accountId]) as CompiledQuery<EmailAndProfile>,
  );
  return rows[0];
}
