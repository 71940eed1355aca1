// The CRL check on its own, against CRLs made by `openssl ca -gencrl` and served on 127.0.0.1:
// a list is fetched once and kept until its next update, a certificate without distribution
// point is not looked up, a revocation after the list was cached shows with the next list, and
// lists signed with RSASSA-PSS (`-sigopt rsa_padding_mode:pss`) are read like the others.
import assert from 'node:assert/strict';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'node:test';
import { createCrlCheck, RevocationUnknownError, RevokedError } from './revocation.ts';
import { makeTestPki, type TestPki } from './testing-pki.ts';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const certs = (x5c: string[]) => x5c.map((c) => new X509Certificate(Buffer.from(c, 'base64')));

async function servedPki(t: test.TestContext, options: { pss?: boolean } = {}) {
  let pki: TestPki | undefined;
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const issuer = req.url === '/root.crl' ? 'root' : 'intermediate';
    // The first list lasts an hour, later ones two days.
    res.end(pki?.crl(issuer, { hours: hits.length === 1 ? 1 : 48, pss: options.pss ?? false }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pki = makeTestPki('Prüfverwaltung', { crlBase: base });
  return { pki, hits, base };
}

test('a list is fetched once and kept until its next update', async (t) => {
  const { pki, hits } = await servedPki(t);
  const [leaf, intermediate] = certs(pki.chainFor(privateKey, 'Zustellpunkt'));
  assert.ok(leaf && intermediate);
  const check = createCrlCheck();
  const now = new Date();
  await check(leaf, intermediate, now);
  await check(leaf, intermediate, now);
  assert.deepEqual(hits, ['/intermediate.crl'], 'one fetch for two checks');

  // Revoked after the list was cached: the cached list still holds until its next update
  // (in an hour, as the CA says), then the new one tells.
  pki.revoke([leaf.raw.toString('base64')]);
  await check(leaf, intermediate, now);
  const later = new Date(now.getTime() + 2 * 60 * 60_000);
  await assert.rejects(check(leaf, intermediate, later), RevokedError);
  assert.equal(hits.length, 2);
});

test('a certificate without distribution point is not looked up; an unreachable one is unknown', async () => {
  const plain = makeTestPki('Ohne Sperrliste');
  const [leaf, intermediate] = certs(plain.chainFor(privateKey, 'Zustellpunkt'));
  assert.ok(leaf && intermediate);
  await createCrlCheck()(leaf, intermediate, new Date());

  // A PKI whose distribution point nobody answers at (a port closed right after opening).
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const away = makeTestPki('Nicht erreichbar', { crlBase: `http://127.0.0.1:${port}` });
  const [awayLeaf, awayIntermediate] = certs(away.chainFor(privateKey, 'Zustellpunkt'));
  assert.ok(awayLeaf && awayIntermediate);
  await assert.rejects(
    createCrlCheck({ timeoutMs: 2000 })(awayLeaf, awayIntermediate, new Date()),
    (error) =>
      error instanceof RevocationUnknownError &&
      /intermediate\.crl cannot be fetched/.test(error.message),
  );
});

test('a list signed with RSASSA-PSS is checked like one signed with PKCS#1 v1.5', async (t) => {
  const { pki, hits } = await servedPki(t, { pss: true });
  const [leaf, intermediate] = certs(pki.chainFor(privateKey, 'Zustellpunkt'));
  const withdrawn = pki.chainFor(privateKey, 'Widerrufen');
  const [revoked] = certs(withdrawn);
  assert.ok(leaf && intermediate && revoked);
  pki.revoke(withdrawn);
  const check = createCrlCheck();
  await check(leaf, intermediate, new Date());
  await assert.rejects(check(revoked, intermediate, new Date()), RevokedError);
  assert.deepEqual(hits, ['/intermediate.crl']);
});
