// "Anmeldedienste" in the back office: the Verbund's admin finds it in the staff bar and reads
// which identity providers are connected, with their levels and how sign-out works, and no
// secret; a clerk gets 403 and no link. The admin adds a SAML and an OIDC provider by form,
// changes one, rolls its signing certificate over and removes it after a confirmation; each
// change is audited in the Verbund's chain and bad input stores nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { browserFor, startTestApp } from '../app/testing.ts';
import { verifyAudit } from '../audit/service.ts';
import { signedInStaff } from '../backoffice/testing.ts';
import type { DB } from '../db/schema.ts';
import { addProvider, fingerprintOf } from './providers.ts';
import { createTestIdp, readTestKey } from './test-idp/idp.ts';
import {
  connectTestIdp,
  TEST_IDP_ENTITY,
  TEST_IDP_SLO,
  TEST_IDP_SSO,
  testIdentityConfig,
} from './testing.ts';

const LIST = '/verwaltung/anmeldedienste';

function identityAudit(db: Kysely<DB>) {
  return db
    .selectFrom('audit_entry')
    .select(['action', 'staff_id', 'authority_id', 'subject_type', 'subject_id', 'chain_id'])
    .where('action', 'like', 'identity.%')
    .orderBy('seq')
    .execute();
}

const providerCount = async (db: Kysely<DB>) =>
  (await db.selectFrom('identity_provider').select('slug').execute()).length;

test('the Verbund admin sees the connected sign-in services; a clerk does not', async (t) => {
  const started = await startTestApp(t, 'test', { identity: testIdentityConfig() });
  const { app, database, verbundId } = started;
  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
  });
  const none = await admin.browser.get('/verwaltung/anmeldedienste');
  assert.equal(none.statusCode, 200);
  assert.match(none.body, /Es ist noch kein Anmeldedienst angebunden/);

  await connectTestIdp(database.owner, verbundId);
  const home = await admin.browser.get('/verwaltung');
  assert.match(home.body, /href="\/verwaltung\/anmeldedienste">Anmeldedienste</, 'in the bar');
  const page = await admin.browser.get('/verwaltung/anmeldedienste');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="kern-heading-large">Anmeldedienste<\/h1>/);
  assert.match(
    page.body,
    /<th class="kern-table__cell" scope="row"><a class="kern-link" href="\/verwaltung\/anmeldedienste\/bundid"[^>]*>BundID<\/a>/,
    'each provider links to its page',
  );
  assert.match(page.body, /href="\/verwaltung\/anmeldedienste\/hinzufuegen\/saml"/);
  assert.match(page.body, /href="\/verwaltung\/anmeldedienste\/hinzufuegen\/oidc"/);
  assert.match(
    page.body,
    /<h2 class="kern-heading-medium" id="add-heading">Anmeldedienst hinzufügen/,
  );
  assert.match(page.body, /SAML 2\.0, 1 Signaturzertifikat\(e\)/);
  assert.match(page.body, /substantiell/);
  assert.doesNotMatch(page.body, /BEGIN CERTIFICATE|client_secret/i, 'no key material');

  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
  });
  const refused = await clerk.browser.get('/verwaltung/anmeldedienste');
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /Die Anmeldedienste sieht nur die Verwaltung des Verbunds/);
  assert.doesNotMatch((await clerk.browser.get('/verwaltung')).body, /anmeldedienste/);
});

test('the Verbund admin adds, changes, rolls over and removes a provider; all audited', async (t) => {
  const started = await startTestApp(t, 'test', { identity: testIdentityConfig() });
  const { app, database, verbundId } = started;
  const db = database.owner;
  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
  });
  const b = admin.browser;
  const form = await b.get(`${LIST}/hinzufuegen/saml`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /<h1 class="kern-heading-large">SAML-Anmeldedienst hinzufügen<\/h1>/);
  assert.match(form.body, /enctype="multipart\/form-data"/);
  assert.match(form.body, /http:\/\/portal\.test\/saml\/metadata/, 'our SP metadata named');

  const saml = {
    slug: 'bundid',
    displayName: 'BundID',
    issuer: 'https://id.bund.de/idp',
    ssoUrl: 'https://id.bund.de/idp/profile/SAML2/POST/SSO',
    sloUrl: '',
    signingCerts: readTestKey('idp.cert.pem'),
  };
  // Bad input: each field named in German, 422, nothing stored.
  const bad = await b.post(`${LIST}/hinzufuegen/saml`, {
    ...saml,
    slug: 'Bund ID',
    displayName: ' ',
    ssoUrl: 'kein-url',
    sloUrl: 'ftp://x',
    signingCerts: 'MIIB kein Zertifikat',
  });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /<title>Es gibt ein Problem: SAML-Anmeldedienst hinzufügen/);
  assert.ok(bad.body.indexOf('href="#slug"') < bad.body.indexOf('href="#levels"'), 'form order');
  for (const message of [
    /href="#slug">Bitte geben Sie eine Kennung/,
    /href="#displayName">Bitte geben Sie einen Anzeigenamen/,
    /href="#ssoUrl">Bitte geben Sie die Adresse für die Anmeldung/,
    /href="#sloUrl">Die Adresse für die Abmeldung/,
    /href="#signingCerts">Das ist kein Zertifikat im PEM-Format/,
    /href="#levels">Bitte wählen Sie mindestens ein Vertrauensniveau/,
  ])
    assert.match(bad.body, message);
  assert.match(bad.body, /value="Bund ID"/, 'what was typed comes back');
  const key = await b.post(`${LIST}/hinzufuegen/saml`, {
    ...saml,
    signingCerts: readTestKey('idp.key.pem'),
    levels: 'high',
  });
  assert.equal(key.statusCode, 422);
  assert.match(key.body, /Das ist ein privater Schlüssel/);
  assert.doesNotMatch(key.body, /PRIVATE KEY/, 'a pasted key is not echoed');
  assert.equal(await providerCount(db), 0, 'nothing half-written');
  const noCsrf = await b.post(`${LIST}/hinzufuegen/saml`, { ...saml, levels: 'high' }, false);
  assert.equal(noCsrf.statusCode, 403);
  assert.equal(await providerCount(db), 0);

  // Control characters in a multipart field: the 400 page every other form gives.
  await b.get(`${LIST}/hinzufuegen/saml`);
  const control = await b.postMultipart(`${LIST}/hinzufuegen/saml`, {
    ...saml,
    displayName: 'Bund\u0000ID',
    levels: 'high',
  });
  assert.equal(control.statusCode, 400);
  assert.equal(await providerCount(db), 0);

  // Added with the certificate uploaded as a file, levels as checkboxes.
  await b.get(`${LIST}/hinzufuegen/saml`);
  const added = await b.postMultipart(
    `${LIST}/hinzufuegen/saml`,
    { ...saml, signingCerts: '', levels: 'substantial' },
    [
      {
        field: 'signingCertFile',
        name: 'idp.cert.pem',
        type: 'application/x-pem-file',
        content: Buffer.from(readTestKey('idp.cert.pem')),
      },
    ],
  );
  assert.equal(added.statusCode, 303, added.body);
  assert.equal(added.headers.location, `${LIST}/bundid?hinweis=hinzugefuegt`);
  const twice = await b.post(`${LIST}/hinzufuegen/saml`, { ...saml, levels: 'high' });
  assert.equal(twice.statusCode, 422);
  assert.match(twice.body, /Diese Kennung hat schon ein anderer Anmeldedienst/);

  const detail = await b.get(`${LIST}/bundid?hinweis=hinzugefuegt`);
  assert.equal(detail.statusCode, 200);
  assert.match(detail.body, /<h1 class="kern-heading-large">BundID<\/h1>/);
  assert.match(detail.body, /Der Anmeldedienst ist hinzugefügt/);
  assert.match(detail.body, /CN=rathausnetz-test-idp/);
  assert.match(detail.body, /Das einzige Zertifikat lässt sich nicht entfernen/);
  assert.doesNotMatch(
    detail.body,
    /-----BEGIN CERTIFICATE-----\s*MII/,
    'fingerprints, not the PEM',
  );

  // The sign-in page offers it now.
  const citizen = browserFor(app);
  assert.match((await citizen.get('/konto/anmelden')).body, /Mit BundID anmelden/);

  // Name and levels.
  const noName = await b.post(`${LIST}/bundid`, { displayName: '', levels: 'high' });
  assert.equal(noName.statusCode, 422);
  assert.match(noName.body, /href="#displayName">Bitte geben Sie einen Anzeigenamen/);
  await b.get(`${LIST}/bundid`);
  const renamed = await b.post(`${LIST}/bundid`, { displayName: 'BundID (Bund)' });
  assert.equal(renamed.statusCode, 422, 'no level is no provider');
  await b.get(`${LIST}/bundid`);
  const changed = await app.inject({
    method: 'POST',
    url: `${LIST}/bundid`,
    cookies: Object.fromEntries(b.jar),
    payload: `_csrf=${b.csrf()}&displayName=BundID+%28Bund%29&levels=substantial&levels=high`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(changed.statusCode, 303);
  assert.equal(changed.headers.location, `${LIST}/bundid?hinweis=geaendert`);
  const row = await db.selectFrom('identity_provider').selectAll().executeTakeFirstOrThrow();
  assert.equal(row.display_name, 'BundID (Bund)');
  assert.deepEqual(row.levels, ['substantial', 'high']);

  // Rollover: the next certificate beside the current one, then the old one out.
  await b.get(`${LIST}/bundid`);
  const same = await b.post(`${LIST}/bundid/zertifikate`, {
    signingCert: readTestKey('idp.cert.pem'),
  });
  assert.equal(same.statusCode, 422);
  assert.match(same.body, /Dieses Zertifikat ist schon hinterlegt/);
  const next = await b.post(`${LIST}/bundid/zertifikate`, {
    signingCert: readTestKey('idp-next.cert.pem'),
  });
  assert.equal(next.statusCode, 303);
  const both = await b.get(`${LIST}/bundid?hinweis=zertifikat-hinzugefuegt`);
  assert.match(both.body, /gelten Anmeldungen mit beiden Zertifikaten/);
  assert.match(both.body, /Es sind zwei Zertifikate hinterlegt, mehr sind nicht möglich/);
  const third = await b.post(`${LIST}/bundid/zertifikate`, {
    signingCert: readTestKey('rogue.cert.pem'),
  });
  assert.equal(third.statusCode, 422);
  assert.match(third.body, /Es sind schon zwei Zertifikate hinterlegt/);
  const fingerprints = [...both.body.matchAll(/name="fingerprint" value="([^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  assert.equal(fingerprints.length, 2);
  await b.get(`${LIST}/bundid`);
  const out = await b.post(`${LIST}/bundid/zertifikate/entfernen`, {
    fingerprint: fingerprints[0] as string,
  });
  assert.equal(out.statusCode, 303);
  const one = await db.selectFrom('identity_provider').selectAll().executeTakeFirstOrThrow();
  assert.equal(one.signing_certs.length, 1);
  assert.match(one.signing_certs[0] ?? '', /BEGIN CERTIFICATE/);
  await b.get(`${LIST}/bundid`);
  const last = await b.post(`${LIST}/bundid/zertifikate/entfernen`, {
    fingerprint: fingerprints[1] as string,
  });
  assert.equal(last.statusCode, 422);
  assert.match(last.body, /Das letzte Zertifikat lässt sich nicht entfernen/);
  assert.equal(
    (await db.selectFrom('identity_provider').select('signing_certs').executeTakeFirstOrThrow())
      .signing_certs.length,
    1,
  );

  // An OIDC provider: a secret's name, never a secret.
  await b.get(`${LIST}/hinzufuegen/oidc`);
  const oidcBad = await b.post(`${LIST}/hinzufuegen/oidc`, {
    slug: 'servicekonto',
    displayName: 'Servicekonto Niedersachsen',
    issuer: 'https://servicekonto.example.org/realms/nds',
    clientId: 'rathausnetz',
    clientSecretEnv: 'geheim',
    acrMap: 'loa-substantial',
    levels: 'substantial',
  });
  assert.equal(oidcBad.statusCode, 422);
  assert.match(oidcBad.body, /href="#clientSecretEnv">Der Name der Umgebungsvariablen/);
  assert.match(oidcBad.body, /href="#acrMap">Bitte ordnen Sie mindestens einem acr-Wert/);
  const oidc = await b.post(`${LIST}/hinzufuegen/oidc`, {
    slug: 'servicekonto',
    displayName: 'Servicekonto Niedersachsen',
    issuer: 'https://servicekonto.example.org/realms/nds',
    clientId: 'rathausnetz',
    clientSecretEnv: 'RATHAUSNETZ_TEST_UNSET_SECRET',
    acrMap: 'loa-substantial=substantial\r\nloa-low=low',
    levels: 'substantial',
  });
  assert.equal(oidc.statusCode, 303, oidc.body);
  const oidcPage = await b.get(`${LIST}/servicekonto`);
  assert.match(oidcPage.body, /RATHAUSNETZ_TEST_UNSET_SECRET – im Portal nicht gesetzt/);
  assert.match(oidcPage.body, /loa-substantial → substantiell/);
  assert.match(oidcPage.body, /loa-low → niedrig/);
  assert.doesNotMatch(oidcPage.body, /Signaturzertifikate/);

  // Removal asks first, on a page of its own.
  const ask = await b.get(`${LIST}/bundid/entfernen`);
  assert.equal(ask.statusCode, 200);
  assert.match(
    ask.body,
    /<h1 class="kern-heading-large">BundID \(Bund\) wirklich entfernen\?<\/h1>/,
  );
  const removed = await b.post(`${LIST}/bundid/entfernen`, {});
  assert.equal(removed.statusCode, 303);
  assert.equal(removed.headers.location, `${LIST}?hinweis=entfernt`);
  assert.match((await b.get(`${LIST}?hinweis=entfernt`)).body, /Der Anmeldedienst ist entfernt/);
  assert.equal((await b.get(`${LIST}/bundid`)).statusCode, 404);
  assert.equal((await b.post(`${LIST}/bundid/entfernen`, {})).statusCode, 404);
  assert.doesNotMatch((await citizen.get('/konto/anmelden')).body, /Mit BundID/);

  const entries = await identityAudit(db);
  assert.deepEqual(
    entries.map((e) => e.action),
    [
      'identity.provider_added',
      'identity.provider_changed',
      'identity.provider_cert_added',
      'identity.provider_cert_removed',
      'identity.provider_added',
      'identity.provider_removed',
    ],
  );
  const staffId = entries[0]?.staff_id;
  assert.ok(staffId);
  for (const e of entries) {
    assert.equal(e.staff_id, staffId, 'the admin who acted');
    assert.equal(e.authority_id, null);
    assert.equal(e.chain_id, verbundId, "the Verbund's chain");
    assert.equal(e.subject_type, 'identity_provider');
  }
  assert.equal(entries[0]?.subject_id, row.id);
  assert.equal(entries.at(-1)?.subject_id, row.id);
});

test('only the Verbund admin may change providers: 403 on every page and form', async (t) => {
  const started = await startTestApp(t, 'test', { identity: testIdentityConfig() });
  const { app, database, verbundId } = started;
  await connectTestIdp(database.owner, verbundId);
  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'admin@soegel.example',
    role: 'authority_admin',
  });
  for (const path of [`${LIST}/hinzufuegen/saml`, `${LIST}/bundid`, `${LIST}/bundid/entfernen`]) {
    const page = await clerk.browser.get(path);
    assert.equal(page.statusCode, 403, path);
    assert.match(page.body, /Die Anmeldedienste sieht nur die Verwaltung des Verbunds/);
  }
  await clerk.browser.get('/verwaltung');
  for (const path of [`${LIST}/bundid/entfernen`, `${LIST}/bundid`, `${LIST}/bundid/zertifikate`])
    assert.equal(
      (await clerk.browser.post(path, { displayName: 'X', levels: 'high' })).statusCode,
      403,
    );
  assert.equal(
    (await clerk.browser.post(`${LIST}/hinzufuegen/oidc`, { slug: 'x' })).statusCode,
    403,
  );
  assert.equal(await providerCount(database.owner), 1, 'still there');
  assert.deepEqual(await identityAudit(database.owner), []);
});

test('the Verbund admin takes a SAML provider over from its metadata, checks it, saves', async (t) => {
  const started = await startTestApp(t, 'test', { identity: testIdentityConfig() });
  const { app, database } = started;
  const db = database.owner;
  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
  });
  const b = admin.browser;
  const config = testIdentityConfig();
  const metadata = createTestIdp({
    entityId: TEST_IDP_ENTITY,
    ssoUrl: TEST_IDP_SSO,
    sloUrl: TEST_IDP_SLO,
    spSigningCert: config.spSigningCert,
    spEncryptionCert: config.spEncryptionCert,
  }).metadata();
  const form = await b.get(`${LIST}/hinzufuegen/saml`);
  assert.match(form.body, /<label class="kern-label" for="metadata">Metadaten \(XML\)<\/label>/);
  assert.match(
    form.body,
    /name="step" value="metadata"><span class="kern-label">Metadaten übernehmen/,
  );

  // Uploaded as a file: the form comes back filled, the certificate shown by fingerprint.
  const taken = await b.postMultipart(
    `${LIST}/hinzufuegen/saml`,
    { slug: 'bundid', displayName: 'BundID', step: 'metadata', levels: 'high' },
    [
      {
        field: 'metadataFile',
        name: 'bundid-metadata.xml',
        type: 'application/samlmetadata+xml',
        content: Buffer.from(metadata),
      },
    ],
  );
  assert.equal(taken.statusCode, 200, taken.body);
  assert.match(taken.body, /Die Metadaten von https:\/\/idp\.bundid\.test\/saml sind gelesen/);
  assert.match(
    taken.body,
    /id="issuer" name="issuer"[^>]*value="https:\/\/idp\.bundid\.test\/saml"/,
  );
  assert.match(
    taken.body,
    /id="ssoUrl" name="ssoUrl"[^>]*value="https:\/\/idp\.bundid\.test\/sso"/,
  );
  assert.match(
    taken.body,
    /id="sloUrl" name="sloUrl"[^>]*value="https:\/\/idp\.bundid\.test\/slo"/,
  );
  assert.match(taken.body, /value="bundid"/, 'what was typed stays');
  const fingerprint = fingerprintOf(readTestKey('idp.cert.pem'));
  assert.match(taken.body, new RegExp(`<code class="fingerprint">${fingerprint}</code>`));
  assert.match(taken.body, /Signaturzertifikate aus den Metadaten/);
  assert.doesNotMatch(taken.body, /Die Metadaten sind signiert/);
  assert.equal(await providerCount(db), 0, 'taking over stores nothing');

  // The admin changes the SSO URL before saving: the typed value wins.
  const textarea = /<textarea[^>]*id="metadata"[^>]*>([^<]*)<\/textarea>/.exec(taken.body);
  assert.ok(
    textarea?.[1]?.includes('EntityDescriptor'),
    'the metadata is in the form to send again',
  );
  const saved = await b.postMultipart(`${LIST}/hinzufuegen/saml`, {
    slug: 'bundid',
    displayName: 'BundID',
    metadata,
    issuer: TEST_IDP_ENTITY,
    ssoUrl: 'https://idp.bundid.test/sso-neu',
    sloUrl: TEST_IDP_SLO,
    signingCerts: '',
    levels: 'high',
  });
  assert.equal(saved.statusCode, 303, saved.body);
  const row = await db.selectFrom('identity_provider').selectAll().executeTakeFirstOrThrow();
  assert.equal(row.issuer, TEST_IDP_ENTITY);
  assert.equal(row.sso_url, 'https://idp.bundid.test/sso-neu');
  assert.equal(row.slo_url, TEST_IDP_SLO);
  assert.deepEqual(row.signing_certs.map(fingerprintOf), [fingerprint]);
  assert.equal(row.metadata_xml, metadata, 'kept as imported');

  // Bad metadata: a German message at its field, 422, nothing stored.
  const several = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${metadata.replace('<?xml version="1.0"?>', '')}${metadata.replace('<?xml version="1.0"?>', '').replace(TEST_IDP_ENTITY, 'https://zweiter.example/idp')}</md:EntitiesDescriptor>`;
  for (const [xml, message] of [
    ['kein XML', /href="#metadata">Das sind keine lesbaren XML-Metadaten/],
    [
      `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${metadata.replace('<?xml version="1.0"?>', '')}`,
      /href="#metadata">Metadaten mit DOCTYPE- oder ENTITY-Angaben liest das Portal/,
    ],
    [
      several,
      /href="#metadata">Die Metadaten beschreiben mehrere Anmeldedienste: https:\/\/idp\.bundid\.test\/saml, https:\/\/zweiter\.example\/idp\./,
    ],
    [
      metadata.replace(/<md:KeyDescriptor.*<\/md:KeyDescriptor>/, ''),
      /href="#metadata">In den Metadaten steht kein Signaturzertifikat/,
    ],
  ] as const) {
    for (const step of ['metadata', 'save']) {
      await b.get(`${LIST}/hinzufuegen/saml`);
      const refused = await b.postMultipart(`${LIST}/hinzufuegen/saml`, {
        slug: 'zweiter',
        displayName: 'Zweiter',
        metadata: xml,
        issuer: 'https://zweiter.example/idp',
        ssoUrl: 'https://zweiter.example/sso',
        levels: 'high',
        signingCerts: readTestKey('idp-next.cert.pem'),
        step,
      });
      assert.equal(refused.statusCode, 422, `${step}: ${xml.slice(0, 40)}`);
      assert.match(refused.body, message);
      assert.match(refused.body, /<title>Es gibt ein Problem: SAML-Anmeldedienst hinzufügen/);
    }
  }
  await b.get(`${LIST}/hinzufuegen/saml`);
  const missing = await b.postMultipart(`${LIST}/hinzufuegen/saml`, { step: 'metadata' });
  assert.equal(missing.statusCode, 422);
  assert.match(missing.body, /href="#metadata">Bitte fügen Sie die Metadaten \(XML\) ein/);
  const huge = await b.postMultipart(`${LIST}/hinzufuegen/saml`, { step: 'metadata' }, [
    {
      field: 'metadataFile',
      name: 'riesig.xml',
      type: 'application/xml',
      content: Buffer.alloc(300 * 1024, 'a'),
    },
  ]);
  assert.equal(huge.statusCode, 422);
  assert.match(huge.body, /href="#metadata">Die Metadaten-Datei ist zu groß \(höchstens 256 KiB\)/);
  assert.equal(await providerCount(db), 1, 'nothing more stored');
  assert.deepEqual(
    (await identityAudit(db)).map((e) => e.action),
    ['identity.provider_added'],
  );
});

test("the Verbund admin changes a provider's addresses, issuer and mappings; audited by name", async (t) => {
  const started = await startTestApp(t, 'test', { identity: testIdentityConfig() });
  const { app, database, verbundId } = started;
  const db = database.owner;
  await connectTestIdp(db, verbundId, { levels: ['substantial', 'high'] });
  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
  });
  const b = admin.browser;
  const page = await b.get(`${LIST}/bundid`);
  assert.match(page.body, /<h2 class="kern-heading-medium" id="change-heading">Angaben ändern/);
  assert.match(page.body, /id="ssoUrl" name="ssoUrl"[^>]*value="https:\/\/idp\.bundid\.test\/sso"/);
  assert.match(
    page.body,
    /id="issuer" name="issuer"[^>]*value="https:\/\/idp\.bundid\.test\/saml"/,
  );
  assert.match(page.body, /urn:oid:2\.5\.4\.42=given_name/);
  assert.doesNotMatch(page.body, /name="slug"/, 'the slug stays');
  const current = {
    displayName: 'BundID',
    levels: ['substantial', 'high'],
    issuer: TEST_IDP_ENTITY,
    ssoUrl: TEST_IDP_SSO,
    sloUrl: TEST_IDP_SLO,
    attributeMap: 'urn:oid:2.5.4.42=given_name\nurn:oid:2.5.4.4=family_name',
  };
  const post = (fields: Record<string, string | string[]>, csrf = true) =>
    app.inject({
      method: 'POST',
      url: `${LIST}/bundid`,
      cookies: Object.fromEntries(b.jar),
      payload: new URLSearchParams(
        Object.entries({ ...(csrf ? { _csrf: b.csrf() } : {}), ...fields }).flatMap(([k, v]) =>
          (Array.isArray(v) ? v : [v]).map((one) => [k, one]),
        ),
      ).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  const row = () => db.selectFrom('identity_provider').selectAll().executeTakeFirstOrThrow();

  const moved = await post({ ...current, ssoUrl: 'https://idp.bundid.test/sso-neu', sloUrl: '' });
  assert.equal(moved.statusCode, 303, moved.body);
  assert.equal(moved.headers.location, `${LIST}/bundid?hinweis=geaendert`);
  assert.equal((await row()).sso_url, 'https://idp.bundid.test/sso-neu');
  assert.equal((await row()).slo_url, null, 'no single logout any more');
  assert.deepEqual((await row()).attribute_map, {
    'urn:oid:2.5.4.42': 'given_name',
    'urn:oid:2.5.4.4': 'family_name',
  });

  // A new entity id asks for the admin's check first; nothing changes until then.
  await b.get(`${LIST}/bundid`);
  const unconfirmed = await post({
    ...current,
    issuer: 'https://neu.bundid.test/saml',
    ssoUrl: 'kein-url',
  });
  assert.equal(unconfirmed.statusCode, 422);
  assert.match(unconfirmed.body, /href="#ssoUrl">Bitte geben Sie die Adresse für die Anmeldung/);
  assert.match(
    unconfirmed.body,
    /href="#issuerConfirmed">Bitte bestätigen Sie, dass Sie die neue Entity-ID/,
  );
  assert.ok(
    unconfirmed.body.indexOf('href="#ssoUrl"') <
      unconfirmed.body.indexOf('href="#issuerConfirmed"'),
    'in the form order',
  );
  assert.match(unconfirmed.body, /value="https:\/\/neu\.bundid\.test\/saml"/, 'typed comes back');
  assert.equal((await row()).issuer, TEST_IDP_ENTITY);
  const confirmed = await post({
    ...current,
    issuer: 'https://neu.bundid.test/saml',
    issuerConfirmed: 'ja',
  });
  assert.equal(confirmed.statusCode, 303, confirmed.body);
  assert.equal((await row()).issuer, 'https://neu.bundid.test/saml');
  assert.equal((await row()).slo_url, TEST_IDP_SLO);

  await b.get(`${LIST}/bundid`);
  const badMap = await post({
    ...current,
    issuer: 'https://neu.bundid.test/saml',
    attributeMap: 'urn:oid:2.5.4.42=vorname',
  });
  assert.equal(badMap.statusCode, 422);
  assert.match(
    badMap.body,
    /href="#attributeMap">Bitte ordnen Sie jede Angabe einem Profilfeld zu/,
  );
  const noCsrf = await post({ ...current, displayName: 'Anders' }, false);
  assert.equal(noCsrf.statusCode, 403);
  await b.get(`${LIST}/bundid`);
  const same = await post({ ...current, issuer: 'https://neu.bundid.test/saml' });
  assert.equal(same.headers.location, `${LIST}/bundid?hinweis=unveraendert`);
  assert.equal((await row()).display_name, 'BundID');

  // An OIDC provider: client id and acr mapping.
  await addProvider(db, verbundId, {
    slug: 'konto',
    type: 'oidc',
    displayName: 'Konto',
    issuer: 'https://konto.example/realms/nds',
    clientId: 'rathausnetz',
    acrMap: { 'loa-high': 'high' },
    levels: ['high'],
  });
  await b.get(`${LIST}/konto`);
  const oidc = await app.inject({
    method: 'POST',
    url: `${LIST}/konto`,
    cookies: Object.fromEntries(b.jar),
    payload: new URLSearchParams({
      _csrf: b.csrf(),
      displayName: 'Konto',
      levels: 'high',
      issuer: 'https://konto.example/realms/nds',
      clientId: 'rathausnetz-2',
      acrMap: 'loa-high=high\nloa-sub=substantial',
      attributeMap:
        'given_name=given_name\nfamily_name=family_name\nemail=email\nbirthdate=birth_date',
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(oidc.statusCode, 303, oidc.body);
  const konto = await db
    .selectFrom('identity_provider')
    .selectAll()
    .where('slug', '=', 'konto')
    .executeTakeFirstOrThrow();
  assert.equal(konto.client_id, 'rathausnetz-2');
  assert.deepEqual(konto.acr_map, { 'loa-high': 'high', 'loa-sub': 'substantial' });

  // The audit names what changed, never the values.
  const entries = await db
    .selectFrom('audit_entry')
    .selectAll()
    .where('action', '=', 'identity.provider_changed')
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    entries.map((e) => e.fields),
    [
      ['ssoUrl', 'sloUrl', 'attributeMap'],
      ['issuer', 'ssoUrl', 'sloUrl'],
      ['clientId', 'acrMap'],
    ],
  );
  assert.doesNotMatch(JSON.stringify(entries), /sso-neu|neu\.bundid|rathausnetz-2/);
  assert.ok(entries.every((e) => e.staff_id !== null && e.authority_id === null));
  assert.equal((await verifyAudit(database.db)).ok, true, 'the names are in the hashed chain');
});

test('the SLO binding comes from the metadata, shows on the provider page and can be changed', async (t) => {
  const started = await startTestApp(t, 'test', { identity: testIdentityConfig() });
  const db = started.database.owner;
  const admin = await signedInStaff(started.app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
  });
  const b = admin.browser;
  const config = testIdentityConfig();
  const metadata = createTestIdp({
    entityId: TEST_IDP_ENTITY,
    ssoUrl: TEST_IDP_SSO,
    sloUrl: TEST_IDP_SLO,
    sloBinding: 'HTTP-POST',
    spSigningCert: config.spSigningCert,
    spEncryptionCert: config.spEncryptionCert,
  }).metadata();
  await b.get(`${LIST}/hinzufuegen/saml`);
  // The browser sends the radio checked by default (Redirect); the metadata's POST wins.
  const taken = await b.postMultipart(`${LIST}/hinzufuegen/saml`, {
    slug: 'bundid',
    displayName: 'BundID',
    metadata,
    sloBinding: 'HTTP-Redirect',
    step: 'metadata',
    levels: 'high',
  });
  assert.equal(taken.statusCode, 200, taken.body);
  assert.match(taken.body, /<legend class="kern-label">Übertragungsweg der Abmeldung/);
  assert.match(taken.body, /id="sloBinding-post" name="sloBinding" value="HTTP-POST" checked>/);
  const saved = await b.postMultipart(`${LIST}/hinzufuegen/saml`, {
    slug: 'bundid',
    displayName: 'BundID',
    metadata,
    issuer: TEST_IDP_ENTITY,
    ssoUrl: TEST_IDP_SSO,
    sloUrl: TEST_IDP_SLO,
    sloBinding: 'HTTP-POST',
    levels: 'high',
  });
  assert.equal(saved.statusCode, 303, saved.body);
  const row = () => db.selectFrom('identity_provider').selectAll().executeTakeFirstOrThrow();
  assert.equal((await row()).slo_binding, 'HTTP-POST');
  const page = await b.get(`${LIST}/bundid`);
  assert.match(page.body, /Übertragungsweg der Abmeldung<\/dt>\s*<dd[^>]*>HTTP-POST \(Formular/);

  // Changed back to Redirect on the provider's page; the audit entry names the field.
  const changed = await started.app.inject({
    method: 'POST',
    url: `${LIST}/bundid`,
    cookies: Object.fromEntries(b.jar),
    payload: new URLSearchParams({
      _csrf: b.csrf(),
      displayName: 'BundID',
      levels: 'high',
      issuer: TEST_IDP_ENTITY,
      ssoUrl: TEST_IDP_SSO,
      sloUrl: TEST_IDP_SLO,
      sloBinding: 'HTTP-Redirect',
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(changed.statusCode, 303, changed.body);
  assert.equal((await row()).slo_binding, 'HTTP-Redirect');
  const entry = await db
    .selectFrom('audit_entry')
    .select('fields')
    .where('action', '=', 'identity.provider_changed')
    .executeTakeFirstOrThrow();
  assert.deepEqual(entry.fields, ['sloBinding']);
});
