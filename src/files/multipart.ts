// What the Postfach and the form steps share when they read a multipart post.
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

/** @fastify/multipart's "too many files, parts or fields": the sender's fault, a 4xx. */
export function isMultipartLimitError(request: FastifyRequest, error: unknown): boolean {
  const { FilesLimitError, PartsLimitError, FieldsLimitError } = request.server.multipartErrors;
  return (
    error instanceof FilesLimitError ||
    error instanceof PartsLimitError ||
    error instanceof FieldsLimitError
  );
}
