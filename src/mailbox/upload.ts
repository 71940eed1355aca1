// Reads the reply form (multipart, because of the files) into a plain body, so that the CSRF
// check that follows reads `_csrf` from request.body as it does for every other form.
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { multipartLimitOrThrow } from '../files/multipart.ts';
import type { MessageKey } from '../web/i18n.ts';
import { type IncomingFile, MAX_FILE_BYTES, MAX_FILES, MAX_MESSAGE_BYTES } from './attachments.ts';
import { MAX_BODY_LENGTH } from './service.ts';

export type ReplyForm = {
  _csrf?: string;
  body: string;
  files: IncomingFile[];
  /** A limit the upload ran into; the service never sees such a message. */
  problem?: { field: 'body' | 'attachments'; key: MessageKey };
};

declare module 'fastify' {
  interface FastifyRequest {
    replyForm?: ReplyForm;
  }
}

// Browsers send line breaks as CRLF and up to 4 bytes per character.
const BODY_FIELD_BYTES = MAX_BODY_LENGTH * 5;

// throwFileSizeLimit is read by parts() although its type leaves it out: a file over the
// limit is only marked truncated, and this form answers with its own message.
const PARTS = {
  limits: {
    fileSize: MAX_FILE_BYTES,
    files: MAX_FILES,
    fields: 5,
    fieldSize: BODY_FIELD_BYTES,
    parts: MAX_FILES + 5,
  },
  throwFileSizeLimit: false,
};

/**
 * Streams the parts with hard limits: busboy cuts every file at 10 MB and counts files and
 * fields; past 20 MB in total the bytes are read and dropped, so the browser still gets the
 * answer instead of a reset connection. The CSRF check runs after this, on the parsed body.
 */
export async function readReplyForm(request: FastifyRequest): Promise<void> {
  const form: ReplyForm = { body: '', files: [] };
  request.replyForm = form;
  if (!request.isMultipart()) {
    // A urlencoded post (no files): formbody parsed it already.
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body._csrf === 'string') form._csrf = body._csrf;
    if (typeof body.body === 'string') form.body = body.body;
    request.body = { _csrf: form._csrf };
    return;
  }
  const fail = (field: 'body' | 'attachments', key: MessageKey) => {
    form.problem ??= { field, key };
  };
  let total = 0;
  try {
    for await (const part of request.parts(PARTS)) {
      if (part.type === 'field') {
        if (typeof part.value !== 'string') continue;
        if (part.fieldname === '_csrf') form._csrf = part.value;
        if (part.fieldname === 'body') {
          form.body = part.value;
          if (part.valueTruncated) fail('body', 'mailbox.error.bodyTooLong');
        }
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        size += chunk.length;
        total += chunk.length;
        if (total > MAX_MESSAGE_BYTES) fail('attachments', 'mailbox.error.messageTooLarge');
        if (form.problem === undefined) chunks.push(chunk);
        else chunks.length = 0;
      }
      if (part.file.truncated) fail('attachments', 'mailbox.error.fileTooLarge');
      // An empty file input still sends one part without name or content.
      if (part.fieldname !== 'attachments' || (part.filename === '' && size === 0)) continue;
      form.files.push({ fileName: part.filename, content: Buffer.concat(chunks) });
    }
  } catch (error) {
    multipartLimitOrThrow(request, error);
    fail('attachments', 'mailbox.error.tooManyFiles');
  }
  if (form.problem !== undefined) form.files = [];
  request.body = { _csrf: form._csrf };
}
