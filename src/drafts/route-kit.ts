// What the draft routes share: who the owner is (account or anonymous cookie), opening a
// draft as them, and showing a step or the check page.

import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { requireTrustLevel } from '../accounts/sign-in/session.ts';
import type { DB, TrustLevel } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { firstInputId } from '../forms/answers.ts';
import { renderCheckAnswers } from '../forms/check-page.ts';
import { fieldsById } from '../forms/definition-fields.ts';
import { confirmedFields, stepMayBeConfirmed } from '../forms/prefill.ts';
import { renderStep, type StepView } from '../forms/step-page.ts';
import type { FieldError } from '../forms/validate.ts';
import { stepApplies } from '../forms/visibility.ts';
import type { Tenancy } from '../tenancy/service.ts';
import { pageFrame } from '../web/layout.ts';
import { DEFAULT_UPLOAD_LIMITS, type Uploads } from './attachments.ts';
import { type DraftOwner, draftCookieName, isAnonymousKey } from './owner.ts';
import { DRAFT_LIFETIME_DAYS, type Draft, type Drafts } from './service.ts';
import { firstOpenStep } from './steps.ts';
import { checkHref, stepHref } from './views.ts';

/**
 * Sends a draft from the check page (the applications domain), which checks it again under
 * its lock: owner, trust level, completeness. Answers the request itself; `explain` answers a
 * refusal from the draft as it is now (sign in or step up, the open step, the check page with
 * its errors and `problem`), for failures that leave the draft as it was.
 */
export type SubmitDraft = (
  request: FastifyRequest,
  reply: FastifyReply,
  draftId: string,
  owner: DraftOwner,
  explain: (problem?: { message: string; status: number }) => Promise<FastifyReply>,
) => Promise<FastifyReply>;

export type DraftRoutesOptions = {
  db: Kysely<DB>;
  tenancy: Tenancy;
  production: boolean;
  drafts: Drafts;
  /** Sends the draft from the check page (the applications domain). */
  submit: SubmitDraft;
  /** Where a draft went once sent (it is deleted then): a reload or back button lands there. */
  sentHref: (owner: DraftOwner, draftId: string) => Promise<string | undefined>;
  /** Upload limits and the virus scanner; defaults: 20 MB / 50 MB, no scanner. */
  uploads?: Uploads;
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The draft a step post is for, opened (owner checked) before the post is read. */
    openedDraft?: Draft;
  }
}

/** The Fastify instance with TypeBox schemas, as the step and check routes get it. */
export type FastifyTypebox = Parameters<FastifyPluginAsyncTypebox>[0];

// Ids are checked by the service (a malformed one is simply not found); this caps lengths.
export const ID = Type.String({ maxLength: 64 });
export const STEP = Type.String({ maxLength: 40 });

export type DraftPages = ReturnType<typeof createDraftPages>;

export function createDraftPages(app: FastifyTypebox, options: DraftRoutesOptions) {
  const { tenancy, production } = options;
  const { drafts } = options;
  const uploads: Uploads = options.uploads ?? { limits: DEFAULT_UPLOAD_LIMITS };
  const cookieName = draftCookieName(production);
  const frameFor = async (request: FastifyRequest) =>
    pageFrame(request.ctx, (await tenancy.directory()).verbund.name);

  /** Runs the trust-level guard inline; true when it answered (a redirect to sign in). */
  async function guard(request: FastifyRequest, reply: FastifyReply, level: TrustLevel) {
    await requireTrustLevel(level).call(app, request, reply);
    return reply.sent;
  }

  function anonymousKey(request: FastifyRequest): string | undefined {
    const key = request.cookies[cookieName];
    return isAnonymousKey(key) ? key : undefined;
  }

  /** The signed-in citizen, or this browser's anonymous drafts; undefined: neither. */
  function ownerOf(request: FastifyRequest): DraftOwner | undefined {
    if (request.account) return { accountId: request.account.accountId };
    const key = anonymousKey(request);
    return key === undefined ? undefined : { anonymousKey: key };
  }

  /**
   * The draft, if the requester may see it: its owner, at the service's trust level. Answers
   * itself (redirect to sign in) and returns undefined otherwise; 404 for others' drafts.
   */
  async function open(
    request: FastifyRequest,
    reply: FastifyReply,
    draftId: string,
  ): Promise<Draft | undefined> {
    const account = request.account;
    const owner = ownerOf(request);
    if (owner === undefined) {
      await guard(request, reply, 'basic');
      return undefined;
    }
    let draft: Draft;
    try {
      draft = await drafts.load(owner, draftId);
    } catch (error) {
      const sent =
        error instanceof NotFoundError ? await options.sentHref(owner, draftId) : undefined;
      if (sent !== undefined) {
        await reply.redirect(sent, 303);
        return undefined;
      }
      // Not this browser's anonymous draft: perhaps the citizen's, once signed in.
      if (error instanceof NotFoundError && account === undefined) {
        await guard(request, reply, 'basic');
        return undefined;
      }
      throw error;
    }
    if ('accountId' in owner && (await guard(request, reply, draft.trustLevel))) return undefined;
    return draft;
  }

  function stepView(
    reply: FastifyReply,
    draft: Draft,
    stepId: string,
    extra: Partial<StepView> = {},
  ): StepView {
    return {
      answers: draft.answers,
      errors: [],
      csrf: reply.generateCsrf(),
      action: stepHref(draft.id, stepId),
      revision: draft.revision,
      maxFileBytes: uploads.limits.fileBytes,
      progress: {
        completed: draft.completedSteps,
        stepHref: (s) => stepHref(draft.id, s),
      },
      ...extra,
    };
  }

  async function showStep(
    request: FastifyRequest,
    reply: FastifyReply,
    draft: Draft,
    stepId: string,
    extra: Partial<StepView> = {},
    status = 200,
  ) {
    // A tampered step id, or a step that does not apply to these answers: not a page.
    if (!stepApplies(draft.definition, stepId, draft.answers)) {
      throw new NotFoundError('form.step', stepId);
    }
    const account = request.account;
    const confirmed =
      account !== undefined && stepMayBeConfirmed(draft.definition, stepId)
        ? confirmedFields(
            draft.definition,
            draft.answers,
            await drafts.confirmed(account.accountId),
          )
        : undefined;
    const page = renderStep(
      await frameFor(request),
      draft.definition,
      stepId,
      stepView(reply, draft, stepId, { confirmed, ...extra }),
    );
    return reply.header('cache-control', 'no-store').page(page, status);
  }

  async function showCheck(
    request: FastifyRequest,
    reply: FastifyReply,
    draft: Draft,
    errors: FieldError[],
    status = 200,
    problem?: string,
  ) {
    const fields = fieldsById(draft.definition);
    const page = renderCheckAnswers(await frameFor(request), draft.definition, draft.answers, {
      changeLink: (stepId, fieldId) => {
        const field = fields.get(fieldId);
        return `${stepHref(draft.id, stepId)}${field ? `#${firstInputId(field)}` : ''}`;
      },
      csrf: reply.generateCsrf(),
      action: checkHref(draft.id),
      errors,
      ...(problem === undefined ? {} : { problem }),
    });
    return reply.header('cache-control', 'no-store').page(page, status);
  }

  const resumeHref = (draft: Draft) => {
    const open = firstOpenStep(draft);
    return open === undefined ? checkHref(draft.id) : stepHref(draft.id, open);
  };

  /**
   * The anonymous cookie lives exactly as long as the browser's newest draft (30 days after
   * its last save) and no longer: set when the first draft starts, renewed at every save.
   */
  const keepAnonymousCookie = (reply: FastifyReply, key: string) => {
    reply.setCookie(cookieName, key, {
      path: '/',
      httpOnly: true,
      secure: production,
      sameSite: 'lax',
      maxAge: DRAFT_LIFETIME_DAYS * 24 * 60 * 60,
    });
  };

  return {
    tenancy,
    production,
    drafts,
    uploads,
    cookieName,
    keepAnonymousCookie,
    frameFor,
    guard,
    anonymousKey,
    ownerOf,
    open,
    stepView,
    showStep,
    showCheck,
    resumeHref,
  };
}
