import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestDatabase, reverseTeardown } from '../db/testing.ts';
import { createMailer } from '../mail/mailer.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { createTenancy } from '../tenancy/service.ts';
import { buildPortal } from './app.ts';
import { testKeyring } from './testing.ts';

type Cleanup = Parameters<typeof createTestDatabase>[0];

export const TEST_CONFIG = {
  env: 'test' as const,
  sessionSecret: 'test-secret-test-secret-test-secret-!',
  logLevel: 'silent',
  rateLimitPerMinute: 10_000,
  trustProxy: 0,
  publicUrl: 'http://localhost:3000',
  applicationKeys: testKeyring(),
};

async function startApp(t: Cleanup, config = TEST_CONFIG) {
  const database = await createTestDatabase(t);
  await seedDemo(database.owner);
  const mailer = createMailer({
    smtpUrl: undefined,
    from: '"Test" <noreply@test.invalid>',
    env: 'test',
  });
  const { app } = await buildPortal({ config, database, mailer });
  reverseTeardown(t).after(() => app.close());
  return { app, database };
}

test('the start page lists Landkreis Emsland and its 19 authorities with their status', async (t) => {
  const { app } = await startApp(t);
  const res = await app.inject('/');
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /text\/html; charset=utf-8/);
  const links = [
    ...res.body.matchAll(/<h3 class="kern-title"><a class="kern-link" href="\/([a-z-]+)">/g),
  ].map((m) => m[1]);
  assert.equal(links.length, 20);
  assert.ok(links.includes('landkreis-emsland') && links.includes('samtgemeinde-doerpen'));
  assert.match(res.body, /<html lang="de"/);
  assert.match(res.body, /Wo wohnen Sie\?/);
  assert.match(res.body, /In Vorbereitung/);
  assert.match(res.body, />Online</);
});

test('security headers: strict CSP without inline script, no framing, no sniffing', async (t) => {
  const { app } = await startApp(t);
  const res = await app.inject('/');
  const csp = res.headers['content-security-policy'] as string;
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['x-frame-options'], 'DENY');
  assert.equal(
    res.headers['strict-transport-security'],
    undefined,
    'no HSTS on plain-HTTP development',
  );
  assert.doesNotMatch(res.body, /<script/);
});

test('the finder leads to the responsible authority, or lists the choices', async (t) => {
  const { app } = await startApp(t);
  const one = await app.inject('/finden?q=Wippingen');
  assert.equal(one.statusCode, 303);
  assert.equal(one.headers.location, '/samtgemeinde-doerpen?gemeinde=03454060');

  const portal = await app.inject(one.headers.location as string);
  assert.equal(portal.statusCode, 200);
  assert.match(portal.body, /Für Ihre Gemeinde Wippingen ist die Samtgemeinde Dörpen zuständig\./);
  assert.match(portal.body, /Mitgliedsgemeinden/);

  const many = await app.inject('/finden?q=la');
  assert.equal(many.statusCode, 200);
  assert.match(many.body, /href="\/samtgemeinde-lengerich\?gemeinde=03454028"/);
  assert.match(many.body, /Lathen: zuständig ist Samtgemeinde Lathen/);
  assert.match(many.body, /Lahn: zuständig ist Samtgemeinde Werlte/);

  const none = await app.inject('/finden?q=10115');
  assert.equal(none.statusCode, 200);
  assert.match(none.body, /Zur Postleitzahl 10115 haben wir keine Gemeinde/);
});

test('malformed finder input gets a 400 with an error summary linked to the field', async (t) => {
  const { app } = await startApp(t);
  for (const [q, message] of [
    ['4971x', 'Eine Postleitzahl besteht aus genau fünf Ziffern'],
    ['', 'Geben Sie Ihre Postleitzahl oder den Namen Ihrer Gemeinde ein'],
    ['x'.repeat(150), 'Ihre Eingabe ist zu lang'],
  ]) {
    const res = await app.inject(`/finden?q=${encodeURIComponent(q as string)}`);
    assert.equal(res.statusCode, 400, `q=${q}`);
    assert.match(res.body, new RegExp(`<a class="kern-link" href="#q">${message}`));
    assert.match(res.body, /aria-invalid="true"/);
    assert.match(res.body, /<title>Es gibt ein Problem: /);
  }
  const twice = await app.inject('/finden?q=a&q=b');
  assert.equal(twice.statusCode, 400);
  assert.match(twice.body, /Die Anfrage ist ungültig/);
});

test('what citizens type is escaped, never executed', async (t) => {
  const { app } = await startApp(t);
  const res = await app.inject(`/finden?q=${encodeURIComponent('<script>alert("x")</script>')}`);
  assert.equal(res.statusCode, 200);
  assert.doesNotMatch(res.body, /<script>alert/);
  assert.match(res.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
  const attr = await app.inject(
    `/finden?q=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`,
  );
  assert.equal(attr.statusCode, 400);
  assert.doesNotMatch(attr.body, /<img src=x/);
  assert.match(attr.body, /value="&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;"/);
});

test('unknown paths get a helpful 404 page, overlong URLs a 414', async (t) => {
  const { app } = await startApp(t);
  const unknown = await app.inject('/atlantis');
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.body, /Seite nicht gefunden/);
  assert.match(unknown.body, /Die Adresse \/atlantis gibt es in diesem Portal nicht/);
  assert.match(unknown.body, /href="\/finden"/);
  const deep = await app.inject('/a/b/c');
  assert.equal(deep.statusCode, 404);
  const long = await app.inject(`/finden?q=${'a'.repeat(3000)}`);
  assert.equal(long.statusCode, 414);
  assert.match(long.body, /Die Adresse ist zu lang/);
  const badAgs = await app.inject('/meppen?gemeinde=../../etc');
  assert.equal(badAgs.statusCode, 400);
  assert.doesNotMatch(badAgs.body, /at .*\.ts:\d+/, 'no stack trace');
});

test('language: Accept-Language picks English, the switch stores the choice, bad headers fall back', async (t) => {
  const { app } = await startApp(t);
  const en = await app.inject({ url: '/meppen', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
  assert.match(en.body, /<html lang="en"/);
  assert.match(en.body, /Being set up|Online/);
  assert.match(en.body, /Contact/);

  const broken = await app.inject({ url: '/', headers: { 'accept-language': ';;q=x,,\u00ff' } });
  assert.equal(broken.statusCode, 200);
  assert.match(broken.body, /<html lang="de"/);

  const sw = await app.inject('/sprache/en?zurueck=%2Fmeppen');
  assert.equal(sw.statusCode, 303);
  assert.equal(sw.headers.location, '/meppen');
  const cookie = sw.cookies.find((c) => c.name === 'lang');
  assert.equal(cookie?.value, 'en');
  assert.equal(cookie?.httpOnly, true);
  assert.equal(cookie?.sameSite, 'Lax');
  const after = await app.inject({ url: '/meppen', cookies: { lang: 'en' } });
  assert.match(after.body, /<html lang="en"/);

  for (const target of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
    const res = await app.inject(`/sprache/de?zurueck=${encodeURIComponent(target)}`);
    assert.equal(res.headers.location, '/', `refuses ${target}`);
  }
  assert.equal((await app.inject('/sprache/fr')).statusCode, 400);
});

test('legal pages exist in both languages and name the operator', async (t) => {
  const { app } = await startApp(t);
  for (const [path, heading] of [
    ['/impressum', 'Impressum'],
    ['/datenschutz', 'Datenschutzerklärung'],
    ['/barrierefreiheit', 'Erklärung zur Barrierefreiheit'],
  ]) {
    const res = await app.inject(path as string);
    assert.equal(res.statusCode, 200, path);
    assert.match(res.body, new RegExp(`<h1 class="kern-heading-large">${heading}</h1>`));
    assert.match(res.body, /Landkreis Emsland/);
  }
  const en = await app.inject({ url: '/datenschutz', cookies: { lang: 'en' } });
  assert.match(en.body, /Privacy notice/);
});

test('liveness, readiness and the KERN assets are served', async (t) => {
  const { app } = await startApp(t);
  assert.deepEqual((await app.inject('/healthz')).json(), { status: 'ok' });
  const ready = await app.inject('/readyz');
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.json().status, 'ready');
  const css = await app.inject('/assets/kern/kern.min.css');
  assert.equal(css.statusCode, 200);
  assert.match(css.headers['content-type'] as string, /text\/css/);
  const font = await app.inject('/assets/kern/fonts/fira-sans/FiraSans-Regular.woff2');
  assert.equal(font.statusCode, 200);
  assert.equal((await app.inject('/assets/site.css')).statusCode, 200);
});

test('with the database gone, pages answer 503 and readiness fails, without a stack trace', async (t) => {
  const { app, database } = await startApp(t);
  await database.close();
  const ready = await app.inject('/readyz');
  assert.equal(ready.statusCode, 503);
  const page = await app.inject('/meppen');
  assert.ok(page.statusCode >= 500, `status ${page.statusCode}`);
  assert.match(page.body, /Fehlernummer|Fehler bei uns|nicht erreichbar/);
  assert.doesNotMatch(page.body, /at .*\.ts:\d+/);
});

test('too many requests from one address get the 429 page', async (t) => {
  const { app } = await startApp(t, { ...TEST_CONFIG, rateLimitPerMinute: 3 });
  const codes = [];
  for (let i = 0; i < 4; i++) codes.push((await app.inject('/impressum')).statusCode);
  assert.deepEqual(codes, [200, 200, 200, 429]);
  const res = await app.inject('/impressum');
  assert.match(res.body, /Zu viele Anfragen/);
});

test('portal fronts rendered once still change as soon as the authority goes live', async (t) => {
  const database = await createTestDatabase(t);
  await seedDemo(database.owner);
  // Onboarding is an operator command: it runs as the owner, like the CLI.
  const tenancy = createTenancy(database.owner);
  const mailer = createMailer({
    smtpUrl: undefined,
    from: '"Test" <noreply@test.invalid>',
    env: 'test',
  });
  const { app } = await buildPortal({ config: TEST_CONFIG, database, mailer, tenancy });
  reverseTeardown(t).after(() => app.close());
  assert.match((await app.inject('/geeste')).body, /wird gerade eingerichtet/);
  assert.match((await app.inject('/geeste')).body, /wird gerade eingerichtet/);
  await tenancy.onboard('geeste');
  const after = await app.inject('/geeste');
  assert.match(after.body, /bietet ihre Online-Dienste in diesem Portal an/);
  const english = await app.inject({ url: '/geeste', headers: { 'accept-language': 'en' } });
  assert.match(english.body, /offers its online services/, 'each language has its own copy');
});
