// `cli identity:provider add|list|remove`: the identity providers of the Verbund (issue 13,
// item 1), configured once for every member, as the Verbund admins can on the back-office page
// "Anmeldedienste". Same checks (providers.ts), problems in German; changes are audited in the
// Verbund's chain without a staff member (the operator).

import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { DB, SloBinding } from '../db/schema.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { identityDe } from './messages.de.ts';
import {
  addProvider,
  addSigningCert,
  listProviders,
  type ProviderInput,
  parseAcrMap,
  removeProvider,
  removeSigningCert,
} from './providers.ts';
import { type IdpMetadata, readIdpMetadata } from './saml/idp-metadata.ts';

const OPERATOR = { staffId: null, ip: null };

type Output = { out: (line: string) => void; err: (line: string) => void };

export const PROVIDER_USAGE = [
  'identity:provider list',
  'identity:provider add saml <slug> --name <display name> --entity-id <IdP entity id> --sso-url <url> [--slo-url <url> [--slo-binding post|redirect]] --cert <pem file> [--cert <next pem file>] --levels substantial,high',
  'identity:provider add saml <slug> --name <display name> --metadata <IdP metadata XML file> [--entity-id …] [--sso-url …] [--slo-url …] [--cert …] --levels substantial,high',
  'identity:provider add oidc <slug> --name <display name> --issuer <url> --client-id <id> [--client-secret-env <VAR>] --acr <acr>=<level>[,…] --levels <levels>',
  'identity:provider cert add <slug> --cert <pem file>',
  'identity:provider cert remove <slug> <sha256 fingerprint>',
  'identity:provider remove <slug>',
];

function parse(args: string[]) {
  const options = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const value = args[i + 1];
    if (value === undefined) throw new ValidationError({ [arg.slice(2)]: 'braucht einen Wert' });
    options.set(arg.slice(2), [...(options.get(arg.slice(2)) ?? []), value]);
    i++;
  }
  return { options, positional };
}

export async function providerCommand(
  db: Kysely<DB>,
  verbundId: string,
  args: string[],
  io: Output,
  checks: { production?: boolean } = {},
): Promise<number> {
  const usage = () => {
    io.err(`Usage:\n  ${PROVIDER_USAGE.join('\n  ')}`);
    return 2;
  };
  let positional: string[] = [];
  try {
    const parsed = parse(args);
    const { options } = parsed;
    positional = parsed.positional;
    const [action, type, slug] = positional;
    const one = (name: string) => options.get(name)?.[0];
    if (action === 'list') {
      const rows = await listProviders(db, verbundId);
      if (rows.length === 0) io.out('No identity providers yet. See identity:provider add.');
      for (const p of rows) {
        io.out(
          `${p.slug.padEnd(16)} ${p.type.padEnd(5)} ${p.display_name.padEnd(20)} ${p.levels.join(',').padEnd(28)} ${p.issuer} (${p.signing_certs.length} signing cert(s))`,
        );
        // What `cert remove` takes, and when the rollover is due.
        for (const pem of p.signing_certs) {
          const cert = new X509Certificate(pem);
          io.out(
            `  cert ${cert.fingerprint256} valid until ${new Date(cert.validTo).toISOString()}`,
          );
        }
      }
      return 0;
    }
    if (action === 'cert') {
      // positional: cert add|remove <slug> [fingerprint]
      const [, what, certSlug, fingerprint] = positional;
      if (certSlug === undefined) return usage();
      if (what === 'add') {
        const file = one('cert');
        if (file === undefined) return usage();
        await addSigningCert(
          db,
          verbundId,
          certSlug,
          await readFile(file, 'utf8'),
          OPERATOR,
          checks,
        );
        io.out(
          `Added the signing certificate to ${certSlug}; both are trusted until you remove one.`,
        );
        return 0;
      }
      if (what === 'remove' && fingerprint !== undefined) {
        await removeSigningCert(db, verbundId, certSlug, fingerprint, OPERATOR, checks);
        io.out(`Removed the signing certificate ${fingerprint} from ${certSlug}.`);
        return 0;
      }
      return usage();
    }
    if (action === 'remove') {
      if (type === undefined) return usage();
      if (!(await removeProvider(db, verbundId, type, OPERATOR))) {
        io.err(`No identity provider "${type}". See identity:provider list.`);
        return 2;
      }
      io.out(`Removed identity provider ${type}; its links to accounts are gone with it.`);
      return 0;
    }
    if (action !== 'add' || (type !== 'saml' && type !== 'oidc') || slug === undefined)
      return usage();
    let certs = await Promise.all((options.get('cert') ?? []).map((f) => readFile(f, 'utf8')));
    // The IdP's metadata fills what the options leave out; a given option wins, as on the page.
    const metadataFile = type === 'saml' ? one('metadata') : undefined;
    let fromMetadata: IdpMetadata | undefined;
    let metadataXml: string | undefined;
    if (metadataFile !== undefined) {
      metadataXml = await readFile(metadataFile, 'utf8');
      const read = readIdpMetadata(metadataXml);
      if (!read.ok) {
        io.err(
          `metadata: ${identityDe[read.problem].replace('{entityIds}', (read.entityIds ?? []).join(', '))}`,
        );
        return 2;
      }
      fromMetadata = read.metadata;
      if (certs.length === 0) certs = fromMetadata.signingCerts;
    }
    // A malformed --acr is named by the check like a missing one.
    const acr = parseAcrMap(one('acr') ?? '') ?? {};
    const sloBinding = one('slo-binding');
    const input: ProviderInput = {
      slug,
      type,
      displayName: one('name') ?? '',
      issuer:
        (type === 'saml' ? (one('entity-id') ?? fromMetadata?.entityId) : one('issuer')) ?? '',
      ssoUrl: one('sso-url') ?? fromMetadata?.ssoUrl,
      sloUrl: one('slo-url') ?? fromMetadata?.sloUrl,
      // --slo-binding post|redirect (anything else is named by the check); without it the
      // metadata's binding goes with the metadata's address, else HTTP-Redirect.
      sloBinding:
        sloBinding === undefined
          ? one('slo-url') === undefined
            ? fromMetadata?.sloBinding
            : undefined
          : (({ post: 'HTTP-POST', redirect: 'HTTP-Redirect' } as const)[sloBinding as 'post'] ??
            (sloBinding as SloBinding)),
      signingCerts: certs,
      metadataXml,
      clientId: one('client-id'),
      clientSecretEnv: one('client-secret-env'),
      levels: (one('levels') ?? '').split(',').filter((l) => l !== ''),
      acrMap: acr,
    };
    if (!(await addProvider(db, verbundId, input, { ...checks, actor: OPERATOR }))) {
      io.err(`An identity provider "${slug}" exists already. Remove it first to replace it.`);
      return 2;
    }
    io.out(
      `Added identity provider ${slug} (${type}). Every member of the Verbund can use it now.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ValidationError) {
      for (const [field, problem] of Object.entries(error.fields))
        io.err(`${field}: ${identityDe[problem as keyof typeof identityDe] ?? problem}`);
      return 2;
    }
    if (error instanceof NotFoundError) {
      io.err(`No identity provider "${positional[2] ?? ''}". See identity:provider list.`);
      return 2;
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      io.err(`Cannot read ${(error as { path?: string }).path ?? 'the certificate file'}.`);
      return 2;
    }
    throw error;
  }
}
