// How OCSP and CRLs decide together (ADR 0052): a certificate that names an OCSP responder is
// asked there first, and a proper answer (good or revoked) decides; only when no responder
// gives one (down, forged, out of date, "unknown") does its CRL decide. Revoked by either is a
// refusal. When neither can be had the status stays unknown, with both reasons, and the
// delivery waits (a retry). A certificate naming neither is taken as its chain vouches for it.
import { distributionPointsOf, ocspRespondersOf } from './certificate-extensions.ts';
import { createOcspCheck } from './ocsp.ts';
import { createCrlCheck, type RevocationCheck, RevocationUnknownError } from './revocation.ts';

export function createRevocationCheck(options: { timeoutMs?: number } = {}): RevocationCheck {
  const ocsp = createOcspCheck(options);
  const crl = createCrlCheck(options);
  return async (cert, issuer, at) => {
    let ocspUnknown: RevocationUnknownError | undefined;
    if (ocspRespondersOf(cert).length > 0) {
      try {
        await ocsp(cert, issuer, at);
        return;
      } catch (error) {
        if (!(error instanceof RevocationUnknownError)) throw error;
        ocspUnknown = error;
      }
    }
    if (distributionPointsOf(cert).length === 0) {
      if (ocspUnknown !== undefined) throw ocspUnknown;
      return;
    }
    try {
      await crl(cert, issuer, at);
    } catch (error) {
      if (error instanceof RevocationUnknownError && ocspUnknown !== undefined) {
        throw new RevocationUnknownError(`${ocspUnknown.message}, and ${error.message}`);
      }
      throw error;
    }
  };
}
