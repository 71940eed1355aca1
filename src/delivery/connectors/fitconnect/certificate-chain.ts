// The certificate chain (`x5c`, RFC 7517 4.7) a FIT-Connect key comes with: in production
// every destination key is derived from a certificate of the Verwaltungs-PKI, and only a key
// whose chain leads up to a trust anchor the route names may receive an application or vouch
// for an accept. The JWK alone, even with the service's signed thumbprint, says only that the
// service served this key; the chain says who it belongs to.
//
// Checked here: every certificate parses and is valid at the moment of use; each is issued and
// signed by the next one, which must be a CA allowed to sign certificates; the last one is a
// trust anchor or issued and signed by one (a valid CA itself); the leaf is no CA, holds
// exactly the JWK's public key and may be used for what the key does (key usage: wrapping
// keys or signing); and no certificate of the chain is revoked, by its issuer's OCSP responder
// or CRL (revocation-check.ts, ADR 0049 and 0052).
import { createPublicKey, X509Certificate } from 'node:crypto';
import { KeyUsageFlags } from '@peculiar/asn1-x509';
import type { JWK } from 'jose';
import { allowsUse } from './certificate-extensions.ts';
import { ChainError } from './chain-error.ts';
import type { RevocationCheck } from './revocation.ts';

export { ChainError } from './chain-error.ts';

/** Long enough for a leaf, intermediates and a root; more is no chain anyone issues. */
const MAX_CHAIN = 6;

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/**
 * The trust anchors of a route: PEM blocks (pasted as they are, line by line) or base64 DER
 * certificates, one a line. Throws ChainError naming what is not a certificate.
 */
export function parseTrustAnchors(lines: readonly string[]): X509Certificate[] {
  const text = lines.join('\n');
  const anchors: X509Certificate[] = [];
  const rest = text.replace(PEM_BLOCK, (_block, body: string) => {
    anchors.push(certificate(body.replace(/\s+/g, ''), `trust anchor ${anchors.length + 1}`));
    return '';
  });
  for (const line of rest.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    anchors.push(certificate(line, `trust anchor ${anchors.length + 1}`));
  }
  for (const [i, anchor] of anchors.entries()) {
    if (!anchor.ca) throw new ChainError(`trust anchor ${i + 1} is no CA certificate`);
  }
  return anchors;
}

function certificate(base64: string, what: string): X509Certificate {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new ChainError(`${what} is not base64`);
  try {
    return new X509Certificate(Buffer.from(base64, 'base64'));
  } catch {
    throw new ChainError(`${what} is no X.509 certificate`);
  }
}

function validAt(cert: X509Certificate, at: Date, what: string): void {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (!(from <= at.getTime()))
    throw new ChainError(`${what} is not valid yet (from ${cert.validFrom})`);
  if (!(at.getTime() <= to)) throw new ChainError(`${what} expired on ${cert.validTo}`);
}

const issuedBy = (cert: X509Certificate, issuer: X509Certificate) =>
  cert.checkIssued(issuer) && cert.verify(issuer.publicKey);

/** What the key is for: the leaf's key usage must allow it. */
export type KeyPurpose = 'encryption' | 'signature';

const PURPOSE_FLAG: Record<KeyPurpose, { flag: KeyUsageFlags; name: string }> = {
  encryption: { flag: KeyUsageFlags.keyEncipherment, name: 'wrapping keys (keyEncipherment)' },
  signature: { flag: KeyUsageFlags.digitalSignature, name: 'signatures (digitalSignature)' },
};

/**
 * Checks the JWK's `x5c` chain against the anchors at `at`, for `purpose`; throws ChainError
 * with the reason (for the delivery's last error and for "Verbindung testen"), and with
 * `revocation`, RevokedError or RevocationUnknownError from the issuers' OCSP answers or CRLs.
 */
export async function checkKeyChain(
  jwk: JWK,
  anchors: readonly X509Certificate[],
  at: Date,
  purpose: KeyPurpose,
  revocation?: RevocationCheck,
): Promise<void> {
  const x5c = jwk.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0) {
    throw new ChainError('comes without a certificate chain (x5c)');
  }
  if (x5c.length > MAX_CHAIN) throw new ChainError(`has a chain of ${x5c.length} certificates`);
  if (anchors.length === 0)
    throw new ChainError('cannot be checked: the route names no trust anchor');
  const chain = x5c.map((entry, i) =>
    certificate(typeof entry === 'string' ? entry : '', `certificate ${i + 1} of the chain`),
  );
  const leaf = chain[0] as X509Certificate;
  if (leaf.ca) throw new ChainError('has a CA certificate where the key’s own belongs');
  if (!sameKey(leaf, jwk)) throw new ChainError('does not match its certificate’s public key');
  if (!allowsUse(leaf, PURPOSE_FLAG[purpose].flag)) {
    throw new ChainError(`has a certificate not meant for ${PURPOSE_FLAG[purpose].name}`);
  }
  for (const [i, cert] of chain.entries()) {
    const what = i === 0 ? 'its certificate' : `certificate ${i + 1} of the chain`;
    validAt(cert, at, what);
    const issuer = chain[i + 1];
    if (issuer === undefined) break;
    if (!issuer.ca || !allowsUse(issuer, KeyUsageFlags.keyCertSign)) {
      throw new ChainError(`certificate ${i + 2} of the chain is no CA`);
    }
    if (!issuedBy(cert, issuer)) {
      throw new ChainError(`${what} is not signed by the next certificate of the chain`);
    }
  }
  const top = chain[chain.length - 1] as X509Certificate;
  const anchor = anchors.find((a) => a.fingerprint256 === top.fingerprint256 || issuedBy(top, a));
  if (anchor === undefined) {
    throw new ChainError('has a certificate chain that leads to none of the route’s trust anchors');
  }
  validAt(anchor, at, 'the trust anchor');
  if (revocation === undefined) return;
  // Each certificate by its issuer's list: the next one in the chain, the anchor for the top
  // (unless the top is the anchor itself, which nobody above can revoke).
  for (const [i, cert] of chain.entries()) {
    const issuer =
      chain[i + 1] ?? (cert.fingerprint256 === anchor.fingerprint256 ? undefined : anchor);
    if (issuer === undefined) break;
    const what = i === 0 ? 'its certificate' : `certificate ${i + 1} of the chain`;
    try {
      await revocation(cert, issuer, at);
    } catch (error) {
      if (error instanceof ChainError) throw new ChainError(`${what} ${error.message}`);
      throw error;
    }
  }
}

function sameKey(leaf: X509Certificate, jwk: JWK): boolean {
  try {
    const held = leaf.publicKey.export({ format: 'jwk' });
    const given = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
    const asJwk = given.export({ format: 'jwk' });
    return held.kty === asJwk.kty && held.n === asJwk.n && held.e === asJwk.e;
  } catch {
    return false;
  }
}

/**
 * What a route trusts destination keys by: its anchors (checked at the moment of use), or, in
 * the demo and FIT-Connect's test environment only, no chain at all.
 */
export type KeyTrust =
  | { anchors: readonly X509Certificate[]; now: () => Date; revocation?: RevocationCheck }
  | 'without-chain';
