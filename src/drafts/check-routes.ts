// The check page: every answer once more, the declaration, and sending it (options.submit).

import { Type } from '@fastify/type-provider-typebox';
import { type FieldError, validateAll, validateDeclaration } from '../forms/validate.ts';
import { type DraftPages, type DraftRoutesOptions, type FastifyTypebox, ID } from './route-kit.ts';
import { firstOpenStep } from './steps.ts';
import { checkHref, draftsHref, stepHref } from './views.ts';

export function checkRoutes(
  app: FastifyTypebox,
  pages: DraftPages,
  submit: DraftRoutesOptions['submit'],
): void {
  const { guard, ownerOf, open, showCheck } = pages;
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
      return submit(request, reply, draftId, owner, (problem) => explain([], problem));
    },
  );
}
