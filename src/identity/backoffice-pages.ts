// The back office's "Anmeldedienste" (/verwaltung/anmeldedienste) for the Verbund's admins: the
// identity providers every member's citizens sign in with, added, changed and removed here as
// the operator can by `cli identity:provider` (same checks, providers.ts). Other roles get 403
// with a German page on every route, as the authority admins' pages do. Every POST carries a
// CSRF token; bad input answers the page with German field messages and 422, nothing stored.
import { X509Certificate } from 'node:crypto';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { BackofficeKit, BackofficePages } from '../backoffice/pages.ts';
import type { StaffSession } from '../backoffice/staff.ts';
import type { BackofficeFrame } from '../backoffice/views.ts';
import type { DB, SloBinding } from '../db/schema.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { MessageKey } from '../web/i18n.ts';
import { messagePage } from '../web/layout.ts';
import {
  PROVIDERS_HREF,
  type ProviderKind,
  providerHref,
  providersPage,
} from './backoffice-views.ts';
import { field, type ProviderForm, readProviderForm } from './provider-form.ts';
import {
  type AddProviderView,
  addProviderPage,
  type ChangeForm,
  type FieldError,
  type ProviderDetail,
  type ProviderPageView,
  providerPage,
  removeProviderPage,
} from './provider-views.ts';
import {
  addProvider,
  addSigningCert,
  changeProvider,
  checkProvider,
  findProvider,
  listProviders,
  MAX_SIGNING_CERTS,
  type ProviderActor,
  type ProviderInput,
  parseAcrMap,
  parseAttributeMap,
  removeProvider,
  removeSigningCert,
} from './providers.ts';
import type { ProviderRow } from './repository.ts';
import { type IdpMetadata, readIdpMetadata } from './saml/idp-metadata.ts';

export type ProviderPagesDeps = {
  db: Kysely<DB>;
  production: boolean;
  /** Our SP metadata's address, which a SAML provider needs for its side. */
  spMetadataUrl: string;
  /** Where OIDC client secrets live; the page says whether the named one is set. */
  env?: Record<string, string | undefined>;
};

const NOTICES = {
  hinzugefuegt: 'identity.admin.added',
  geaendert: 'identity.admin.changed',
  unveraendert: 'identity.admin.unchanged',
  'zertifikat-hinzugefuegt': 'identity.admin.certAdded',
  'zertifikat-entfernt': 'identity.admin.certRemoved',
} as const satisfies Record<string, MessageKey>;

const SLUG_PARAMS = Type.Object({ slug: Type.String({ maxLength: 40 }) });
const NOTICE_QUERY = Type.Object({ hinweis: Type.Optional(Type.String({ maxLength: 30 })) });

const certificateView = (pem: string) => {
  const cert = new X509Certificate(pem);
  return {
    fingerprint: cert.fingerprint256,
    subject: cert.subject.replaceAll('\n', ', '),
    validTo: new Date(cert.validTo),
  };
};

/** The radio's value; anything else counts as not sent (the stored binding stays). */
const bindingOf = (value: string | undefined): SloBinding | undefined =>
  value === 'HTTP-POST' || value === 'HTTP-Redirect' ? value : undefined;

function detailOf(row: ProviderRow, env: Record<string, string | undefined>): ProviderDetail {
  return {
    slug: row.slug,
    type: row.type,
    displayName: row.display_name,
    issuer: row.issuer,
    ssoUrl: row.sso_url,
    sloUrl: row.slo_url,
    sloBinding: row.slo_binding,
    clientId: row.client_id,
    clientSecret:
      row.client_secret_env === null
        ? null
        : { env: row.client_secret_env, set: Boolean(env[row.client_secret_env]) },
    acrMap: row.acr_map,
    attributeMap: row.attribute_map,
    levels: row.levels,
    certificates: row.signing_certs.map(certificateView),
    createdAt: row.created_at,
  };
}

/**
 * The certificate as pasted, or as uploaded (both at once is a question, not a guess); the
 * PEM text, a problem with the form's upload, or nothing given.
 */
function certificateOf(
  form: ProviderForm,
  name: string,
): { pem: string } | { problem: MessageKey } | undefined {
  if (form.unreadable) return { problem: 'identity.provider.error.certFile' };
  const pasted = field(form, name).trim();
  if (pasted !== '' && form.certFile !== undefined)
    return { problem: 'identity.provider.error.certBoth' };
  const pem = pasted !== '' ? pasted : (form.certFile?.trim() ?? '');
  return pem === '' ? undefined : { pem };
}

/**
 * The IdP's metadata as pasted or uploaded, read; undefined: none given. A problem is the
 * field error of `metadata` (with the entity ids when there are several IdPs).
 */
function metadataOf(
  form: ProviderForm,
):
  | { xml: string; metadata: IdpMetadata }
  | { xml: string; problem: MessageKey; entityIds?: string }
  | undefined {
  const pasted = field(form, 'metadata');
  if (form.metadataUnreadable) return { xml: '', problem: 'identity.provider.error.metadataFile' };
  if (pasted.trim() !== '' && form.metadataFile !== undefined)
    return { xml: pasted, problem: 'identity.provider.error.metadataBoth' };
  const xml = pasted.trim() !== '' ? pasted : (form.metadataFile ?? '');
  if (xml.trim() === '') return undefined;
  const read = readIdpMetadata(xml);
  if (read.ok) return { xml, metadata: read.metadata };
  return read.entityIds
    ? { xml, problem: read.problem, entityIds: read.entityIds.join(', ') }
    : { xml, problem: read.problem };
}

const optionalMap = <K extends string>(key: K, map: Record<string, string> | undefined) =>
  (map === undefined ? {} : { [key]: map }) as Partial<Record<K, Record<string, string>>>;

/** A pasted private key goes back to no page: whoever sees the screen would see the key. */
const echoable = (pasted: string) => (/PRIVATE KEY/.test(pasted) ? '' : pasted);

export function providerPages(deps: ProviderPagesDeps): BackofficePages {
  const { db, production } = deps;
  const env = deps.env ?? process.env;
  const checks = { production };

  return async (untyped, kit: BackofficeKit) => {
    const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
    const actorOf = (request: FastifyRequest, s: StaffSession): ProviderActor => ({
      staffId: s.staffId,
      ip: request.ip,
    });
    const errorsOf = (frame: BackofficeFrame, error: ValidationError): FieldError[] =>
      Object.entries(error.fields).map(([name, key]) => ({
        field: name,
        message: frame.t(key as MessageKey),
      }));

    /**
     * The Verbund's admin, or undefined after answering 403: the Verbund's admins work for no
     * authority, the membership without one says it.
     */
    async function verbundAdmin(request: FastifyRequest, reply: FastifyReply) {
      const s = kit.staffOf(request);
      if (s.memberships.some((m) => m.role === 'verbund_admin')) return s;
      const f = await kit.staffFrame(request, reply);
      await reply.page(
        messagePage(f, f.t('identity.backoffice.forbidden.title'), [
          f.t('identity.backoffice.forbidden'),
        ]),
        403,
      );
      return undefined;
    }

    async function showProvider(
      request: FastifyRequest,
      reply: FastifyReply,
      s: StaffSession,
      slug: string,
      extra: Partial<ProviderPageView> = {},
      status = 200,
    ) {
      const row = await findProvider(db, s.verbundId, slug);
      if (row === undefined) throw new NotFoundError('identity_provider', slug);
      const f = await kit.staffFrame(request, reply);
      return reply.page(
        providerPage(f, {
          provider: detailOf(row, env),
          errors: [],
          maxCertificates: MAX_SIGNING_CERTS,
          ...extra,
        }),
        status,
      );
    }

    app.get(
      PROVIDERS_HREF,
      { preHandler: kit.active, schema: { querystring: NOTICE_QUERY } },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const f = await kit.staffFrame(request, reply);
        const providers = await listProviders(db, s.verbundId);
        const notice =
          request.query.hinweis === 'entfernt' ? f.t('identity.backoffice.removed') : undefined;
        return reply.page(providersPage(f, providers, notice));
      },
    );

    const KIND = Type.Object({ kind: Type.Union([Type.Literal('saml'), Type.Literal('oidc')]) });
    const addPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      view: Pick<AddProviderView, 'kind'> & Partial<AddProviderView>,
      status = 200,
    ) => {
      const f = await kit.staffFrame(request, reply);
      return reply.page(
        addProviderPage(f, {
          values: {},
          levels: [],
          errors: [],
          production,
          spMetadataUrl: deps.spMetadataUrl,
          ...view,
        }),
        status,
      );
    };

    app.get(
      `${PROVIDERS_HREF}/hinzufuegen/:kind`,
      { preHandler: kit.active, schema: { params: KIND } },
      async (request, reply) => {
        if ((await verbundAdmin(request, reply)) === undefined) return reply;
        return addPage(request, reply, { kind: request.params.kind });
      },
    );

    app.post(
      `${PROVIDERS_HREF}/hinzufuegen/:kind`,
      { preHandler: [kit.active, readProviderForm, app.csrfProtection], schema: { params: KIND } },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const kind: ProviderKind = request.params.kind;
        const form = request.providerForm as ProviderForm;
        const v = (name: string) => field(form, name);
        const levels = form.fields.get('levels') ?? [];
        // What goes back into the form (a pasted certificate, never an uploaded file's text),
        // in the form's order, which the error summary follows.
        const order = ['slug', 'displayName', 'metadata', 'issuer', 'ssoUrl', 'sloUrl'].concat([
          'sloBinding',
          'signingCerts',
          'clientId',
          'clientSecretEnv',
          'acrMap',
          'levels',
        ]);
        const values = Object.fromEntries(order.map((name) => [name, v(name)]));
        values.signingCerts = echoable(v('signingCerts'));
        // The metadata: what the admin typed wins, the metadata fills what is empty.
        const read = kind === 'saml' ? metadataOf(form) : undefined;
        const metadata = read !== undefined && 'metadata' in read ? read.metadata : undefined;
        if (read !== undefined) values.metadata = echoable(read.xml);
        if (metadata) {
          values.issuer = v('issuer').trim() || metadata.entityId;
          values.ssoUrl = v('ssoUrl').trim() || metadata.ssoUrl;
          const typedSlo = v('sloUrl').trim();
          values.sloUrl = typedSlo || (metadata.sloUrl ?? '');
          // The binding goes with the metadata's address: when it fills the field, or when the
          // form sent the same address without choosing a binding.
          if (
            metadata.sloUrl !== undefined &&
            (typedSlo === '' || (v('sloBinding') === '' && typedSlo === metadata.sloUrl))
          )
            values.sloBinding = metadata.sloBinding ?? 'HTTP-Redirect';
        }
        const preview = metadata && {
          entityId: metadata.entityId,
          certificates: metadata.signingCerts.map(certificateView),
          signed: metadata.signed,
          redirectOnly: metadata.ssoBinding === 'HTTP-Redirect',
        };
        const refuse = async (error: ValidationError) => {
          const f = await kit.staffFrame(request, reply);
          const errors = errorsOf(f, error).sort(
            (a, b) => order.indexOf(a.field) - order.indexOf(b.field),
          );
          return addPage(request, reply, { kind, values, levels, errors, metadata: preview }, 422);
        };
        const metadataError = async () => {
          const f = await kit.staffFrame(request, reply);
          const message =
            read === undefined
              ? f.t('identity.provider.error.metadataMissing')
              : 'problem' in read
                ? f.t(read.problem, { entityIds: read.entityIds ?? '' })
                : undefined;
          return message && { field: 'metadata', message };
        };
        if (v('step') === 'metadata') {
          const error = await metadataError();
          return addPage(
            request,
            reply,
            { kind, values, levels, errors: error ? [error] : [], metadata: preview },
            error ? 422 : 200,
          );
        }
        const optional = (name: string) =>
          (values[name] ?? '').trim() === '' ? undefined : (values[name] ?? '').trim();
        const cert = kind === 'saml' ? certificateOf(form, 'signingCerts') : undefined;
        const certProblem = cert !== undefined && 'problem' in cert ? cert.problem : undefined;
        const acrMap = kind === 'oidc' ? parseAcrMap(v('acrMap')) : undefined;
        // A typed or uploaded certificate wins; else the metadata's (one or two).
        const signingCerts =
          cert !== undefined && 'pem' in cert
            ? [cert.pem]
            : cert === undefined && metadata
              ? metadata.signingCerts
              : [];
        const input: ProviderInput = {
          slug: v('slug').trim(),
          type: kind,
          displayName: v('displayName'),
          issuer: (values.issuer ?? '').trim(),
          ssoUrl: kind === 'saml' ? (values.ssoUrl ?? '').trim() : undefined,
          sloUrl: kind === 'saml' ? optional('sloUrl') : undefined,
          sloBinding: kind === 'saml' ? bindingOf(values.sloBinding) : undefined,
          // An upload's problem: no certificate, so the check refuses and names it below.
          signingCerts,
          metadataXml: metadata ? read?.xml : undefined,
          clientId: kind === 'oidc' ? optional('clientId') : undefined,
          clientSecretEnv: kind === 'oidc' ? optional('clientSecretEnv') : undefined,
          acrMap: acrMap ?? {},
          levels,
        };
        try {
          // Bad metadata stores nothing, even when the typed fields would pass; the check
          // still runs so that every problem is named at once.
          if (read !== undefined && !metadata) {
            checkProvider(input, checks);
            throw new ValidationError({});
          }
          const added = await addProvider(db, s.verbundId, input, {
            ...checks,
            actor: actorOf(request, s),
          });
          if (!added)
            return refuse(new ValidationError({ slug: 'identity.provider.error.slugTaken' }));
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          // The upload's own problem wins over "no certificate".
          if (certProblem) error.fields.signingCerts = certProblem;
          const f = await kit.staffFrame(request, reply);
          const errors = errorsOf(f, error);
          const bad = await metadataError();
          if (bad && read !== undefined) errors.push(bad);
          errors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
          return addPage(request, reply, { kind, values, levels, errors, metadata: preview }, 422);
        }
        return reply.redirect(`${providerHref(v('slug').trim())}?hinweis=hinzugefuegt`, 303);
      },
    );

    app.get(
      `${PROVIDERS_HREF}/:slug`,
      { preHandler: kit.active, schema: { params: SLUG_PARAMS, querystring: NOTICE_QUERY } },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const key = NOTICES[request.query.hinweis as keyof typeof NOTICES];
        const f = await kit.staffFrame(request, reply);
        return showProvider(request, reply, s, request.params.slug, {
          notice: key && f.t(key),
        });
      },
    );

    const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
    app.post(
      `${PROVIDERS_HREF}/:slug`,
      {
        preHandler: [kit.active, app.csrfProtection],
        schema: {
          params: SLUG_PARAMS,
          body: Type.Object({
            _csrf: text(200),
            displayName: text(300),
            levels: Type.Optional(
              Type.Union([
                Type.String({ maxLength: 20 }),
                Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 }),
              ]),
            ),
            issuer: text(600),
            ssoUrl: text(2000),
            sloUrl: text(2000),
            sloBinding: text(20),
            clientId: text(300),
            acrMap: text(2000),
            attributeMap: text(4000),
            issuerConfirmed: text(10),
          }),
        },
      },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const { slug } = request.params;
        const body = request.body;
        const raw = body.levels;
        const levels = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
        const form: ChangeForm = {
          displayName: body.displayName ?? '',
          levels,
          issuer: body.issuer,
          ssoUrl: body.ssoUrl,
          sloUrl: body.sloUrl,
          sloBinding: bindingOf(body.sloBinding),
          clientId: body.clientId,
          acrMap: body.acrMap,
          attributeMap: body.attributeMap,
          issuerConfirmed: body.issuerConfirmed === 'ja',
        };
        // A field the form did not send stays as it is (an older page, a test).
        const pairs = (value: string | undefined, parse: typeof parseAcrMap, field: string) => {
          if (value === undefined) return undefined;
          const map = parse(value);
          if (map === undefined)
            throw new ValidationError({ [field]: `identity.provider.error.${field}` });
          return map;
        };
        let changed: boolean;
        try {
          changed = await changeProvider(
            db,
            s.verbundId,
            slug,
            {
              displayName: form.displayName,
              levels,
              ...(form.issuer !== undefined ? { issuer: form.issuer } : {}),
              ...(form.ssoUrl !== undefined ? { ssoUrl: form.ssoUrl } : {}),
              ...(form.sloUrl !== undefined ? { sloUrl: form.sloUrl } : {}),
              ...(form.sloBinding !== undefined ? { sloBinding: form.sloBinding } : {}),
              ...(form.clientId !== undefined ? { clientId: form.clientId } : {}),
              ...optionalMap('acrMap', pairs(form.acrMap, parseAcrMap, 'acrMap')),
              ...optionalMap(
                'attributeMap',
                pairs(form.attributeMap, parseAttributeMap, 'attributeMap'),
              ),
              issuerConfirmed: form.issuerConfirmed,
            },
            actorOf(request, s),
            checks,
          );
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          const f = await kit.staffFrame(request, reply);
          const order = ['displayName', 'issuer', 'ssoUrl', 'sloUrl', 'clientId', 'acrMap'].concat([
            'sloBinding',
            'issuerConfirmed',
            'attributeMap',
            'levels',
          ]);
          const errors = errorsOf(f, error).sort(
            (a, b) => order.indexOf(a.field) - order.indexOf(b.field),
          );
          return showProvider(request, reply, s, slug, { form, errors }, 422);
        }
        const notice = changed ? 'geaendert' : 'unveraendert';
        return reply.redirect(`${providerHref(slug)}?hinweis=${notice}`, 303);
      },
    );

    app.post(
      `${PROVIDERS_HREF}/:slug/zertifikate`,
      {
        preHandler: [kit.active, readProviderForm, app.csrfProtection],
        schema: { params: SLUG_PARAMS },
      },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const { slug } = request.params;
        const form = request.providerForm as ProviderForm;
        const cert = certificateOf(form, 'signingCert');
        try {
          if (cert === undefined)
            throw new ValidationError({ signingCert: 'identity.provider.error.certCount' });
          if ('problem' in cert) throw new ValidationError({ signingCert: cert.problem });
          await addSigningCert(db, s.verbundId, slug, cert.pem, actorOf(request, s), checks);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          const f = await kit.staffFrame(request, reply);
          const certificate = echoable(field(form, 'signingCert'));
          return showProvider(
            request,
            reply,
            s,
            slug,
            { certificate, errors: errorsOf(f, error) },
            422,
          );
        }
        return reply.redirect(`${providerHref(slug)}?hinweis=zertifikat-hinzugefuegt`, 303);
      },
    );

    app.post(
      `${PROVIDERS_HREF}/:slug/zertifikate/entfernen`,
      {
        preHandler: [kit.active, app.csrfProtection],
        schema: {
          params: SLUG_PARAMS,
          body: Type.Object({
            _csrf: Type.Optional(Type.String({ maxLength: 200 })),
            fingerprint: Type.Optional(Type.String({ maxLength: 200 })),
          }),
        },
      },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const { slug } = request.params;
        try {
          await removeSigningCert(
            db,
            s.verbundId,
            slug,
            request.body.fingerprint ?? '',
            actorOf(request, s),
            checks,
          );
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          const f = await kit.staffFrame(request, reply);
          return showProvider(request, reply, s, slug, { errors: errorsOf(f, error) }, 422);
        }
        return reply.redirect(`${providerHref(slug)}?hinweis=zertifikat-entfernt`, 303);
      },
    );

    app.get(
      `${PROVIDERS_HREF}/:slug/entfernen`,
      { preHandler: kit.active, schema: { params: SLUG_PARAMS } },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const row = await findProvider(db, s.verbundId, request.params.slug);
        if (row === undefined) throw new NotFoundError('identity_provider', request.params.slug);
        const f = await kit.staffFrame(request, reply);
        return reply.page(removeProviderPage(f, { slug: row.slug, displayName: row.display_name }));
      },
    );

    app.post(
      `${PROVIDERS_HREF}/:slug/entfernen`,
      {
        preHandler: [kit.active, app.csrfProtection],
        schema: {
          params: SLUG_PARAMS,
          body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }),
        },
      },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const { slug } = request.params;
        if (!(await removeProvider(db, s.verbundId, slug, actorOf(request, s))))
          throw new NotFoundError('identity_provider', slug);
        return reply.redirect(`${PROVIDERS_HREF}?hinweis=entfernt`, 303);
      },
    );
  };
}
