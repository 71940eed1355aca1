// What the account routes share: the page frame, the CSRF and strict rate-limit route options.
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TrustLevel } from '../db/schema.ts';
import type { ValidationError } from '../errors.ts';
import type { SafeHtml } from '../web/html.ts';
import { type PageFrame, pageFrame } from '../web/layout.ts';
import type { Accounts } from './sign-in/service.ts';
import type { FieldErrors } from './views.ts';

export type AccountsRoutesOptions = {
  accounts: Accounts;
  verbundName: () => Promise<string>;
  production: boolean;
  /** Federated sign-in ("Mit BundID anmelden") beside the password form; from app/web.ts. */
  signInOptions?: (frame: PageFrame, next: string) => Promise<SafeHtml>;
  /**
   * How to reach a level above `low` (a provider that delivers it), or undefined when none
   * does; from app/web.ts, so accounts knows no provider.
   */
  stepUpOptions?: (frame: PageFrame, level: TrustLevel, next: string) => Promise<SafeHtml>;
  /**
   * Single logout at the provider a session came from (issue 13, item 6); from app/web.ts.
   * Called with the session's hash before it ends; what it returns answers the browser once
   * the session has ended. Undefined: a local sign-out only.
   */
  signOutFurther?: (
    sessionHash: string,
  ) => Promise<
    ((request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) | undefined
  >;
};

export const text = (max = 1024) => Type.Optional(Type.String({ maxLength: max }));
export const TOKEN = Type.Object({ token: text(100) });

export const frameOf =
  (opts: Pick<AccountsRoutesOptions, 'verbundName'>) => async (request: FastifyRequest) =>
    pageFrame(request.ctx, await opts.verbundName());

export const fieldErrors = (error: ValidationError) => error.fields as FieldErrors;

// Sign-in and registration hash passwords: a tighter limit than the site-wide one.
export const strict = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };
