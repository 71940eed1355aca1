import { type Static, Type } from 'typebox';

const absolutePath = (description: string) =>
  Type.String({ pattern: '^/', minLength: 2, maxLength: 1000, description });

export const xdomeaConfig = Type.Object(
  {
    /** Where the DMS picks up 0401 ZIPs; we write a hidden temporary file and rename it. */
    dropFolder: absolutePath('folder the DMS imports from'),
    /** Where the DMS puts its 0402/0403 answers; read ones go to processed/, bad ones unreadable/. */
    answerFolder: absolutePath('folder the DMS answers into'),
    /** SendendesSystem/Produktname in every Kopf. */
    sendingSystem: Type.String({ minLength: 1, maxLength: 200 }),
    /** SendendesSystem/InstanzID, when the DMS tells several portal installations apart. */
    sendingSystemInstance: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Empfänger/Behoerdenkennung/Behoerdenschluessel: the authority's key as the DMS knows it. */
    recipientAuthorityKey: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Empfänger/Organisationseinheit, e.g. "Ordnungsamt". */
    recipientUnit: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Without an import confirmation this many hours after the hand-over, the delivery fails. */
    confirmWithinHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 30 })),
    /** Dateiformat codes by file extension, overriding or adding to the built-in table. */
    formatCodes: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[a-z0-9]{1,10}$' }),
        Type.String({ pattern: '^[0-9]{3}$' }),
      ),
    ),
    /** The most the files may have in all; above, the delivery is refused (default 200 MiB). */
    maxBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 * 1024 * 1024 * 1024 })),
  },
  { additionalProperties: false },
);

export type XdomeaConfig = Static<typeof xdomeaConfig>;

export const DEFAULT_CONFIRM_WITHIN_HOURS = 72;
