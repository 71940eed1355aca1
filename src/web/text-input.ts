// Control characters in what a client sends: PostgreSQL refuses NUL in text outright, and the
// others (escape sequences, bidi-free C0/C1 codes) belong in no name, address or message. One
// check for every route, on what the body parser, the router and the query parser produced,
// before schema validation and before any service sees it. Routes that report such
// characters at the field themselves (the form steps) say so with `config.ownTextChecks`.
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route checks text inputs itself and answers at the field (forms/validate.ts). */
    ownTextChecks?: boolean;
  }
}

/** A request with control characters in a text input: 400 with its own German page. */
export class ControlCharacterError extends Error {
  statusCode = 400;
  constructor() {
    super('control characters in the input');
    this.name = 'ControlCharacterError';
  }
}

/** NUL and every C0/C1 control character except tab, line feed and carriage return. */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x09 || code === 0x0a || code === 0x0d) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

function anyControlCharacters(input: unknown, depth = 0): boolean {
  if (typeof input === 'string') return hasControlCharacters(input);
  if (input === null || typeof input !== 'object' || depth > 3) return false;
  if (Buffer.isBuffer(input)) return false;
  for (const [key, value] of Object.entries(input)) {
    if (hasControlCharacters(key) || anyControlCharacters(value, depth + 1)) return true;
  }
  return false;
}

export function registerTextInputCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config?.ownTextChecks === true) return;
    if (
      anyControlCharacters(request.query) ||
      anyControlCharacters(request.params) ||
      anyControlCharacters(request.body)
    ) {
      throw new ControlCharacterError();
    }
  });
}
