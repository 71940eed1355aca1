// What other domains need to add pages and notices to the back office without reaching into
// its routes: the signed-in staff member's page frame (with the staff bar), the guard for an
// active session, and the bar's notices. The composition root (src/app/web.ts) hands these in.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../web/html.ts';
import type { StaffSession } from './staff.ts';
import type { BackofficeFrame } from './views.ts';

export type BackofficeKit = {
  /** preHandler: a staff member signed in with both factors, or a redirect to sign-in. */
  active(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
  /** The frame of a signed-in page: staff bar, CSRF token, notices. */
  staffFrame(request: FastifyRequest, reply: FastifyReply): Promise<BackofficeFrame>;
  staffOf(request: FastifyRequest): StaffSession;
  /**
   * The signed-in authority admin, or undefined after answering 403 with the admins-only page:
   * the pages an authority's admins alone may use (deliveries, routes, API access).
   */
  authorityAdmin(request: FastifyRequest, reply: FastifyReply): Promise<AuthorityAdmin | undefined>;
};

/** A staff session acting as admin of its current authority. */
export type AuthorityAdmin = StaffSession & { current: NonNullable<StaffSession['current']> };

/** Registers routes under /verwaltung/… inside the back office (its session hook applies). */
export type BackofficePages = (app: FastifyInstance, kit: BackofficeKit) => Promise<void>;

/** A notice above every signed-in page, e.g. deliveries that failed; undefined: none. */
export type BackofficeNotice = (
  staff: StaffSession,
  frame: { t: BackofficeFrame['t'] },
) => Promise<SafeHtml | undefined>;
