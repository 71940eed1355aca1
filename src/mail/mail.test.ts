import assert from 'node:assert/strict';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { type TestContext, test } from 'node:test';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { contextPlugin } from '../web/context.ts';
import { registerErrorHandling } from '../web/errors.ts';
import { createDevOutbox } from './dev-outbox.ts';
import { createMailer, MailDeliveryError, type Mailer } from './mailer.ts';
import { devMailRoutes } from './routes.ts';
import { parseMail, startSmtp, TEST_FROM } from './testing.ts';
import { linkify } from './views.ts';

const FROM = TEST_FROM;
const GERMAN = {
  to: 'erika.mustermann@example.de',
  subject: 'Bestätigen Sie Ihre E-Mail-Adresse für das Bürgerkonto',
  text: [
    'Guten Tag,',
    '',
    'bitte bestätigen Sie Ihre E-Mail-Adresse für das Bürgerkonto im Portalverbund Emsland:',
    'https://portal.emsland.example/konto/bestaetigen?token=Zx9_ab-12',
    '',
    'Grüße aus Sögel – Ihre Kreisverwaltung (Öffnungszeiten: Mo–Fr)',
  ].join('\n'),
};

// --- SMTP ---

test('a mail reaches a real SMTP server with sender, recipient, German text and headers intact', async (t) => {
  const { mailer, received } = await startSmtp(t);
  assert.equal(mailer.outbox, undefined);
  await mailer.send(GERMAN);

  assert.equal(received.length, 1);
  const [mail] = received;
  assert.ok(mail);
  assert.equal(mail.mailFrom, 'noreply@portal.emsland.example');
  assert.deepEqual(mail.rcptTo, [GERMAN.to]);

  const parsed = parseMail(mail.raw);
  assert.match(
    parsed.header('From') ?? '',
    /^"?Portalverbund Emsland"? <noreply@portal\.emsland\.example>$/,
  );
  assert.equal(parsed.header('To'), GERMAN.to);
  assert.equal(parsed.decoded('Subject'), GERMAN.subject);
  assert.equal(parsed.body, GERMAN.text);
  assert.equal(parsed.header('Auto-Submitted'), 'auto-generated');
  assert.equal(parsed.header('X-Auto-Response-Suppress'), 'All');
  assert.match(parsed.header('Content-Type') ?? '', /^text\/plain; charset=utf-8$/i);
  assert.equal(parsed.header('Content-Transfer-Encoding'), 'quoted-printable');
  assert.match(parsed.header('Message-ID') ?? '', /^<[0-9a-f-]{36}@portal\.emsland\.example>$/);
  const date = Date.parse(parsed.header('Date') ?? '');
  assert.ok(Math.abs(Date.now() - date) < 60_000, 'Date header is now');
  // Plain text only: no HTML part, no multipart wrapper.
  assert.doesNotMatch(mail.raw.toString('latin1'), /text\/html|multipart/i);

  // The pool reuses its connection for the next mail, each with its own Message-ID.
  await mailer.send({ ...GERMAN, subject: 'Zweite Nachricht' });
  const second = parseMail(received[1]?.raw ?? Buffer.alloc(0));
  assert.equal(second.decoded('Subject'), 'Zweite Nachricht');
  assert.notEqual(second.header('Message-ID'), parsed.header('Message-ID'));
});

test('a line break in the subject cannot add a header or a recipient', async (t) => {
  const { mailer, received } = await startSmtp(t);
  await mailer.send({ ...GERMAN, subject: 'Hallo\r\nBcc: mallory@example.com' });
  const [mail] = received;
  assert.ok(mail);
  assert.deepEqual(mail.rcptTo, [GERMAN.to]);
  const parsed = parseMail(mail.raw);
  assert.equal(parsed.header('Bcc'), undefined);
  assert.ok(!parsed.headerNames.includes('bcc'));
});

test('anything but one plain recipient address is refused before it reaches the server', async (t) => {
  const { mailer, received } = await startSmtp(t);
  for (const to of [
    'a@example.de, b@example.de',
    'Erika <a@example.de>',
    'a@example.de\r\nBcc: b@example.de',
    'kein-at-zeichen',
    '',
  ]) {
    await assert.rejects(
      mailer.send({ ...GERMAN, to }),
      (error: unknown) =>
        error instanceof MailDeliveryError &&
        error.permanent &&
        !error.message.includes('example.de'),
      JSON.stringify(to),
    );
  }
  assert.equal(received.length, 0);
});

test('a rejected recipient fails with MailDeliveryError that names neither address nor content', async (t) => {
  const { mailer, received } = await startSmtp(t, {
    onRcptTo(address, _session, callback) {
      if (address.address === 'max@example.org') return callback();
      // Real servers echo the address in their reply; it must not end up in our error.
      const error = Object.assign(new Error(`5.1.1 <${address.address}>: user unknown`), {
        responseCode: 550,
      });
      callback(error);
    },
  });
  const error = await mailer.send(GERMAN).then(
    () => assert.fail('send should reject'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof MailDeliveryError);
  assert.equal(error.responseCode, 550);
  assert.equal(error.smtpCode, 'EENVELOPE');
  assert.equal(error.permanent, true);
  assert.match(error.message, /550/);
  const everything = `${error.message} ${error.stack} ${JSON.stringify(error)}`;
  for (const secret of ['erika', 'mustermann', 'example.de', 'Bestätigen', 'token', 'Guten Tag']) {
    assert.ok(!everything.includes(secret), `error must not contain ${secret}`);
  }
  assert.equal(error.cause, undefined);
  assert.equal(received.length, 0);

  // The pooled connection recovers: the next mail goes through.
  await mailer.send({ ...GERMAN, to: 'max@example.org' });
  assert.deepEqual(
    received.map((r) => r.rcptTo),
    [['max@example.org']],
  );
});

test('credentials in the SMTP URL never show up in a delivery error', async (t) => {
  const { port } = await freePort();
  const mailer = createMailer({
    smtpUrl: `smtp://relay-user:s3cr3t-pass@127.0.0.1:${port}`,
    from: FROM,
    env: 'test',
  });
  t.after(() => mailer.close());
  const error = await mailer.send(GERMAN).then(
    () => assert.fail('send should reject'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof MailDeliveryError);
  assert.ok(!`${error.message} ${error.stack}`.includes('s3cr3t'));
  assert.ok(!`${error.message} ${error.stack}`.includes('relay-user'));
});

test('an unreachable SMTP server fails within a few seconds', async (t) => {
  const { port } = await freePort();
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, env: 'test' });
  t.after(() => mailer.close());
  const started = Date.now();
  await assert.rejects(mailer.send(GERMAN), (error: unknown) => {
    assert.ok(error instanceof MailDeliveryError);
    assert.equal(error.responseCode, undefined);
    assert.equal(error.permanent, false, 'a connection failure is worth a retry');
    return true;
  });
  assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
});

test('a server that accepts the connection but never greets times out within a few seconds', async (t) => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => silent.close(() => resolve()));
  });
  const { port } = silent.address() as AddressInfo;
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, env: 'test' });
  t.after(() => mailer.close());
  const started = Date.now();
  await assert.rejects(mailer.send(GERMAN), MailDeliveryError);
  const took = Date.now() - started;
  assert.ok(took < 8_000, `took ${took} ms`);
});

function freePort(): Promise<AddressInfo> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as AddressInfo;
      server.close(() => resolve(address));
    }),
  );
}

// --- configuration ---

test('production without SMTP_URL is refused; development and test get the dev outbox', () => {
  assert.throws(
    () => createMailer({ smtpUrl: undefined, from: FROM, env: 'production' }),
    /SMTP_URL is required in production/,
  );
  for (const env of ['development', 'test'] as const) {
    assert.ok(createMailer({ smtpUrl: undefined, from: FROM, env }).outbox);
  }
});

test('a malformed sender or SMTP URL is refused at start, without echoing the URL', () => {
  assert.throws(() => createMailer({ smtpUrl: undefined, from: 'noreply', env: 'test' }), /sender/);
  assert.throws(
    () => createMailer({ smtpUrl: undefined, from: 'a@x.de, b@x.de', env: 'test' }),
    /sender/,
  );
  assert.throws(
    () => createMailer({ smtpUrl: 'http://user:pw@mail.example', from: FROM, env: 'test' }),
    (error: unknown) => error instanceof Error && !error.message.includes('pw@'),
  );
});

// --- dev outbox ---

test('the dev outbox keeps the newest 100 mails, newest first, and finds the latest per address', async () => {
  const mailer: Mailer = createMailer({ smtpUrl: undefined, from: FROM, env: 'test' });
  const outbox = mailer.outbox;
  assert.ok(outbox);
  await mailer.send(GERMAN);
  const [first] = outbox.list();
  assert.ok(first);
  assert.equal(first.to, GERMAN.to);
  assert.equal(first.subject, GERMAN.subject);
  assert.equal(first.text, GERMAN.text);
  assert.equal(first.from, FROM);
  assert.match(first.messageId, /@portal\.emsland\.example>$/);
  assert.ok(first.at instanceof Date);

  for (let i = 1; i <= 120; i++) {
    await mailer.send({ to: `person${i % 3}@example.de`, subject: `Nr. ${i}`, text: `${i}` });
  }
  const list = outbox.list();
  assert.equal(list.length, 100);
  assert.equal(list[0]?.subject, 'Nr. 120');
  assert.equal(list[99]?.subject, 'Nr. 21');
  assert.equal(outbox.latestTo('PERSON1@example.de ')?.subject, 'Nr. 118');
  assert.equal(outbox.latestTo(GERMAN.to), undefined, 'the oldest mail fell out');
  // list() hands out a copy: callers cannot reorder or drop the store's mails.
  list.length = 0;
  assert.equal(outbox.list().length, 100);

  await assert.rejects(mailer.send({ ...GERMAN, to: 'x@y.de, z@y.de' }), MailDeliveryError);
  outbox.clear();
  assert.deepEqual(outbox.list(), []);
  assert.equal(outbox.latestTo('person1@example.de'), undefined);
});

test('the dev outbox can be built on its own with a smaller capacity', () => {
  const outbox = createDevOutbox(2);
  for (const n of [1, 2, 3]) {
    outbox.add({
      at: new Date(),
      messageId: `<${n}@x>`,
      from: FROM,
      to: 'a@b.de',
      subject: `${n}`,
      text: '',
    });
  }
  assert.deepEqual(
    outbox.list().map((m) => m.subject),
    ['3', '2'],
  );
});

// --- /dev/mail pages ---

async function startPages(t: TestContext) {
  const mailer = createMailer({ smtpUrl: undefined, from: FROM, env: 'test' });
  const outbox = mailer.outbox;
  assert.ok(outbox);
  const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
  const verbundName = async () => 'Portalverbund Emsland';
  await app.register(cookie);
  await app.register(contextPlugin);
  await app.register(rateLimit, { global: false });
  registerErrorHandling(app, verbundName);
  await app.register(devMailRoutes, { outbox, verbundName });
  t.after(() => app.close());
  return { app, mailer, outbox };
}

test('/dev/mail lists the mails, newest first, each linking to its page', async (t) => {
  const { app, mailer } = await startPages(t);
  const empty = await app.inject('/dev/mail');
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /Bisher wurde keine E-Mail versendet/);
  assert.match(empty.body, /Entwicklungsseite/);

  await mailer.send({ to: 'max@example.de', subject: 'Älter', text: 'eins' });
  await mailer.send(GERMAN);
  const res = await app.inject('/dev/mail');
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /text\/html; charset=utf-8/);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.match(res.headers['x-robots-tag'] as string, /noindex/);
  assert.match(res.body, /<title>Versendete E-Mails – Portalverbund Emsland<\/title>/);
  assert.match(res.body, /kern-alert--warning/);
  const links = [...res.body.matchAll(/href="(\/dev\/mail\/\d+)">([^<]*)</g)].map((m) => [
    m[1],
    m[2],
  ]);
  assert.deepEqual(links, [
    ['/dev/mail/0', GERMAN.subject],
    ['/dev/mail/1', 'Älter'],
  ]);
  assert.ok(res.body.indexOf(GERMAN.to) < res.body.indexOf('max@example.de'));
  assert.match(res.body, /<time datetime="\d{4}-\d\d-\d\dT/);

  const english = await app.inject({ url: '/dev/mail', cookies: { lang: 'en' } });
  assert.match(english.body, /<h1 class="kern-heading-large">Sent e-mails<\/h1>/);
  assert.match(english.body, /Development page/);
});

test('a mail page shows the escaped plain text with only its http(s) URLs as links', async (t) => {
  const { app, mailer } = await startPages(t);
  await mailer.send({
    to: 'erika@example.de',
    subject: '<b>Betreff</b> & mehr',
    text: [
      'Bestätigen: https://portal.example/konto/bestaetigen?token=a1&lang=de.',
      '<script>alert(1)</script>',
      'javascript:alert(2) und ftp://files.example/x',
      '"https://evil.example/"onmouseover="x" (siehe https://de.wikipedia.org/wiki/Sögel_(Ort))',
    ].join('\n'),
  });
  const res = await app.inject('/dev/mail/0');
  assert.equal(res.statusCode, 200);
  assert.match(
    res.body,
    /<h1 class="kern-heading-large">&lt;b&gt;Betreff&lt;\/b&gt; &amp; mehr<\/h1>/,
  );
  assert.match(res.body, /<pre class="mail-text" tabindex="0">Bestätigen: /);
  assert.match(
    res.body,
    /<a class="kern-link" href="https:\/\/portal\.example\/konto\/bestaetigen\?token=a1&amp;lang=de">https:\/\/portal\.example\/konto\/bestaetigen\?token=a1&amp;lang=de<\/a>\./,
  );
  assert.match(res.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.doesNotMatch(res.body, /<script/);
  assert.doesNotMatch(res.body, /href="javascript|href="ftp/);
  assert.match(res.body, /href="https:\/\/evil\.example\/"/);
  assert.doesNotMatch(res.body, /"onmouseover/);
  assert.match(res.body, /href="https:\/\/de\.wikipedia\.org\/wiki\/Sögel_\(Ort\)">/);
  assert.match(res.body, /erika@example\.de/);
  assert.match(res.body, /href="\/dev\/mail">Zurück zu allen E-Mails/);
});

test('linkify escapes everything and links only http(s) URLs', () => {
  assert.equal(linkify('a < b & c').value, 'a &lt; b &amp; c');
  assert.equal(
    linkify('Siehe https://x.example/a?b=1&c=2, bitte.').value,
    'Siehe <a class="kern-link" href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2</a>, bitte.',
  );
  assert.equal(linkify('http:// leer').value, 'http:// leer');
  assert.match(linkify('HTTPS://X.EXAMPLE').value, /href="HTTPS:\/\/X\.EXAMPLE"/);
  // A quote ends the URL and is escaped as text, so it can never close the attribute.
  assert.equal(
    linkify("https://x.example/'onclick='y").value,
    '<a class="kern-link" href="https://x.example/">https://x.example/</a>&#39;onclick=&#39;y',
  );
});

test('an unknown or malformed mail index gets the ordinary error pages', async (t) => {
  const { app, mailer } = await startPages(t);
  await mailer.send(GERMAN);
  assert.equal((await app.inject('/dev/mail/1')).statusCode, 404);
  assert.equal((await app.inject('/dev/mail/abc')).statusCode, 400);
  assert.equal((await app.inject('/dev/mail/-1')).statusCode, 400);
});

test('under NODE_ENV=production the pages do not exist, even if registered', async (t) => {
  const { app, mailer } = await startPages(t);
  await mailer.send(GERMAN);
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    for (const url of ['/dev/mail', '/dev/mail/0']) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(res.body, /erika|Bestätigen Sie/);
      assert.match(res.body, /Seite nicht gefunden/);
    }
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
  assert.equal((await app.inject('/dev/mail')).statusCode, 200);
});
