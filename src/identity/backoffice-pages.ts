// The back office's "Anmeldedienste" (/verwaltung/anmeldedienste) for the Verbund's admins: the
// identity providers every member's citizens sign in with. Other roles get 403 with a German
// page, as the authority admins' pages do.
import type { Kysely } from 'kysely';
import type { BackofficeKit, BackofficePages } from '../backoffice/pages.ts';
import type { DB } from '../db/schema.ts';
import { messagePage } from '../web/layout.ts';
import { PROVIDERS_HREF, providersPage } from './backoffice-views.ts';
import { listProviders } from './providers.ts';

export function providerPages(deps: { db: Kysely<DB> }): BackofficePages {
  return async (app, kit: BackofficeKit) => {
    app.get(PROVIDERS_HREF, { preHandler: kit.active }, async (request, reply) => {
      const s = kit.staffOf(request);
      const f = await kit.staffFrame(request, reply);
      // The Verbund's admins work for no authority: the membership without one says it.
      if (!s.memberships.some((m) => m.role === 'verbund_admin')) {
        return reply.page(
          messagePage(f, f.t('identity.backoffice.forbidden.title'), [
            f.t('identity.backoffice.forbidden'),
          ]),
          403,
        );
      }
      const providers = await listProviders(deps.db, s.verbundId);
      return reply.page(providersPage(f, providers));
    });
  };
}
