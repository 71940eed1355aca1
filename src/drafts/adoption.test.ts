// Anonymous drafts taken over by the account: a citizen who starts Mängel melden without an
// account and then registers or signs in in the same browser finds the draft under "Meine
// Entwürfe" and goes on where it stopped. Real app, real SMTP, PGlite or PostgreSQL.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import test from 'node:test';
import { sql } from 'kysely';
import {
  browserFor,
  linkIn,
  signedInCitizen,
  TEST_PASSWORD,
  type TestBrowser,
} from '../app/testing.ts';
import { createTenancy } from '../tenancy/service.ts';
import { createDrafts } from './service.ts';
import { postStep, startApp, startDraft } from './testing.ts';

const MAENGEL = '99089014014000';
/** Meppen offers Mängel melden online in the demo. */
const START = `/leistungen/${MAENGEL}/antrag?gemeinde=03454035`;
const DESCRIPTION = 'Straßenlaterne vor Kirchstraße 5 ist seit einer Woche dunkel.';

/** Starts Mängel melden without an account and completes its first step; the draft id. */
async function anonymousDraft(browser: TestBrowser): Promise<string> {
  const { id, step } = await startDraft(browser, START);
  assert.ok(browser.jar.has('draft'), 'the browser got an anonymous draft cookie');
  assert.equal(step, 'mangel');
  const saved = await postStep(browser, id, 'mangel', {
    category: 'streetlight',
    description: DESCRIPTION,
  });
  assert.equal(saved.statusCode, 303, 'the first step is saved');
  assert.equal(saved.headers.location, `/antraege/entwuerfe/${id}/schritt/ort`);
  return id;
}

test('registering in the same browser takes the anonymous draft into the new account', async (t) => {
  const { app, smtp, database } = await startApp(t);
  const browser = browserFor(app);
  const id = await anonymousDraft(browser);

  // Register, confirm by the mailed link and sign in, all in this browser.
  const email = 'laterne@example.org';
  await browser.get('/konto/registrieren');
  await browser.post('/konto/registrieren', {
    email,
    password: TEST_PASSWORD,
    passwordRepeat: TEST_PASSWORD,
    consent: 'ja',
  });
  const { path, token } = linkIn((await smtp.lastMailTo(email)).body, '/konto/bestaetigen');
  await browser.get(path);
  await browser.post('/konto/bestaetigen', { token });
  await browser.signIn(email);
  await browser.answerAdoption('uebernehmen');

  const list = await browser.get('/antraege/entwuerfe');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Mängel melden/, '"Meine Entwürfe" lists the draft');
  assert.ok(list.body.includes(`/antraege/entwuerfe/${id}`));
  assert.equal(browser.jar.has('draft'), false, 'the anonymous cookie is dropped');

  // It resumes where it stopped, with the answer given before signing in.
  const resumed = await browser.get(`/antraege/entwuerfe/${id}`);
  assert.equal(resumed.headers.location, `/antraege/entwuerfe/${id}/schritt/ort`);
  const first = await browser.get(`/antraege/entwuerfe/${id}/schritt/mangel`);
  assert.ok(first.body.includes(DESCRIPTION));

  const row = await database.owner
    .selectFrom('draft')
    .innerJoin('account', 'account.id', 'draft.account_id')
    .select(['account.email', 'draft.anonymous_key_hash'])
    .where('draft.id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(row.email, email);
  assert.equal(row.anonymous_key_hash, null);

  // Signed out again, the old anonymous key no longer opens it.
  const stranger = browserFor(app);
  const denied = await stranger.get(`/antraege/entwuerfe/${id}/schritt/ort`);
  assert.match(String(denied.headers.location), /^\/konto\/anmelden/);
});

test('signing in takes over only this browser’s drafts, not another’s nor expired ones', async (t) => {
  const { app, smtp, database, keyring } = await startApp(t);
  const email = 'bekannt@example.org';
  const citizen = await signedInCitizen(app, smtp, email);
  await citizen.post('/konto/abmelden', {});

  const mine = browserFor(app);
  const kept = await anonymousDraft(mine);
  const other = browserFor(app);
  const foreign = await anonymousDraft(other);
  // A draft that ran out meanwhile is left to the clean-up, not taken over.
  const lapsed = browserFor(app);
  const expired = await anonymousDraft(lapsed);
  await database.owner
    .updateTable('draft')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('id', '=', expired)
    .execute();
  const drafts = createDrafts({ db: database.db, tenancy: createTenancy(database.db), keyring });
  const account = await database.owner
    .selectFrom('account')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  assert.equal(await drafts.adopt(lapsed.jar.get('draft') ?? '', account.id), 0);
  assert.equal(await drafts.adopt('not-a-key', account.id), 0);
  assert.equal(await drafts.adopt(randomBytes(32).toString('base64url'), account.id), 0);

  await mine.signIn(email);
  await mine.answerAdoption('uebernehmen');
  const list = await mine.get('/antraege/entwuerfe');
  assert.ok(list.body.includes(`/antraege/entwuerfe/${kept}`), 'this browser’s draft is listed');
  assert.ok(!list.body.includes(foreign), 'another browser’s draft is not');
  assert.ok(!list.body.includes(expired), 'an expired draft is not');

  const owners = await database.owner
    .selectFrom('draft')
    .select(['id', 'account_id'])
    .where('id', 'in', [kept, foreign, expired])
    .execute();
  const ownerOf = new Map(owners.map((o) => [o.id, o.account_id]));
  assert.equal(ownerOf.get(kept), account.id);
  assert.equal(ownerOf.get(foreign), null);
  assert.equal(ownerOf.get(expired), null);
  // The other browser still fills in its own draft without an account.
  const page = await other.get(`/antraege/entwuerfe/${foreign}/schritt/ort`);
  assert.equal(page.statusCode, 200);
});

// Issue 14, item 11: on a shared computer the next person to sign in is asked first.
test('shared computer: sign-in asks before taking over anonymous drafts; refusing deletes them and drops the cookie', async (t) => {
  const { app, smtp, database } = await startApp(t);
  const email = 'naechste@example.org';
  await signedInCitizen(app, smtp, email);
  const shared = browserFor(app);
  const first = await anonymousDraft(shared);
  // A second draft of this browser (one per service; the demo has one anonymous service).
  const { rows } = await sql<{ id: string }>`
    insert into draft select (jsonb_populate_record(null::draft,
      to_jsonb(d) || jsonb_build_object('id', gen_random_uuid()))).*
    from draft d where d.id = ${first} returning id`.execute(database.owner);
  const second = rows[0]?.id ?? '';
  const key = shared.jar.get('draft') ?? '';

  await shared.signIn(email);
  const asked = await shared.get('/konto');
  assert.equal(asked.statusCode, 303, 'the first page after signing in is the question');
  assert.equal(asked.headers.location, '/konto/uebernehmen?weiter=%2Fkonto');
  const question = await shared.get(String(asked.headers.location));
  assert.equal(question.statusCode, 200);
  assert.match(question.body, /Auf diesem Gerät gibt es 2 Entwürfe ohne Konto: übernehmen\?/);
  assert.match(question.body, /In mein Konto übernehmen/);
  assert.match(question.body, /Nicht übernehmen/);
  const untouched = await database.owner
    .selectFrom('draft')
    .select('account_id')
    .where('id', 'in', [first, second])
    .execute();
  assert.deepEqual(
    untouched.map((d) => d.account_id),
    [null, null],
    'nothing is taken over before the answer',
  );

  const forged = await shared.post(
    '/konto/uebernehmen',
    { entscheidung: 'uebernehmen', weiter: '/konto' },
    false,
  );
  assert.equal(forged.statusCode, 403, 'the answer needs the CSRF token');

  const left = await shared.post('/konto/uebernehmen', {
    entscheidung: 'verwerfen',
    weiter: '/konto',
  });
  assert.equal(left.statusCode, 303);
  assert.equal(left.headers.location, '/konto');
  assert.equal(shared.jar.has('draft'), false, 'the anonymous cookie is dropped');
  assert.equal((await shared.get('/konto')).statusCode, 200, 'and the question is not asked again');
  assert.doesNotMatch((await shared.get('/antraege/entwuerfe')).body, /Mängel melden/);
  assert.equal(
    (
      await database.owner
        .selectFrom('draft')
        .select('id')
        .where('id', 'in', [first, second])
        .execute()
    ).length,
    0,
    'the refused drafts are deleted',
  );
  // Whoever kept the old cookie (the next person at this computer) finds nothing either.
  const next = browserFor(app);
  next.jar.set('draft', key);
  const gone = await next.get(`/antraege/entwuerfe/${first}/schritt/mangel`);
  assert.notEqual(gone.statusCode, 200);
});

test('shared computer: the question is German and English and takes over on request', async (t) => {
  const { app, smtp } = await startApp(t);
  const email = 'eigene@example.org';
  await signedInCitizen(app, smtp, email);
  const browser = browserFor(app);
  const id = await anonymousDraft(browser);
  await browser.signIn(email);
  await browser.get('/sprache/en?zurueck=/konto');
  const english = await browser.get('/konto/uebernehmen?weiter=%2Fkonto');
  assert.match(english.body, /This device has 1 draft made without an account: take them over\?/);
  await browser.post('/konto/uebernehmen', { entscheidung: 'uebernehmen', weiter: '/konto' });
  assert.ok((await browser.get('/antraege/entwuerfe')).body.includes(`/antraege/entwuerfe/${id}`));
});
