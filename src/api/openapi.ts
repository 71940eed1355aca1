// The OpenAPI 3.1 description of /api/v1, served as it is at /api/v1/openapi.json. Written by
// hand next to the routes (routes.ts) and checked against them in the tests: every route is
// described, nothing described is missing.
const ERROR = { $ref: '#/components/schemas/Error' };
const UUID = { type: 'string', format: 'uuid' };
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: ERROR_TEXT[code] ?? 'Fehler',
        content: { 'application/json': { schema: ERROR } },
      },
    ]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: 'Ungültige Anfrage (JSON, Felder, Cookies)',
  401: 'Zugangsdaten fehlen oder sind ungültig',
  404: 'Den Antrag gibt es nicht, oder er kam nicht über den Weg dieser Zugangsdaten',
  409: 'Der Antrag lässt das gerade nicht zu (Statuswechsel, kein Postfach)',
  413: 'Die Anfrage ist zu groß',
  415: 'Nur application/json',
  422: 'Inhalt nicht zulässig',
  429: 'Zu viele Anfragen',
};
const json = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const APPLICATION = {
  name: 'applicationId',
  in: 'path',
  required: true,
  description: 'Die Id des Antrags, wie sie mit der Zustellung kam (application.id)',
  schema: UUID,
};
const ok = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Done' } } },
});

export const API_PATHS = [
  ['get', '/api/v1/openapi.json'],
  ['post', '/api/v1/applications/{applicationId}/status'],
  ['post', '/api/v1/applications/{applicationId}/messages'],
  ['post', '/api/v1/applications/{applicationId}/documents'],
  ['post', '/api/v1/applications/{applicationId}/receipt'],
  ['post', '/api/v1/fitconnect/callbacks/{authorityId}/{routeId}'],
] as const;

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Rathausnetz Rückkanal',
    version: '1.0.0',
    description:
      'Der Rückkanal für die Systeme der Verwaltungen (DMS, Fachverfahren): Status setzen, ' +
      'Nachrichten und Bescheide ins Postfach der Antragstellenden legen, den Eingang ' +
      'bestätigen. Jede Zugangsberechtigung gehört zu einem Zustellweg; sie reicht nur für ' +
      'Anträge, die über diesen Weg kamen. Ausgegeben mit `npm run cli -- api:credential issue`.',
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }],
  paths: {
    '/api/v1/openapi.json': {
      get: {
        summary: 'Diese Beschreibung',
        security: [],
        responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } },
      },
    },
    '/api/v1/applications/{applicationId}/status': {
      post: {
        summary: 'Status setzen, mit einer Notiz für die Antragstellenden',
        parameters: [APPLICATION],
        requestBody: json({
          type: 'object',
          additionalProperties: false,
          required: ['status'],
          properties: {
            status: {
              type: 'string',
              enum: ['received', 'processing', 'action_required', 'completed', 'rejected'],
            },
            note: {
              type: 'string',
              maxLength: 500,
              description: 'Öffentlich: die Antragstellenden lesen sie',
            },
          },
        }),
        responses: { '200': ok('Status gesetzt'), ...errors(400, 401, 404, 409, 422, 429) },
      },
    },
    '/api/v1/applications/{applicationId}/messages': {
      post: {
        summary: 'Nachricht ins Postfach der Antragstellenden',
        parameters: [APPLICATION],
        requestBody: json({
          type: 'object',
          additionalProperties: false,
          required: ['body'],
          properties: { body: { type: 'string', minLength: 1, maxLength: 10000 } },
        }),
        responses: { '200': ok('Im Postfach'), ...errors(400, 401, 404, 409, 422, 429) },
      },
    },
    '/api/v1/applications/{applicationId}/documents': {
      post: {
        summary: 'Bescheid oder anderes Dokument (PDF, höchstens 10 MB) ins Postfach',
        parameters: [APPLICATION],
        requestBody: json({
          type: 'object',
          additionalProperties: false,
          required: ['fileName', 'contentBase64', 'body'],
          properties: {
            fileName: { type: 'string', pattern: '\\.pdf$', maxLength: 200 },
            contentBase64: {
              type: 'string',
              contentEncoding: 'base64',
              contentMediaType: 'application/pdf',
            },
            body: { type: 'string', minLength: 1, maxLength: 10000, description: 'Begleittext' },
          },
        }),
        responses: { '200': ok('Im Postfach'), ...errors(400, 401, 404, 409, 413, 422, 429) },
      },
    },
    '/api/v1/applications/{applicationId}/receipt': {
      post: {
        summary: 'Eingang bestätigen: zugestellt, mit dem Zeichen des empfangenden Systems',
        parameters: [APPLICATION],
        requestBody: json({
          type: 'object',
          additionalProperties: false,
          required: ['reference'],
          properties: { reference: { type: 'string', minLength: 1, maxLength: 200 } },
        }),
        responses: { '200': ok('Eingang vermerkt'), ...errors(400, 401, 404, 409, 429) },
      },
    },
    '/api/v1/fitconnect/callbacks/{authorityId}/{routeId}': {
      post: {
        summary: 'Callback des FIT-Connect-Zustelldienstes (neues Ereignis zu einem Vorgang)',
        description:
          'HMAC-SHA512 über callback-timestamp und Rumpf mit dem Callback-Geheimnis des Wegs; ' +
          'höchstens 5 Minuten alt. Der Callback stößt nur das Lesen des signierten Ereignisprotokolls an.',
        security: [],
        parameters: [
          { name: 'authorityId', in: 'path', required: true, schema: UUID },
          { name: 'routeId', in: 'path', required: true, schema: UUID },
          {
            name: 'callback-authentication',
            in: 'header',
            required: true,
            schema: { type: 'string' },
          },
          { name: 'callback-timestamp', in: 'header', required: true, schema: { type: 'string' } },
        ],
        requestBody: json({
          type: 'object',
          required: ['caseId'],
          properties: { type: { type: 'string' }, caseId: UUID },
        }),
        responses: { '200': ok('Angenommen'), ...errors(400, 401, 404, 429) },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Done: { type: 'object', required: ['ok'], properties: { ok: { const: true } } },
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string', description: 'Deutsch, für Menschen' },
              fields: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
        },
      },
    },
  },
} as const;
