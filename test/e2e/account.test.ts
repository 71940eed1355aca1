// A citizen's Bürgerkonto, end to end in Chromium: register, confirm by the mailed link, sign
// in, turn on two-factor sign-in (codes computed here, as an authenticator app would), sign out
// and in again with the second factor, keep personal details, read and answer a message in the
// Postfach, download the data, delete the account. Once with JavaScript and once without;
// every page is checked with axe.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { postFromAuthority } from '../../src/mailbox/service.ts';
import { authorityId, SAMPLE } from '../../src/mailbox/testing.ts';
import { expectAccessible, problems, type Site, startSite } from './browser.ts';

const PASSWORD = 'Moorlandschaft am Hümmling';

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

/** Opens a link from a mail on the test server (mails carry the public address). */
async function openMailedLink(page: Page, body: string, path: string) {
  const match = new RegExp(`https?://[^/\\s]+(${path}\\?token=[\\w-]+)`).exec(body);
  assert.ok(match, `the mail has a ${path} link`);
  await page.goto(match[1] as string);
}

const STEP_MS = 30_000;

/**
 * The code an authenticator app shows now for `secret`, and its 30-second step. With `after`,
 * waits until a later step has begun: the server takes each step only once. The server allows
 * one step of drift, so a code that crosses into the next step on its way still counts.
 */
async function totpCode(secret: string, after = -Infinity) {
  for (;;) {
    const now = Date.now();
    const step = Math.floor(now / STEP_MS);
    if (step > after) {
      return { code: TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now }), step };
    }
    await sleep(STEP_MS - (now % STEP_MS) + 50);
  }
}

/** Six digits that are not `right`; that they fit a neighbouring step is a 2-in-a-million chance. */
const wrongCode = (right: string) => (right === '000000' ? '111111' : '000000');

/** Clicks a form's button and waits for the page the server answers with. */
async function submit(page: Page, button: string) {
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await page.getByRole('button', { name: button, exact: true }).click();
  await navigated;
  await page.waitForLoadState('load');
}

test('a citizen manages a Bürgerkonto, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  for (const javaScriptEnabled of [true, false]) {
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const page = await site.newPage({ javaScriptEnabled });
      // The second sign-in: with JavaScript by a fresh TOTP code, without by a recovery code.
      await journey(t, site, page, {
        email: `buerger-${javaScriptEnabled ? 'js' : 'nojs'}@example.org`,
        secondFactor: javaScriptEnabled ? 'totp' : 'recovery',
      });
      assert.deepEqual(problems(page), [], 'no blocked requests, failed assets or script errors');
    });
  }
});

type Citizen = { email: string; secondFactor: 'totp' | 'recovery' };

async function journey(t: TestContext, site: Site, page: Page, citizen: Citizen) {
  const { email } = citizen;
  /** What the authenticator app and the printed sheet hold, once set up. */
  const totp = { secret: '', setupStep: 0, recoveryCode: '' };
  await t.test(
    'registration asks for address, password and consent, and explains mistakes',
    async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Anmelden' }).click();
      await page.getByRole('link', { name: 'Bürgerkonto anlegen' }).click();
      assert.equal(await h1(page).innerText(), 'Bürgerkonto anlegen');
      await expectAccessible(page, 'account-register');

      await page.getByLabel('E-Mail-Adresse').fill('kein-at-zeichen');
      await page.getByLabel('Passwort', { exact: true }).fill('kurz');
      await submit(page, 'Konto anlegen');
      const summary = page.getByRole('alert');
      assert.match(await summary.innerText(), /Geben Sie eine E-Mail-Adresse im Format/);
      assert.match(await summary.innerText(), /mindestens 12 Zeichen/);
      await expectAccessible(page, 'account-register-errors');

      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Passwort wiederholen').fill(PASSWORD);
      await page.getByLabel(/Datenschutzerklärung gelesen/).check();
      await submit(page, 'Konto anlegen');
      assert.equal(await h1(page).innerText(), 'Prüfen Sie Ihr E-Mail-Postfach');
      await expectAccessible(page, 'account-register-sent');
    },
  );

  await t.test('the mailed link confirms the address', async () => {
    const mail = await site.lastMailTo(email);
    assert.equal(mail.subject, 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
    await openMailedLink(page, mail.body, '/konto/bestaetigen');
    await expectAccessible(page, 'account-confirm');
    await submit(page, 'E-Mail-Adresse bestätigen');
    assert.equal(await h1(page).innerText(), 'Ihre E-Mail-Adresse ist bestätigt');
    await expectAccessible(page, 'account-confirmed');
  });

  await t.test('signing in opens the account page with its security log', async () => {
    await page.getByRole('link', { name: 'Anmelden' }).first().click();
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill('falsches Passwort hier');
    await submit(page, 'Anmelden');
    assert.match(
      await page.getByRole('alert').innerText(),
      /Die E-Mail-Adresse oder das Passwort ist falsch/,
    );
    await expectAccessible(page, 'account-login-error');
    await page.getByLabel('Passwort').fill(PASSWORD);
    await submit(page, 'Anmelden');
    assert.equal(new URL(page.url()).pathname, '/konto');
    assert.equal(await h1(page).innerText(), 'Mein Konto');
    assert.match(await page.getByRole('main').innerText(), /Fehlgeschlagene Anmeldung/);
    await expectAccessible(page, 'account-account');
  });

  await t.test('two-factor sign-in is set up with a code from the app', async () => {
    await page.getByRole('link', { name: 'Zwei-Faktor-Anmeldung verwalten' }).click();
    assert.equal(await h1(page).innerText(), 'Zwei-Faktor-Anmeldung');
    assert.match(await page.getByRole('main').innerText(), /ist ausgeschaltet/);
    await expectAccessible(page, 'account-2fa-off');

    await submit(page, 'Zwei-Faktor-Anmeldung einrichten');
    assert.equal(new URL(page.url()).pathname, '/konto/zwei-faktor/einrichten');
    assert.equal(await h1(page).innerText(), 'Zwei-Faktor-Anmeldung einrichten');
    assert.ok(
      await page
        .getByRole('img', { name: 'QR-Code zum Einrichten der Authenticator-App' })
        .isVisible(),
    );
    // Typed in by hand, as from the page: groups of four, spaces left out.
    totp.secret = (await page.locator('code.totp-secret').innerText()).replace(/\s+/g, '');
    assert.match(totp.secret, /^[A-Z2-7]{32}$/);
    await expectAccessible(page, 'account-2fa-setup');

    const { code, step } = await totpCode(totp.secret);
    await page.getByLabel('Sicherheitscode', { exact: true }).fill(wrongCode(code));
    await submit(page, 'Einrichtung abschließen');
    assert.match(await page.getByRole('alert').innerText(), /Der Code ist falsch oder abgelaufen/);
    assert.match(await page.title(), /^Es gibt ein Problem/);
    assert.equal(
      (await page.locator('code.totp-secret').innerText()).replace(/\s+/g, ''),
      totp.secret,
      'the same secret, so the app need not be set up again',
    );
    await expectAccessible(page, 'account-2fa-setup-error');

    await page.getByLabel('Sicherheitscode', { exact: true }).fill(code);
    await submit(page, 'Einrichtung abschließen');
    totp.setupStep = step;
    assert.equal(await h1(page).innerText(), 'Ihre Wiederherstellungscodes');
    assert.match(await page.getByRole('main').innerText(), /nur jetzt und nie wieder/);
    const codes = await page.locator('code.recovery-code').allInnerTexts();
    assert.equal(codes.length, 10);
    for (const c of codes) assert.match(c, /^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{2}$/);
    totp.recoveryCode = codes[0] as string;
    await expectAccessible(page, 'account-2fa-recovery');

    await page.getByRole('link', { name: 'Ich habe die Codes sicher aufbewahrt' }).click();
    const status = await page.getByRole('main').innerText();
    assert.match(status, /ist eingeschaltet/);
    assert.match(status, /Unbenutzte Wiederherstellungscodes: 10 von 10/);
    const html = await page.content();
    assert.ok(!html.includes(totp.secret), 'the secret is not shown again');
    for (const c of codes) assert.ok(!html.includes(c), 'nor are the recovery codes');
    await expectAccessible(page, 'account-2fa-on');
  });

  await t.test('signing out, and in again with password and second factor', async () => {
    await page.getByRole('link', { name: 'Zurück zu Mein Konto' }).click();
    await submit(page, 'Abmelden');
    assert.equal(new URL(page.url()).pathname, '/');
    await page.goto('/konto');
    assert.equal(new URL(page.url()).pathname, '/konto/anmelden');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await submit(page, 'Anmelden');
    assert.equal(new URL(page.url()).pathname, '/konto/anmelden/code');
    assert.equal(await h1(page).innerText(), 'Sicherheitscode eingeben');
    await expectAccessible(page, 'account-2fa-login');

    const field = page.getByLabel('Sicherheitscode oder Wiederherstellungscode');
    await field.fill(wrongCode((await totpCode(totp.secret)).code));
    await submit(page, 'Anmelden');
    assert.equal(new URL(page.url()).pathname, '/konto/anmelden/code');
    assert.match(await page.getByRole('alert').innerText(), /Der Code ist falsch oder abgelaufen/);
    await expectAccessible(page, 'account-2fa-login-error');

    // The step used during setup is spent: a TOTP sign-in waits for the app's next code.
    const code =
      citizen.secondFactor === 'totp'
        ? (await totpCode(totp.secret, totp.setupStep)).code
        : totp.recoveryCode;
    await field.fill(code);
    await submit(page, 'Anmelden');
    assert.equal(new URL(page.url()).pathname, '/konto');
    assert.equal(await h1(page).innerText(), 'Mein Konto');
    const log = await page.getByRole('main').innerText();
    assert.match(log, /Zwei-Faktor-Anmeldung eingeschaltet/);
    assert.match(log, /Falscher Sicherheitscode/);
    if (citizen.secondFactor === 'recovery') assert.match(log, /Wiederherstellungscode benutzt/);
    else assert.doesNotMatch(log, /Wiederherstellungscode benutzt/);
    await expectAccessible(page, 'account-account-2fa');
  });

  await t.test('personal details are kept once and shown again', async () => {
    await page.getByRole('link', { name: 'Meine Daten' }).click();
    await expectAccessible(page, 'account-profile');
    await page.getByLabel('Vorname(n)').fill('Greta');
    await page.getByLabel('Familienname').fill('Kösters');
    await page.getByLabel('Tag').fill('31');
    await page.getByLabel('Monat').fill('2');
    await page.getByLabel('Jahr').fill('1990');
    await submit(page, 'Speichern');
    assert.match(await page.getByRole('alert').innerText(), /gültiges Geburtsdatum/);
    await expectAccessible(page, 'account-profile-errors');
    await page.getByLabel('Tag').fill('28');
    await page.getByLabel('Straße').fill('Am Rathaus');
    await page.getByLabel('Hausnummer').fill('5');
    await page.getByLabel('Postleitzahl').fill('49757');
    await page.getByLabel('Gemeinde').selectOption({ label: 'Werlte' });
    await submit(page, 'Speichern');
    assert.match(await page.getByRole('status').innerText(), /Ihre Daten sind gespeichert/);
    assert.equal(await page.getByLabel('Familienname').inputValue(), 'Kösters');
    await expectAccessible(page, 'account-profile-saved');
  });

  await t.test('a message from the Samtgemeinde is announced, read and answered', async () => {
    const db = site.database.owner;
    const account = await db
      .selectFrom('account')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const subject = 'Ihre Anmeldung zur Hundesteuer';
    const body =
      'Guten Tag,\n\nbitte senden Sie uns noch die Bescheinigung der Haftpflichtversicherung.\n\nMit freundlichen Grüßen\nIhre Samtgemeinde';
    const posted = await postFromAuthority(
      db,
      site.keyring,
      {
        authorityId: await authorityId(db, 'samtgemeinde-werlte'),
        accountId: account.id,
        subject,
        body,
      },
      site.notice,
    );
    assert.equal(posted.notified, true);

    // The notice says that something is waiting, and nothing of what or from whom.
    const mail = await site.lastMailTo(email);
    assert.equal(mail.subject, 'Neue Nachricht in Ihrem Postfach');
    assert.match(mail.body, /http:\/\/portal\.test\/postfach\b/);
    for (const secret of ['Hundesteuer', 'Haftpflicht', 'Werlte', 'Samtgemeinde']) {
      assert.ok(!mail.body.includes(secret), `the mail does not mention ${secret}`);
      assert.ok(!mail.subject.includes(secret), `nor does its subject`);
    }

    await page.reload();
    // Playwright puts a space around the visually hidden " ungelesen": "(1 ungelesen )".
    await page.getByRole('link', { name: /^Postfach \(1 ungelesen ?\)$/ }).click();
    assert.equal(new URL(page.url()).pathname, '/postfach');
    assert.equal(await h1(page).innerText(), 'Postfach');
    const row = page.getByRole('row').filter({ hasText: subject });
    assert.match(await row.innerText(), /Samtgemeinde Werlte/);
    assert.match(await row.innerText(), /1 ungelesen/);
    await expectAccessible(page, 'mailbox-list');

    await page.getByRole('link', { name: subject }).click();
    assert.equal(await h1(page).innerText(), subject);
    const thread = await page.getByRole('main').innerText();
    assert.match(thread, /Von: Samtgemeinde Werlte/);
    assert.match(thread, /Bescheinigung der Haftpflichtversicherung/);
    assert.match(thread, /\bNeu\b/);
    assert.equal(
      await page.getByRole('link', { name: /^Postfach/ }).innerText(),
      'Postfach',
      'read now: the counter is gone',
    );
    await expectAccessible(page, 'mailbox-thread');

    await page
      .getByLabel('Ihre Nachricht')
      .fill('Guten Tag,\n\nanbei die Bescheinigung.\n\nMit freundlichen Grüßen');
    await page.getByLabel('Anhänge (freiwillig)').setInputFiles({
      name: 'Versicherung.pdf',
      mimeType: 'application/pdf',
      buffer: SAMPLE.pdf,
    });
    await submit(page, 'Antwort senden');
    assert.equal(new URL(page.url()).searchParams.get('gesendet'), '1');
    assert.match(await page.getByRole('main').innerText(), /Ihre Antwort wurde gesendet/);
    const messages = page.locator('.mailbox-message');
    assert.equal(await messages.count(), 2);
    const answer = await messages.nth(1).innerText();
    assert.match(answer, /Von: Ihnen/);
    assert.match(answer, /anbei die Bescheinigung/);
    const download = page.getByRole('link', { name: /^Versicherung\.pdf herunterladen \(PDF, / });
    const file = await page.request.get((await download.getAttribute('href')) as string);
    assert.equal(file.headers()['content-type'], 'application/pdf');
    assert.deepEqual(await file.body(), SAMPLE.pdf);
    await expectAccessible(page, 'mailbox-replied');
  });

  await t.test('the data can be viewed, downloaded, and the account deleted', async () => {
    await page.getByRole('link', { name: 'Mein Konto' }).click();
    await page.getByRole('link', { name: 'Datenschutz und Konto löschen' }).click();
    await expectAccessible(page, 'account-privacy');
    await page.getByRole('link', { name: 'Im Browser ansehen' }).click();
    const shown = await page.getByRole('main').innerText();
    assert.match(shown, /Kösters/);
    assert.match(shown, /Ihre Anmeldung zur Hundesteuer/);
    assert.match(shown, /Bescheinigung der Haftpflichtversicherung/);
    assert.match(shown, /anbei die Bescheinigung/);
    assert.match(shown, /Versicherung\.pdf/);
    await expectAccessible(page, 'account-export');
    const json = await page.request.get('/konto/datenschutz/export.json');
    assert.equal(json.status(), 200);
    const data = await json.json();
    assert.equal(data.account.email, email);
    assert.equal(data.mailbox.length, 1);
    assert.equal(data.mailbox[0].subject, 'Ihre Anmeldung zur Hundesteuer');
    assert.deepEqual(
      data.mailbox[0].messages.map((m: { from: string }) => m.from),
      ['authority', 'citizen'],
    );
    assert.equal(data.mailbox[0].messages[1].attachments[0].fileName, 'Versicherung.pdf');

    await page.goto('/konto/datenschutz');
    await page.getByLabel('Ihr Passwort zur Bestätigung').fill(PASSWORD);
    await page.getByLabel(/Daten endgültig löschen/).check();
    await submit(page, 'Konto endgültig löschen');
    assert.equal(await h1(page).innerText(), 'Ihr Konto ist gelöscht');
    await expectAccessible(page, 'account-deleted');

    await page.goto('/konto/anmelden');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await submit(page, 'Anmelden');
    assert.match(await page.getByRole('alert').innerText(), /falsch/);
  });
}
