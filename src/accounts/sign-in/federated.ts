// What federated sign-in (src/identity/) needs of the Bürgerkonto: an account made from what a
// provider delivered, and a session at the level the provider vouched for. Identity gets these
// functions from the composition root; it never touches the account tables itself.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { withAccount } from '../../db/rls.ts';
import type { DB, TrustLevel } from '../../db/schema.ts';
import * as repo from '../repository.ts';
import { newToken } from '../tokens.ts';
import { PRIVACY_VERSION, SESSION_ABSOLUTE_MS } from './service.ts';

// An account made by a provider has no password: this value is no Argon2 hash, so every
// password sign-in fails on it (verify rejects it) until the citizen sets one by reset.
const NO_PASSWORD = '!federated';

export type FederatedAccounts = ReturnType<typeof createFederatedAccounts>;

export function createFederatedAccounts(deps: { db: Kysely<DB>; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  /**
   * A new Bürgerkonto for an address the provider delivered (and verified); undefined when
   * the Verbund already has an account with that address: the citizen must link it instead.
   */
  async function createAccount(
    verbundId: string,
    email: string,
    language: 'de' | 'en',
  ): Promise<string | undefined> {
    const at = now();
    // The account tables are under RLS (ADR 0021): the new account acts for itself.
    const newId = randomUUID();
    return withAccount(db, newId, async (trx) => {
      const id = await repo.insertAccount(trx, {
        id: newId,
        verbundId,
        email: email.trim().toLowerCase(),
        passwordHash: NO_PASSWORD,
        privacyVersion: PRIVACY_VERSION,
        at,
        language,
      });
      if (id === undefined) return undefined;
      await repo.markVerified(trx, id, at);
      await repo.insertSecurityEvent(trx, {
        verbundId,
        accountId: id,
        kind: 'account.registered_federated',
        at,
      });
      return id;
    });
  }

  /**
   * A new session at `level` (its id is new: a sign-in and a step-up rotate it); the session
   * this browser had before ends. The session's created_at is the time of authentication.
   */
  async function startSession(input: {
    verbundId: string;
    accountId: string;
    level: TrustLevel;
    replaces: string | undefined;
  }): Promise<{ token: string; expiresAt: Date }> {
    const at = now();
    const session = newToken();
    const expiresAt = new Date(at.getTime() + SESSION_ABSOLUTE_MS);
    await withAccount(db, input.accountId, async (trx) => {
      if (input.replaces !== undefined) await repo.deleteSession(trx, input.replaces);
      await repo.insertSession(trx, {
        hash: session.hash,
        verbundId: input.verbundId,
        accountId: input.accountId,
        trustLevel: input.level,
        at,
        expiresAt,
      });
      await repo.recordLogin(trx, input.accountId, at);
      await repo.insertSecurityEvent(trx, {
        verbundId: input.verbundId,
        accountId: input.accountId,
        kind: `login.federated.${input.level}`,
        at,
      });
    });
    return { token: session.token, expiresAt };
  }

  /**
   * Ends sessions an identity provider has ended (a SAML LogoutRequest): the citizen's next
   * request finds none, and their security log says the provider signed them out.
   */
  async function endSessions(sessionHashes: string[]): Promise<void> {
    for (const hash of sessionHashes) {
      const session = await repo.findSession(db, hash);
      await repo.deleteSession(db, hash);
      if (session === undefined) continue;
      const accountId = session.account_id;
      await withAccount(db, accountId, async (trx) => {
        const account = await trx
          .selectFrom('account')
          .select('verbund_id')
          .where('id', '=', accountId)
          .executeTakeFirst();
        if (account === undefined) return;
        await repo.insertSecurityEvent(trx, {
          verbundId: account.verbund_id,
          accountId,
          kind: 'logout.provider',
          at: now(),
        });
      });
    }
  }

  return { createAccount, startSession, endSessions };
}
