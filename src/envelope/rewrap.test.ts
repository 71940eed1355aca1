// Finishing a key rotation (ADR 0012) on a real database (PGlite, or PostgreSQL with
// DATABASE_URL): applications sent under key A, key B made active, the worker job re-wraps
// every data key, A's probe goes, and a portal configured with B alone opens everything.
import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import test from 'node:test';
import { extractText } from 'unpdf';
import { buildPortal } from '../app/app.ts';
import { KEY_HOLDERS } from '../app/key-holders.ts';
import { browserFor, type TestBrowser, testConfig, testServices } from '../app/testing.ts';
import { workerJobs } from '../app/worker.ts';
import { citizenInSoegel, completeOsterfeuer, startApp } from '../drafts/testing.ts';
import type { Keyring } from './envelope.ts';
import { ensureKeyProbes } from './key-probes.ts';
import { rewrapDataKeys } from './rewrap.ts';

async function send(browser: TestBrowser, draftId: string): Promise<string> {
  await browser.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  const sent = await browser.post(`/antraege/entwuerfe/${draftId}/pruefen`, {
    _declaration: 'yes',
  });
  const id = /^\/antraege\/([0-9a-f-]{36})\?gesendet=1$/.exec(String(sent.headers.location))?.[1];
  assert.ok(id, `sent, not ${sent.statusCode}`);
  return id;
}

/** Two applications of Hanna's under the test app's key A, with A's probe stored. */
async function sentUnderKeyA(t: Parameters<typeof startApp>[0]) {
  const started = await startApp(t);
  const { database, keyring: a } = started;
  assert.deepEqual(await ensureKeyProbes(database.owner, a), [a.activeId], 'as at start');
  const browser = await citizenInSoegel(started.app, started.smtp, 'hanna@example.org');
  const ids = [
    await send(browser, await completeOsterfeuer(browser)),
    await send(browser, await completeOsterfeuer(browser)),
  ];
  const b = createSecretKey(randomBytes(32));
  // Rotation: B in front, A still configured; B only, once the job has run.
  const rotated: Keyring = { activeId: 'b', keys: new Map([['b', b], ...a.keys]) };
  const bOnly: Keyring = { activeId: 'b', keys: new Map([['b', b]]) };
  return { ...started, browser, ids, a, rotated, bOnly };
}

const stored = (db: Awaited<ReturnType<typeof sentUnderKeyA>>['database']['db']) =>
  db
    .selectFrom('application')
    .select(['id', 'key_id', 'wrapped_key', 'payload'])
    .orderBy('id')
    .execute();

test('after a rotation the worker re-wraps every data key, retires the old key, and key B alone opens everything', async (t) => {
  const { smtp, database, browser, ids, a, rotated, bOnly } = await sentUnderKeyA(t);
  const { db, owner } = database;
  const before = await stored(owner);
  assert.deepEqual(
    before.map((r) => r.key_id),
    [a.activeId, a.activeId],
  );

  // The restart with B in front stores B's probe; B alone is still refused.
  assert.deepEqual(await ensureKeyProbes(owner, rotated), ['b']);
  await assert.rejects(ensureKeyProbes(owner, bOnly), new RegExp(`has no key "${a.activeId}"`));

  const jobs = workerJobs(testServices(database, smtp.mailer, { keyring: rotated }));
  const job = jobs.find((j) => j.name === 'applications.rewrap-keys');
  assert.ok(job, 'the worker runs applications.rewrap-keys');
  // Two applications, their two Postfach threads (each with its own data key) and the
  // Verbund's key of the applicants' name index, made at the first submission.
  assert.deepEqual(await job.run(), { rewrapped: 5, keysRetired: [a.activeId], remaining: 0 });

  const after = await stored(owner);
  assert.deepEqual(
    after.map((r) => r.key_id),
    ['b', 'b'],
  );
  after.forEach((row, i) => {
    const old = before[i];
    assert.ok(old);
    assert.ok(Buffer.from(row.payload).equals(Buffer.from(old.payload)), 'answers untouched');
    assert.ok(!Buffer.from(row.wrapped_key).equals(Buffer.from(old.wrapped_key)), 'key re-wrapped');
  });
  const probes = await owner.selectFrom('encryption_key_probe').select('key_id').execute();
  assert.deepEqual(
    probes.map((p) => p.key_id),
    ['b'],
  );

  // Nothing left to do: the next run changes nothing.
  assert.deepEqual(await rewrapDataKeys(db, rotated, KEY_HOLDERS), {
    rewrapped: 0,
    keysRetired: [],
    remaining: 0,
  });
  assert.deepEqual(
    (await stored(owner)).map((r) => Buffer.from(r.wrapped_key).toString('hex')),
    after.map((r) => Buffer.from(r.wrapped_key).toString('hex')),
  );

  // A may leave the configuration: the start-up check accepts B alone ...
  assert.deepEqual(await ensureKeyProbes(owner, bOnly), []);
  // ... and a portal with B alone shows the applications and renders the receipt from the answers.
  const { app: fresh } = await buildPortal({
    config: testConfig(bOnly),
    database,
    mailer: smtp.mailer,
  });
  t.after(() => fresh.close());
  const hanna = browserFor(fresh);
  for (const [name, value] of browser.jar) hanna.jar.set(name, value);
  for (const id of ids) {
    const page = await hanna.get(`/antraege/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Osterfeuer anmelden/);
    const receipt = await hanna.get(`/antraege/${id}/eingangsbestaetigung`);
    assert.equal(receipt.statusCode, 200);
    const { text } = await extractText(new Uint8Array(receipt.rawPayload), { mergePages: true });
    assert.ok(text.replace(/\s+/g, ' ').includes('Schützenverein Sögel e. V.'));
  }
});

test('a data key that cannot be unwrapped is passed over, reported, and keeps its key configured', async (t) => {
  const { database, ids, a, rotated } = await sentUnderKeyA(t);
  const { db, owner } = database;
  await ensureKeyProbes(owner, rotated);
  const [broken, fine] = ids;
  assert.ok(broken && fine);
  await owner
    .updateTable('application')
    .set({ wrapped_key: randomBytes(61) })
    .where('id', '=', broken)
    .execute();

  await assert.rejects(rewrapDataKeys(db, rotated, KEY_HOLDERS, 1), (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.equal(error.message, '1 data keys could not be re-wrapped, 4 were; no key was retired');
    return true;
  });
  const keys = Object.fromEntries((await stored(owner)).map((r) => [r.id, r.key_id]));
  assert.deepEqual(keys, { [broken]: a.activeId, [fine]: 'b' });
  const probes = await owner.selectFrom('encryption_key_probe').select('key_id').execute();
  assert.deepEqual(probes.map((p) => p.key_id).sort(), [a.activeId, 'b'].sort());
});
