// Hostile or broken requests that used to end in a 500: a return path outside Latin-1,
// malformed multipart bodies, control characters in text inputs. Each gets a 4xx with a
// German page (or a safe redirect), is logged at warn at most, and changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { seedCatalogDemo } from '../catalog/seed.ts';
import { createTestDatabase, reverseTeardown } from '../db/testing.ts';
import { startSmtp } from '../mail/testing.ts';
import { postFromAuthority } from '../mailbox/service.ts';
import { authorityId, createAccount } from '../mailbox/testing.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { registerHeaderGuard } from '../web/header-guard.ts';
import { returnPath } from '../web/return-path.ts';
import { buildPortal } from './app.ts';
import { browserFor, testConfig, testKeyring } from './testing.ts';

type Cleanup = Parameters<typeof createTestDatabase>[0];
type LogLine = { level: number; msg: string };

const MAENGEL = '/leistungen/99089014014000/antrag?gemeinde=03454035';

async function setUp(t: Cleanup) {
  const database = await createTestDatabase(t);
  const { verbundId } = await seedDemo(database.owner);
  await seedCatalogDemo(database.owner, verbundId);
  const smtp = await startSmtp(t);
  const logs: LogLine[] = [];
  const keyring = testKeyring();
  const { app } = await buildPortal({
    config: { ...testConfig(keyring), logLevel: 'info' },
    database,
    mailer: smtp.mailer,
    logger: { level: 'info', stream: { write: (line: string) => logs.push(JSON.parse(line)) } },
  });
  reverseTeardown(t).after(() => app.close());
  // Seeding and reading back as the owner; the portal runs as the runtime role.
  return { app, db: database.owner, keyring, smtp, verbundId, logs };
}

const ERROR_LEVEL = 50;
const WARN_LEVEL = 40;

test('return paths: only printable same-site paths, else "/"', () => {
  assert.equal(returnPath('/meppen?x=1'), '/meppen?x=1');
  assert.equal(
    returnPath('/leistungen?q=Osterfeuer%20M%C3%BCll'),
    '/leistungen?q=Osterfeuer%20M%C3%BCll',
  );
  for (const bad of [
    undefined,
    '',
    'meppen',
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    '/\u202e',
    '/caf\u00e9',
    '/a b',
    '/a\u0000',
    '/%zz',
    '/%E2%80',
    `/${'a'.repeat(600)}`,
  ]) {
    assert.equal(returnPath(bad), '/', String(bad));
  }
});

test('a return path with a non-Latin-1 character redirects home instead of a 500', async (t) => {
  const { app, db, verbundId, logs } = await setUp(t);
  const res = await app.inject('/sprache/en?zurueck=/%E2%80%AE');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/');
  assert.equal(res.cookies.find((c) => c.name === 'lang')?.value, 'en');

  // Signing in with such a return path: the session is handed out and the citizen lands on
  // the account page, as with `weiter=/`.
  await createAccount(db, verbundId, 'anna@example.org');
  const browser = browserFor(app);
  await browser.get('/konto/anmelden');
  const signIn = await browser.post('/konto/anmelden', {
    email: 'anna@example.org',
    password: 'Hasetal Radweg im Sommer',
    weiter: '/\u202e',
  });
  assert.equal(signIn.statusCode, 303);
  assert.equal(signIn.headers.location, '/konto');
  assert.ok(signIn.cookies.some((c) => c.name.endsWith('session') && c.value !== ''));
  const account = await browser.get('/konto');
  assert.equal(account.statusCode, 200);
  assert.equal(logs.filter((l) => l.level >= ERROR_LEVEL).length, 0);
});

test('a header value outside Latin-1 is encoded, never a 500', async (t) => {
  const app = Fastify({ logger: false });
  registerHeaderGuard(app);
  app.get('/x', (_request, reply) => reply.redirect('/\u202ex\u00e9', 303));
  app.get('/y', (_request, reply) =>
    reply.header('content-disposition', 'attachment; filename="\u202egnp.pdf"').send('ok'),
  );
  reverseTeardown(t).after(() => app.close());
  const redirected = await app.inject('/x');
  assert.equal(redirected.statusCode, 303);
  assert.equal(redirected.headers.location, '/%E2%80%AEx\u00e9');
  const download = await app.inject('/y');
  assert.equal(download.statusCode, 200);
  assert.equal(download.headers['content-disposition'], 'attachment; filename="%E2%80%AEgnp.pdf"');
});

/** Multipart bodies as a broken client sends them. */
function brokenMultiparts(csrf: string) {
  const boundary = 'rathausnetzboundary';
  const whole = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\nSchlagloch\r\n--${boundary}--\r\n`;
  return [
    ['no boundary', 'multipart/form-data', whole],
    ['a wrong boundary', 'multipart/form-data; boundary=somethingelse', whole],
    ['a truncated body', `multipart/form-data; boundary=${boundary}`, whole.slice(0, 90)],
    [
      'a broken part header',
      `multipart/form-data; boundary=${boundary}`,
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n`,
    ],
  ] as const;
}

test('malformed multipart on a form step and a Postfach reply: 400, German page, warn', async (t) => {
  const { app, db, keyring, smtp, verbundId, logs } = await setUp(t);
  const citizen = await createAccount(db, verbundId, 'anna@example.org');
  const posted = await postFromAuthority(
    db,
    keyring,
    {
      authorityId: await authorityId(db, 'meppen'),
      accountId: citizen,
      subject: 'Ihr Antrag',
      body: 'Bitte reichen Sie den Mietvertrag nach.',
    },
    { mailer: smtp.mailer, publicUrl: 'http://portal.test' },
  );
  const browser = browserFor(app);
  await browser.signIn('anna@example.org');
  const started = await browser.get(MAENGEL);
  const step = String(started.headers.location);
  assert.match(step, /^\/antraege\/entwuerfe\/[0-9a-f-]{36}\/schritt\//);
  await browser.get(step);
  const thread = `/postfach/${posted.threadId}`;
  await browser.get(thread);

  for (const url of [step, `${thread}/antwort`]) {
    for (const [what, contentType, payload] of brokenMultiparts(browser.csrf())) {
      const before = logs.length;
      const res = await app.inject({
        method: 'POST',
        url,
        cookies: Object.fromEntries(browser.jar),
        headers: { 'content-type': contentType },
        payload,
      });
      assert.equal(res.statusCode, 400, `${url} with ${what}`);
      assert.match(res.body, /<html lang="de"/);
      assert.match(res.body, /Die Anfrage ist ungültig/);
      const lines = logs.slice(before);
      assert.equal(lines.filter((l) => l.level >= ERROR_LEVEL).length, 0, `${what}: no error log`);
      assert.ok(
        lines.some((l) => l.level === WARN_LEVEL && l.msg === 'bad request'),
        what,
      );
    }
  }
  const messages = await db.selectFrom('mailbox_message').select('id').execute();
  assert.equal(messages.length, 1, 'no reply was stored');
});

test('control characters in any text input: a clear 400, never a 500', async (t) => {
  const { app, db, verbundId, logs } = await setUp(t);
  await createAccount(db, verbundId, 'anna@example.org');
  const browser = browserFor(app);
  await browser.get('/konto/anmelden');
  const signIn = await browser.post('/konto/anmelden', {
    email: 'anna\u0000@example.org',
    password: 'Hasetal Radweg im Sommer',
    weiter: '/',
  });
  assert.equal(signIn.statusCode, 400);
  assert.match(signIn.body, /Ihre Eingabe enthält Steuerzeichen/);
  assert.match(signIn.body, /Es wurde nichts gespeichert/);

  await browser.get('/konto/registrieren');
  const register = await browser.post('/konto/registrieren', {
    email: 'bernd@example.org\u001b[31m',
    password: 'Hasetal Radweg im Sommer',
    passwordRepeat: 'Hasetal Radweg im Sommer',
    consent: 'ja',
  });
  assert.equal(register.statusCode, 400);
  assert.equal(
    (await db.selectFrom('account').select('id').where('email', 'like', 'bernd%').execute()).length,
    0,
  );

  for (const url of ['/leistungen?q=Oster%00feuer', '/finden?q=%00', '/%00']) {
    const res = await app.inject(url);
    assert.equal(res.statusCode, 400, url);
    assert.match(res.body, /Ihre Eingabe enthält Steuerzeichen/, url);
  }
  const en = await app.inject({ url: '/finden?q=%00', cookies: { lang: 'en' } });
  assert.match(en.body, /Your input contains control characters/);
  assert.equal(logs.filter((l) => l.level >= ERROR_LEVEL).length, 0);
});
