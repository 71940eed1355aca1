// Citizens' TOTP secrets at rest (ADR 0022): each second factor has its own data key, wrapped
// by a Verbund key (ADR 0012), and the secret is sealed with it; a database dump or backup
// shows no secret. Rows stored before hold the secret in clear until the worker seals them
// (seal-plain.ts); both forms open here.
import {
  type Keyring,
  newDataKey,
  openDataKey,
  type Scope,
  scopeOf,
  seal,
  unsealText,
} from '../../envelope/envelope.ts';

/** The scope of an account's second-factor data key; the rewrap job names it too. */
export const totpScope = (accountId: string): Scope => scopeOf('account_totp', accountId);

const PURPOSE = 'totp';

export type SealedSecret = { key_id: string; wrapped_key: Buffer; secret_sealed: Buffer };

export type StoredSecret = {
  secret: string | null;
  key_id: string | null;
  wrapped_key: Uint8Array | null;
  secret_sealed: Uint8Array | null;
};

/** A new data key for the account's second factor and the secret sealed with it. */
export function sealSecret(keyring: Keyring, accountId: string, secret: string): SealedSecret {
  const { dataKey, wrappedKey } = newDataKey(keyring, totpScope(accountId));
  return {
    key_id: wrappedKey.kekId,
    wrapped_key: wrappedKey.wrapped,
    secret_sealed: seal(dataKey, PURPOSE, secret),
  };
}

/** The secret in clear, from either form of the row. */
export function openSecret(keyring: Keyring, accountId: string, row: StoredSecret): string {
  if (row.secret_sealed === null || row.key_id === null || row.wrapped_key === null) {
    if (row.secret === null) throw new Error(`second factor of ${accountId} holds no secret`);
    return row.secret;
  }
  const dataKey = openDataKey(keyring, totpScope(accountId), {
    key_id: row.key_id,
    wrapped_key: row.wrapped_key,
  });
  return unsealText(dataKey, PURPOSE, row.secret_sealed);
}
