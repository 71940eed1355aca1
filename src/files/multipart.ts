// What the Postfach and the form steps share when they read a multipart post.
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * A multipart body that cannot be read: no or a wrong boundary, cut off in the middle (a
 * dropped mobile upload), broken part headers. The sender's fault: 400, logged at warn.
 */
export class MalformedMultipartError extends AppError {
  statusCode = 400;
  constructor(cause: unknown) {
    super('malformed multipart body', { cause });
  }
}

/**
 * Sorts an error out of the parts loop: a limit (too many files, parts or fields) is
 * returned as true for the reader to answer at its field; anything else is a body that
 * could not be read, thrown as MalformedMultipartError.
 */
export function multipartLimitOrThrow(request: FastifyRequest, error: unknown): true {
  if (isMultipartLimitError(request, error)) return true;
  throw new MalformedMultipartError(error);
}

/** @fastify/multipart's "too many files, parts or fields": the sender's fault, a 4xx. */
export function isMultipartLimitError(request: FastifyRequest, error: unknown): boolean {
  const { FilesLimitError, PartsLimitError, FieldsLimitError } = request.server.multipartErrors;
  return (
    error instanceof FilesLimitError ||
    error instanceof PartsLimitError ||
    error instanceof FieldsLimitError
  );
}
