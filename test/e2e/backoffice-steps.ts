// Steps the back-office journeys share: a citizen of Börger registered and sending an
// Osterfeuer (posted as the browser would; the citizen's side has journeys of its own), and a
// clerk's clicks, button lookups and TOTP codes.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Secret, TOTP } from 'otpauth';
import type { APIRequestContext, Locator, Page } from 'playwright-core';
import { createProfiles } from '../../src/accounts/profile/service.ts';
import { testKeyring } from '../../src/app/testing.ts';
import { createStaffAccounts } from '../../src/backoffice/staff.ts';
import { organiser, safety, timeAndPlace, visitors } from '../../src/drafts/testing.ts';
import { createTenancy } from '../../src/tenancy/service.ts';
import { registerPasswordAccount, type Site } from './browser.ts';

export const PASSWORD = 'Aktenberg am Hümmling';

export async function go(page: Page, target: Locator) {
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await target.click();
  await navigated;
  await page.waitForLoadState('load');
}

export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** A code from the start of a step, so it is still valid when the server checks it. */
export async function totpCode(secret: string): Promise<string> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 2000) await sleep(left + 50);
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() });
}

/** A confirmed citizen in Börger (Samtgemeinde Sögel), through the accounts domain. */
export async function registerCitizen(site: Site, email: string) {
  // As the owner: the account tables are under RLS (ADR 0021) and this seeds, as forms.test does.
  const db = site.database.owner;
  const verbund = await db.selectFrom('verbund').select(['id', 'name']).executeTakeFirstOrThrow();
  const id = await registerPasswordAccount(site, email, PASSWORD);
  const municipalities = await db.selectFrom('municipality').select(['id', 'name']).execute();
  const boerger = municipalities.find((m) => m.name === 'Börger');
  assert.ok(boerger);
  await createProfiles({ db, verbund: async () => verbund }).update(
    id,
    {
      givenName: 'Gesa',
      familyName: 'Többen',
      birthDay: '12',
      birthMonth: '4',
      birthYear: '1979',
      street: 'Hauptstraße',
      houseNumber: '12',
      postcode: '26904',
      municipalityId: boerger.id,
      phone: '05953 4711',
      language: 'de',
    },
    new Set(municipalities.map((m) => m.id)),
  );
}

/** The citizen's side is not under test here: forms are posted as the browser would post them. */
export async function formPost(
  request: APIRequestContext,
  path: string,
  form: Record<string, string>,
) {
  const page = await request.get(path);
  const body = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
  const revision = /name="_revision" value="([0-9]+)"/.exec(body)?.[1];
  return request.post(path, {
    form: { ...form, _csrf: csrf, ...(revision ? { _revision: revision } : {}) },
    maxRedirects: 0,
  });
}

export async function sendOsterfeuer(
  site: Site,
  email: string,
  javaScriptEnabled = true,
): Promise<{ request: APIRequestContext; id: string; page: Page }> {
  await registerCitizen(site, email);
  const page = await site.newPage({ javaScriptEnabled });
  const request = page.context().request;
  const signedIn = await formPost(request, '/konto/anmelden', {
    email,
    password: PASSWORD,
    weiter: '/',
  });
  assert.equal(signedIn.status(), 303);
  const started = await request.get('/leistungen/99063010000000/antrag', { maxRedirects: 0 });
  const draft = /\/antraege\/entwuerfe\/([0-9a-f-]{36})\//.exec(
    started.headers().location ?? '',
  )?.[1];
  assert.ok(draft, 'a draft was started');
  for (const [step, form] of [
    ['veranstalter', organiser],
    ['zeit-und-ort', timeAndPlace],
    ['sicherheit', safety],
    ['besucher', visitors],
  ] as const) {
    const posted = await formPost(request, `/antraege/entwuerfe/${draft}/schritt/${step}`, form);
    assert.equal(posted.status(), 303, step);
  }
  const sent = await formPost(request, `/antraege/entwuerfe/${draft}/pruefen`, {
    _declaration: 'yes',
  });
  const id = /^\/antraege\/([0-9a-f-]{36})\?gesendet=1$/.exec(sent.headers().location ?? '')?.[1];
  assert.ok(id, 'sent');
  return { request, id, page };
}

/** The site's staff accounts, as `cli staff:invite` uses them: invitations return their link. */
export function staffAccountsOf(site: Site) {
  return createStaffAccounts({
    db: site.database.db,
    tenancy: createTenancy(site.database.db),
    keyring: testKeyring(),
    publicUrl: site.notice.publicUrl,
  });
}

/** Accepts an invitation, signs in and sets up the mandatory TOTP: ready at the inbox. */
export async function staffSignsIn(
  page: Page,
  link: string,
  email: string,
  /** Where the role starts: auditors have no inbox and land on the Prüfprotokoll. */
  landing = '/verwaltung',
): Promise<void> {
  await page.goto(new URL(link).pathname);
  await page.getByLabel('Neues Passwort', { exact: true }).fill(PASSWORD);
  await go(page, button(page, 'Passwort festlegen'));
  await page.goto('/verwaltung/anmelden');
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
  await go(page, button(page, 'Weiter'));
  const secret = (await page.locator('#totp-secret').textContent())?.replace(/\s+/g, '') ?? '';
  await page.getByLabel('Sicherheitscode', { exact: true }).fill(await totpCode(secret));
  await go(page, button(page, 'Anmelden'));
  assert.equal(new URL(page.url()).pathname, landing, 'signed in with TOTP');
}

/** A new admin of Samtgemeinde Sögel, invited and signed in on `page` as `Admin <label>`. */
export async function soegelAdminSignsIn(
  staff: ReturnType<typeof staffAccountsOf>,
  page: Page,
  email: string,
  label: string,
): Promise<void> {
  const { link } = await staff.invite({
    authoritySlug: 'samtgemeinde-soegel',
    role: 'authority_admin',
    email,
    displayName: `Admin ${label}`,
  });
  await staffSignsIn(page, link, email);
}
