// "Mitarbeitende" over HTTP on a real database with the real SMTP test server: a Papenburg
// admin invites a clerk limited to one service (the link goes by mail, not onto the page),
// changes a member's role and services, locks a member out (their next request is signed out,
// their sign-in refused) and unlocks them; bad input gets a German message and changes
// nothing; another authority's staff are 404; every change is in the audit log.
import assert from 'node:assert/strict';
import test from 'node:test';
import { browserFor, TEST_PASSWORD, TEST_PUBLIC_URL } from '../app/testing.ts';
import { verifyAudit } from '../audit/service.ts';
import { withAuthority } from '../db/rls.ts';
import { startApp } from '../drafts/testing.ts';
import { authorityId } from '../mailbox/testing.ts';
import { listAssignable } from './inbox-repository.ts';
import { updateMembership } from './staff-repository.ts';
import { codeFor, signedInStaff, staffAccountsFor, staffByLink } from './testing.ts';

type Started = Awaited<ReturnType<typeof startApp>>;

const serviceId = async (started: Started, title: string) =>
  (
    await started.database.owner
      .selectFrom('online_service')
      .select('id')
      .where('title', '=', title)
      .executeTakeFirstOrThrow()
  ).id;

const staffId = async (started: Started, email: string) =>
  (
    await started.database.owner
      .selectFrom('staff')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
  ).id;

const actions = async (started: Started, action: string) =>
  started.database.owner
    .selectFrom('audit_entry')
    .select(['staff_id', 'subject_id', 'chain_id'])
    .where('action', '=', action)
    .execute();

async function papenburgAdmin(started: Started) {
  return signedInStaff(started.app, started, {
    authority: 'papenburg',
    email: 'chefin@papenburg.example',
    role: 'authority_admin',
    name: 'Anke Brinker',
  });
}

test('an admin invites a clerk for one service by e-mail; the link is in the mail only', async (t) => {
  const started = await startApp(t);
  const { app, smtp } = started;
  const admin = await papenburgAdmin(started);
  const page = await admin.browser.get('/verwaltung/mitarbeitende');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Anke Brinker<\/a> \(Sie\)/);
  assert.match(page.body, /<legend class="kern-label">Nur für diese Leistungen \(leer = alle\)/);
  assert.match(page.body, />Gewerbe anmelden</);
  assert.doesNotMatch(page.body, />Osterfeuer anmelden</, 'only Papenburg’s services');

  const gewerbe = await serviceId(started, 'Gewerbe anmelden');
  const osterfeuer = await serviceId(started, 'Osterfeuer anmelden');
  const staffRows = () => started.database.owner.selectFrom('staff').select('id').execute();
  const mails = smtp.received.length;

  // A service of another authority, a made-up id, a role that is not the admin's to give.
  for (const services of [osterfeuer, 'kein-dienst']) {
    const refused = await admin.browser.post('/verwaltung/mitarbeitende', {
      email: 'tom@papenburg.example',
      displayName: 'Tom Pieper',
      role: 'clerk',
      services,
    });
    assert.equal(refused.statusCode, 422);
    assert.match(
      refused.body,
      /Bitte wählen Sie nur Leistungen, die diese Behörde online anbietet\./,
    );
    assert.match(refused.body, /value="tom@papenburg\.example"/, 'the form keeps what was typed');
  }
  const asVerbund = await admin.browser.post('/verwaltung/mitarbeitende', {
    email: 'x@papenburg.example',
    displayName: 'X',
    role: 'verbund_admin',
  });
  assert.equal(asVerbund.statusCode, 422);
  assert.match(asVerbund.body, /Diese Rolle gibt es nicht/);
  const badEmail = await admin.browser.post('/verwaltung/mitarbeitende', {
    email: 'kein-at',
    displayName: 'X',
    role: 'clerk',
  });
  assert.equal(badEmail.statusCode, 422);
  assert.match(badEmail.body, /Bitte geben Sie eine gültige E-Mail-Adresse an/);
  assert.equal((await staffRows()).length, 1, 'nothing was written');

  const invited = await admin.browser.post('/verwaltung/mitarbeitende', {
    email: 'tom@papenburg.example',
    displayName: 'Tom Pieper',
    role: 'clerk',
    services: gewerbe,
  });
  assert.equal(invited.statusCode, 200);
  assert.match(
    invited.body,
    /Die Einladung wurde per E-Mail an tom@papenburg\.example gesendet\. Der Link darin ist bis /,
  );
  assert.doesNotMatch(invited.body, /\/verwaltung\/einladung\//, 'the page shows no link');
  assert.match(
    invited.body,
    /Tom Pieper<\/a><\/th><td class="kern-table__cell">Sachbearbeitung<\/td><td class="kern-table__cell">Gewerbe anmelden<\/td><td class="kern-table__cell">Aktiv<\/td>/,
  );
  assert.match(invited.body, /Anke Brinker<\/a> \(Sie\)<\/th>.*?Alle Leistungen/s);

  const mail = await smtp.lastMailTo('tom@papenburg.example');
  assert.equal(smtp.received.length, mails + 1, 'one mail, for the one invitation');
  assert.equal(mail.decoded('subject'), 'Einladung in die Verwaltung: Stadt Papenburg');
  assert.match(mail.body, /in der Verwaltung für Stadt Papenburg mitzuarbeiten/);
  assert.match(mail.body, /72 Stunden gültig, nur einmal nutzbar/);
  assert.doesNotMatch(mail.body, /Tom|Pieper|Anke|Brinker|Sachbearbeitung|Gewerbe/);
  const link = new RegExp(
    `${TEST_PUBLIC_URL.replace(/\./g, '\\.')}/verwaltung/einladung/[\\w-]{43}`,
  ).exec(mail.body)?.[0];
  assert.ok(link, 'the mail holds the single-use link');

  // The mailed link works once, and the clerk works for Gewerbe only.
  const clerk = await staffByLink(app, link, 'tom@papenburg.example');
  assert.equal((await browserFor(app).get(new URL(link).pathname)).statusCode, 410);
  const membership = await started.database.owner
    .selectFrom('staff_membership')
    .select(['role', 'service_ids'])
    .where('staff_id', '=', await staffId(started, 'tom@papenburg.example'))
    .executeTakeFirstOrThrow();
  assert.deepEqual(membership, { role: 'clerk', service_ids: [gewerbe] });
  assert.equal((await clerk.browser.get('/verwaltung/mitarbeitende')).statusCode, 404);
  await clerk.browser.get('/verwaltung');
  const forged = await clerk.browser.post('/verwaltung/mitarbeitende', {
    email: 'y@p.example',
    displayName: 'Y',
    role: 'authority_admin',
  });
  assert.equal(forged.statusCode, 404, 'a clerk cannot invite');

  const audit = await actions(started, 'staff.invited');
  assert.equal(
    audit.filter((a) => a.staff_id !== null).length,
    1,
    'the invitation by the admin is audited with the admin as actor',
  );
});

test('an admin changes a member’s role and services; not their own, not another authority’s', async (t) => {
  const started = await startApp(t);
  const admin = await papenburgAdmin(started);
  const accounts = staffAccountsFor(started.database, started.keyring);
  await accounts.invite({
    authoritySlug: 'papenburg',
    role: 'coordinator',
    email: 'eva@papenburg.example',
    displayName: 'Eva Tiemann',
  });
  await accounts.invite({
    authoritySlug: 'lingen-ems',
    role: 'clerk',
    email: 'lars@lingen.example',
    displayName: 'Lars Lingen',
  });
  const eva = await staffId(started, 'eva@papenburg.example');
  const lars = await staffId(started, 'lars@lingen.example');
  const self = await staffId(started, 'chefin@papenburg.example');
  const gewerbe = await serviceId(started, 'Gewerbe anmelden');
  const melde = await serviceId(started, 'Meldebescheinigung beantragen');
  const osterfeuer = await serviceId(started, 'Osterfeuer anmelden');

  const list = await admin.browser.get('/verwaltung/mitarbeitende');
  assert.match(list.body, new RegExp(`href="/verwaltung/mitarbeitende/${eva}"`));
  const page = await admin.browser.get(`/verwaltung/mitarbeitende/${eva}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="kern-heading-large" id="member">Eva Tiemann<\/h1>/);
  assert.match(page.body, /<option value="coordinator" selected>Koordination<\/option>/);

  const row = () =>
    started.database.owner
      .selectFrom('staff_membership')
      .select(['role', 'service_ids'])
      .where('staff_id', '=', eva)
      .executeTakeFirstOrThrow();
  const refused = await admin.browser.post(`/verwaltung/mitarbeitende/${eva}`, {
    role: 'clerk',
    services: osterfeuer,
  });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Bitte wählen Sie nur Leistungen, die diese Behörde online anbietet/);
  assert.deepEqual(await row(), { role: 'coordinator', service_ids: null }, 'nothing changed');

  // Clerk for every service first, then two services as two checkboxes of one name.
  const changed = await admin.browser.post(`/verwaltung/mitarbeitende/${eva}`, { role: 'clerk' });
  assert.equal(changed.statusCode, 303);
  assert.deepEqual(await row(), { role: 'clerk', service_ids: null });
  await admin.browser.get(`/verwaltung/mitarbeitende/${eva}`);
  const both = await started.app.inject({
    method: 'POST',
    url: `/verwaltung/mitarbeitende/${eva}`,
    cookies: Object.fromEntries(admin.browser.jar),
    payload: new URLSearchParams([
      ['role', 'clerk'],
      ['services', gewerbe],
      ['services', melde],
      ['_csrf', admin.browser.csrf()],
    ]).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(both.statusCode, 303);
  assert.equal(both.headers.location, `/verwaltung/mitarbeitende/${eva}?hinweis=geaendert`);
  const after = await admin.browser.get(String(both.headers.location));
  assert.match(after.body, /Die Änderung ist gespeichert/);
  assert.deepEqual((await row()).role, 'clerk');
  assert.deepEqual(new Set((await row()).service_ids), new Set([gewerbe, melde]));
  const listed = await admin.browser.get('/verwaltung/mitarbeitende');
  assert.match(listed.body, /Eva Tiemann<\/a><\/th><td class="kern-table__cell">Sachbearbeitung/);
  assert.match(
    listed.body,
    /Gewerbe anmelden, Meldebescheinigung beantragen|Meldebescheinigung beantragen, Gewerbe anmelden/,
  );

  // A role other than clerk drops the limit: a coordinator sees the whole authority.
  await admin.browser.get(`/verwaltung/mitarbeitende/${eva}`);
  await admin.browser.post(`/verwaltung/mitarbeitende/${eva}`, {
    role: 'auditor',
    services: gewerbe,
  });
  assert.deepEqual(await row(), { role: 'auditor', service_ids: null });
  await admin.browser.get(`/verwaltung/mitarbeitende/${eva}`);
  const same = await admin.browser.post(`/verwaltung/mitarbeitende/${eva}`, { role: 'auditor' });
  assert.equal(same.statusCode, 303, 'saving what is there changes nothing');

  // Oneself: no form on the page, and a forged change is refused.
  const own = await admin.browser.get(`/verwaltung/mitarbeitende/${self}`);
  assert.match(own.body, /Ihre eigene Rolle und Ihren eigenen Zugang können Sie nicht ändern/);
  assert.doesNotMatch(own.body, /Zugang sperren/);
  const demote = await admin.browser.post(`/verwaltung/mitarbeitende/${self}`, { role: 'clerk' });
  assert.equal(demote.statusCode, 422);
  assert.match(demote.body, /Ihre eigene Rolle und Ihren eigenen Zugang können Sie nicht ändern/);

  // Lingen's clerk does not exist for Papenburg's admin, nor do made-up ids.
  assert.equal((await admin.browser.get(`/verwaltung/mitarbeitende/${lars}`)).statusCode, 404);
  await admin.browser.get('/verwaltung/mitarbeitende');
  for (const path of [`${lars}`, `${lars}/sperren`, 'not-a-uuid']) {
    const foreign = await admin.browser.post(`/verwaltung/mitarbeitende/${path}`, {
      role: 'coordinator',
    });
    assert.equal(foreign.statusCode, 404, path);
  }
  assert.deepEqual(
    await started.database.owner
      .selectFrom('staff_membership')
      .select(['role', 'disabled_at'])
      .where('staff_id', '=', lars)
      .executeTakeFirstOrThrow(),
    { role: 'clerk', disabled_at: null },
  );

  // Row-level security: acting for Papenburg, the runtime role cannot touch Lingen's row.
  const papenburg = await authorityId(started.database.owner, 'papenburg');
  await withAuthority(started.database.db, papenburg, (trx) =>
    updateMembership(trx, papenburg, lars, { role: 'authority_admin' }),
  );
  const lingenRows = await started.database.owner
    .selectFrom('staff_membership')
    .select('role')
    .where('staff_id', '=', lars)
    .execute();
  assert.deepEqual(lingenRows, [{ role: 'clerk' }]);

  const changes = await actions(started, 'staff.role_changed');
  assert.equal(changes.length, 3, 'each change, not the refused one nor the unchanged');
  assert.ok(changes.every((c) => c.subject_id === eva && c.chain_id === papenburg));
});

test('locking ends the member’s session at once and refuses their sign-in; unlocking restores it', async (t) => {
  const started = await startApp(t);
  const admin = await papenburgAdmin(started);
  const clerk = await signedInStaff(started.app, started, {
    authority: 'papenburg',
    email: 'tom@papenburg.example',
    name: 'Tom Pieper',
  });
  // Tom also works for Lingen: that membership is not Papenburg's to lock.
  await staffAccountsFor(started.database, started.keyring).invite({
    authoritySlug: 'lingen-ems',
    role: 'clerk',
    email: 'tom@papenburg.example',
  });
  const tom = await staffId(started, 'tom@papenburg.example');
  const self = await staffId(started, 'chefin@papenburg.example');
  assert.equal((await clerk.browser.get('/verwaltung')).statusCode, 200);

  // Whom the inbox offers to assign work to (acting for Papenburg, as the inbox does).
  const papenburgId = await authorityId(started.database.owner, 'papenburg');
  const assignable = async () =>
    (
      await withAuthority(started.database.db, papenburgId, (trx) =>
        listAssignable(trx, papenburgId),
      )
    ).some((a) => a.id === tom);
  assert.ok(await assignable(), 'work can be assigned to Tom');

  // The confirmation step is a page of its own (no JavaScript needed).
  const member = await admin.browser.get(`/verwaltung/mitarbeitende/${tom}`);
  assert.match(member.body, new RegExp(`href="/verwaltung/mitarbeitende/${tom}/sperren"`));
  const confirm = await admin.browser.get(`/verwaltung/mitarbeitende/${tom}/sperren`);
  assert.equal(confirm.statusCode, 200);
  assert.match(
    confirm.body,
    /<h1 class="kern-heading-large">Zugang von Tom Pieper sperren\?<\/h1>/,
  );
  assert.match(confirm.body, /nicht mehr für Stadt Papenburg anmelden/);
  assert.match(confirm.body, /Ja, Zugang sperren/);
  const noCsrf = await admin.browser.post(`/verwaltung/mitarbeitende/${tom}/sperren`, {}, false);
  assert.equal(noCsrf.statusCode, 403);
  const locked = await admin.browser.post(`/verwaltung/mitarbeitende/${tom}/sperren`, {});
  assert.equal(locked.statusCode, 303);
  assert.equal(locked.headers.location, `/verwaltung/mitarbeitende/${tom}?hinweis=gesperrt`);
  // A second click (the back button, a double submit) is no second lock.
  await admin.browser.get(`/verwaltung/mitarbeitende/${tom}/sperren`);
  const twice = await admin.browser.post(`/verwaltung/mitarbeitende/${tom}/sperren`, {});
  assert.equal(twice.statusCode, 303);
  const after = await admin.browser.get(String(locked.headers.location));
  assert.match(after.body, /Der Zugang von Tom Pieper ist gesperrt\./);
  assert.match(after.body, /Zugang wieder freigeben/);
  assert.match(
    (await admin.browser.get('/verwaltung/mitarbeitende')).body,
    /Tom Pieper<\/a><\/th><td class="kern-table__cell">Sachbearbeitung<\/td><td class="kern-table__cell">Alle Leistungen<\/td><td class="kern-table__cell">Gesperrt<\/td>/,
  );

  assert.equal(await assignable(), false, 'no new work for a locked member');

  // Tom's next request: signed out. Signing in again lands in Lingen, never in Papenburg.
  const next = await clerk.browser.get('/verwaltung');
  assert.equal(next.statusCode, 303);
  assert.equal(next.headers.location, '/verwaltung/anmelden');
  const again = browserFor(started.app);
  await again.get('/verwaltung/anmelden');
  await again.post('/verwaltung/anmelden', { email: clerk.email, password: TEST_PASSWORD });
  await again.get('/verwaltung/anmelden/code');
  const code = await again.post('/verwaltung/anmelden/code', {
    code: await codeFor(clerk.secret, 1),
  });
  assert.equal(code.headers.location, '/verwaltung');
  const inLingen = await again.get('/verwaltung');
  assert.match(inLingen.body, /Sie arbeiten für: Stadt Lingen \(Ems\)/);
  const papenburg = await authorityId(started.database.owner, 'papenburg');
  await again.get('/verwaltung');
  assert.equal(
    (await again.post('/verwaltung/behoerde', { authority: papenburg })).statusCode,
    404,
    'no switching into the locked authority',
  );

  // Locked in Papenburg and in Lingen: the sign-in is refused like a wrong password.
  const lingen = await authorityId(started.database.owner, 'lingen-ems');
  await started.database.owner
    .updateTable('staff_membership')
    .set({ disabled_at: new Date() })
    .where('staff_id', '=', tom)
    .where('authority_id', '=', lingen)
    .execute();
  assert.equal((await again.get('/verwaltung')).statusCode, 303, 'that session ends too');
  const refused = browserFor(started.app);
  await refused.get('/verwaltung/anmelden');
  const signIn = await refused.post('/verwaltung/anmelden', {
    email: clerk.email,
    password: TEST_PASSWORD,
  });
  assert.equal(signIn.statusCode, 401);
  assert.match(signIn.body, /E-Mail-Adresse oder Passwort sind nicht richtig/);

  // A new invitation does not undo the lock.
  await admin.browser.get('/verwaltung/mitarbeitende');
  const reinvite = await admin.browser.post('/verwaltung/mitarbeitende', {
    email: 'tom@papenburg.example',
    displayName: 'Tom',
    role: 'clerk',
  });
  assert.equal(reinvite.statusCode, 422);
  assert.match(reinvite.body, /Der Zugang dieser Person zu Ihrer Behörde ist gesperrt/);

  // The admin cannot lock themselves out: no question is asked, a forged post is refused.
  const own = await admin.browser.get(`/verwaltung/mitarbeitende/${self}/sperren`);
  assert.equal(own.statusCode, 303);
  await admin.browser.get(`/verwaltung/mitarbeitende/${self}`);
  const lockSelf = await admin.browser.post(`/verwaltung/mitarbeitende/${self}/sperren`, {});
  assert.equal(lockSelf.statusCode, 422);
  assert.match(lockSelf.body, /Ihre eigene Rolle und Ihren eigenen Zugang können Sie nicht ändern/);
  assert.equal((await admin.browser.get('/verwaltung/mitarbeitende')).statusCode, 200);

  // Unlocked: Tom signs in for Papenburg again.
  await admin.browser.get(`/verwaltung/mitarbeitende/${tom}`);
  const unlocked = await admin.browser.post(`/verwaltung/mitarbeitende/${tom}/freigeben`, {});
  assert.equal(unlocked.headers.location, `/verwaltung/mitarbeitende/${tom}?hinweis=freigegeben`);
  assert.match(
    (await admin.browser.get(String(unlocked.headers.location))).body,
    /Der Zugang von Tom Pieper ist wieder freigegeben\./,
  );
  // The authenticator's next code is half a minute away: forget the steps used so far.
  await started.database.owner
    .updateTable('staff')
    .set({ totp_last_step: null })
    .where('id', '=', tom)
    .execute();
  const back = browserFor(started.app);
  await back.get('/verwaltung/anmelden');
  const password = await back.post('/verwaltung/anmelden', {
    email: clerk.email,
    password: TEST_PASSWORD,
  });
  assert.equal(password.headers.location, '/verwaltung/anmelden/code');
  await back.get('/verwaltung/anmelden/code');
  const signedIn = await back.post('/verwaltung/anmelden/code', {
    code: await codeFor(clerk.secret),
  });
  assert.equal(signedIn.headers.location, '/verwaltung');
  assert.match((await back.get('/verwaltung')).body, /Sie arbeiten für: Stadt Papenburg/);

  const deactivated = await actions(started, 'staff.deactivated');
  assert.deepEqual(deactivated, [{ staff_id: self, subject_id: tom, chain_id: papenburg }]);
  const reactivated = await actions(started, 'staff.reactivated');
  assert.deepEqual(reactivated, [{ staff_id: self, subject_id: tom, chain_id: papenburg }]);
  assert.equal((await verifyAudit(started.database.owner)).ok, true);
});
