import { Type } from 'typebox';

// https only, except to this machine (tests, a receiver on the same host).
const URL_PATTERN =
  '^(https://[^\\s]+|http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?(/[^\\s]*)?)$';

export const webhookConfig = Type.Object(
  {
    url: Type.String({ pattern: URL_PATTERN, maxLength: 2000 }),
    /** Two while rotating: every request is signed with each, receivers accept either. */
    secrets: Type.Array(Type.String({ minLength: 32, maxLength: 200 }), {
      minItems: 1,
      maxItems: 2,
    }),
    /** Files are sent inline up to this many bytes in all; above, as signed download links. */
    inlineLimitBytes: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 * 1024 * 1024 })),
  },
  { additionalProperties: false },
);
