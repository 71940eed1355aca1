// Drafts and the form routes, on a real database (PGlite, or PostgreSQL with DATABASE_URL):
// the Osterfeuer journey through every step with its conditional branches, resuming in a
// fresh browser, two tabs editing one draft, and the bad input of the issue.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import test from 'node:test';
import { browserFor, signedInCitizen } from '../app/testing.ts';
import { NotFoundError } from '../errors.ts';
import { builtinRegistry, createDefinitionRegistry } from '../forms/registry.ts';
import { formWith, text } from '../forms/testing.ts';
import { createTenancy } from '../tenancy/service.ts';
import { createDrafts } from './service.ts';
import {
  citizenInSoegel,
  DRAFT_URL,
  draftOf,
  OSTERFEUER,
  organiser,
  postStep,
  START,
  safety,
  startApp,
  startDraft,
  storedDraft,
  timeAndPlace,
  visitors,
} from './testing.ts';

test('an Osterfeuer draft goes through every step, branches included, to ready to submit', async (t) => {
  const { app, smtp, database, keyring } = await startApp(t);
  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');

  const started = await browser.get(START);
  assert.equal(started.statusCode, 303);
  const { id, step } = draftOf(started.headers.location);
  assert.equal(step, 'veranstalter');

  // Prefilled from the profile and the account; the revision travels with the form.
  const first = await browser.get(String(started.headers.location));
  assert.equal(first.statusCode, 200);
  assert.match(first.body, /value="Hüsing"/);
  assert.match(first.body, /value="hanna@example.org"/);
  assert.match(first.body, /value="Ludmillenhof"/);
  assert.match(first.body, /name="_revision" value="1"/);
  assert.equal(first.headers['cache-control'], 'no-store');

  // The organisation branch: its name is required once "Verein" is chosen.
  const missing = await postStep(browser, id, 'veranstalter', {
    ...organiser,
    organisationName: '',
  });
  assert.equal(missing.statusCode, 422);
  assert.match(missing.body, /Es gibt ein Problem/);
  assert.match(missing.body, /href="#organisationName"/);
  assert.equal((await storedDraft(database.owner, keyring, id)).revision, 1, 'nothing saved');

  // A forged field name next to the real ones is ignored.
  const saved = await postStep(browser, id, 'veranstalter', { ...organiser, isAdmin: 'yes' });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, `/antraege/entwuerfe/${id}/schritt/zeit-und-ort`);
  const afterFirst = await storedDraft(database.owner, keyring, id);
  assert.equal(afterFirst.revision, 2);
  assert.equal(afterFirst.answers.organisationName, 'Schützenverein Sögel e. V.');
  assert.equal(afterFirst.answers.isAdmin, undefined);
  assert.equal(afterFirst.answers._revision, undefined);

  assert.equal((await postStep(browser, id, 'zeit-und-ort', timeAndPlace)).statusCode, 303);
  assert.equal((await postStep(browser, id, 'sicherheit', safety)).statusCode, 303);
  // A public event with more than 200 visitors: the event details and stewards apply.
  const last = await postStep(browser, id, 'besucher', visitors);
  assert.equal(last.statusCode, 303);
  assert.equal(last.headers.location, `/antraege/entwuerfe/${id}/pruefen`);
  const stored = await storedDraft(database.owner, keyring, id);
  assert.equal(stored.answers.stewards, 6);
  assert.equal(stored.answers.publicEvent, true);

  const check = await browser.get(`/antraege/entwuerfe/${id}/pruefen`);
  assert.equal(check.statusCode, 200);
  assert.match(check.body, /Schützenverein Sögel e. V./);
  assert.match(
    check.body,
    new RegExp(`href="/antraege/entwuerfe/${id}/schritt/besucher#stewards"`),
  );

  // Changing an answer so a branch no longer applies drops its answers.
  const back = await postStep(browser, id, 'besucher', {
    expectedVisitors: '80',
    publicEvent: 'no',
  });
  assert.equal(back.statusCode, 303);
  const pruned = await storedDraft(database.owner, keyring, id);
  assert.equal(pruned.answers.eventOrganiser, undefined);
  assert.equal(pruned.answers.stewards, undefined);
  assert.equal(pruned.answers.expectedVisitors, 80);

  // The declaration is required; with it, the draft is sent (the applications domain).
  const undeclared = await browser.post(`/antraege/entwuerfe/${id}/pruefen`, {});
  assert.equal(undeclared.statusCode, 422);
  assert.equal((await storedDraft(database.owner, keyring, id)).revision, 6, 'nothing changed');
  const declared = await browser.post(`/antraege/entwuerfe/${id}/pruefen`, {
    _declaration: 'yes',
  });
  assert.equal(declared.statusCode, 303);
  assert.match(String(declared.headers.location), /^\/antraege\/[0-9a-f-]{36}\?gesendet=1$/);
});

test('a draft resumes in a fresh browser after signing in, and is listed with its expiry', async (t) => {
  const { app, smtp } = await startApp(t);
  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const { id } = await startDraft(browser);
  assert.equal((await postStep(browser, id, 'veranstalter', organiser)).statusCode, 303);

  const other = browserFor(app);
  const step = `/antraege/entwuerfe/${id}/schritt/zeit-und-ort`;
  const anonymous = await other.get(step);
  assert.equal(anonymous.statusCode, 303);
  assert.match(String(anonymous.headers.location), /^\/konto\/anmelden\?weiter=/);
  await other.signIn('hanna@example.org');

  // Starting again resumes the same draft where it stopped.
  const resumed = await other.get(START);
  assert.equal(resumed.statusCode, 303);
  assert.equal(resumed.headers.location, step);
  const page = await other.get(step);
  assert.equal(page.statusCode, 200);
  // The completed step is linked in the progress list; its answers are there to change.
  const earlier = await other.get(`/antraege/entwuerfe/${id}/schritt/veranstalter`);
  assert.match(earlier.body, /value="Schützenverein Sögel e. V."/);

  const list = await other.get('/antraege/entwuerfe');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Meine Entwürfe/);
  assert.match(list.body, /Osterfeuer anmelden/);
  assert.match(list.body, /Wird am .* gelöscht/);
  assert.match(list.body, new RegExp(`href="/antraege/entwuerfe/${id}"`));
  const viaList = await other.get(`/antraege/entwuerfe/${id}`);
  assert.equal(viaList.headers.location, step);

  // The citizen's data export contains the draft with its answers.
  const exported = (await other.get('/konto/datenschutz/export.json')).json();
  assert.equal(exported.drafts.length, 1);
  assert.equal(exported.drafts[0].service, 'Osterfeuer anmelden');
  assert.equal(exported.drafts[0].authority, 'Samtgemeinde Sögel');
  assert.equal(exported.drafts[0].answers.organisationName, 'Schützenverein Sögel e. V.');

  // Deleting it (with CSRF) removes it from the list.
  const deleted = await other.post(`/antraege/entwuerfe/${id}/loeschen`, {});
  assert.equal(deleted.statusCode, 303);
  const after = await other.get('/antraege/entwuerfe?geloescht=1');
  assert.match(after.body, /Der Entwurf wurde gelöscht/);
  assert.doesNotMatch(after.body, new RegExp(id));
  assert.equal((await other.get(step)).statusCode, 404);
});

test('two tabs on one draft: the stale save is refused and says so, nothing is lost silently', async (t) => {
  const { app, smtp, database, keyring } = await startApp(t);
  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const { id } = await startDraft(browser);
  const url = `/antraege/entwuerfe/${id}/schritt/veranstalter`;

  // Both tabs load the step at revision 1.
  const tabA = await browser.get(url);
  const tabB = await browser.get(url);
  for (const tab of [tabA, tabB]) assert.match(tab.body, /name="_revision" value="1"/);

  const savedB = await browser.post(url, {
    ...organiser,
    organisationName: 'Heimatverein Sögel',
    _revision: '1',
  });
  assert.equal(savedB.statusCode, 303);

  const staleA = await browser.post(url, { ...organiser, _revision: '1' });
  assert.equal(staleA.statusCode, 409);
  assert.match(staleA.body, /Dieser Entwurf wurde inzwischen in einem anderen Fenster geändert/);
  assert.match(staleA.body, /value="Heimatverein Sögel"/, 'the current state is shown');
  assert.match(staleA.body, /name="_revision" value="2"/, 'with the current revision');
  const stored = await storedDraft(database.owner, keyring, id);
  assert.equal(stored.answers.organisationName, 'Heimatverein Sögel');
  assert.equal(stored.revision, 2);

  // A post without a revision is treated as stale too.
  const noRevision = await browser.post(url, organiser);
  assert.equal(noRevision.statusCode, 409);

  // Sent again from the refreshed page, it is saved.
  const again = await browser.post(url, { ...organiser, _revision: '2' });
  assert.equal(again.statusCode, 303);
  assert.equal(
    (await storedDraft(database.owner, keyring, id)).answers.organisationName,
    organiser.organisationName,
  );
});

test('bad input: others’ drafts, tampered steps, hidden fields, expired drafts, missing CSRF', async (t) => {
  const { app, smtp, database, keyring } = await startApp(t);
  const hanna = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const { id } = await startDraft(hanna);
  const url = `/antraege/entwuerfe/${id}/schritt/veranstalter`;

  // Another citizen cannot see or write Hanna's draft: row-level security, 404.
  const bernd = await citizenInSoegel(app, smtp, 'bernd@example.org');
  assert.equal((await bernd.get(url)).statusCode, 404);
  await bernd.get('/antraege/entwuerfe');
  const foreign = await bernd.post(url, { ...organiser, _revision: '1' });
  assert.equal(foreign.statusCode, 404);
  assert.equal((await bernd.get(`/antraege/entwuerfe/${id}/pruefen`)).statusCode, 404);
  assert.equal((await bernd.post(`/antraege/entwuerfe/${id}/loeschen`, {})).statusCode, 404);
  assert.doesNotMatch((await bernd.get('/antraege/entwuerfe')).body, new RegExp(id));
  assert.equal((await storedDraft(database.owner, keyring, id)).revision, 1);

  // Tampered step ids and draft ids.
  assert.equal(
    (await hanna.get(`/antraege/entwuerfe/${id}/schritt/gibt-es-nicht`)).statusCode,
    404,
  );
  assert.equal(
    (await hanna.get('/antraege/entwuerfe/not-a-uuid/schritt/veranstalter')).statusCode,
    404,
  );
  const tampered = await hanna.post(`/antraege/entwuerfe/${id}/schritt/gibt-es-nicht`, {
    _revision: '1',
  });
  assert.equal(tampered.statusCode, 404);

  // A value for a field that does not apply (person, not organisation) is discarded.
  const person = await postStep(hanna, id, 'veranstalter', {
    ...organiser,
    organiserKind: 'person',
    organisationName: 'Geheimbund',
  });
  assert.equal(person.statusCode, 303);
  const stored = await storedDraft(database.owner, keyring, id);
  assert.equal(stored.answers.organiserKind, 'person');
  assert.equal(stored.answers.organisationName, undefined);

  // Without the CSRF token: 403, nothing saved.
  await hanna.get(url);
  const noToken = await hanna.post(url, { ...organiser, _revision: '2' }, false);
  assert.equal(noToken.statusCode, 403);
  assert.equal((await storedDraft(database.owner, keyring, id)).revision, 2);

  // An expired draft is neither listed nor resumable; starting again opens a new one.
  await database.owner
    .updateTable('draft')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('id', '=', id)
    .execute();
  assert.doesNotMatch((await hanna.get('/antraege/entwuerfe')).body, new RegExp(id));
  assert.equal((await hanna.get(url)).statusCode, 404);
  assert.equal((await hanna.get(`/antraege/entwuerfe/${id}`)).statusCode, 404);
  const fresh = await startDraft(hanna);
  assert.notEqual(fresh.id, id);
  assert.equal(fresh.step, 'veranstalter');

  // Unknown services and services without a form: 404.
  assert.equal((await hanna.get('/leistungen/99999999999999/antrag')).statusCode, 404);
  assert.equal((await hanna.get('/leistungen/abc/antrag')).statusCode, 404);
});

test('a citizen whose authority does not offer the service is sent to the service page', async (t) => {
  const { app, smtp } = await startApp(t);
  const browser = await signedInCitizen(app, smtp, 'jan@example.org');
  // No place known: the service page asks for it.
  const unknown = await browser.get(START);
  assert.equal(unknown.statusCode, 303);
  assert.equal(unknown.headers.location, `/leistungen/${OSTERFEUER}`);
  // Meppen does not offer the Osterfeuer online in the demo.
  const meppen = await browser.get(`${START}?gemeinde=03454035`);
  assert.equal(meppen.headers.location, `/leistungen/${OSTERFEUER}?gemeinde=03454035`);
  // Sögel (chosen on the page) does.
  const soegel = await browser.get(`${START}?gemeinde=03454047`);
  assert.match(String(soegel.headers.location), DRAFT_URL);
});

test('anonymous services keep the draft under a random cookie key, invisible to others', async (t) => {
  const { database, keyring } = await startApp(t);
  const db = database.owner;
  const definitions = createDefinitionRegistry();
  const form = definitions.publish(
    formWith([
      {
        id: 'ort',
        fields: [{ type: 'text', id: 'where', label: text('Wo?'), required: true }],
      },
    ]),
  );
  // Mängel melden (anonymous allowed) filled in with the test form.
  await db
    .updateTable('online_service')
    .set({ form_id: form.id })
    .where('key', '=', 'maengel-melden')
    .execute();
  const drafts = createDrafts({ db, tenancy: createTenancy(db), keyring, definitions });
  const key = randomBytes(32).toString('base64url');
  const started = await drafts.start('99089014014000', { anonymousKey: key }, { ags: '03454035' });
  assert.equal(started.kind, 'draft');
  if (started.kind !== 'draft') return;
  const draftId = started.draft.id;

  const saved = await drafts.saveStep(
    { anonymousKey: key },
    draftId,
    'ort',
    { where: 'Schlagloch Kirchstraße' },
    1,
    'de',
  );
  assert.equal(saved.kind, 'saved');
  assert.equal(
    (await drafts.load({ anonymousKey: key }, draftId)).answers.where,
    'Schlagloch Kirchstraße',
  );

  // Another browser's key, or a key of the wrong shape, finds nothing.
  const other = randomBytes(32).toString('base64url');
  await assert.rejects(drafts.load({ anonymousKey: other }, draftId), NotFoundError);
  await assert.rejects(drafts.load({ anonymousKey: 'short' }, draftId), NotFoundError);
  const row = await db
    .selectFrom('draft')
    .select(['account_id', 'anonymous_key_hash'])
    .where('id', '=', draftId)
    .executeTakeFirstOrThrow();
  assert.equal(row.account_id, null);
  assert.notEqual(row.anonymous_key_hash, key, 'only the hash is stored');
  assert.deepEqual(await drafts.list({ anonymousKey: other }), []);

  // Expired drafts are removed by the worker's clean-up.
  await db
    .updateTable('draft')
    .set({ expires_at: new Date(0) })
    .execute();
  assert.equal(await drafts.purgeExpired(), 1);
});

test('an anonymous browser fills in Mängel melden without an account, by its cookie only', async (t) => {
  const { app, database, keyring } = await startApp(t);
  // The routes use the shipped definitions; this process adds a small test form to them.
  const form = builtinRegistry().publish(
    formWith([
      {
        id: 'ort',
        fields: [{ type: 'text', id: 'where', label: text('Wo?'), required: true }],
      },
    ]),
  );
  await database.owner
    .updateTable('online_service')
    .set({ form_id: form.id })
    .where('key', '=', 'maengel-melden')
    .execute();

  const browser = browserFor(app);
  const started = await browser.get('/leistungen/99089014014000/antrag?gemeinde=03454035');
  assert.equal(started.statusCode, 303);
  const cookie = started.cookies.find((c) => c.name === 'draft');
  assert.ok(cookie?.httpOnly, 'the draft key is an HttpOnly cookie');
  assert.equal(cookie.sameSite, 'Lax');
  const { id, step } = draftOf(started.headers.location);
  const saved = await postStep(browser, id, step, { where: 'Schlagloch Kirchstraße' });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, `/antraege/entwuerfe/${id}/pruefen`);
  assert.equal(
    (await storedDraft(database.owner, keyring, id)).answers.where,
    'Schlagloch Kirchstraße',
  );
  // The same browser resumes it; another browser, or a tampered cookie, does not see it.
  assert.equal(
    (await browser.get('/leistungen/99089014014000/antrag')).headers.location,
    `/antraege/entwuerfe/${id}/pruefen`,
  );
  const stranger = browserFor(app);
  const denied = await stranger.get(`/antraege/entwuerfe/${id}/pruefen`);
  assert.equal(denied.statusCode, 303, 'sent to sign in, the draft stays hidden');
  stranger.jar.set('draft', randomBytes(32).toString('base64url'));
  const tampered = await stranger.get(`/antraege/entwuerfe/${id}/pruefen`);
  assert.equal(tampered.statusCode, 303);
  assert.match(String(tampered.headers.location), /^\/konto\/anmelden/);
});
