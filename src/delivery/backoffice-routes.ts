// The deliveries pages of the back office (/verwaltung/zustellungen) and the banner notice,
// for the authority's admins: registered inside the back office by src/app/web.ts.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { BackofficeKit, BackofficeNotice, BackofficePages } from '../backoffice/pages.ts';
import type { StaffSession } from '../backoffice/staff.ts';
import { isUuid } from '../uuid.ts';
import type { DeliveryAttention } from './attention.ts';
import { DELIVERIES_HREF, deliveryBanner, deliveryListPage } from './backoffice-views.ts';

const isAdmin = (s: StaffSession) => s.current?.role === 'authority_admin';

/** The banner on every page an authority admin sees while deliveries failed or are late. */
export function deliveryNotice(attention: DeliveryAttention): BackofficeNotice {
  return async (staff, { t }) => {
    if (staff.stage !== 'active' || !isAdmin(staff) || staff.current === undefined) return;
    const counts = await attention.counts(staff.current.authorityId);
    if (counts.failed === 0 && counts.late === 0) return;
    return deliveryBanner(t, counts);
  };
}

export function deliveryPages(attention: DeliveryAttention): BackofficePages {
  return async (untyped, kit: BackofficeKit) => {
    const app = untyped.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      DELIVERIES_HREF,
      {
        preHandler: kit.active,
        schema: {
          querystring: Type.Object({ erneut: Type.Optional(Type.String({ maxLength: 10 })) }),
        },
      },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        const rows = await attention.list(s.current.authorityId);
        const f = await kit.staffFrame(request, reply);
        const { erneut } = request.query;
        return reply.page(
          deliveryListPage(f, {
            rows,
            ...(erneut === '1' ? { notice: 'resent' as const } : {}),
            ...(erneut === '0' ? { notice: 'gone' as const } : {}),
          }),
        );
      },
    );

    app.post(
      `${DELIVERIES_HREF}/:id/erneut-senden`,
      {
        preHandler: [app.csrfProtection, kit.active],
        schema: {
          params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
          body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }),
        },
      },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        const { id } = request.params;
        const resent =
          isUuid(id) &&
          (await attention.resend(
            { staffId: s.staffId, verbundId: s.verbundId, authorityId: s.current.authorityId },
            id,
            request.ip,
          ));
        // Post/redirect/get: a reload does not send again; the list says what happened.
        return reply.redirect(`${DELIVERIES_HREF}?erneut=${resent ? '1' : '0'}`, 303);
      },
    );
  };
}
