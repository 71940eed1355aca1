// Identity providers as configuration of the Verbund (issue 13, item 1): validated here, then
// written by the command line (cli.ts), the Verbund admins' back-office page
// (backoffice-pages.ts) or, in development, for the built-in test IdP. One validation for all of
// them. Reads and writes run in the Verbund office's context (ADR 0041): provider rows are the
// Verbund's configuration, no authority's or citizen's; each change is audited in the
// Verbund's chain in the same transaction.
import { X509Certificate } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type AuditAction, appendAudit } from '../audit/service.ts';
import { withVerbundOffice } from '../db/rls.ts';
import type { DB, SloBinding, TrustLevel } from '../db/schema.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { isTrustLevel, levelReaches } from './levels.ts';
import type { identityDe } from './messages.de.ts';
import * as repo from './repository.ts';
import { ATTRIBUTE_NAMES, BUNDID_ATTRIBUTES } from './saml/attributes.ts';

export type ProviderInput = {
  slug: string;
  type: 'saml' | 'oidc';
  displayName: string;
  issuer: string;
  ssoUrl?: string | undefined;
  /** SAML: the IdP's SingleLogoutService, if it offers single logout (binding: sloBinding). */
  sloUrl?: string | undefined;
  /** SAML: the binding of sloUrl, HTTP-Redirect unless the IdP's metadata names POST (ADR 0047). */
  sloBinding?: SloBinding | undefined;
  /** PEM certificates; two while the IdP changes its signing key. */
  signingCerts?: string[];
  metadataXml?: string | undefined;
  clientId?: string | undefined;
  clientSecretEnv?: string | undefined;
  attributeMap?: Record<string, string>;
  levels: string[];
  acrMap?: Record<string, string>;
};

/** How strict the checks are: production accepts https URLs only. */
export type CheckOptions = { production?: boolean };

/** Who changed a provider, for the audit entry; staffId null: the operator's command line. */
export type ProviderActor = { staffId: string | null; ip: string | null };

/** A problem with a field, as a message key (German and English in messages.*.ts). */
type ProblemKey = keyof typeof identityDe & `identity.provider.error.${string}`;

const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;
// The back office's own path beside the providers' pages (/verwaltung/anmeldedienste/<slug>).
const RESERVED_SLUGS = new Set(['hinzufuegen']);
export const MAX_SIGNING_CERTS = 2;

/** undefined: fine; else the problem with the URL in `field`. */
function urlProblem(
  value: string | undefined,
  production: boolean,
  missing: ProblemKey,
  insecure: ProblemKey,
): ProblemKey | undefined {
  if (value === undefined) return missing;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:') return undefined;
    if (url.protocol !== 'http:') return missing;
    // A sign-in's answers and the IdP's keys must not travel in clear outside development.
    return production ? insecure : undefined;
  } catch {
    return missing;
  }
}

/**
 * One signing certificate from pasted or uploaded PEM text, in a normal form (the stored text
 * is what the SAML check trusts). Exactly one certificate, never a private key.
 */
export function parseCertificate(
  pem: string,
  at: Date = new Date(),
): { pem: string; cert: X509Certificate } | ProblemKey {
  if (/PRIVATE KEY/.test(pem)) return 'identity.provider.error.certPrivateKey';
  if ((pem.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length !== 1)
    return 'identity.provider.error.certPem';
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem.trim());
  } catch {
    return 'identity.provider.error.certPem';
  }
  if (new Date(cert.validTo).getTime() < at.getTime()) return 'identity.provider.error.certExpired';
  return { pem: cert.toString(), cert };
}

/**
 * The acr values of an OIDC provider and the levels they stand for, from "acr=level" pairs
 * separated by commas or line breaks (the command line's --acr, the page's text area).
 * undefined: a pair without "=" or with an unknown level.
 */
export function parseAcrMap(text: string): Record<string, string> | undefined {
  return parsePairs(text);
}

/**
 * The attribute mapping (attribute or claim → profile field) from "name=field" lines, as the
 * provider's page shows it; undefined: a line without "=".
 */
export function parseAttributeMap(text: string): Record<string, string> | undefined {
  return parsePairs(text);
}

function parsePairs(text: string): Record<string, string> | undefined {
  const map: Record<string, string> = {};
  for (const pair of text.split(/[,\n]/)) {
    const trimmed = pair.trim();
    if (trimmed === '') continue;
    const at = trimmed.indexOf('=');
    if (at < 1) return undefined;
    map[trimmed.slice(0, at).trim()] = trimmed.slice(at + 1).trim();
  }
  return map;
}

/** Checks a provider before it is stored; every problem is named by field (a message key). */
export function checkProvider(
  input: ProviderInput,
  options: CheckOptions = {},
): Omit<repo.NewProvider, 'verbundId'> {
  const production = options.production ?? false;
  const fields: Record<string, ProblemKey> = {};
  if (!SLUG.test(input.slug)) fields.slug = 'identity.provider.error.slug';
  else if (RESERVED_SLUGS.has(input.slug)) fields.slug = 'identity.provider.error.slugTaken';
  if (input.type !== 'saml' && input.type !== 'oidc') fields.type = 'identity.provider.error.type';
  if (input.displayName.trim() === '' || input.displayName.trim().length > 100)
    fields.displayName = 'identity.provider.error.displayName';
  const levels = input.levels.filter(isTrustLevel) as TrustLevel[];
  if (levels.length === 0 || levels.length !== input.levels.length)
    fields.levels = 'identity.provider.error.levels';
  const certs: string[] = [];
  if (input.type === 'saml') {
    if (input.issuer.trim() === '' || input.issuer.trim().length > 500)
      fields.issuer = 'identity.provider.error.entityId';
    const sso = urlProblem(
      input.ssoUrl,
      production,
      'identity.provider.error.ssoUrl',
      'identity.provider.error.ssoUrlHttps',
    );
    if (sso) fields.ssoUrl = sso;
    const slo =
      input.sloUrl === undefined
        ? undefined
        : urlProblem(
            input.sloUrl,
            production,
            'identity.provider.error.sloUrl',
            'identity.provider.error.sloUrlHttps',
          );
    if (slo) fields.sloUrl = slo;
    if (
      input.sloBinding !== undefined &&
      input.sloBinding !== 'HTTP-Redirect' &&
      input.sloBinding !== 'HTTP-POST'
    )
      fields.sloBinding = 'identity.provider.error.sloBinding';
    const given = input.signingCerts ?? [];
    if (given.length < 1 || given.length > MAX_SIGNING_CERTS)
      fields.signingCerts = 'identity.provider.error.certCount';
    for (const pem of given) {
      const parsed = parseCertificate(pem);
      if (typeof parsed === 'string') fields.signingCerts = parsed;
      else certs.push(parsed.pem);
    }
    if (new Set(certs).size !== certs.length)
      fields.signingCerts = 'identity.provider.error.certTwice';
  } else {
    const issuer = urlProblem(
      input.issuer,
      production,
      'identity.provider.error.issuer',
      'identity.provider.error.issuerHttps',
    );
    if (issuer) fields.issuer = issuer;
    if (!input.clientId || input.clientId.length > 200)
      fields.clientId = 'identity.provider.error.clientId';
    if (
      input.clientSecretEnv !== undefined &&
      !/^[A-Z][A-Z0-9_]{0,63}$/.test(input.clientSecretEnv)
    )
      fields.clientSecretEnv = 'identity.provider.error.clientSecretEnv';
    const acr = input.acrMap ?? {};
    if (Object.keys(acr).length === 0 || !Object.values(acr).every(isTrustLevel))
      fields.acrMap = 'identity.provider.error.acrMap';
    // A level no acr value reaches would be offered and then refused at every sign-in.
    else if (
      !fields.levels &&
      !levels.every((l) => Object.values(acr).some((a) => levelReaches(a as TrustLevel, l)))
    )
      fields.levels = 'identity.provider.error.levelsAcr';
  }
  // Empty is allowed: a SAML provider then takes the BundID mapping (service.ts), an OIDC
  // provider no profile data, only the sign-in.
  if (input.attributeMap !== undefined) {
    const targets = Object.values(input.attributeMap);
    const names = Object.keys(input.attributeMap);
    if (
      names.some((n) => n.length > 200) ||
      !targets.every((f) => (ATTRIBUTE_NAMES as readonly string[]).includes(f)) ||
      new Set(targets).size !== targets.length
    )
      fields.attributeMap = 'identity.provider.error.attributeMap';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return {
    slug: input.slug,
    type: input.type,
    displayName: input.displayName.trim(),
    issuer: input.issuer.trim(),
    ssoUrl: input.ssoUrl ?? null,
    sloUrl: input.type === 'saml' ? (input.sloUrl ?? null) : null,
    sloBinding: input.type === 'saml' ? (input.sloBinding ?? 'HTTP-Redirect') : 'HTTP-Redirect',
    signingCerts: certs,
    metadataXml: input.metadataXml ?? null,
    clientId: input.clientId ?? null,
    clientSecretEnv: input.clientSecretEnv ?? null,
    attributeMap:
      input.attributeMap ?? (input.type === 'saml' ? { ...BUNDID_ATTRIBUTES } : OIDC_CLAIMS),
    levels,
    acrMap: (input.acrMap ?? {}) as Record<string, TrustLevel>,
  };
}

/** Standard OIDC claims → profile fields, the default mapping of an OIDC provider. */
export const OIDC_CLAIMS: Readonly<Record<string, string>> = {
  given_name: 'given_name',
  family_name: 'family_name',
  email: 'email',
  birthdate: 'birth_date',
};

function audited(
  trx: Kysely<DB>,
  verbundId: string,
  providerId: string,
  action: AuditAction,
  actor: ProviderActor,
  fields?: string[],
) {
  return appendAudit(trx, {
    authorityId: null,
    verbundId,
    staffId: actor.staffId,
    action,
    subject: { type: 'identity_provider', id: providerId },
    ip: actor.ip,
    at: new Date(),
    ...(fields ? { fields } : {}),
  });
}

/**
 * Adds a provider; false when the Verbund has one with that slug already (nothing stored).
 * Audited when `actor` is given: the page and the command line give one, test set-up not.
 */
export async function addProvider(
  db: Kysely<DB>,
  verbundId: string,
  input: ProviderInput,
  options: CheckOptions & { actor?: ProviderActor } = {},
) {
  const checked = checkProvider(input, options);
  return withVerbundOffice(db, verbundId, async (trx) => {
    const id = await repo.insertProvider(trx, { ...checked, verbundId });
    if (id === undefined) return false;
    if (options.actor)
      await audited(trx, verbundId, id.id, 'identity.provider_added', options.actor);
    return true;
  });
}

export function listProviders(db: Kysely<DB>, verbundId: string) {
  return withVerbundOffice(db, verbundId, (trx) => repo.listProviders(trx, verbundId));
}

export function findProvider(db: Kysely<DB>, verbundId: string, slug: string) {
  return withVerbundOffice(db, verbundId, (trx) => repo.findProvider(trx, verbundId, slug));
}

/** The stored row as input again, so a change passes the same checks as an addition. */
function inputOf(row: repo.ProviderRow): ProviderInput {
  const optional = (value: string | null) => value ?? undefined;
  return {
    slug: row.slug,
    type: row.type,
    displayName: row.display_name,
    issuer: row.issuer,
    ssoUrl: optional(row.sso_url),
    sloUrl: optional(row.slo_url),
    sloBinding: row.slo_binding,
    signingCerts: row.signing_certs,
    metadataXml: optional(row.metadata_xml),
    clientId: optional(row.client_id),
    clientSecretEnv: optional(row.client_secret_env),
    attributeMap: row.attribute_map,
    levels: row.levels,
    acrMap: row.acr_map,
  };
}

/**
 * Changes one provider under a row lock: `change` returns the new input, or undefined when
 * nothing changes (no write, no audit entry). NotFoundError for an unknown slug. The audit
 * entry names the fields that changed when `fieldsOf` is given (names only, never values).
 */
function updateProvider(
  db: Kysely<DB>,
  verbundId: string,
  slug: string,
  action: AuditAction,
  actor: ProviderActor,
  options: CheckOptions,
  change: (current: ProviderInput) => ProviderInput | undefined,
  recordFields = false,
): Promise<boolean> {
  return withVerbundOffice(db, verbundId, async (trx) => {
    const row = await repo.lockProvider(trx, verbundId, slug);
    if (row === undefined) throw new NotFoundError('identity_provider', slug);
    const current = inputOf(row);
    const next = change(current);
    if (next === undefined) return false;
    const checked = checkProvider(next, options);
    await repo.updateProvider(trx, row.id, checked);
    const fields = recordFields ? changedFields(current, next) : undefined;
    await audited(trx, verbundId, row.id, action, actor, fields);
    return true;
  });
}

/** What the provider's page can change; the slug and the type stay (ADR 0038). */
export type ProviderChange = {
  displayName: string;
  levels: string[];
  issuer?: string;
  ssoUrl?: string;
  /** '' or undefined: no single logout. */
  sloUrl?: string;
  /** The binding of the SLO URL; undefined: unchanged. */
  sloBinding?: SloBinding;
  clientId?: string;
  acrMap?: Record<string, string>;
  attributeMap?: Record<string, string>;
  /**
   * The admin confirmed that the new entity id or issuer is the same IdP for the same people:
   * citizens' links stay bound to the provider, so a wrong issuer would hand accounts over.
   */
  issuerConfirmed?: boolean;
};

const CHANGEABLE = [
  'displayName',
  'levels',
  'issuer',
  'ssoUrl',
  'sloUrl',
  'sloBinding',
  'clientId',
  'acrMap',
  'attributeMap',
] as const;

const sameValue = (a: unknown, b: unknown) => {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x) => b.includes(x));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ea = Object.entries(a);
    return (
      ea.length === Object.keys(b).length &&
      ea.every(([k, v]) => (b as Record<string, unknown>)[k] === v)
    );
  }
  return (a ?? '') === (b ?? '');
};

/** The names of the fields that differ, in the form's order (for the audit entry). */
function changedFields(before: ProviderInput, after: ProviderInput): string[] {
  return CHANGEABLE.filter((name) => !sameValue(before[name], after[name]));
}

/**
 * The provider's page: display name, levels, and (ADR 0043) SSO and SLO URL, entity id or
 * issuer, OIDC client id, acr and attribute mapping. False when nothing differs. A changed
 * issuer needs `issuerConfirmed`, else a ValidationError at `issuerConfirmed`.
 */
export function changeProvider(
  db: Kysely<DB>,
  verbundId: string,
  slug: string,
  wanted: ProviderChange,
  actor: ProviderActor,
  options: CheckOptions = {},
) {
  return updateProvider(
    db,
    verbundId,
    slug,
    'identity.provider_changed',
    actor,
    options,
    (p) => {
      const saml = p.type === 'saml';
      const trimmed = (value: string | undefined, fallback: string | undefined) =>
        value === undefined ? fallback : value.trim();
      const next: ProviderInput = {
        ...p,
        displayName: wanted.displayName.trim(),
        levels: wanted.levels,
        issuer: trimmed(wanted.issuer, p.issuer) ?? '',
        ssoUrl: saml ? trimmed(wanted.ssoUrl, p.ssoUrl) : p.ssoUrl,
        sloUrl: saml
          ? wanted.sloUrl === undefined
            ? p.sloUrl
            : wanted.sloUrl.trim() || undefined
          : p.sloUrl,
        sloBinding: saml ? (wanted.sloBinding ?? p.sloBinding) : p.sloBinding,
        clientId: saml ? p.clientId : trimmed(wanted.clientId, p.clientId) || undefined,
        acrMap: saml ? p.acrMap : (wanted.acrMap ?? p.acrMap),
        attributeMap: wanted.attributeMap ?? p.attributeMap,
      };
      const changed = changedFields(p, next);
      if (changed.length === 0) return undefined;
      if (changed.includes('issuer') && wanted.issuerConfirmed !== true) {
        // Every other problem is named with it, so the admin fixes all at once.
        let fields: Record<string, string> = {};
        try {
          checkProvider(next, options);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          fields = error.fields;
        }
        throw new ValidationError({
          ...fields,
          issuerConfirmed: 'identity.provider.error.issuerConfirm',
        });
      }
      return next;
    },
    true,
  );
}

/** The SHA-256 fingerprint that names a certificate on the page (and in its form). */
export const fingerprintOf = (pem: string) => new X509Certificate(pem).fingerprint256;

/**
 * "Zertifikat hinzufügen": the IdP's next signing certificate, trusted beside the current one
 * until the change is done. At most two; the same certificate twice is refused.
 */
export function addSigningCert(
  db: Kysely<DB>,
  verbundId: string,
  slug: string,
  pem: string,
  actor: ProviderActor,
  options: CheckOptions = {},
) {
  const parsed = parseCertificate(pem);
  if (typeof parsed === 'string') throw new ValidationError({ signingCert: parsed });
  return updateProvider(
    db,
    verbundId,
    slug,
    'identity.provider_cert_added',
    actor,
    options,
    (p) => {
      const certs = p.signingCerts ?? [];
      if (p.type !== 'saml')
        throw new ValidationError({ signingCert: 'identity.provider.error.certOidc' });
      if (certs.some((c) => fingerprintOf(c) === parsed.cert.fingerprint256))
        throw new ValidationError({ signingCert: 'identity.provider.error.certTwice' });
      if (certs.length >= MAX_SIGNING_CERTS)
        throw new ValidationError({ signingCert: 'identity.provider.error.certFull' });
      return { ...p, signingCerts: [...certs, parsed.pem] };
    },
  );
}

/** "Zertifikat entfernen" after the rollover; never the last one (no sign-in could verify). */
export function removeSigningCert(
  db: Kysely<DB>,
  verbundId: string,
  slug: string,
  fingerprint: string,
  actor: ProviderActor,
  options: CheckOptions = {},
) {
  return updateProvider(
    db,
    verbundId,
    slug,
    'identity.provider_cert_removed',
    actor,
    options,
    (p) => {
      const certs = p.signingCerts ?? [];
      const rest = certs.filter((c) => fingerprintOf(c) !== fingerprint);
      if (rest.length === certs.length)
        throw new ValidationError({ certificates: 'identity.provider.error.certUnknown' });
      if (rest.length === 0)
        throw new ValidationError({ certificates: 'identity.provider.error.certLast' });
      return { ...p, signingCerts: rest };
    },
  );
}

/** Removes a provider with its links to accounts; false when there was none by that slug. */
export function removeProvider(
  db: Kysely<DB>,
  verbundId: string,
  slug: string,
  actor?: ProviderActor,
) {
  return withVerbundOffice(db, verbundId, async (trx) => {
    const id = await repo.deleteProvider(trx, verbundId, slug);
    if (id === undefined) return false;
    if (actor) await audited(trx, verbundId, id, 'identity.provider_removed', actor);
    return true;
  });
}
