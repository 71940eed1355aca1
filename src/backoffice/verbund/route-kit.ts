// What the Verbund office's route modules (routes.ts, members-routes.ts, new-service-routes.ts)
// share: one typed app, the back office's kit, the office and the guards built once in routes.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ValidationError } from '../../errors.ts';
import type { BackofficeKit } from '../pages.ts';
import type { StaffSession } from '../staff.ts';
import type { VerbundOffice } from './office.ts';

/** What the office's route modules share: the app, the kit, the office and the guards. */
export type VerbundRoutes = {
  app: FastifyInstance<
    RawServerDefault,
    RawRequestDefaultExpression,
    RawReplyDefaultExpression,
    FastifyBaseLogger,
    TypeBoxTypeProvider
  >;
  kit: BackofficeKit;
  office: VerbundOffice;
  /** The Verbund admin, or undefined after answering 403 with a page that says why. */
  verbundAdmin(request: FastifyRequest, reply: FastifyReply): Promise<StaffSession | undefined>;
  errorsOf(error: ValidationError, request: FastifyRequest): { field: string; message: string }[];
};
