// Reads a step's post into plain form values plus files, so the CSRF check that follows reads
// `_csrf` from request.body as for every other form. A step with a file field posts
// multipart/form-data; every other step stays urlencoded (formbody has parsed it already).
//
// Hard limits while the bytes stream in: busboy cuts every file at the configured per-file
// limit; a file over its field's (lower) limit, or past the application's total, stops being
// kept and the rest is read and dropped, so memory stays bounded by the limits and the browser
// gets the answer with the message at the field instead of a reset connection.
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { multipartLimitOrThrow } from '../files/multipart.ts';
import { displayFileName } from '../files/names.ts';
import type { FormValues } from '../forms/answers.ts';
import type { FieldOf } from '../forms/definition.ts';
import type { IncomingUpload, UploadLimits, UploadProblem } from './attachments.ts';

export type StepPost = {
  /** The text fields, repeated names as lists (checkboxes), as formbody gives them. */
  fields: FormValues;
  files: IncomingUpload[];
  /** A limit the upload ran into; nothing of this post is stored. */
  problem?: UploadProblem;
};

declare module 'fastify' {
  interface FastifyRequest {
    stepPost?: StepPost;
  }
}

export type StepUploadContext = {
  /** The file fields of the step posted to; files for other names are dropped unread. */
  fields: FieldOf<'file'>[];
  limits: UploadLimits;
  /** Bytes the draft holds already. */
  stored: number;
  /** Bytes of files this post may replace (a one-file field given a new file). */
  replaceable: number;
};

// Text parts: the largest form field (a textarea) is far below this; formbody allows 64 KB.
const FIELD_BYTES = 64 * 1024;
const MAX_FIELDS = 400;

/** Reads the post; with a problem the files are dropped (request.stepPost.problem says why). */
export async function readStepPost(
  request: FastifyRequest,
  context: StepUploadContext,
): Promise<StepPost> {
  const post: StepPost = { fields: {}, files: [] };
  request.stepPost = post;
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(body)) {
      if (typeof value === 'string') post.fields[name] = value;
      else if (Array.isArray(value)) post.fields[name] = value.filter((v) => typeof v === 'string');
    }
    return post;
  }
  const { limits } = context;
  const byField = new Map(context.fields.map((f) => [f.id, f]));
  const maxFiles = context.fields.reduce((sum, f) => sum + (f.maxFiles ?? 1), 0);
  const fail = (problem: UploadProblem) => {
    post.problem ??= problem;
  };
  // Counted against the application's limit as they come; a replaced file frees its bytes.
  let total = context.stored - context.replaceable;
  try {
    for await (const part of request.parts({
      limits: {
        fileSize: limits.fileBytes,
        files: Math.max(1, maxFiles),
        fields: MAX_FIELDS,
        fieldSize: FIELD_BYTES,
        parts: MAX_FIELDS + Math.max(1, maxFiles),
      },
      // Read by parts() although its type leaves it out: an oversized file is only marked
      // truncated, and this form answers with its own message.
      throwFileSizeLimit: false,
    } as Parameters<FastifyRequest['parts']>[0])) {
      if (part.type === 'field') {
        if (typeof part.value !== 'string') continue;
        const existing = post.fields[part.fieldname];
        if (existing === undefined) post.fields[part.fieldname] = part.value;
        else
          post.fields[part.fieldname] = Array.isArray(existing)
            ? [...existing, part.value]
            : [existing, part.value];
        continue;
      }
      const field = byField.get(part.fieldname);
      const chunks: Buffer[] = [];
      let size = 0;
      let keep = field !== undefined && post.problem === undefined;
      const fieldLimit = field ? Math.min(limits.fileBytes, field.maxBytes ?? limits.fileBytes) : 0;
      const tooLarge = (): UploadProblem | undefined =>
        field && (size > fieldLimit || part.file.truncated)
          ? {
              fieldId: field.id,
              key: 'forms.file.error.tooLarge',
              params: { name: displayFileName(part.filename), size: fieldLimit },
              status: 413,
            }
          : undefined;
      const overTotal = (): UploadProblem | undefined =>
        field && total + size > limits.applicationBytes
          ? {
              fieldId: field.id,
              key: 'forms.file.error.applicationTooLarge',
              params: { size: limits.applicationBytes },
              status: 413,
            }
          : undefined;
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (!keep) continue;
        if (tooLarge() ?? overTotal()) {
          // Past a limit: the rest of this file is read and dropped.
          keep = false;
          chunks.length = 0;
        } else chunks.push(chunk);
      }
      if (field === undefined) continue;
      // The file's own size is the more useful message when both limits are hit.
      const problem = tooLarge() ?? overTotal();
      if (problem) fail(problem);
      total += size;
      // An empty file input still sends one part without name or content.
      if (part.filename === '' && size === 0) continue;
      if (post.problem === undefined) {
        post.files.push({
          fieldId: field.id,
          fileName: part.filename,
          content: Buffer.concat(chunks),
        });
      }
    }
  } catch (error) {
    multipartLimitOrThrow(request, error);
    const first = context.fields[0];
    fail({
      fieldId: first?.id ?? '',
      key: 'forms.file.error.tooMany',
      params: { count: first?.maxFiles ?? 1 },
      status: 413,
    });
  }
  if (post.problem !== undefined) post.files = [];
  return post;
}
