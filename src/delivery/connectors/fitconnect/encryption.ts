// End-to-end encryption for the destination: every part of a submission (metadata, data,
// each attachment) is its own compact JWE, RSA-OAEP-256 with the destination's key wrapping
// a fresh A256GCM content key. The submission service sees none of it in clear.
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { KEY_ALGORITHM } from './destination.ts';

export const CONTENT_ENCRYPTION = 'A256GCM';

export async function encryptFor(
  key: JWK & { kid: string },
  content: Uint8Array,
  contentType: string,
): Promise<{ jwe: string; tag: string }> {
  // key_ops says wrapKey (FIT-Connect's wording); WebCrypto calls RSA-OAEP's use "encrypt",
  // so the key is imported from its numbers alone, already checked in destination.ts.
  const publicKey = await importJWK({ kty: 'RSA', n: key.n, e: key.e }, KEY_ALGORITHM);
  const jwe = await new CompactEncrypt(content)
    .setProtectedHeader({
      alg: KEY_ALGORITHM,
      enc: CONTENT_ENCRYPTION,
      kid: key.kid,
      cty: contentType,
    })
    .encrypt(publicKey);
  // The fifth part is GCM's authentication tag: the accept event names it back to us.
  return { jwe, tag: jwe.split('.')[4] as string };
}
