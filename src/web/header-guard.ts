import type { FastifyInstance } from 'fastify';

// What Node accepts in a header value (its own check in http.validateHeaderValue).
const VALID_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The last line of defence for header values built from input (a return path, a file name):
 * Node throws on a character outside Latin-1 while writing the head, after the route has done
 * its work, and the citizen gets a broken 500. Return paths are checked in return-path.ts;
 * whatever still slips through is percent-encoded here and logged, instead of failing.
 */
export function registerHeaderGuard(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const headers = reply.getHeaders();
    for (const name in headers) {
      const value = headers[name];
      if (typeof value === 'string') {
        if (!VALID_VALUE.test(value)) {
          request.log.warn({ header: name }, 'header value with invalid characters encoded');
          reply.header(name, encodeInvalid(value));
        }
      } else if (Array.isArray(value) && value.some((v) => !VALID_VALUE.test(v))) {
        request.log.warn({ header: name }, 'header value with invalid characters encoded');
        reply.header(name, value.map(encodeInvalid));
      }
    }
    return payload;
  });
}

function encodeInvalid(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/gu, (char) => {
    try {
      return encodeURIComponent(char);
    } catch {
      return '%EF%BF%BD'; // a lone surrogate: U+FFFD
    }
  });
}
