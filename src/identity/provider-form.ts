// Reads the forms of "Anmeldedienste" that may carry a certificate or metadata file (multipart)
// into plain fields before the CSRF check, as the Postfach's reply form does; a urlencoded post
// (pasted certificate only, or a test) arrives parsed already. A PEM file is small: anything
// past 64 KB is named at its field, never a reset connection or a 500; IdP metadata (pasted
// or uploaded) may have up to 256 KiB, past that it is named at its own field.
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { multipartLimitOrThrow } from '../files/multipart.ts';
import { ControlCharacterError, hasControlCharacters } from '../web/text-input.ts';
import { MAX_METADATA_BYTES } from './saml/idp-metadata.ts';

export const MAX_CERT_FILE_BYTES = 64 * 1024;
const MAX_FIELD_CHARS = 20_000;

export type ProviderForm = {
  /** Text fields by name; `levels` may come several times (checkboxes). */
  fields: Map<string, string[]>;
  /** The uploaded certificate's text; undefined: no file chosen. */
  certFile?: string;
  /** The uploaded metadata's text; undefined: no file chosen. */
  metadataFile?: string;
  /** Too large, too many parts, or not text: the form's own message. */
  unreadable: boolean;
  /** The metadata (pasted or uploaded) is over MAX_METADATA_BYTES or not text. */
  metadataUnreadable: boolean;
};

declare module 'fastify' {
  interface FastifyRequest {
    providerForm?: ProviderForm;
  }
}

// The limits fit the metadata, the largest field; the others are held to theirs below.
const PARTS = {
  limits: {
    fileSize: MAX_METADATA_BYTES,
    files: 2,
    fields: 20,
    // One byte more: a pasted document cut here is named as too large by the reader.
    fieldSize: MAX_METADATA_BYTES + 1,
    parts: 23,
  },
  throwFileSizeLimit: false,
};

const METADATA = 'metadata';

const add = (fields: Map<string, string[]>, name: string, value: string) =>
  fields.set(name, [
    ...(fields.get(name) ?? []),
    name === METADATA ? value : value.slice(0, MAX_FIELD_CHARS),
  ]);

/** preHandler: fills request.providerForm and leaves `_csrf` in request.body for the check. */
export async function readProviderForm(request: FastifyRequest): Promise<void> {
  const form: ProviderForm = { fields: new Map(), unreadable: false, metadataUnreadable: false };
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
        if (part.fieldname === METADATA) {
          if (part.valueTruncated) form.metadataUnreadable = true;
        } else if (part.valueTruncated || part.value.length > MAX_FIELD_CHARS)
          form.unreadable = true;
        add(form.fields, part.fieldname, part.value);
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file as AsyncIterable<Buffer>) chunks.push(chunk);
      // An empty file input still sends one part without name or content.
      if (part.filename === '' && chunks.length === 0) continue;
      const bytes = Buffer.concat(chunks);
      // A DER file or anything binary: not the PEM or XML text the checks read.
      const text = bytes.toString('utf8');
      const binary = text.includes('\uFFFD');
      if (part.fieldname === 'signingCertFile') {
        if (part.file.truncated || bytes.length > MAX_CERT_FILE_BYTES || binary)
          form.unreadable = true;
        else form.certFile = text;
      } else if (part.fieldname === 'metadataFile') {
        if (part.file.truncated || binary) form.metadataUnreadable = true;
        else form.metadataFile = text;
      }
    }
  } catch (error) {
    multipartLimitOrThrow(request, error);
    form.unreadable = true;
  }
  // The check every urlencoded body gets before validation (web/text-input.ts) sees no
  // multipart fields: the same answer here.
  const texts = [...form.fields.values()]
    .flat()
    .concat(form.certFile ?? [], form.metadataFile ?? []);
  if (texts.some(hasControlCharacters)) throw new ControlCharacterError();
  request.body = { _csrf: form.fields.get('_csrf')?.[0] };
}

/** The first value of a field, '' when absent. */
export const field = (form: ProviderForm, name: string) => form.fields.get(name)?.[0] ?? '';
