import { Type } from 'typebox';

export const emailConfig = Type.Object(
  {
    /** The office's functional mailbox, e.g. ordnungsamt@soegel.de. */
    to: Type.String({
      pattern:
        '^[^\\s@<>,;:"()\\[\\]\\\\]+@[^\\s@<>,;:"()\\[\\]\\\\]+\\.[^\\s@<>,;:"()\\[\\]\\\\]+$',
      maxLength: 254,
    }),
    /** The most the files may have in all; above, the delivery is refused, never cut short. */
    maxBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 * 1024 * 1024 })),
  },
  { additionalProperties: false },
);
