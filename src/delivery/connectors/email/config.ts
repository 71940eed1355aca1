import { Type } from 'typebox';

export const emailConfig = Type.Object(
  {
    /** The office's functional mailbox, e.g. ordnungsamt@soegel.de. */
    to: Type.String({
      pattern:
        '^[^\\s@<>,;:"()\\[\\]\\\\]+@[^\\s@<>,;:"()\\[\\]\\\\]+\\.[^\\s@<>,;:"()\\[\\]\\\\]+$',
      maxLength: 254,
    }),
    /** The most the files may have in all in one mail; never cut short above it. */
    maxBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 * 1024 * 1024 })),
    /**
     * Files over maxBytes: `link` (default) sends the mail without them, naming each and
     * linking the application's page in the back office, where signed-in staff download them;
     * `refuse` refuses the delivery (for a mailbox that must get everything or nothing).
     */
    oversize: Type.Optional(Type.Union([Type.Literal('link'), Type.Literal('refuse')])),
  },
  { additionalProperties: false },
);
