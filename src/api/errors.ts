// Errors of the back-channel, always JSON: { error: { code, message, fields? } }, the message
// in German for the people who run the receiving system. Nothing of the application in it.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { NoPostfachError, TransitionNotAllowedError } from '../applications/errors.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { MessageKey } from '../web/i18n.ts';
import { translator } from '../web/i18n.ts';

export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  constructor(statusCode: number, code: string, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({ error: { code, message, ...(fields ? { fields } : {}) } });
}

const t = translator('de');

export function apiErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ApiError)
    return sendError(reply, error.statusCode, error.code, error.message);
  if (error instanceof NotFoundError) {
    return sendError(
      reply,
      404,
      'not_found',
      'Nicht gefunden (oder nicht über diesen Zustellweg gekommen).',
    );
  }
  if (error instanceof TransitionNotAllowedError) {
    return sendError(
      reply,
      409,
      'transition_not_allowed',
      'Dieser Statuswechsel ist für den Antrag nicht erlaubt.',
    );
  }
  if (error instanceof NoPostfachError) {
    return sendError(
      reply,
      409,
      'no_postfach',
      'Der Antrag wurde ohne Konto gestellt; es gibt kein Postfach dafür.',
    );
  }
  if (error instanceof ConflictError) {
    return sendError(reply, 409, 'conflict', 'Der Antrag lässt das gerade nicht zu.');
  }
  if (error instanceof ValidationError) {
    const fields = Object.fromEntries(
      Object.entries(error.fields).map(([k, v]) => [k, v.includes('.') ? t(v as MessageKey) : v]),
    );
    return sendError(reply, 422, 'invalid', 'Der Inhalt ist nicht zulässig.', fields);
  }
  if (error.validation) {
    const first = error.validation[0];
    const where = first ? `${first.instancePath || '/'} ${first.message ?? ''}`.trim() : '';
    return sendError(
      reply,
      400,
      'bad_request',
      `Die Anfrage entspricht nicht der Beschreibung: ${where}`,
    );
  }
  if (error.statusCode === 429) {
    return sendError(reply, 429, 'rate_limited', 'Zu viele Anfragen; bitte etwas später erneut.');
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendError(reply, 413, 'too_large', 'Die Anfrage ist zu groß.');
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return sendError(reply, 415, 'unsupported_media_type', 'Bitte als application/json senden.');
  }
  if (error.statusCode === 400) {
    return sendError(
      reply,
      400,
      'bad_request',
      'Die Anfrage ist kein gültiges JSON oder enthält Steuerzeichen.',
    );
  }
  request.log.error({ err: error }, 'api request failed');
  return sendError(reply, 500, 'internal', 'Interner Fehler; die Anfrage wurde nicht ausgeführt.');
}
