import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/main.ts';
import { asOwner, createTestDatabase } from '../db/testing.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { createTestIdp } from './test-idp/idp.ts';
import { TEST_IDP_ENTITY, TEST_IDP_SLO, TEST_IDP_SSO, testIdentityConfig } from './testing.ts';

// The operator connects BundID and an OIDC account once for the whole Verbund.
const cert = (name: string) =>
  fileURLToPath(new URL(`./test-idp/keys/${name}.cert.pem`, import.meta.url));

/** The providers in `list`, without the certificate lines under each. */
const providerLines = (out: string[]) => out.filter((l) => !l.startsWith(' '));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

/** A seeded database as operator commands see it, and `identity:provider …` run on it. */
async function providerCli(t: TestContext) {
  const database = asOwner(await createTestDatabase(t));
  await seedDemo(database.owner);
  const run = async (...args: string[]) => {
    const c = capture();
    const code = await runCli(['identity:provider', ...args], c.io, database);
    return { code, ...c };
  };
  return { database, run };
}

test('identity:provider add, list and remove; bad input is named and stores nothing', async (t) => {
  const { database, run } = await providerCli(t);

  const added = await run(
    'add',
    'saml',
    'bundid',
    '--name',
    'BundID',
    '--entity-id',
    'https://id.bund.de/idp',
    '--sso-url',
    'https://id.bund.de/idp/profile/SAML2/POST/SSO',
    '--cert',
    cert('idp'),
    '--cert',
    cert('idp-next'),
    '--levels',
    'substantial,high',
  );
  assert.equal(added.code, 0, added.err.join('\n'));
  const oidc = await run(
    'add',
    'oidc',
    'servicekonto-nds',
    '--name',
    'Servicekonto Niedersachsen',
    '--issuer',
    'https://servicekonto.example.org/realms/nds',
    '--client-id',
    'rathausnetz',
    '--client-secret-env',
    'NDS_CLIENT_SECRET',
    '--acr',
    'loa-substantial=substantial,loa-low=low',
    '--levels',
    'low,substantial',
  );
  assert.equal(oidc.code, 0, oidc.err.join('\n'));

  const list = await run('list');
  assert.equal(providerLines(list.out).length, 2);
  assert.equal(list.out.length, 4, 'one line per certificate: two for BundID');
  assert.match(
    list.out.find((l) => l.startsWith('bundid')) ?? '',
    /saml\s+BundID\s+substantial,high\s+https:\/\/id\.bund\.de\/idp \(2 signing cert\(s\)\)/,
  );

  const twice = await run(
    'add',
    'saml',
    'bundid',
    '--name',
    'BundID',
    '--entity-id',
    'x',
    '--sso-url',
    'https://x.example',
    '--cert',
    cert('idp'),
    '--levels',
    'high',
  );
  assert.equal(twice.code, 2);
  assert.match(twice.err[0] ?? '', /exists already/);

  const bad = await run(
    'add',
    'saml',
    'Neu!',
    '--name',
    '',
    '--sso-url',
    'kein-url',
    '--levels',
    'mittel',
  );
  assert.equal(bad.code, 2);
  assert.deepEqual(
    bad.err.map((l) => l.split(':')[0]),
    ['slug', 'displayName', 'levels', 'issuer', 'ssoUrl', 'signingCerts'],
  );
  const missingFile = await run(
    'add',
    'saml',
    'neu',
    '--name',
    'Neu',
    '--entity-id',
    'x',
    '--sso-url',
    'https://x.example',
    '--cert',
    '/nicht/da.pem',
    '--levels',
    'high',
  );
  assert.equal(missingFile.code, 2);
  assert.match(missingFile.err[0] ?? '', /Cannot read \/nicht\/da\.pem/);
  assert.equal(providerLines((await run('list')).out).length, 2, 'nothing half-written');

  assert.equal((await run('remove', 'servicekonto-nds')).code, 0);
  assert.equal((await run('remove', 'servicekonto-nds')).code, 2);
  assert.equal(providerLines((await run('list')).out).length, 1);

  // The operator's changes are in the Verbund's chain, without a staff member.
  const audited = await database.owner
    .selectFrom('audit_entry')
    .select(['action', 'staff_id', 'subject_type'])
    .where('action', 'like', 'identity.%')
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    audited.map((e) => [e.action, e.staff_id, e.subject_type]),
    [
      ['identity.provider_added', null, 'identity_provider'],
      ['identity.provider_added', null, 'identity_provider'],
      ['identity.provider_removed', null, 'identity_provider'],
    ],
  );
});

test('identity:provider cert add and remove roll a signing certificate over', async (t) => {
  const { database, run } = await providerCli(t);
  const added = await run(
    'add',
    'saml',
    'bundid',
    '--name',
    'BundID',
    '--entity-id',
    'https://id.bund.de/idp',
    '--sso-url',
    'https://id.bund.de/sso',
    '--cert',
    cert('idp'),
    '--levels',
    'high',
  );
  assert.equal(added.code, 0, added.err.join('\n'));
  const fingerprintLines = async () =>
    (await run('list')).out.filter((l) => l.trimStart().startsWith('cert '));
  const before = await fingerprintLines();
  assert.equal(before.length, 1);
  assert.match(before[0] ?? '', /^ {2}cert ([0-9A-F]{2}:){31}[0-9A-F]{2} valid until \d{4}-/);

  const same = await run('cert', 'add', 'bundid', '--cert', cert('idp'));
  assert.equal(same.code, 2);
  assert.deepEqual(same.err, ['signingCert: Dieses Zertifikat ist schon hinterlegt.']);
  const key = await run(
    'cert',
    'add',
    'bundid',
    '--cert',
    fileURLToPath(new URL('./test-idp/keys/idp.key.pem', import.meta.url)),
  );
  assert.equal(key.code, 2);
  assert.match(key.err[0] ?? '', /^signingCert: Das ist ein privater Schlüssel/);
  const unknown = await run('cert', 'add', 'keiner', '--cert', cert('idp-next'));
  assert.equal(unknown.code, 2);
  assert.match(unknown.err[0] ?? '', /No identity provider "keiner"/);

  const next = await run('cert', 'add', 'bundid', '--cert', cert('idp-next'));
  assert.equal(next.code, 0, next.err.join('\n'));
  const third = await run('cert', 'add', 'bundid', '--cert', cert('rogue'));
  assert.equal(third.code, 2);
  assert.match(third.err[0] ?? '', /Es sind schon zwei Zertifikate hinterlegt/);
  const both = await fingerprintLines();
  assert.equal(both.length, 2);
  const oldFingerprint = /cert (\S+)/.exec(before[0] ?? '')?.[1] ?? '';

  const typo = await run('cert', 'remove', 'bundid', 'AA:BB');
  assert.equal(typo.code, 2);
  assert.match(typo.err[0] ?? '', /^certificates: Dieses Zertifikat ist nicht \(mehr\) hinterlegt/);
  const out = await run('cert', 'remove', 'bundid', oldFingerprint);
  assert.equal(out.code, 0, out.err.join('\n'));
  const left = await fingerprintLines();
  assert.equal(left.length, 1);
  assert.doesNotMatch(left[0] ?? '', new RegExp(oldFingerprint));
  const lastFingerprint = /cert (\S+)/.exec(left[0] ?? '')?.[1] ?? '';
  const last = await run('cert', 'remove', 'bundid', lastFingerprint);
  assert.equal(last.code, 2);
  assert.match(last.err[0] ?? '', /Das letzte Zertifikat lässt sich nicht entfernen/);
  assert.equal((await run('cert', 'remove', 'bundid')).code, 2, 'usage without a fingerprint');

  const audited = await database.owner
    .selectFrom('audit_entry')
    .select(['action', 'staff_id'])
    .where('action', 'like', 'identity.%')
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    audited.map((e) => [e.action, e.staff_id]),
    [
      ['identity.provider_added', null],
      ['identity.provider_cert_added', null],
      ['identity.provider_cert_removed', null],
    ],
  );
});

test('identity:provider add saml --metadata reads the IdP from its metadata file', async (t) => {
  const { database, run } = await providerCli(t);
  const dir = await mkdtemp(join(tmpdir(), 'idp-metadata-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const config = testIdentityConfig();
  const metadata = createTestIdp({
    entityId: TEST_IDP_ENTITY,
    ssoUrl: TEST_IDP_SSO,
    sloUrl: TEST_IDP_SLO,
    spSigningCert: config.spSigningCert,
    spEncryptionCert: config.spEncryptionCert,
  }).metadata();
  const good = join(dir, 'bundid.xml');
  await writeFile(good, metadata);
  const doctype = join(dir, 'doctype.xml');
  await writeFile(doctype, `<!DOCTYPE x>${metadata.replace('<?xml version="1.0"?>', '')}`);
  const refused = await run(
    'add',
    'saml',
    'bundid',
    '--name',
    'BundID',
    '--metadata',
    doctype,
    '--levels',
    'high',
  );
  assert.equal(refused.code, 2);
  assert.match(refused.err[0] ?? '', /^metadata: Metadaten mit DOCTYPE- oder ENTITY-Angaben/);

  const added = await run(
    'add',
    'saml',
    'bundid',
    '--name',
    'BundID',
    '--metadata',
    good,
    '--slo-url',
    'https://idp.bundid.test/slo-anders',
    '--levels',
    'substantial,high',
  );
  assert.equal(added.code, 0, added.err.join('\n'));
  const row = await database.owner
    .selectFrom('identity_provider')
    .selectAll()
    .executeTakeFirstOrThrow();
  assert.equal(row.issuer, TEST_IDP_ENTITY);
  assert.equal(row.sso_url, TEST_IDP_SSO);
  assert.equal(row.slo_url, 'https://idp.bundid.test/slo-anders', 'a given option wins');
  assert.equal(row.signing_certs.length, 1);
  assert.match((await run('list')).out[1] ?? '', /cert [0-9A-F:]+ valid until/);

  // An IdP whose metadata names the POST binding for single logout (as BundID's does).
  const postMetadata = join(dir, 'bundid-post.xml');
  await writeFile(
    postMetadata,
    metadata.replace('bindings:HTTP-Redirect" Location', 'bindings:HTTP-POST" Location'),
  );
  const common = ['--metadata', postMetadata, '--levels', 'high'];
  assert.equal((await run('add', 'saml', 'land', '--name', 'Land', ...common)).code, 0);
  const wrong = await run('add', 'saml', 'land2', '--name', 'L', ...common, '--slo-binding', 'x');
  assert.equal(wrong.code, 2);
  assert.match(wrong.err.join('\n'), /sloBinding: Bitte wählen Sie HTTP-Redirect oder HTTP-POST/);
  const chosen = ['--slo-url', 'https://idp.land.test/slo', '--slo-binding', 'redirect'];
  assert.equal((await run('add', 'saml', 'land3', '--name', 'L3', ...common, ...chosen)).code, 0);
  const bindings = await database.owner
    .selectFrom('identity_provider')
    .select(['slug', 'slo_binding'])
    .where('slug', 'in', ['land', 'land3'])
    .orderBy('slug')
    .execute();
  assert.deepEqual(bindings, [
    { slug: 'land', slo_binding: 'HTTP-POST' },
    { slug: 'land3', slo_binding: 'HTTP-Redirect' },
  ]);
});
