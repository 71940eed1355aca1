// Test support for drafts and what follows them: the Osterfeuer answers of a club in Sögel,
// a citizen living there, starting a draft, posting a step the way a browser does (token and
// revision), and reading the draft back from the database.
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { signedInCitizen, startTestApp, type TestBrowser } from '../app/testing.ts';
import { seedCatalogDemo } from '../catalog/seed.ts';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { draftKey, openAnswers } from './sealing.ts';

export const OSTERFEUER = '99063010000000';
export const START = `/leistungen/${OSTERFEUER}/antrag`;
export const DRAFT_URL = /^\/antraege\/entwuerfe\/([0-9a-f-]{36})\/schritt\/([a-z-]+)$/;

export const organiser = {
  organiserKind: 'organisation',
  organisationName: 'Schützenverein Sögel e. V.',
  givenName: 'Hanna',
  familyName: 'Hüsing',
  'organiserAddress-street': 'Ludmillenhof',
  'organiserAddress-houseNumber': '3',
  'organiserAddress-postcode': '49751',
  'organiserAddress-place': 'Sögel',
  organiserPhone: '05952 1234',
  organiserEmail: 'hanna@example.org',
};
export const timeAndPlace = {
  'fireDate-day': '27',
  'fireDate-month': '3',
  'fireDate-year': '2027',
  startTime: '19 Uhr',
  endTime: '23:30',
  locationKind: 'address',
  'locationAddress-street': 'Am Sportplatz',
  'locationAddress-houseNumber': '3',
  'locationAddress-postcode': '49751',
  'locationAddress-place': 'Sögel',
  landOwner: 'yes',
};
export const safety = {
  distanceBuildings: '120',
  distanceRoads: '40',
  materialConfirmed: 'yes',
  fireWatchName: 'Bernd Hüsing',
  fireWatchPhone: '0170 1234567',
  extinguishing: 'water',
};
export const visitors = {
  expectedVisitors: '250',
  publicEvent: 'yes',
  eventOrganiser: 'Schützenverein Sögel e. V.',
  eventPeakVisitors: '300',
  eventFacilities: 'Zwei Toilettenwagen, Getränkestand',
  stewards: '6',
};

/**
 * The app on a seeded database with the catalogue's online services and activations;
 * `extra` sets upload limits or a virus scanner.
 */
export async function startApp(
  t: Parameters<typeof startTestApp>[0],
  extra: Parameters<typeof startTestApp>[2] = {},
  overrides: Parameters<typeof startTestApp>[3] = {},
  setup: Parameters<typeof startTestApp>[4] = {},
) {
  const started = await startTestApp(t, 'test', extra, overrides, setup);
  await seedCatalogDemo(started.database.owner, started.verbundId);
  return started;
}

export function draftOf(location: unknown): { id: string; step: string } {
  const match = DRAFT_URL.exec(String(location));
  assert.ok(match, `a step address, not ${String(location)}`);
  return { id: match[1] as string, step: match[2] as string };
}

/** Gets `url` (a service's application link), which starts a draft; its id and first step. */
export async function startDraft(browser: TestBrowser, url: string = START) {
  const started = await browser.get(url);
  assert.equal(started.statusCode, 303, `${url} starts a draft`);
  return draftOf(started.headers.location);
}

/** The id of Sögel among the municipalities the profile form offers. */
export function soegelIn(profileForm: string): string {
  const soegel = /<option value="([0-9a-f-]{36})">Sögel<\/option>/.exec(profileForm)?.[1];
  assert.ok(soegel, 'municipalities of the Verbund are offered');
  return soegel;
}

/** Hanna Hüsing's profile as the profile form posts it, living in `municipalityId`. */
export function hannasProfile(municipalityId: string) {
  return {
    givenName: 'Hanna',
    familyName: 'Hüsing',
    birthDay: '27',
    birthMonth: '3',
    birthYear: '1985',
    street: 'Ludmillenhof',
    houseNumber: '3',
    postcode: '49751',
    municipalityId,
    phone: '05952 1234',
    language: 'de',
  };
}

/** A signed-in citizen living in Sögel (Samtgemeinde Sögel offers the Osterfeuer online). */
export async function citizenInSoegel(
  app: Awaited<ReturnType<typeof startApp>>['app'],
  smtp: Awaited<ReturnType<typeof startApp>>['smtp'],
  email: string,
): Promise<TestBrowser> {
  const browser = await signedInCitizen(app, smtp, email);
  const form = await browser.get('/konto/profil');
  const saved = await browser.post('/konto/profil', hannasProfile(soegelIn(form.body)));
  assert.equal(saved.statusCode, 303);
  return browser;
}

export const stepUrl = (id: string, step: string) => `/antraege/entwuerfe/${id}/schritt/${step}`;

/** The draft revision a step page carries, to post back as `_revision`. */
export function revisionOf(stepPage: string): string {
  const revision = /name="_revision" value="([0-9]+)"/.exec(stepPage)?.[1];
  assert.ok(revision, 'the step page carries the revision');
  return revision;
}

/** Loads a step (for its CSRF token and revision) and posts it with that revision. */
export async function postStep(
  browser: TestBrowser,
  id: string,
  step: string,
  form: Record<string, string>,
) {
  const page = await browser.get(stepUrl(id, step));
  assert.equal(page.statusCode, 200, `step ${step} shows`);
  return browser.post(stepUrl(id, step), { ...form, _revision: revisionOf(page.body) });
}

/**
 * The draft as the database holds it, opened with the app's keys: its answers are sealed (the
 * plain column is empty, ADR 0012) and open to what the citizen entered.
 */
export async function storedDraft(db: Kysely<DB>, keyring: Keyring, id: string) {
  const row = await db
    .selectFrom('draft')
    .select(['id', 'answers', 'sealed_answers', 'key_id', 'wrapped_key', 'revision'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(row.answers, null, 'no answer is stored in plain text');
  const answers = openAnswers(draftKey(keyring, row), row) as Record<string, unknown>;
  return { answers, revision: row.revision };
}

/** What may differ between Osterfeuer drafts: where it starts and the organiser's step. */
export type OsterfeuerOptions = { start?: string; organiser?: Record<string, string> };

/** Fills every step of an Osterfeuer draft, sends it, and returns the application's id. */
export async function sendOsterfeuer(
  browser: TestBrowser,
  options: OsterfeuerOptions = {},
): Promise<string> {
  const draftId = await completeOsterfeuer(browser, options);
  await browser.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  const sent = await browser.post(`/antraege/entwuerfe/${draftId}/pruefen`, {
    _declaration: 'yes',
  });
  const id = /^\/antraege\/([0-9a-f-]{36})\?gesendet=1$/.exec(String(sent.headers.location))?.[1];
  assert.ok(id, `sent, not ${String(sent.headers.location)}`);
  return id;
}

/** Fills every step of an Osterfeuer draft (public event branch) up to the check page. */
export async function completeOsterfeuer(
  browser: TestBrowser,
  options: OsterfeuerOptions = {},
): Promise<string> {
  const { id } = await startDraft(browser, options.start);
  for (const [step, form] of [
    ['veranstalter', options.organiser ?? organiser],
    ['zeit-und-ort', timeAndPlace],
    ['sicherheit', safety],
    ['besucher', visitors],
  ] as const) {
    const posted = await postStep(browser, id, step, form);
    assert.equal(posted.statusCode, 303, `step ${step} saved`);
  }
  return id;
}
