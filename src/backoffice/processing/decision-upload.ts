// Reads the decision form (multipart, because of the PDF) into a plain body before the CSRF
// check, as the Postfach's reply form does: the file is cut at the limit and marked, so the
// clerk gets a German message instead of a reset connection.
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { multipartLimitOrThrow } from '../../files/multipart.ts';
import { MAX_DECISION_BYTES } from './service.ts';

export type DecisionForm = {
  _csrf?: string;
  outcome: string;
  note: string;
  version: string;
  file?: { fileName: string; content: Uint8Array };
  truncated: boolean;
  /** More files or fields than the form has: a forged post. */
  overLimit: boolean;
};

declare module 'fastify' {
  interface FastifyRequest {
    decisionForm?: DecisionForm;
  }
}

const PARTS = {
  limits: { fileSize: MAX_DECISION_BYTES, files: 1, fields: 6, fieldSize: 20_000, parts: 8 },
  throwFileSizeLimit: false,
};

export async function readDecisionForm(request: FastifyRequest): Promise<void> {
  const form: DecisionForm = {
    outcome: '',
    note: '',
    version: '',
    truncated: false,
    overLimit: false,
  };
  request.decisionForm = form;
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const key of ['_csrf', 'outcome', 'note', 'version'] as const) {
      if (typeof body[key] === 'string') form[key] = body[key];
    }
    request.body = { _csrf: form._csrf };
    return;
  }
  try {
    for await (const part of request.parts(PARTS)) {
      if (part.type === 'field') {
        if (typeof part.value !== 'string') continue;
        if (part.fieldname === '_csrf') form._csrf = part.value;
        if (part.fieldname === 'outcome') form.outcome = part.value;
        if (part.fieldname === 'note') form.note = part.value;
        if (part.fieldname === 'version') form.version = part.value;
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        if (!form.truncated) chunks.push(chunk);
      }
      if (part.file.truncated) form.truncated = true;
      if (part.fieldname !== 'decision' || (part.filename === '' && chunks.length === 0)) continue;
      form.file = {
        fileName: part.filename,
        content: form.truncated ? new Uint8Array() : Buffer.concat(chunks),
      };
    }
  } catch (error) {
    multipartLimitOrThrow(request, error);
    form.overLimit = true;
  }
  request.body = { _csrf: form._csrf };
}
