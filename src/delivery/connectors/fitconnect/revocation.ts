// Revocation of the certificates in a FIT-Connect key's chain, by the certificate revocation
// lists (CRL, RFC 5280 5 and 6.3) their issuers publish. A certificate that names a CRL
// distribution point is checked against that list: the list must come from the certificate's
// issuer (same name, signature by the issuer's key, which may sign CRLs; issuer-signature.ts),
// be current at the moment of use, and not hold the certificate's serial number. When its OCSP
// responder answers, the list is not needed (revocation-check.ts, ADR 0052).
//
// Fails closed: a list that cannot be fetched, is out of date or does not verify leaves the
// revocation status unknown, and nothing is sent until it is known (a retry, not a refusal:
// the issuer's server may be back within the hour). A revoked certificate is a refusal.
import type { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificateList, KeyUsageFlags } from '@peculiar/asn1-x509';
import { allowsUse, asn1Of, distributionPointsOf, serialHex } from './certificate-extensions.ts';
import { ChainError } from './chain-error.ts';
import { signedBy } from './issuer-signature.ts';

/** Revoked: the issuer withdrew it. Permanent, like any other broken chain. */
export class RevokedError extends ChainError {}

/** The revocation status could not be learnt now: try again later. */
export class RevocationUnknownError extends Error {}

/** Checks `cert`, issued by `issuer`, at `at`; throws RevokedError or RevocationUnknownError. */
export type RevocationCheck = (
  cert: X509Certificate,
  issuer: X509Certificate,
  at: Date,
) => Promise<void>;

/** A CRL of the Verwaltungs-PKI is some kilobytes to a few megabytes. */
const MAX_CRL_BYTES = 16 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;
/** The issuer's clock may run ahead of ours by this much (and lists are dated in seconds). */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Distribution points kept: a Verbund's routes name a handful of PKIs. */
const CACHE_SIZE = 64;

type Crl = { list: CertificateList; nextUpdate: Date; revoked: Map<string, Date> };

/** CRL checks with a cache per distribution point that keeps each list until its nextUpdate. */
export function createCrlCheck(options: { timeoutMs?: number } = {}): RevocationCheck {
  const cache = new Map<string, Crl>();

  async function download(url: string): Promise<Buffer> {
    let response: Response;
    try {
      response = await fetch(url, {
        signal: AbortSignal.timeout(options.timeoutMs ?? FETCH_TIMEOUT_MS),
        redirect: 'follow',
      });
    } catch (error) {
      throw new RevocationUnknownError(
        `the revocation list ${url} cannot be fetched (${(error as Error).name})`,
      );
    }
    if (!response.ok) {
      throw new RevocationUnknownError(`the revocation list ${url} answers ${response.status}`);
    }
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_CRL_BYTES) {
      throw new RevocationUnknownError(`the revocation list ${url} is larger than allowed`);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.byteLength > MAX_CRL_BYTES) {
      throw new RevocationUnknownError(`the revocation list ${url} is larger than allowed`);
    }
    return bytes;
  }

  function read(url: string, bytes: Buffer, issuer: X509Certificate, at: Date): Crl {
    let list: CertificateList;
    try {
      list = AsnConvert.parse(bytes, CertificateList);
    } catch {
      throw new RevocationUnknownError(`the revocation list ${url} is no CRL (DER)`);
    }
    const tbs = list.tbsCertList;
    const issuerName = Buffer.from(AsnConvert.serialize(asn1Of(issuer).tbsCertificate.subject));
    if (!issuerName.equals(Buffer.from(AsnConvert.serialize(tbs.issuer)))) {
      throw new RevocationUnknownError(`the revocation list ${url} is not the issuer's`);
    }
    if (!allowsUse(issuer, KeyUsageFlags.cRLSign)) {
      throw new RevocationUnknownError(`the issuer of ${url} may not sign revocation lists`);
    }
    const signed =
      list.tbsCertListRaw === undefined
        ? 'unsupported'
        : signedBy(list.signatureAlgorithm, list.tbsCertListRaw, list.signature, issuer.publicKey);
    if (signed === 'unsupported') {
      throw new RevocationUnknownError(
        `the revocation list ${url} is signed with ${list.signatureAlgorithm.algorithm}, which is not checked here`,
      );
    }
    if (!signed) {
      throw new RevocationUnknownError(`the revocation list ${url} is not signed by the issuer`);
    }
    const nextUpdate = tbs.nextUpdate?.getTime();
    if (nextUpdate === undefined) {
      throw new RevocationUnknownError(`the revocation list ${url} names no next update`);
    }
    if (tbs.thisUpdate.getTime().getTime() > at.getTime() + CLOCK_SKEW_MS) {
      throw new RevocationUnknownError(`the revocation list ${url} is dated in the future`);
    }
    const revoked = new Map(
      (tbs.revokedCertificates ?? []).map((r) => [
        serialHex(r.userCertificate),
        r.revocationDate.getTime(),
      ]),
    );
    return { list, nextUpdate, revoked };
  }

  async function current(url: string, issuer: X509Certificate, at: Date): Promise<Crl> {
    const cached = cache.get(url);
    if (cached !== undefined && at <= cached.nextUpdate) return cached;
    const crl = read(url, await download(url), issuer, at);
    if (at > crl.nextUpdate) {
      throw new RevocationUnknownError(
        `the revocation list ${url} is out of date (next update was ${crl.nextUpdate.toISOString()})`,
      );
    }
    cache.delete(url);
    cache.set(url, crl);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return crl;
  }

  return async (cert, issuer, at) => {
    const points = distributionPointsOf(cert);
    if (points.length === 0) return;
    let unknown: RevocationUnknownError | undefined;
    // Any one of the points that answers with a good list decides.
    for (const url of points) {
      try {
        const crl = await current(url, issuer, at);
        const since = crl.revoked.get(serialHex(asn1Of(cert).tbsCertificate.serialNumber));
        if (since !== undefined && since <= at) {
          throw new RevokedError(`was revoked on ${since.toISOString().slice(0, 10)}`);
        }
        return;
      } catch (error) {
        if (!(error instanceof RevocationUnknownError)) throw error;
        unknown = error;
      }
    }
    throw unknown;
  };
}
