// Anonymous applications taken over at sign-in: a browser sends Mängel melden without an
// account, then registers and signs in; "Meine Anträge" has the application with its history
// and photo, another browser's stays that browser's. And at SQL level, the update policies of
// migration 11 move nothing but the signing-in browser's anonymous rows. PGlite or PostgreSQL.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import test from 'node:test';
import { type Kysely, sql } from 'kysely';
import {
  browserFor,
  linkIn,
  signedInCitizen,
  type startTestApp,
  TEST_PASSWORD,
  type TestBrowser,
} from '../app/testing.ts';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { hashAnonymousKey } from '../drafts/owner.ts';
import {
  citizenInSoegel,
  completeOsterfeuer,
  draftOf,
  postStep,
  startApp,
} from '../drafts/testing.ts';
import { pngFile } from '../files/testing.ts';
import { adoptApplications } from './adopt.ts';

/** Meppen offers Mängel melden online in the demo. */
const MAENGEL = '/leistungen/99089014014000/antrag?gemeinde=03454035';
const APPLICATION_URL = /^\/antraege\/([0-9a-f-]{36})\?gesendet=1$/;

async function send(browser: TestBrowser, draftId: string): Promise<string> {
  await browser.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  const sent = await browser.post(`/antraege/entwuerfe/${draftId}/pruefen`, {
    _declaration: 'yes',
  });
  assert.equal(sent.statusCode, 303, 'sent');
  const id = APPLICATION_URL.exec(String(sent.headers.location))?.[1];
  assert.ok(id, `an application address, not ${String(sent.headers.location)}`);
  return id;
}

/** Mängel melden with a photo, sent by this browser without an account; the application id. */
async function sendAnonymously(browser: TestBrowser, street: string): Promise<string> {
  const { id } = draftOf((await browser.get(MAENGEL)).headers.location);
  const mangel = { category: 'road', description: `Tiefes Schlagloch vor ${street}.` };
  assert.equal((await postStep(browser, id, 'mangel', mangel)).statusCode, 303);
  const ort = {
    locationKind: 'address',
    'locationAddress-street': street,
    'locationAddress-houseNumber': '5',
    'locationAddress-postcode': '49716',
    'locationAddress-place': 'Meppen',
  };
  assert.equal((await postStep(browser, id, 'ort', ort)).statusCode, 303);
  const photoStep = `/antraege/entwuerfe/${id}/schritt/foto-und-kontakt`;
  const page = await browser.get(photoStep);
  const revision = /name="_revision" value="([0-9]+)"/.exec(page.body)?.[1] ?? '';
  const uploaded = await browser.postMultipart(
    photoStep,
    { _revision: revision, wantsReply: 'no' },
    [{ name: 'schlagloch.png', type: 'image/png', content: pngFile(), field: 'photo' }],
  );
  assert.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 300));
  return send(browser, id);
}

/** Registers, confirms and signs in, all in this browser; the account id. */
async function register(
  browser: TestBrowser,
  started: Awaited<ReturnType<typeof startTestApp>>,
  email: string,
): Promise<string> {
  await browser.get('/konto/registrieren');
  await browser.post('/konto/registrieren', {
    email,
    password: TEST_PASSWORD,
    passwordRepeat: TEST_PASSWORD,
    consent: 'ja',
  });
  const { path, token } = linkIn((await started.smtp.lastMailTo(email)).body, '/konto/bestaetigen');
  await browser.get(path);
  await browser.post('/konto/bestaetigen', { token });
  await browser.signIn(email);
  await browser.answerAdoption('uebernehmen');
  const { id } = await started.database.owner
    .selectFrom('account')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return id;
}

/** Who owns the application and its children, as stored. */
async function owners(db: Kysely<DB>, applicationId: string) {
  const application = await db
    .selectFrom('application')
    .select(['account_id', 'anonymous_key_hash'])
    .where('id', '=', applicationId)
    .executeTakeFirstOrThrow();
  const events = await db
    .selectFrom('application_event')
    .select('account_id')
    .where('application_id', '=', applicationId)
    .execute();
  const files = await db
    .selectFrom('application_attachment')
    .select('account_id')
    .where('application_id', '=', applicationId)
    .execute();
  assert.ok(events.length >= 1 && files.length === 1, 'the application has events and a photo');
  return {
    ...application,
    children: [...new Set([...events, ...files].map((r) => r.account_id))],
  };
}

test('signing in takes over this browser’s anonymous application, with history and photo, and nothing else', async (t) => {
  const started = await startApp(t);
  const { app, database } = started;
  const mine = browserFor(app);
  const applicationId = await sendAnonymously(mine, 'Kirchstraße');
  // Also a draft begun afterwards: one sign-in takes over both.
  const { id: draftId } = draftOf((await mine.get(MAENGEL)).headers.location);
  const other = browserFor(app);
  const foreignId = await sendAnonymously(other, 'Hasestraße');
  const key = mine.jar.get('draft') ?? '';
  const foreignHash = hashAnonymousKey(other.jar.get('draft') ?? '');

  const accountId = await register(mine, started, 'schlagloch@example.org');

  const list = await mine.get('/antraege');
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.includes(`/antraege/${applicationId}`), '"Meine Anträge" lists it');
  assert.match(list.body, /Mängel melden/);
  assert.equal(mine.jar.has('draft'), false, 'the anonymous cookie is dropped');
  assert.ok(!list.body.includes(foreignId), 'another browser’s application is not listed');
  const drafts = await mine.get('/antraege/entwuerfe');
  assert.ok(drafts.body.includes(`/antraege/entwuerfe/${draftId}`), 'the draft came along');

  const detail = await mine.get(`/antraege/${applicationId}`);
  assert.equal(detail.statusCode, 200);
  assert.match(detail.body, /class="kern-list application-timeline"><li>/);
  assert.match(detail.body, /<strong>Eingereicht<\/strong>/, 'the timeline shows the submission');
  assert.match(detail.body, /Antrag zurückziehen/, 'now the citizen’s to withdraw');
  const receipt = await mine.get(`/antraege/${applicationId}/eingangsbestaetigung`);
  assert.equal(receipt.statusCode, 200);
  assert.equal(receipt.headers['content-type'], 'application/pdf');
  assert.equal((await mine.get(`/antraege/${foreignId}`)).statusCode, 404);

  assert.deepEqual(await owners(database.owner, applicationId), {
    account_id: accountId,
    anonymous_key_hash: null,
    children: [accountId],
  });
  assert.deepEqual(await owners(database.owner, foreignId), {
    account_id: null,
    anonymous_key_hash: foreignHash,
    children: [null],
  });
  // The other browser still opens what it sent.
  assert.equal((await other.get(`/antraege/${foreignId}`)).statusCode, 200);

  // A second sign-in, or the old key once more, takes over nothing more.
  await mine.post('/konto/abmelden', {});
  await mine.signIn('schlagloch@example.org');
  assert.ok((await mine.get('/antraege')).body.includes(`/antraege/${applicationId}`));
  assert.equal(await adoptApplications(database.owner, key, accountId), 0);
  await signedInCitizen(app, started.smtp, 'jemand@example.org');
  const { id: someoneElse } = await database.owner
    .selectFrom('account')
    .select('id')
    .where('email', '=', 'jemand@example.org')
    .executeTakeFirstOrThrow();
  assert.equal(await adoptApplications(database.owner, key, someoneElse), 0);
  assert.equal(await adoptApplications(database.owner, 'not-a-key', accountId), 0);
  assert.equal((await owners(database.owner, applicationId)).account_id, accountId);
  assert.equal((await owners(database.owner, foreignId)).account_id, null);
});

/** Runs `fn` as app_user with these settings, as the app's transactions do. */
function asAppUser<T>(
  db: Kysely<DB>,
  settings: { accountId?: string; draftKey?: string },
  fn: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.account_id', ${settings.accountId ?? ''}, true),
                     set_config('app.draft_key', ${settings.draftKey ?? ''}, true),
                     set_config('role', 'app_user', true)`.execute(trx);
    return fn(trx);
  });
}

const updated = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);

test('the adoption policies let app_user move only its own browser’s anonymous rows, and nobody else moves an application between owners', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const db = database.owner;
  const anonymous = browserFor(app);
  const applicationId = await sendAnonymously(anonymous, 'Kirchstraße');
  const hash = hashAnonymousKey(anonymous.jar.get('draft') ?? '');
  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const ownId = await send(citizen, await completeOsterfeuer(citizen));
  const { id: accountId } = await db
    .selectFrom('account')
    .select('id')
    .where('email', '=', 'hanna@example.org')
    .executeTakeFirstOrThrow();
  const before = await owners(db, applicationId);

  // Another browser's key: no row of this application is even a candidate.
  const strangerKey = hashAnonymousKey(randomBytes(32).toString('base64url'));
  const moved = await asAppUser(db, { accountId, draftKey: strangerKey }, async (trx) => [
    updated(await sql`update application_event set account_id = ${accountId}`.execute(trx)),
    updated(await sql`update application_attachment set account_id = ${accountId}`.execute(trx)),
    updated(
      await sql`update application set account_id = ${accountId}, anonymous_key_hash = null
              where account_id is null`.execute(trx),
    ),
  ]);
  assert.deepEqual(moved, [0, 0, 0]);
  assert.deepEqual(await owners(db, applicationId), before);

  // The right key, but no account to move to, or a status changed on the way: refused.
  await assert.rejects(
    asAppUser(db, { draftKey: hash }, (trx) =>
      sql`update application set account_id = ${accountId}, anonymous_key_hash = null`.execute(trx),
    ),
    /row-level security/,
  );
  await assert.rejects(
    asAppUser(db, { accountId, draftKey: hash }, (trx) =>
      sql`update application set account_id = ${accountId}, anonymous_key_hash = null,
            status = 'completed'`.execute(trx),
    ),
    /row-level security/,
  );
  await assert.rejects(
    asAppUser(db, { accountId, draftKey: hash }, (trx) =>
      sql`update application_event set account_id = ${randomUUID()}`.execute(trx),
    ),
    /row-level security/,
  );
  assert.deepEqual(await owners(db, applicationId), before);

  // With both settings, the citizen's own application may still only be withdrawn.
  await assert.rejects(
    asAppUser(db, { accountId, draftKey: hash }, (trx) =>
      sql`update application set status = 'completed' where id = ${ownId}`.execute(trx),
    ),
    /row-level security/,
  );
  const own = await db
    .selectFrom('application')
    .select(['status', 'account_id', 'authority_id'])
    .where('id', '=', ownId)
    .executeTakeFirstOrThrow();
  assert.equal(own.status, 'submitted');

  // Nobody else moves an application between owners: not its authority (whose own update
  // policy admits the row), not the citizen while withdrawing.
  const stranger = randomUUID();
  await assert.rejects(
    withAuthority(db, own.authority_id, (trx) =>
      sql`update application set account_id = ${stranger} where id = ${ownId}`.execute(trx),
    ),
    /only adoption changes whose application this is/,
  );
  await assert.rejects(
    asAppUser(db, { accountId }, (trx) =>
      sql`update application set status = 'withdrawn', anonymous_key_hash = ${hash}
            where id = ${ownId}`.execute(trx),
    ),
    /only adoption changes whose application this is/,
  );
  const still = await db
    .selectFrom('application')
    .select(['status', 'account_id', 'anonymous_key_hash'])
    .where('id', '=', ownId)
    .executeTakeFirstOrThrow();
  assert.deepEqual(still, { status: 'submitted', account_id: accountId, anonymous_key_hash: null });

  // And the adoption itself moves the one application and its children, nothing of the citizen's.
  assert.equal(await adoptApplications(db, anonymous.jar.get('draft') ?? '', accountId), 1);
  assert.deepEqual(await owners(db, applicationId), {
    account_id: accountId,
    anonymous_key_hash: null,
    children: [accountId],
  });
});
