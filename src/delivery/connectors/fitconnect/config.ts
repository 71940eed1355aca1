import { Type } from 'typebox';

// https only, except to this machine (tests, a submission service on the same host).
const URL_PATTERN =
  '^(https://[^\\s]+|http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?(/[^\\s]*)?)$';
const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

export const fitconnectConfig = Type.Object(
  {
    /** The OAuth2 token endpoint of the FIT-Connect environment (client credentials). */
    tokenUrl: Type.String({ pattern: URL_PATTERN, maxLength: 2000 }),
    /** Base URL of the Submission API, without the /v1. */
    submissionApiUrl: Type.String({ pattern: URL_PATTERN, maxLength: 2000 }),
    clientId: Type.String({ minLength: 1, maxLength: 200 }),
    clientSecret: Type.String({ minLength: 8, maxLength: 500 }),
    /** The authority's Zustellpunkt (destination) for the services of this route. */
    destinationId: Type.String({ pattern: UUID_PATTERN }),
    /** Fachdatenschema announced in the metadata for our JSON copy of the answers. */
    dataSchemaUri: Type.Optional(Type.String({ minLength: 3, maxLength: 500 })),
    /** How long to wait before reading the case's event log again (default 60 s). */
    pollSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600 })),
    /**
     * Secret the service signs its callbacks with (HMAC-SHA512); given to the service with
     * each submission together with this route's callback URL under /api/v1. Without it,
     * only the event log is read.
     */
    callbackSecret: Type.Optional(Type.String({ minLength: 32, maxLength: 200 })),
    /**
     * The certificates every destination key's chain (x5c) must lead up to: in production the
     * root of the Verwaltungs-PKI. PEM as pasted (line by line) or base64 DER, one a line.
     */
    trustAnchors: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 8000 }), { maxItems: 800 }),
    ),
    /**
     * Demo and FIT-Connect's test environment only, where keys come without a chain: the
     * destination's keys are taken without x5c. Refused when the portal runs in production,
     * and not offered on the route form (ADR 0044).
     */
    demoWithoutCertificateChain: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
