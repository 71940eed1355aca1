// One page per step: showing it, and saving its post (answers and files) as the owner.

import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../errors.ts';
import { type AttachmentRef, isAttachmentList } from '../forms/answers.ts';
import { findStep } from '../forms/definition-fields.ts';
import { formatBytes } from '../forms/formats.ts';
import type { FieldError } from '../forms/validate.ts';
import { stepApplies } from '../forms/visibility.ts';
import {
  attachedFiles,
  type CheckedUpload,
  checkUploads,
  fileFields,
  scanUploads,
  type UploadProblem,
  UploadRefusedError,
} from './attachments.ts';
import type { DraftOwner } from './owner.ts';
import { type DraftPages, type FastifyTypebox, ID, STEP } from './route-kit.ts';
import { type Draft, DraftConflictError } from './service.ts';
import { firstOpenStep } from './steps.ts';
import { readStepPost } from './upload.ts';
import { checkHref, draftsHref, stepHref } from './views.ts';

/** An uploaded file of the draft, by id, for the "removed" confirmation. */
function findAttachment(draft: Draft, id: string): AttachmentRef | undefined {
  return attachedFiles(draft.definition, draft.answers).find((f) => f.id === id);
}

export function stepRoutes(app: FastifyTypebox, pages: DraftPages): void {
  const { drafts, uploads, anonymousKey, open, showStep } = pages;
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
      // validate.ts answers control characters at the field they were typed into.
      config: { ownTextChecks: true },
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
        if ('anonymousKey' in owner) pages.keepAnonymousCookie(reply, owner.anonymousKey);
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
}
