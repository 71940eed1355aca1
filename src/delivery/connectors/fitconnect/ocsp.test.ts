// The OCSP check on its own, against `openssl ocsp` answering from the test PKI's CA database
// (testing-ocsp.ts): good and revoked, answers kept until their next update, signed by the
// issuer with RSASSA-PSS or by a delegated responder with ECDSA, forged by an impostor CA of
// the same name or signed by a certificate not meant for OCSP, replayed, out of date, about a
// certificate the responder does not know, and no responder at all.
import assert from 'node:assert/strict';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { reverseTeardown } from '../../../db/testing.ts';
import { createOcspCheck } from './ocsp.ts';
import { RevocationUnknownError, RevokedError } from './revocation.ts';
import { freePort, startOcspResponder } from './testing-ocsp.ts';
import { makeTestPki } from './testing-pki.ts';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const certs = (x5c: string[]) => x5c.map((c) => new X509Certificate(Buffer.from(c, 'base64')));

const port = await freePort();
const pki = makeTestPki('Prüfstelle', { ocspUrl: `http://127.0.0.1:${port}/` });
const impostor = makeTestPki('Prüfstelle');
const [leaf, intermediate] = certs(pki.chainFor(privateKey, 'Zustellpunkt'));
const revokedChain = pki.chainFor(privateKey, 'Widerrufen');
const [revoked] = certs(revokedChain);
pki.revoke(revokedChain);
assert.ok(leaf && intermediate && revoked);

const unknownWith = (pattern: RegExp) => (error: unknown) =>
  error instanceof RevocationUnknownError && pattern.test(error.message);

test('a delegated responder says good or revoked', async (t) => {
  await startOcspResponder(t, pki.responder('delegated'), port, { minutes: 30 });
  const check = createOcspCheck();
  const now = new Date();
  await check(leaf, intermediate, now);
  await assert.rejects(
    check(revoked, intermediate, now),
    (error) =>
      error instanceof RevokedError &&
      /was revoked on \d{4}-\d\d-\d\d \(OCSP\)/.test(error.message),
  );
});

test('a kept answer needs no responder until its next update', async (t) => {
  const check = createOcspCheck({ timeoutMs: 2000 });
  const now = new Date();
  await t.test('asked once', async (t) => {
    await startOcspResponder(t, pki.responder('delegated'), port, { minutes: 30 });
    await check(leaf, intermediate, now);
  });
  // The responder is gone now: 20 minutes later the kept answer still holds, after 40 not.
  await check(leaf, intermediate, new Date(now.getTime() + 20 * 60_000));
  await assert.rejects(
    check(leaf, intermediate, new Date(now.getTime() + 40 * 60_000)),
    unknownWith(/the OCSP responder http:\/\/127\.0\.0\.1:\d+\/ cannot be reached/),
  );
});

test('an answer the issuer signs itself with RSASSA-PSS counts', async (t) => {
  await startOcspResponder(t, pki.responder('issuer'), port, { pss: true });
  await createOcspCheck()(leaf, intermediate, new Date());
  await assert.rejects(createOcspCheck()(revoked, intermediate, new Date()), RevokedError);
});

test('an answer a delegated responder signs with ECDSA counts', async (t) => {
  await startOcspResponder(t, pki.responder('delegated-ec'), port);
  await createOcspCheck()(leaf, intermediate, new Date());
  await assert.rejects(createOcspCheck()(revoked, intermediate, new Date()), RevokedError);
});

test('an answer signed by an impostor CA’s responder of the same name is not believed', async (t) => {
  const forged = { ...pki.responder('delegated'), ...signer(impostor.responder('delegated')) };
  await startOcspResponder(t, forged, port);
  await assert.rejects(
    createOcspCheck()(revoked, intermediate, new Date()),
    unknownWith(/is not signed by the issuer or a responder it named/),
  );
});

test('an answer past its next update is out of date', async (t) => {
  await startOcspResponder(t, pki.responder('delegated'), port, { minutes: 1 });
  await assert.rejects(
    createOcspCheck()(leaf, intermediate, new Date(Date.now() + 10 * 60_000)),
    unknownWith(/is out of date \(valid until \d{4}-/),
  );
});

test('a certificate of the issuer that is not meant for OCSP cannot answer for it', async (t) => {
  // The leaf itself, issued by the intermediate, but without id-kp-OCSPSigning.
  const dir = mkdtempSync(join(tmpdir(), 'rathausnetz-ocsp-'));
  reverseTeardown(t).after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'leaf.pem'), leaf.toString());
  writeFileSync(join(dir, 'leaf.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const files = { ...pki.responder(), rsigner: join(dir, 'leaf.pem'), rkey: join(dir, 'leaf.key') };
  await startOcspResponder(t, files, port);
  await assert.rejects(
    createOcspCheck()(leaf, intermediate, new Date()),
    unknownWith(/is not signed by the issuer or a responder it named/),
  );
});

test('an answer replayed from an earlier question (its nonce) is not believed', async (t) => {
  const upstream = await freePort();
  await startOcspResponder(t, pki.responder(), upstream);
  // In front of the responder, where the certificate says: the first answer, again and again.
  let recorded: Buffer | undefined;
  const replay = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const question = Buffer.concat(chunks);
    if (recorded === undefined) {
      const answer = await fetch(`http://127.0.0.1:${upstream}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request' },
        body: new Uint8Array(question),
      });
      recorded = Buffer.from(await answer.arrayBuffer());
    }
    res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(recorded);
  });
  await new Promise<void>((resolve) => replay.listen(port, '127.0.0.1', resolve));
  reverseTeardown(t).after(() => new Promise<void>((resolve) => replay.close(() => resolve())));
  await createOcspCheck()(leaf, intermediate, new Date());
  await assert.rejects(
    createOcspCheck()(leaf, intermediate, new Date()),
    unknownWith(/carries another nonce \(replayed\)/),
  );
});

test('the responder of another CA cannot answer for this one', async (t) => {
  const other = makeTestPki('Andere Stelle', { ocspUrl: `http://127.0.0.1:${port}/` });
  const [otherLeaf, otherIntermediate] = certs(other.chainFor(privateKey, 'Zustellpunkt'));
  assert.ok(otherLeaf && otherIntermediate);
  await startOcspResponder(t, pki.responder(), port);
  await assert.rejects(
    createOcspCheck()(otherLeaf, otherIntermediate, new Date()),
    unknownWith(/is not signed by the issuer or a responder it named/),
  );
});

test('a certificate its CA’s database does not hold is unknown, not good', async (t) => {
  const chain = pki.chainFor(privateKey, 'Nicht verzeichnet');
  const [unlisted] = certs(chain);
  assert.ok(unlisted);
  pki.forget(chain);
  await startOcspResponder(t, pki.responder(), port);
  await assert.rejects(
    createOcspCheck()(unlisted, intermediate, new Date()),
    unknownWith(/the OCSP responder .* does not know the certificate/),
  );
});

function signer(files: { rsigner: string; rkey: string }) {
  return { rsigner: files.rsigner, rkey: files.rkey };
}
