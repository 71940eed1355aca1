// Calls to the Submission API with the route's bearer token. A 401 means the token is no
// longer good (expired before its announced time, revoked): one new token, one more try.

import { readCapped } from '../http-answer.ts';
import { describeFetchError, haltForStatus, retry } from './outcome.ts';
import type { TokenCache, TokenCredentials } from './token.ts';

/** Answers longer than this are not read: no API answer of ours is that long. */
const MAX_ANSWER_BYTES = 256 * 1024;

export type ServiceClient = {
  /** The JSON answer of a 2xx, or Halt for anything else (see outcome.ts). */
  json(method: string, path: string, what: string, body?: unknown): Promise<unknown>;
  /** PUT of a JWE; resolves on 2xx. */
  putJose(path: string, what: string, jwe: string): Promise<void>;
  /** The raw status, for the calls where a 409 means "already done". */
  status(method: string, path: string, what: string, body: unknown): Promise<number>;
  /** A public document of the service (its signing keys), without a token. */
  publicJson(path: string, what: string): Promise<unknown>;
};

export function createServiceClient(
  baseUrl: string,
  credentials: TokenCredentials,
  tokens: TokenCache,
  signal: AbortSignal,
): ServiceClient {
  const base = baseUrl.replace(/\/+$/, '');

  async function send(
    method: string,
    path: string,
    what: string,
    body: string | undefined,
    contentType: string | undefined,
    authenticated = true,
  ): Promise<{ code: number; text: string }> {
    for (let round = 0; ; round++) {
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': 'Rathausnetz-Delivery/1',
      };
      if (contentType) headers['content-type'] = contentType;
      if (authenticated) {
        headers.authorization = `Bearer ${await tokens.token(credentials, signal)}`;
      }
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers,
          signal,
          redirect: 'error',
          ...(body === undefined ? {} : { body }),
        });
      } catch (error) {
        throw retry(
          `${what}: no answer from the FIT-Connect service (${describeFetchError(error, signal)})`,
        );
      }
      let text: string;
      try {
        text = await readCapped(response, signal, MAX_ANSWER_BYTES);
      } catch (error) {
        throw retry(`${what}: the answer broke off (${describeFetchError(error, signal)})`);
      }
      if (response.status === 401 && authenticated && round === 0) {
        tokens.forget(credentials);
        continue;
      }
      if (response.status === 401) {
        throw retry(`${what}: the FIT-Connect service refused a fresh access token (HTTP 401)`);
      }
      return { code: response.status, text };
    }
  }

  function parse(text: string, what: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw retry(`${what}: the FIT-Connect service answered something that is not JSON`);
    }
  }

  return {
    async json(method, path, what, body) {
      const { code, text } = await send(
        method,
        path,
        what,
        body === undefined ? undefined : JSON.stringify(body),
        body === undefined ? undefined : 'application/json',
      );
      if (code < 200 || code >= 300) throw haltForStatus(code, what);
      return parse(text, what);
    },
    async putJose(path, what, jwe) {
      const { code } = await send('PUT', path, what, jwe, 'application/jose');
      if (code < 200 || code >= 300) throw haltForStatus(code, what);
    },
    async status(method, path, what, body) {
      const { code } = await send(method, path, what, JSON.stringify(body), 'application/json');
      return code;
    },
    async publicJson(path, what) {
      const { code, text } = await send('GET', path, what, undefined, undefined, false);
      if (code < 200 || code >= 300) throw haltForStatus(code, what);
      return parse(text, what);
    },
  };
}
