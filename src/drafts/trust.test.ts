// A step is saved only at the service's trust level: the check the step post makes on the
// draft it locks (no separate read first). Real app, PGlite or PostgreSQL (DATABASE_URL).
import assert from 'node:assert/strict';
import test from 'node:test';
import { signedInCitizen } from '../app/testing.ts';
import { createTenancy } from '../tenancy/service.ts';
import { createDrafts } from './service.ts';
import { startApp, storedDraft } from './testing.ts';

const MELDEBESCHEINIGUNG = '99115003012000';
const LINGEN = '03454032';

test('a step of a service above the session’s trust level is not saved', async (t) => {
  const { app, smtp, database, keyring } = await startApp(t);
  const email = 'melde@example.org';
  const browser = await signedInCitizen(app, smtp, email);

  // Refused at the start already (trust level "substantial")...
  const start = await browser.get(`/leistungen/${MELDEBESCHEINIGUNG}/antrag?gemeinde=${LINGEN}`);
  assert.equal(start.statusCode, 303);
  assert.match(String(start.headers.location), /^\/konto\/vertrauensniveau\?benoetigt=substantial/);

  // ...and at every step of a draft that exists anyway (started when the level was higher).
  const { id: accountId } = await database.owner
    .selectFrom('account')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const drafts = createDrafts({ db: database.db, tenancy: createTenancy(database.db), keyring });
  const started = await drafts.start(MELDEBESCHEINIGUNG, { accountId }, { ags: LINGEN });
  assert.equal(started.kind, 'draft');
  if (started.kind !== 'draft') return;
  const path = `/antraege/entwuerfe/${started.draft.id}/schritt/bescheinigung`;
  const page = await browser.get(path);
  assert.match(String(page.headers.location), /^\/konto\/vertrauensniveau/);
  await browser.get('/konto');
  const post = await browser.post(path, {
    kind: 'simple',
    purpose: 'employer',
    copies: '1',
    _revision: '1',
  });
  assert.equal(post.statusCode, 303);
  assert.match(String(post.headers.location), /^\/konto\/vertrauensniveau\?benoetigt=substantial/);
  const row = await storedDraft(database.owner, keyring, started.draft.id);
  assert.equal(row.revision, 1, 'nothing saved');
  assert.deepEqual(Object.keys(row.answers).includes('purpose'), false);
});
