// A callback from the FIT-Connect service about a case of one route: verified with the
// route's callback secret, then only a nudge. The delivery becomes due at once and the worker
// reads the case's signed event log; the callback's own words decide nothing, so a replayed
// or guessed callback can at most cause one more read of the log.
import type { Kysely } from 'kysely';
import { withAuthority } from '../../../db/rls.ts';
import type { DB } from '../../../db/schema.ts';
import type { Keyring } from '../../../envelope/envelope.ts';
import { isUuid } from '../../../uuid.ts';
import * as repo from '../../repository.ts';
import { resolveConfig } from '../../route-settings.ts';
import type { Registry } from '../registry.ts';
import { callbackProblem } from './callback-signature.ts';

export type CallbackOutcome =
  | { ok: true; nudged: number }
  | { ok: false; status: 400 | 401 | 404; message: string };

export function createFitconnectCallbacks(deps: {
  db: Kysely<DB>;
  connectors: Registry;
  keyring: Keyring;
}) {
  return async function handleCallback(p: {
    authorityId: string;
    routeId: string;
    timestamp: string | undefined;
    signature: string | undefined;
    body: string;
    at: Date;
  }): Promise<CallbackOutcome> {
    const unknown = {
      ok: false,
      status: 404,
      message: 'Diesen Rückruf-Weg gibt es nicht.',
    } as const;
    if (!isUuid(p.authorityId) || !isUuid(p.routeId)) return unknown;
    return withAuthority(deps.db, p.authorityId, async (trx) => {
      const route = await repo.findRoute(trx, p.routeId);
      if (route === undefined || route.connector_type !== 'fitconnect') return unknown;
      const resolved = resolveConfig(route, deps.connectors, deps.keyring);
      const secret = resolved.ok ? resolved.config.callbackSecret : undefined;
      if (typeof secret !== 'string') return unknown;
      const problem = callbackProblem(secret, {
        timestamp: p.timestamp,
        signature: p.signature,
        body: p.body,
        nowSeconds: Math.floor(p.at.getTime() / 1000),
      });
      if (problem !== undefined) return { ok: false, status: 401, message: problem } as const;
      let caseId: unknown;
      try {
        caseId = (JSON.parse(p.body) as { caseId?: unknown }).caseId;
      } catch {
        return { ok: false, status: 400, message: 'Der Rückruf ist kein JSON.' } as const;
      }
      if (typeof caseId !== 'string' || !isUuid(caseId)) {
        return {
          ok: false,
          status: 400,
          message: 'Dem Rückruf fehlt eine gültige caseId.',
        } as const;
      }
      const result = await trx
        .updateTable('delivery')
        .set({ next_attempt_at: p.at, updated_at: p.at })
        .where('route_id', '=', route.id)
        .where('status', '=', 'pending')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('fitconnect_submission')
            .select('delivery_id')
            .where('case_id', '=', caseId),
        )
        .executeTakeFirst();
      return { ok: true, nudged: Number(result.numUpdatedRows) } as const;
    });
  };
}

export type HandleFitconnectCallback = ReturnType<typeof createFitconnectCallbacks>;
