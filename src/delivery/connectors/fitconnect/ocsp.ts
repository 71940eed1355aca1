// Revocation of a certificate by its issuer's OCSP responder (RFC 6960), where the certificate
// names one (authority information access). The question is POSTed with a fresh nonce; an
// answer counts only when it is signed by the issuer itself or by a responder certificate the
// issuer signed for exactly this (id-kp-OCSPSigning), speaks of our certificate (CertID), is
// current (thisUpdate, nextUpdate) and, when it carries a nonce, carries ours. Answers are kept
// until their nextUpdate. How OCSP and CRLs combine: revocation-check.ts (ADR 0052).
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import {
  BasicOCSPResponse,
  CertID,
  id_kp_OCSPSigning,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  type ResponderID,
  Request as SingleRequest,
  type SingleResponse,
  TBSRequest,
} from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Extension, KeyUsageFlags } from '@peculiar/asn1-x509';
import {
  allowsUse,
  asn1Of,
  extendedKeyUsesOf,
  ocspRespondersOf,
  serialHex,
} from './certificate-extensions.ts';
import { signedBy } from './issuer-signature.ts';
import { type RevocationCheck, RevocationUnknownError, RevokedError } from './revocation.ts';

// CertIDs hash with SHA-1 as RFC 5019 asks of every responder; it names the certificate, it
// secures nothing (the answer's signature does).
const SHA1 = '1.3.14.3.2.26';
const MAX_ANSWER_BYTES = 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;
/** The responder's clock may run ahead of ours by this much; answers are dated in seconds. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Answers kept: one per certificate of the chains a Verbund's routes use. */
const CACHE_SIZE = 256;

type Answer = { revokedAt?: Date; nextUpdate: Date };

const sha1 = (bytes: ArrayBuffer | Buffer) =>
  createHash('sha1')
    .update(Buffer.from(bytes as ArrayBuffer))
    .digest();
const der = (value: unknown) => Buffer.from(AsnConvert.serialize(value));

/** The CertID of `cert` under `issuer`: hashes of the issuer's name and key, and the serial. */
function certIdOf(cert: X509Certificate, issuer: X509Certificate): CertID {
  const issuerTbs = asn1Of(issuer).tbsCertificate;
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1, parameters: null }),
    issuerNameHash: new OctetString(sha1(der(issuerTbs.subject))),
    issuerKeyHash: new OctetString(sha1(issuerTbs.subjectPublicKeyInfo.subjectPublicKey)),
    serialNumber: asn1Of(cert).tbsCertificate.serialNumber,
  });
}

const sameCertId = (a: CertID, b: CertID) =>
  a.hashAlgorithm.algorithm === b.hashAlgorithm.algorithm &&
  der(a.issuerNameHash).equals(der(b.issuerNameHash)) &&
  der(a.issuerKeyHash).equals(der(b.issuerKeyHash)) &&
  serialHex(a.serialNumber) === serialHex(b.serialNumber);

function requestFor(certId: CertID, nonce: Buffer): Buffer {
  return der(
    new OCSPRequest({
      tbsRequest: new TBSRequest({
        requestList: [new SingleRequest({ reqCert: certId })],
        requestExtensions: [
          new Extension({
            extnID: id_pkix_ocsp_nonce,
            critical: false,
            extnValue: new OctetString(der(new OctetString(nonce))),
          }),
        ],
      }),
    }),
  );
}

function names(id: ResponderID, cert: X509Certificate): boolean {
  const tbs = asn1Of(cert).tbsCertificate;
  if (id.byName !== undefined) return der(id.byName).equals(der(tbs.subject));
  if (id.byKey !== undefined) {
    return Buffer.from(id.byKey.buffer).equals(sha1(tbs.subjectPublicKeyInfo.subjectPublicKey));
  }
  return false;
}

/**
 * Who may have signed the answer: the issuer, or a certificate in the answer that the issuer
 * signed, valid now, for OCSP signing (RFC 6960 4.2.2.2). The one the responder ID names.
 */
function signerOf(basic: BasicOCSPResponse, issuer: X509Certificate, at: Date) {
  const id = basic.tbsResponseData.responderID;
  if (names(id, issuer)) return issuer;
  for (const asn1 of basic.certs ?? []) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(der(asn1));
    } catch {
      continue;
    }
    const valid =
      Date.parse(cert.validFrom) <= at.getTime() && at.getTime() <= Date.parse(cert.validTo);
    if (
      names(id, cert) &&
      valid &&
      cert.checkIssued(issuer) &&
      cert.verify(issuer.publicKey) &&
      (extendedKeyUsesOf(cert) ?? []).includes(id_kp_OCSPSigning) &&
      allowsUse(cert, KeyUsageFlags.digitalSignature)
    ) {
      return cert;
    }
  }
  return undefined;
}

/** OCSP checks with a cache per responder and certificate that keeps answers to nextUpdate. */
export function createOcspCheck(options: { timeoutMs?: number } = {}): RevocationCheck {
  const cache = new Map<string, Answer>();

  async function ask(url: string, body: Buffer): Promise<Buffer> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/ocsp-request',
          accept: 'application/ocsp-response',
        },
        body: new Uint8Array(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? FETCH_TIMEOUT_MS),
      });
    } catch (error) {
      throw new RevocationUnknownError(
        `the OCSP responder ${url} cannot be reached (${(error as Error).name})`,
      );
    }
    if (!response.ok) {
      throw new RevocationUnknownError(`the OCSP responder ${url} answers ${response.status}`);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.byteLength > MAX_ANSWER_BYTES) {
      throw new RevocationUnknownError(`the OCSP responder ${url} answers more than allowed`);
    }
    return bytes;
  }

  function basicOf(url: string, bytes: Buffer): BasicOCSPResponse {
    let outer: OCSPResponse;
    try {
      outer = AsnConvert.parse(bytes, OCSPResponse);
    } catch {
      throw new RevocationUnknownError(`the OCSP responder ${url} sends no OCSP answer (DER)`);
    }
    if (outer.responseStatus !== OCSPResponseStatus.successful) {
      throw new RevocationUnknownError(
        `the OCSP responder ${url} answers ${OCSPResponseStatus[outer.responseStatus] ?? outer.responseStatus}`,
      );
    }
    if (outer.responseBytes?.responseType !== id_pkix_ocsp_basic) {
      throw new RevocationUnknownError(`the OCSP responder ${url} sends no basic OCSP answer`);
    }
    try {
      return AsnConvert.parse(outer.responseBytes.response.buffer, BasicOCSPResponse);
    } catch {
      throw new RevocationUnknownError(`the OCSP responder ${url} sends no OCSP answer (DER)`);
    }
  }

  function verified(
    url: string,
    basic: BasicOCSPResponse,
    certId: CertID,
    nonce: Buffer,
    issuer: X509Certificate,
    at: Date,
  ): SingleResponse {
    const signer = signerOf(basic, issuer, at);
    const signed =
      signer === undefined || basic.tbsResponseDataRaw === undefined
        ? false
        : signedBy(
            basic.signatureAlgorithm,
            basic.tbsResponseDataRaw,
            basic.signature,
            signer.publicKey,
          );
    if (signed === 'unsupported') {
      throw new RevocationUnknownError(
        `the OCSP answer of ${url} is signed with ${basic.signatureAlgorithm.algorithm}, which is not checked here`,
      );
    }
    if (!signed) {
      throw new RevocationUnknownError(
        `the OCSP answer of ${url} is not signed by the issuer or a responder it named`,
      );
    }
    const data = basic.tbsResponseData;
    const theirs = data.responseExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce);
    // Responders that pre-sign their answers (RFC 5019) send none; their dates must do.
    if (
      theirs !== undefined &&
      !Buffer.from(theirs.extnValue.buffer).equals(der(new OctetString(nonce)))
    ) {
      throw new RevocationUnknownError(
        `the OCSP answer of ${url} carries another nonce (replayed)`,
      );
    }
    const single = data.responses.find((r) => sameCertId(r.certID, certId));
    if (single === undefined) {
      throw new RevocationUnknownError(`the OCSP answer of ${url} speaks of another certificate`);
    }
    if (single.thisUpdate.getTime() > at.getTime() + CLOCK_SKEW_MS) {
      throw new RevocationUnknownError(`the OCSP answer of ${url} is dated in the future`);
    }
    const stale =
      single.nextUpdate === undefined
        ? single.thisUpdate.getTime() < at.getTime() - CLOCK_SKEW_MS
        : single.nextUpdate.getTime() < at.getTime();
    if (stale) {
      const until = single.nextUpdate ?? single.thisUpdate;
      throw new RevocationUnknownError(
        `the OCSP answer of ${url} is out of date (valid until ${until.toISOString()})`,
      );
    }
    return single;
  }

  async function answer(url: string, cert: X509Certificate, issuer: X509Certificate, at: Date) {
    const certId = certIdOf(cert, issuer);
    const key = `${url} ${der(certId.issuerKeyHash).toString('hex')} ${serialHex(certId.serialNumber)}`;
    const cached = cache.get(key);
    if (cached !== undefined && at <= cached.nextUpdate) return cached;
    const nonce = randomBytes(32);
    const single = verified(
      url,
      basicOf(url, await ask(url, requestFor(certId, nonce))),
      certId,
      nonce,
      issuer,
      at,
    );
    const status = single.certStatus;
    if (
      status.unknown !== undefined ||
      (status.good === undefined && status.revoked === undefined)
    ) {
      throw new RevocationUnknownError(`the OCSP responder ${url} does not know the certificate`);
    }
    const result: Answer = {
      nextUpdate: single.nextUpdate ?? at,
      ...(status.revoked ? { revokedAt: status.revoked.revocationTime } : {}),
    };
    if (single.nextUpdate !== undefined) {
      cache.delete(key);
      cache.set(key, result);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    return result;
  }

  return async (cert, issuer, at) => {
    let unknown: RevocationUnknownError | undefined;
    // The first responder that answers properly decides.
    for (const url of ocspRespondersOf(cert)) {
      try {
        const { revokedAt } = await answer(url, cert, issuer, at);
        if (revokedAt !== undefined && revokedAt <= at) {
          throw new RevokedError(`was revoked on ${revokedAt.toISOString().slice(0, 10)} (OCSP)`);
        }
        return;
      } catch (error) {
        if (!(error instanceof RevocationUnknownError)) throw error;
        unknown = error;
      }
    }
    if (unknown !== undefined) throw unknown;
  };
}
