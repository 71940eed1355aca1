// Identity providers as configuration of the Verbund (issue 13, item 1): validated here, then
// written by the command line (cli.ts) or, in development, for the built-in test IdP. Writes
// run as the worker role: provider rows are Verbund configuration, no citizen's context.
import { X509Certificate } from 'node:crypto';
import type { Kysely } from 'kysely';
import { withWorker } from '../db/rls.ts';
import type { DB, TrustLevel } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import { isTrustLevel } from './levels.ts';
import * as repo from './repository.ts';
import { BUNDID_ATTRIBUTES } from './saml/attributes.ts';

export type ProviderInput = {
  slug: string;
  type: 'saml' | 'oidc';
  displayName: string;
  issuer: string;
  ssoUrl?: string | undefined;
  /** SAML: the IdP's SingleLogoutService (HTTP-Redirect), if it offers single logout. */
  sloUrl?: string | undefined;
  /** PEM certificates; two while the IdP changes its signing key. */
  signingCerts?: string[];
  metadataXml?: string | undefined;
  clientId?: string | undefined;
  clientSecretEnv?: string | undefined;
  attributeMap?: Record<string, string>;
  levels: string[];
  acrMap?: Record<string, string>;
};

const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;

function isUrl(value: string | undefined): boolean {
  if (value === undefined) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Checks a provider before it is stored; every problem is named (German, for the operator). */
export function checkProvider(input: ProviderInput): Omit<repo.NewProvider, 'verbundId'> {
  const fields: Record<string, string> = {};
  if (!SLUG.test(input.slug))
    fields.slug = 'Kennung: Kleinbuchstaben, Ziffern und -, höchstens 40 Zeichen';
  if (input.type !== 'saml' && input.type !== 'oidc') fields.type = 'Typ: saml oder oidc';
  if (input.displayName.trim() === '' || input.displayName.length > 100)
    fields.displayName = 'Anzeigename: 1 bis 100 Zeichen';
  const levels = input.levels.filter(isTrustLevel) as TrustLevel[];
  if (levels.length === 0 || levels.length !== input.levels.length)
    fields.levels = 'Vertrauensniveaus: basic, low, substantial, high';
  const certs = input.signingCerts ?? [];
  if (input.type === 'saml') {
    if (input.issuer.trim() === '') fields.issuer = 'Entity-ID des IdP fehlt';
    if (!isUrl(input.ssoUrl)) fields.ssoUrl = 'SSO-URL (HTTP-POST) fehlt oder ist keine URL';
    if (input.sloUrl !== undefined && !isUrl(input.sloUrl))
      fields.sloUrl = 'SLO-URL (HTTP-Redirect) ist keine URL';
    if (certs.length < 1 || certs.length > 2)
      fields.signingCerts = 'ein oder zwei Signaturzertifikate';
    for (const cert of certs) {
      try {
        new X509Certificate(cert);
      } catch {
        fields.signingCerts = 'Signaturzertifikat ist kein PEM-Zertifikat';
      }
    }
  } else {
    if (!isUrl(input.issuer)) fields.issuer = 'Issuer-URL fehlt oder ist keine URL';
    if (!input.clientId) fields.clientId = 'Client-ID fehlt';
    if (
      input.clientSecretEnv !== undefined &&
      !/^[A-Z][A-Z0-9_]{0,63}$/.test(input.clientSecretEnv)
    )
      fields.clientSecretEnv =
        'Name der Umgebungsvariablen für das Client-Secret: GROSSBUCHSTABEN_UND_ZIFFERN';
    const acr = input.acrMap ?? {};
    if (Object.keys(acr).length === 0 || !Object.values(acr).every(isTrustLevel))
      fields.acrMap = 'acr-Zuordnung: acr-Wert=Vertrauensniveau, mindestens eine';
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return {
    slug: input.slug,
    type: input.type,
    displayName: input.displayName.trim(),
    issuer: input.issuer.trim(),
    ssoUrl: input.ssoUrl ?? null,
    sloUrl: input.type === 'saml' ? (input.sloUrl ?? null) : null,
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

/** Adds a provider; false when the Verbund has one with that slug already. */
export async function addProvider(db: Kysely<DB>, verbundId: string, input: ProviderInput) {
  const checked = checkProvider(input);
  const id = await withWorker(db, (trx) => repo.insertProvider(trx, { ...checked, verbundId }));
  return id !== undefined;
}

export function listProviders(db: Kysely<DB>, verbundId: string) {
  return withWorker(db, (trx) => repo.listProviders(trx, verbundId));
}

export function removeProvider(db: Kysely<DB>, verbundId: string, slug: string) {
  return withWorker(db, (trx) => repo.deleteProvider(trx, verbundId, slug));
}
