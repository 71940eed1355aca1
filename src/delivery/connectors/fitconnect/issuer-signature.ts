// Signatures of CRLs and OCSP answers by an issuer's (or its responder's) key: RSA PKCS#1
// v1.5, RSASSA-PSS and ECDSA, each with SHA-2. Any other algorithm is "not checked here", so
// the caller treats the status as unknown rather than guessing.
import { constants, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { type AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';

const RSASSA_PSS = '1.2.840.113549.1.1.10';
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

const FIXED: Record<string, { hash: string; padding?: number }> = {
  '1.2.840.113549.1.1.11': { hash: 'sha256', padding: constants.RSA_PKCS1_PADDING },
  '1.2.840.113549.1.1.12': { hash: 'sha384', padding: constants.RSA_PKCS1_PADDING },
  '1.2.840.113549.1.1.13': { hash: 'sha512', padding: constants.RSA_PKCS1_PADDING },
  '1.2.840.10045.4.3.2': { hash: 'sha256' },
  '1.2.840.10045.4.3.3': { hash: 'sha384' },
  '1.2.840.10045.4.3.4': { hash: 'sha512' },
};

const SHA2 = new Set(['sha256', 'sha384', 'sha512']);

/**
 * The RSASSA-PSS parameters (RFC 4055 3.1) read by OpenSSL itself: the signer's RSA key is
 * wrapped in a PSS key info with the signature's parameters, and node:crypto reports the hash,
 * mask hash and salt length it parsed. Undefined when they do not parse or use other than SHA-2
 * for both (node's verify takes one hash for digest and mask).
 */
function pssParameters(algorithm: AlgorithmIdentifier, key: KeyObject) {
  if (key.asymmetricKeyType !== 'rsa' || !(algorithm.parameters instanceof ArrayBuffer)) {
    return undefined;
  }
  try {
    const rsa = AsnConvert.parse(key.export({ format: 'der', type: 'spki' }), SubjectPublicKeyInfo);
    if (rsa.algorithm.algorithm !== RSA_ENCRYPTION) return undefined;
    rsa.algorithm.algorithm = RSASSA_PSS;
    rsa.algorithm.parameters = algorithm.parameters;
    const pss = createPublicKey({
      key: Buffer.from(AsnConvert.serialize(rsa)),
      format: 'der',
      type: 'spki',
    });
    const details = pss.asymmetricKeyDetails;
    const hash = details?.hashAlgorithm;
    if (hash === undefined || !SHA2.has(hash) || details?.mgf1HashAlgorithm !== hash) {
      return undefined;
    }
    return { hash, saltLength: details?.saltLength ?? 20, key: pss };
  } catch {
    return undefined;
  }
}

/** True or false for a signature we can check; 'unsupported' for an algorithm we do not. */
export function signedBy(
  algorithm: AlgorithmIdentifier,
  data: ArrayBuffer,
  signature: ArrayBuffer,
  key: KeyObject,
): boolean | 'unsupported' {
  const body = Buffer.from(data);
  const sig = Buffer.from(signature);
  if (algorithm.algorithm === RSASSA_PSS) {
    const pss = pssParameters(algorithm, key);
    if (pss === undefined) return 'unsupported';
    return verify(
      pss.hash,
      body,
      { key: pss.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength },
      sig,
    );
  }
  const fixed = FIXED[algorithm.algorithm];
  if (fixed === undefined) return 'unsupported';
  try {
    return verify(
      fixed.hash,
      body,
      fixed.padding === undefined ? { key, dsaEncoding: 'der' } : { key, padding: fixed.padding },
      sig,
    );
  } catch {
    // A key of another type than the algorithm's (an RSA key for ECDSA) signs nothing here.
    return false;
  }
}
