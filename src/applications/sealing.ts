// TEMPORARY stand-in until the envelope module lands (src/applications/envelope.ts):
// AES-256-GCM with a data key per application, wrapped by one Verbund key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export type Sealer = {
  newKey(): { dataKey: Buffer; keyId: string; wrappedKey: Buffer };
  openKey(keyId: string, wrappedKey: Buffer): Buffer;
  seal(dataKey: Buffer, applicationId: string, purpose: string, plaintext: Buffer): Buffer;
  open(dataKey: Buffer, applicationId: string, purpose: string, sealed: Buffer): Buffer;
};

function gcmSeal(key: Buffer, aad: string, plaintext: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function gcmOpen(key: Buffer, aad: string, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

export function createSealer(keyId: string, kek: Buffer): Sealer {
  return {
    newKey() {
      const dataKey = randomBytes(32);
      return { dataKey, keyId, wrappedKey: gcmSeal(kek, `key:${keyId}`, dataKey) };
    },
    openKey(id, wrapped) {
      if (id !== keyId) throw new Error(`unknown key ${id}`);
      return gcmOpen(kek, `key:${keyId}`, wrapped);
    },
    seal: (dataKey, applicationId, purpose, plaintext) =>
      gcmSeal(dataKey, `${applicationId}:${purpose}`, plaintext),
    open: (dataKey, applicationId, purpose, sealed) =>
      gcmOpen(dataKey, `${applicationId}:${purpose}`, sealed),
  };
}
