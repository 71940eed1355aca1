// The Verbund's own members, one set of routes per role: "Administration des Verbunds"
// (/verwaltung/verbund/administration) and "Prüfung des Verbunds" (/verwaltung/verbund/pruefende,
// ADR 0046). Each lists, invites by mail (POST on the page), and locks or unlocks one member
// (POST …/:staffId/sperren, …/freigeben); a refused lock answers 409 with the page and why.
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.ts';
import type { StaffSession } from '../staff.ts';
import { MEMBER_PAGES, type VerbundMembersView, verbundMembersPage } from './members-views.ts';
import { LockRefusedError, type VerbundMemberRole } from './office.ts';
import type { VerbundRoutes } from './route-kit.ts';

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

const REFUSED = {
  self: 'verbund.members.refused.self',
  lastAdmin: 'verbund.members.refused.lastAdmin',
} as const satisfies Record<LockRefusedError['reason'], string>;

export function memberPages({ app, kit, office, verbundAdmin, errorsOf }: VerbundRoutes): void {
  for (const role of ['verbund_admin', 'auditor'] as const satisfies VerbundMemberRole[]) {
    const { href } = MEMBER_PAGES[role];
    const show = async (
      request: FastifyRequest,
      reply: FastifyReply,
      s: StaffSession,
      view: Omit<VerbundMembersView, 'members'>,
      status = 200,
    ) => {
      const members = await office.members(s, role);
      const f = await kit.staffFrame(request, reply);
      return reply.page(verbundMembersPage(f, role, { ...view, members }), status);
    };

    app.get(href, { preHandler: kit.active }, async (request, reply) => {
      const s = await verbundAdmin(request, reply);
      if (s === undefined) return reply;
      return show(request, reply, s, { errors: [] });
    });

    // "Zugang sperren" and "Zugang wieder freigeben" of one member.
    for (const locked of [true, false]) {
      app.post(
        `${href}/:staffId/${locked ? 'sperren' : 'freigeben'}`,
        {
          preHandler: [app.csrfProtection, kit.active],
          schema: {
            params: Type.Object({ staffId: Type.String({ maxLength: 100 }) }),
            body: Type.Object({ _csrf: text(200) }),
          },
        },
        async (request, reply) => {
          const s = await verbundAdmin(request, reply);
          if (s === undefined) return reply;
          try {
            const { name } = await office.setMemberLocked(
              s,
              role,
              request.params.staffId,
              locked,
              request.ip,
            );
            return show(request, reply, s, { changed: { name, locked }, errors: [] });
          } catch (error) {
            if (!(error instanceof LockRefusedError)) throw error;
            const refused = request.ctx.t(REFUSED[error.reason]);
            return show(request, reply, s, { refused, errors: [] }, 409);
          }
        },
      );
    }

    app.post(
      href,
      {
        preHandler: [app.csrfProtection, kit.active],
        schema: {
          body: Type.Object({ inviteEmail: text(300), inviteName: text(300), _csrf: text(200) }),
        },
      },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const { inviteEmail: email = '', inviteName: displayName = '' } = request.body;
        try {
          const { expiresAt } = await office.inviteMember(
            s,
            role,
            { email, displayName },
            request.ip,
            request.ctx.lang,
          );
          return show(request, reply, s, {
            invited: { email: email.trim(), expiresAt },
            errors: [],
          });
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          // The staff invitation names its field `email`; here it is the invitation's.
          const errors = errorsOf(error, request).map((e) => ({
            ...e,
            field: e.field === 'email' ? 'inviteEmail' : e.field,
          }));
          return show(request, reply, s, { invite: { email, displayName }, errors }, 422);
        }
      },
    );
  }
}
