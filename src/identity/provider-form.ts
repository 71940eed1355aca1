// Reads the forms of "Anmeldedienste" that may carry a certificate file (multipart) into plain
// fields before the CSRF check, as the Postfach's reply form does; a urlencoded post (pasted
// certificate only, or a test) arrives parsed already. A PEM file is small: anything past
// 64 KB is cut and named at its field, never a reset connection or a 500.
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { multipartLimitOrThrow } from '../files/multipart.ts';
import { ControlCharacterError, hasControlCharacters } from '../web/text-input.ts';

export const MAX_CERT_FILE_BYTES = 64 * 1024;
const MAX_FIELD_CHARS = 20_000;

export type ProviderForm = {
  /** Text fields by name; `levels` may come several times (checkboxes). */
  fields: Map<string, string[]>;
  /** The uploaded certificate's text; undefined: no file chosen. */
  certFile?: string;
  /** Too large, too many parts, or not text: the form's own message. */
  unreadable: boolean;
};

declare module 'fastify' {
  interface FastifyRequest {
    providerForm?: ProviderForm;
  }
}

const PARTS = {
  limits: {
    fileSize: MAX_CERT_FILE_BYTES,
    files: 1,
    fields: 20,
    fieldSize: MAX_FIELD_CHARS,
    parts: 22,
  },
  throwFileSizeLimit: false,
};

const add = (fields: Map<string, string[]>, name: string, value: string) =>
  fields.set(name, [...(fields.get(name) ?? []), value.slice(0, MAX_FIELD_CHARS)]);

/** preHandler: fills request.providerForm and leaves `_csrf` in request.body for the check. */
export async function readProviderForm(request: FastifyRequest): Promise<void> {
  const form: ProviderForm = { fields: new Map(), unreadable: false };
  request.providerForm = form;
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(body)) {
      for (const one of Array.isArray(value) ? value : [value])
        if (typeof one === 'string') add(form.fields, name, one);
    }
    request.body = { _csrf: form.fields.get('_csrf')?.[0] };
    return;
  }
  try {
    for await (const part of request.parts(PARTS)) {
      if (part.type === 'field') {
        if (typeof part.value !== 'string') continue;
        if (part.valueTruncated) form.unreadable = true;
        add(form.fields, part.fieldname, part.value);
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file as AsyncIterable<Buffer>) chunks.push(chunk);
      if (part.file.truncated) form.unreadable = true;
      // An empty file input still sends one part without name or content.
      if (part.fieldname !== 'signingCertFile' || (part.filename === '' && chunks.length === 0))
        continue;
      const text = Buffer.concat(chunks).toString('utf8');
      // A DER file or anything binary: not the PEM text the check reads.
      if (text.includes('\uFFFD')) form.unreadable = true;
      else form.certFile = text;
    }
  } catch (error) {
    multipartLimitOrThrow(request, error);
    form.unreadable = true;
  }
  // The check every urlencoded body gets before validation (web/text-input.ts) sees no
  // multipart fields: the same answer here.
  const texts = [...form.fields.values()].flat().concat(form.certFile ?? []);
  if (texts.some(hasControlCharacters)) throw new ControlCharacterError();
  request.body = { _csrf: form.fields.get('_csrf')?.[0] };
}

/** The first value of a field, '' when absent. */
export const field = (form: ProviderForm, name: string) => form.fields.get(name)?.[0] ?? '';
