// Staff sessions and what a membership allows, over HTTP on a real database: the idle timeout,
// the explicit switch between authorities, a clerk limited to some services, and the inbox's
// keyset pagination (ties in the receipt time included).
import assert from 'node:assert/strict';
import test from 'node:test';
import { sql } from 'kysely';
import { citizenInSoegel, completeOsterfeuer, startApp } from '../drafts/testing.ts';
import { authorityId } from '../mailbox/testing.ts';
import { STAFF_IDLE_MS } from './staff.ts';
import { signedInStaff, staffAccountsFor } from './testing.ts';

async function sendOne(started: Awaited<ReturnType<typeof startApp>>) {
  const citizen = await citizenInSoegel(started.app, started.smtp, 'hanna@example.org');
  const draftId = await completeOsterfeuer(citizen);
  await citizen.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  const sent = await citizen.post(`/antraege/entwuerfe/${draftId}/pruefen`, {
    _declaration: 'yes',
  });
  assert.equal(sent.statusCode, 303);
  return started.database.owner
    .selectFrom('application')
    .select(['id', 'reference'])
    .executeTakeFirstOrThrow();
}

test('an idle staff session ends after 15 minutes', async (t) => {
  const started = await startApp(t);
  const { browser } = await signedInStaff(started.app, started, {
    authority: 'meppen',
    email: 'c@meppen.example',
  });
  assert.equal((await browser.get('/verwaltung')).statusCode, 200);
  await started.database.owner
    .updateTable('staff_session')
    .set({ last_seen_at: new Date(Date.now() - STAFF_IDLE_MS - 1000) })
    .execute();
  const idle = await browser.get('/verwaltung');
  assert.equal(idle.statusCode, 303);
  assert.equal(idle.headers.location, '/verwaltung/anmelden');
  assert.equal(
    (await started.database.owner.selectFrom('staff_session').select('token_hash').execute())
      .length,
    0,
  );
});

test('a member of two authorities switches explicitly; a foreign authority is refused', async (t) => {
  const started = await startApp(t);
  const application = await sendOne(started);
  const accounts = staffAccountsFor(started.database, started.keyring);
  // Invited to Lingen first, then to Sögel: one account, two memberships.
  await accounts.invite({
    authoritySlug: 'lingen-ems',
    role: 'coordinator',
    email: 'beide@emsland.example',
  });
  const { browser } = await signedInStaff(started.app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'beide@emsland.example',
  });
  const db = started.database.owner;
  const soegel = await authorityId(db, 'samtgemeinde-soegel');
  const lingen = await authorityId(db, 'lingen-ems');
  const first = await browser.get('/verwaltung');
  const starting = /Sie arbeiten für: ([^<]+)</.exec(first.body)?.[1];
  assert.ok(
    starting === 'Stadt Lingen (Ems)' || starting === 'Samtgemeinde Sögel',
    String(starting),
  );
  assert.match(first.body, /<select class="kern-form-input__select" id="behoerde"/);

  const into = async (id: string) => {
    await browser.get('/verwaltung');
    const switched = await browser.post('/verwaltung/behoerde', { authority: id });
    assert.equal(switched.statusCode, 303);
    return browser.get('/verwaltung');
  };
  const inSoegel = await into(soegel);
  assert.match(inSoegel.body, /Sie arbeiten für: Samtgemeinde Sögel/);
  assert.match(inSoegel.body, new RegExp(application.reference));
  const inLingen = await into(lingen);
  assert.match(inLingen.body, /Sie arbeiten für: Stadt Lingen \(Ems\)/);
  assert.doesNotMatch(inLingen.body, new RegExp(application.reference));
  assert.equal((await browser.get(`/verwaltung/antraege/${application.id}`)).statusCode, 404);

  const meppen = await authorityId(db, 'meppen');
  await browser.get('/verwaltung');
  assert.equal((await browser.post('/verwaltung/behoerde', { authority: meppen })).statusCode, 404);
  assert.equal((await browser.post('/verwaltung/behoerde', { authority: 'x' })).statusCode, 404);
  const switches = await db
    .selectFrom('audit_entry')
    .select('chain_id')
    .where('action', '=', 'staff.authority_switched')
    .execute();
  assert.deepEqual(
    switches.map((s) => s.chain_id),
    [soegel, lingen],
    'each switch is audited in the chain of the authority switched to',
  );
});

test('a clerk limited to other services, and an auditor, see none of the Osterfeuer applications', async (t) => {
  const started = await startApp(t);
  const application = await sendOne(started);
  const db = started.database.owner;
  const other = await db
    .selectFrom('online_service')
    .select('id')
    .where(
      'id',
      '!=',
      (await db.selectFrom('application').select('online_service_id').executeTakeFirstOrThrow())
        .online_service_id,
    )
    .executeTakeFirstOrThrow();
  const { browser } = await signedInStaff(started.app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'eng@soegel.example',
    serviceIds: [other.id],
  });
  const inbox = await browser.get('/verwaltung');
  assert.match(inbox.body, /Alle \(0\)/);
  assert.doesNotMatch(inbox.body, new RegExp(application.reference));
  assert.equal((await browser.get(`/verwaltung/antraege/${application.id}`)).statusCode, 404);

  // An auditor reads the log (a later page), never the applications' content.
  const auditor = await signedInStaff(started.app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'pruefung@soegel.example',
    role: 'auditor',
  });
  const page = await auditor.browser.get('/verwaltung');
  assert.match(page.body, /Ihre Rolle \(Prüfung\) umfasst keine Sachbearbeitung/);
  assert.equal(
    (await auditor.browser.get(`/verwaltung/antraege/${application.id}`)).statusCode,
    404,
  );
});

test('the inbox pages by keyset: every application once, newest first, ties kept apart', async (t) => {
  const started = await startApp(t);
  await sendOne(started);
  const db = started.database.owner;
  // 60 more of the same, two per minute: pairs share their receipt time to the microsecond.
  await sql`insert into application (id, verbund_id, authority_id, account_id, draft_id,
      online_service_id, leika_key, title, form_id, form_version, reference, language, status,
      key_id, wrapped_key, payload, submitted_at)
    select gen_random_uuid(), verbund_id, authority_id, account_id, gen_random_uuid(),
      online_service_id, leika_key, title, form_id, form_version,
      'EL-2026-' || lpad((1000 + g)::text, 6, '0'), language, status, key_id, wrapped_key,
      payload, submitted_at - make_interval(mins => (g + 1) / 2)
    from application, generate_series(1, 60) g`.execute(db);
  const { browser } = await signedInStaff(started.app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'c@soegel.example',
  });
  const references = (body: string) =>
    [...body.matchAll(/">(EL-2026-[0-9]{6})<\/a><\/th>/g)].map((m) => m[1]);
  const first = await browser.get('/verwaltung');
  assert.match(first.body, /Alle \(61\)/);
  const page1 = references(first.body);
  assert.equal(page1.length, 50);
  const next = /<a class="kern-link" rel="next" href="([^"]+)"/
    .exec(first.body)?.[1]
    ?.replace(/&amp;/g, '&');
  assert.ok(next, 'a link to the next page');
  const second = await browser.get(next);
  const page2 = references(second.body);
  assert.equal(page2.length, 11);
  assert.doesNotMatch(second.body, /rel="next"/, 'no page after the last');
  assert.match(second.body, /Zur ersten Seite/);
  assert.equal(new Set([...page1, ...page2]).size, 61, 'none twice, none missing');
  const times = await db
    .selectFrom('application')
    .select(['reference', 'submitted_at', 'id'])
    .execute();
  const expected = times
    .sort((a, b) => b.submitted_at.getTime() - a.submitted_at.getTime() || (a.id < b.id ? 1 : -1))
    .map((r) => r.reference);
  assert.deepEqual([...page1, ...page2], expected, 'newest first, ties by id');
});
