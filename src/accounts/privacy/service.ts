import type { Kysely } from 'kysely';
import { withAccount } from '../../db/rls.ts';
import type { DB } from '../../db/schema.ts';
import { ValidationError } from '../../errors.ts';
import { verifyPassword } from '../passwords.ts';
import { profileVersions } from '../profile/repository.ts';
import * as repo from '../repository.ts';

/**
 * A domain's share of a citizen's data export (GDPR Art. 15 and 20). Domains that store data
 * about an account (Postfach, drafts, applications) contribute one; the account domain owns
 * the file as a whole.
 */
export type ExportPart = {
  name: string;
  collect(db: Kysely<DB>, accountId: string): Promise<unknown>;
};

export type PrivacyDeps = {
  db: Kysely<DB>;
  verbund: () => Promise<{ id: string; name: string }>;
  parts?: ExportPart[];
  now?: () => Date;
};

export type DataExport = {
  format: 'rathausnetz-export/1';
  exportedAt: string;
  controller: string;
  account: Record<string, unknown>;
  [part: string]: unknown;
};

export function createPrivacy(deps: PrivacyDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  async function exportData(accountId: string): Promise<DataExport> {
    const verbund = await deps.verbund();
    const own = await withAccount(db, accountId, async (trx) => {
      const account = await trx
        .selectFrom('account')
        .select([
          'email',
          'email_verified_at',
          'privacy_version',
          'privacy_accepted_at',
          'language',
          'created_at',
          'last_login_at',
        ])
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (account === undefined) return undefined;
      const sessions = await trx
        .selectFrom('account_session')
        .select(['trust_level', 'created_at', 'last_seen_at', 'expires_at'])
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .execute();
      const versions = await profileVersions(trx, accountId);
      const securityLog = await repo.listSecurityEvents(trx, accountId, 10_000);
      return { account, sessions, versions, securityLog };
    });
    if (own === undefined) throw new ValidationError({ account: 'accounts.error.linkInvalid' });
    const result: DataExport = {
      format: 'rathausnetz-export/1',
      exportedAt: now().toISOString(),
      controller: verbund.name,
      account: own.account,
      profileVersions: own.versions.map(({ id: _id, ...version }) => version),
      sessions: own.sessions,
      securityLog: own.securityLog,
    };
    // Each part acts as the account in its own transaction.
    for (const part of deps.parts ?? []) result[part.name] = await part.collect(db, accountId);
    await withAccount(db, accountId, (trx) =>
      repo.insertSecurityEvent(trx, {
        verbundId: verbund.id,
        accountId,
        kind: 'data.exported',
        at: now(),
      }),
    );
    return result;
  }

  /**
   * Deletes the account and everything that hangs on it (sessions, links, profile, Postfach,
   * drafts: foreign keys cascade). The security log keeps its entries without the account, and
   * submitted applications stay with the authorities under their retention rules.
   */
  async function deleteAccount(
    accountId: string,
    password: string,
    confirmed: boolean,
  ): Promise<void> {
    const errors: Record<string, string> = {};
    if (!confirmed) errors.confirm = 'accounts.delete.error.confirm';
    const stored = await withAccount(db, accountId, (trx) =>
      trx
        .selectFrom('account')
        .select(['password_hash', 'verbund_id'])
        .where('id', '=', accountId)
        .executeTakeFirst(),
    );
    if (!(await verifyPassword(stored?.password_hash, password.slice(0, 1024)))) {
      errors.password = 'accounts.delete.error.password';
    }
    if (Object.keys(errors).length > 0 || stored === undefined) throw new ValidationError(errors);
    await withAccount(db, accountId, (trx) =>
      eraseAccount(trx, accountId, stored.verbund_id, 'account.deleted', now()),
    );
  }

  return { exportData, deleteAccount };
}

/**
 * Deletes an account with all that cascades from it; the security log keeps an unlinked note.
 * Its older entries are unlinked by their foreign key (on delete set null): a referential
 * action, so it also reaches them from a citizen's own transaction, whose policies admit no
 * entry without an account (ADR 0021).
 */
export async function eraseAccount(
  trx: Kysely<DB>,
  accountId: string,
  verbundId: string,
  kind: 'account.deleted' | 'account.deleted_inactive',
  at: Date,
) {
  await trx.deleteFrom('account').where('id', '=', accountId).execute();
  await repo.insertSecurityEvent(trx, { verbundId, accountId: null, kind, at });
}

/** Whether two-factor sign-in is on, and how many recovery codes are left: no secrets. */
export const twoFactorExport: ExportPart = {
  name: 'twoFactor',
  collect: (db, accountId) =>
    withAccount(db, accountId, async (trx) => {
      const totp = await trx
        .selectFrom('account_totp')
        .select(['confirmed_at'])
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      const codes = await trx
        .selectFrom('account_recovery_code')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('account_id', '=', accountId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return { enabledAt: totp?.confirmed_at ?? null, unusedRecoveryCodes: Number(codes.n) };
    }),
};
