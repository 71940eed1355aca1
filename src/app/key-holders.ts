// Every table that holds data keys wrapped by the Verbund keys (ADR 0012). The rewrap job and
// `npm run cli -- rewrap-keys` re-wrap all of them, and a Verbund key is retired only when none
// of them names it. A domain that seals something under its own records adds its table here.

import { totpScope } from '../accounts/two-factor/sealing.ts';
import { nameIndexKeyScope } from '../backoffice/name-index/blind-index.ts';
import { sealedTotpId } from '../backoffice/staff.ts';
import { routeKeyScope } from '../delivery/route-secrets.ts';
import { scopeOf } from '../envelope/envelope.ts';
import type { KeyHolder } from '../envelope/rewrap.ts';

export const KEY_HOLDERS: readonly KeyHolder[] = [
  // Applications came first: their scope is the bare id.
  { table: 'application', scope: (id) => id },
  { table: 'draft', scope: (id) => scopeOf('draft', id) },
  { table: 'mailbox_thread', scope: (id) => scopeOf('mailbox_thread', id) },
  // Staff accounts' sealed TOTP secrets (src/backoffice/staff.ts).
  { table: 'staff', scope: sealedTotpId },
  // Citizens' sealed TOTP secrets (src/accounts/two-factor/sealing.ts, ADR 0022).
  { table: 'account_totp', idColumn: 'account_id', scope: totpScope },
  // The Verbund's key of the applicants' name index (src/backoffice/name-index/blind-index.ts).
  { table: 'name_index_key', scope: nameIndexKeyScope },
  // Delivery routes' sealed secrets (src/delivery/route-secrets.ts); null on routes without any.
  {
    table: 'delivery_route',
    scope: routeKeyScope,
    columns: { keyId: 'secrets_key_id', wrappedKey: 'secrets_wrapped_key' },
  },
];
