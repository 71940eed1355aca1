// The online form: start or resume a draft from a service page, one page per step, the check
// page with the declaration, "Meine Entwürfe". Signed in with the service's trust level,
// except for services open to anonymous use, whose drafts belong to a random HttpOnly cookie.
// The check page sends the draft through the applications domain (options.submit).
import { randomBytes } from 'node:crypto';
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { requireTrustLevel } from '../accounts/sign-in/session.ts';
import type { DB, TrustLevel } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { type AttachmentRef, firstInputId, isAttachmentList } from '../forms/answers.ts';
import { renderCheckAnswers } from '../forms/check-page.ts';
import { fieldsById, findStep } from '../forms/definition.ts';
import { formatBytes } from '../forms/formats.ts';
import { renderStep, type StepView } from '../forms/step-page.ts';
import { type FieldError, validateAll, validateDeclaration } from '../forms/validate.ts';
import { stepApplies } from '../forms/visibility.ts';
import type { Tenancy } from '../tenancy/service.ts';
import { pageFrame } from '../web/layout.ts';
import {
  attachedFiles,
  type CheckedUpload,
  checkUploads,
  DEFAULT_UPLOAD_LIMITS,
  fileFields,
  scanUploads,
  type UploadProblem,
  UploadRefusedError,
  type Uploads,
} from './attachments.ts';
import {
  createDrafts,
  DRAFT_LIFETIME_DAYS,
  type Draft,
  DraftConflictError,
  type DraftOwner,
  type Drafts,
  firstOpenStep,
  isAnonymousKey,
} from './service.ts';
import { readStepPost } from './upload.ts';
import { checkHref, draftListPage, draftsHref, stepHref } from './views.ts';

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

/** An uploaded file of the draft, by id, for the "removed" confirmation. */
function findAttachment(draft: Draft, id: string): AttachmentRef | undefined {
  return attachedFiles(draft.definition, draft.answers).find((f) => f.id === id);
}

// Ids are checked by the service (a malformed one is simply not found); this caps lengths.
const ID = Type.String({ maxLength: 64 });
const STEP = Type.String({ maxLength: 40 });

/** The anonymous browser's draft key; `__Host-` (production) pins it to this host, Secure. */
export const draftCookieName = (production: boolean) => (production ? '__Host-draft' : 'draft');

export const draftRoutes: FastifyPluginAsyncTypebox<DraftRoutesOptions> = async (app, options) => {
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
    const page = renderStep(
      await frameFor(request),
      draft.definition,
      stepId,
      stepView(reply, draft, stepId, extra),
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

  app.get(
    '/leistungen/:leikaKey/antrag',
    {
      schema: {
        params: Type.Object({ leikaKey: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({ gemeinde: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const { leikaKey } = request.params;
      const { online } = await drafts.service(leikaKey);
      let owner: DraftOwner;
      if (online.allows_anonymous && request.account === undefined) {
        let key = anonymousKey(request);
        if (key === undefined) {
          key = randomBytes(32).toString('base64url');
          reply.setCookie(cookieName, key, {
            path: '/',
            httpOnly: true,
            secure: production,
            sameSite: 'lax',
            maxAge: DRAFT_LIFETIME_DAYS * 24 * 60 * 60,
          });
        }
        owner = { anonymousKey: key };
      } else {
        if (await guard(request, reply, online.trust_level)) return reply;
        owner = { accountId: request.account?.accountId ?? '' };
      }
      const ags = request.query.gemeinde;
      const outcome = await drafts.start(leikaKey, owner, { ags });
      if (outcome.kind !== 'draft') {
        const query = ags ? `?gemeinde=${encodeURIComponent(ags)}` : '';
        return reply.redirect(`/leistungen/${leikaKey}${query}`, 303);
      }
      return reply.redirect(resumeHref(outcome.draft), 303);
    },
  );

  app.get(
    draftsHref,
    {
      preHandler: requireTrustLevel('basic'),
      schema: { querystring: Type.Object({ geloescht: Type.Optional(Type.String()) }) },
    },
    async (request, reply) => {
      const list = await drafts.list({ accountId: request.account?.accountId ?? '' });
      const page = draftListPage(
        await frameFor(request),
        list,
        reply.generateCsrf(),
        request.query.geloescht !== undefined,
      );
      return reply.header('cache-control', 'no-store').page(page);
    },
  );

  app.get(
    `${draftsHref}/:draftId`,
    { schema: { params: Type.Object({ draftId: ID }) } },
    async (request, reply) => {
      const draft = await open(request, reply, request.params.draftId);
      if (draft === undefined) return reply;
      return reply.redirect(resumeHref(draft), 303);
    },
  );

  app.post(
    `${draftsHref}/:draftId/loeschen`,
    { preHandler: app.csrfProtection, schema: { params: Type.Object({ draftId: ID }) } },
    async (request, reply) => {
      const draft = await open(request, reply, request.params.draftId);
      if (draft === undefined) return reply;
      const account = request.account;
      const key = anonymousKey(request);
      const owner: DraftOwner = account
        ? { accountId: account.accountId }
        : { anonymousKey: key ?? '' };
      await drafts.remove(owner, draft.id);
      return reply.redirect(account ? `${draftsHref}?geloescht=1` : '/', 303);
    },
  );

  const stepParams = { params: Type.Object({ draftId: ID, stepId: STEP }) };

  app.get(
    `${draftsHref}/:draftId/schritt/:stepId`,
    { schema: stepParams },
    async (request, reply) => {
      const draft = await open(request, reply, request.params.draftId);
      if (draft === undefined) return reply;
      return showStep(request, reply, draft, request.params.stepId);
    },
  );

  /** Opens the draft before its post is read: a stranger's upload is never read. */
  async function openForPost(request: FastifyRequest, reply: FastifyReply) {
    const { draftId } = request.params as { draftId: string };
    const draft = await open(request, reply, draftId);
    if (draft === undefined) return reply;
    request.openedDraft = draft;
  }

  /** Reads the post (multipart with the step's files, or urlencoded) within the limits. */
  async function readPost(request: FastifyRequest) {
    const draft = request.openedDraft;
    if (draft === undefined) return;
    const { stepId } = request.params as { stepId: string };
    const step = findStep(draft.definition, stepId);
    const fields = step ? fileFields(step) : [];
    const replaceable = fields
      .filter((f) => (f.maxFiles ?? 1) === 1)
      .flatMap((f) => {
        const files = draft.answers[f.id];
        return isAttachmentList(files) ? files : [];
      })
      .reduce((sum, f) => sum + f.size, 0);
    const stored = attachedFiles(draft.definition, draft.answers).reduce(
      (sum, f) => sum + f.size,
      0,
    );
    const post = await readStepPost(request, {
      fields,
      limits: uploads.limits,
      stored,
      replaceable,
    });
    request.body = post.fields;
  }

  app.post(
    `${draftsHref}/:draftId/schritt/:stepId`,
    {
      // The owner first, then the post (files within the limits), then its CSRF token.
      preHandler: [openForPost, readPost, app.csrfProtection],
      schema: stepParams,
    },
    async (request, reply) => {
      const draft = request.openedDraft;
      if (draft === undefined) return reply;
      const { stepId } = request.params;
      const post = request.stepPost ?? { fields: {}, files: [] };
      const body = post.fields;
      const raw = body._revision;
      const revision =
        typeof raw === 'string' && /^[0-9]{1,9}$/.test(raw) ? Number(raw) : undefined;
      const owner: DraftOwner = request.account
        ? { accountId: request.account.accountId }
        : { anonymousKey: anonymousKey(request) ?? '' };
      const { t } = request.ctx;

      /** The step again with what was posted and the upload's problem at its field. */
      const refuse = (problem: UploadProblem) => {
        const params = { ...problem.params };
        if (typeof params.size === 'number')
          params.size = formatBytes(params.size, request.ctx.lang);
        const message = t(problem.key, params);
        const error: FieldError = {
          stepId,
          fieldId: problem.fieldId,
          code: 'file',
          message,
          input: problem.fieldId,
        };
        return showStep(
          request,
          reply,
          draft,
          stepId,
          { values: body, errors: [error] },
          problem.status,
        );
      };
      if (post.problem !== undefined) return refuse(post.problem);

      const removeId = typeof body._remove === 'string' ? body._remove : undefined;
      const filesOnly = removeId !== undefined || typeof body._upload === 'string';
      let add: CheckedUpload[] = [];
      if (post.files.length > 0) {
        const step = findStep(draft.definition, stepId);
        if (step === undefined || !stepApplies(draft.definition, stepId, draft.answers)) {
          throw new NotFoundError('form.step', stepId);
        }
        try {
          const checked = checkUploads(
            step,
            draft.answers,
            draft.definition,
            post.files,
            uploads.limits,
          );
          add = await scanUploads(checked, uploads.scanner);
        } catch (error) {
          if (error instanceof UploadRefusedError) return refuse(error.problem);
          throw error;
        }
      }
      const removed = removeId === undefined ? undefined : findAttachment(draft, removeId);
      try {
        const outcome = await drafts.saveStep(
          owner,
          draft.id,
          stepId,
          body,
          revision,
          request.ctx.lang,
          { files: { add, remove: removeId === undefined ? [] : [removeId] }, advance: !filesOnly },
        );
        if (outcome.kind === 'files') {
          const confirmation = removed
            ? t('forms.file.removed', { name: removed.name })
            : add.length > 0
              ? t('forms.file.added', { name: add.map((f) => f.fileName).join(', ') })
              : undefined;
          return showStep(request, reply, outcome.draft, stepId, {
            values: body,
            ...(confirmation && { confirmation }),
          });
        }
        if (outcome.kind === 'invalid') {
          const { result } = outcome;
          return showStep(
            request,
            reply,
            outcome.draft,
            stepId,
            { answers: result.answers, values: result.values, errors: result.errors },
            422,
          );
        }
        const next = outcome.next;
        return reply.redirect(
          next === undefined ? checkHref(draft.id) : stepHref(draft.id, next),
          303,
        );
      } catch (error) {
        if (!(error instanceof DraftConflictError)) throw error;
        // Saved meanwhile in another window: show what is stored now, and say so.
        const current = error.draft;
        const shown = stepApplies(current.definition, stepId, current.answers)
          ? stepId
          : (firstOpenStep(current) ?? current.definition.steps[0]?.id ?? stepId);
        return showStep(
          request,
          reply,
          current,
          shown,
          { notice: request.ctx.t('drafts.conflict') },
          409,
        );
      }
    },
  );

  app.get(
    `${draftsHref}/:draftId/pruefen`,
    { schema: { params: Type.Object({ draftId: ID }) } },
    async (request, reply) => {
      const draft = await open(request, reply, request.params.draftId);
      if (draft === undefined) return reply;
      const openStep = firstOpenStep(draft);
      if (openStep !== undefined) return reply.redirect(stepHref(draft.id, openStep), 303);
      const { errors } = validateAll(draft.definition, draft.answers, request.ctx.lang);
      return showCheck(request, reply, draft, errors, errors.length > 0 ? 422 : 200);
    },
  );

  app.post(
    `${draftsHref}/:draftId/pruefen`,
    { preHandler: app.csrfProtection, schema: { params: Type.Object({ draftId: ID }) } },
    async (request, reply) => {
      const { draftId } = request.params;
      const owner = ownerOf(request);
      if (owner === undefined) {
        await guard(request, reply, 'basic');
        return reply;
      }
      // Read only when the draft cannot be sent: sending reads and checks it under its lock,
      // and it is the one write a citizen waits for most.
      const explain = async (
        errors: FieldError[],
        problem?: { message: string; status: number },
      ) => {
        const draft = await open(request, reply, draftId);
        if (draft === undefined) return reply;
        const openStep = firstOpenStep(draft);
        if (openStep !== undefined) return reply.redirect(stepHref(draft.id, openStep), 303);
        const found = validateAll(draft.definition, draft.answers, request.ctx.lang).errors;
        const all = [...found, ...errors];
        if (all.length > 0) return showCheck(request, reply, draft, all, 422);
        // Nothing to explain (it changed meanwhile): the check page as it is now.
        if (problem === undefined) return reply.redirect(checkHref(draft.id), 303);
        return showCheck(request, reply, draft, [], problem.status, problem.message);
      };
      const declaration = validateDeclaration(request.body, request.ctx.lang);
      if (declaration) return explain([declaration]);
      return options.submit(request, reply, draftId, owner, (problem) => explain([], problem));
    },
  );
};
