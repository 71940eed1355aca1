// The Verbund office in the back office: the Verbund admin lists the authorities with their
// figures, keeps an onboarding authority's contact data (refused whole on bad input), takes it
// live once (a second time is a 409 that says so), invites its first admin by mail and reads
// the catalogue's online offer; every change in the authority's audit chain. Everyone else
// gets 403, and the Verbund admin still sees no application.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserFor, TEST_PUBLIC_URL } from '../../app/testing.ts';
import { verifyAudit } from '../../audit/service.ts';
import { citizenInSoegel, completeOsterfeuer, startApp } from '../../drafts/testing.ts';
import { authorityId } from '../../mailbox/testing.ts';
import { seedOtherVerbund } from '../../tenancy/testing.ts';
import { signedInStaff, staffByLink } from '../testing.ts';

const contactOf = (db: Awaited<ReturnType<typeof startApp>>['database']['owner'], slug: string) =>
  db
    .selectFrom('authority')
    .select(['street', 'phone', 'email', 'website', 'status', 'went_live_at'])
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();

test('the Verbund admin keeps an authority, takes it live and invites its admin', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const owner = database.owner;
  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
    name: 'Vera Verbund',
  });
  await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
  });
  const browser = admin.browser;

  const home = await browser.get('/verwaltung');
  assert.match(home.body, /href="\/verwaltung\/behoerden">Behörden</);
  assert.match(home.body, /href="\/verwaltung\/leistungskatalog">Leistungskatalog</);

  const list = await browser.get('/verwaltung/behoerden');
  assert.equal(list.statusCode, 200);
  assert.equal(list.headers['cache-control'], 'no-store');
  const rows = list.body.split('<tr class="kern-table__row">').slice(2);
  const count = await owner
    .selectFrom('authority')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(rows.length, Number(count.n), 'the county and every member');
  assert.match(rows[0] ?? '', /Landkreis Emsland/, 'the county first');
  const row = (name: string) => rows.find((r) => r.includes(`>${name}</a>`)) ?? '';
  assert.match(row('Gemeinde Geeste'), /Gemeinde<\/td>.*im Aufbau.*–<\/td>/s);
  const soegel = row('Samtgemeinde Sögel');
  assert.match(soegel, /online/);
  assert.match(soegel, /\d{4}<\/td>/, 'the date it went live');
  const figures = [...soegel.matchAll(/--numeric">(\d+)<\/td>/g)].map((m) => Number(m[1]));
  assert.ok((figures[0] ?? 0) >= 1, 'Sögel offers online services');
  assert.equal(figures[1], 1, 'one active clerk (the Verbund admin is no member)');

  const page = await browser.get('/verwaltung/behoerden/geeste');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="kern-heading-large">Gemeinde Geeste<\/h1>/);
  assert.equal((await browser.get('/verwaltung/behoerden/atlantis')).statusCode, 404);

  // Bad input: every field named, nothing stored.
  const before = await contactOf(owner, 'geeste');
  const bad = await browser.post('/verwaltung/behoerden/geeste/kontakt', {
    street: 'Am Rathaus 3',
    phone: 'ruf mich an',
    email: 'kein-at',
    website: 'javascript:alert(1)',
  });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Bitte geben Sie eine Telefonnummer aus Ziffern an/);
  assert.match(bad.body, /Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel/);
  assert.match(bad.body, /Bitte geben Sie eine Internetadresse mit http:\/\/ oder https:\/\//);
  assert.match(bad.body, /value="ruf mich an"/, 'what was typed stays in the form');
  assert.deepEqual(await contactOf(owner, 'geeste'), before);
  const noCsrf = await browser.post(
    '/verwaltung/behoerden/geeste/kontakt',
    { street: '', phone: '05907 500', email: '', website: '' },
    false,
  );
  assert.equal(noCsrf.statusCode, 403);
  assert.deepEqual(await contactOf(owner, 'geeste'), before);

  const saved = await browser.post('/verwaltung/behoerden/geeste/kontakt', {
    street: 'Am Rathaus 3',
    phone: '05907  500-0',
    email: 'Rathaus@GEESTE.example',
    website: 'https://www.geeste.example',
  });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/verwaltung/behoerden/geeste?hinweis=gespeichert');
  const after = await contactOf(owner, 'geeste');
  assert.equal(after.phone, '05907 500-0');
  assert.equal(after.email, 'Rathaus@geeste.example');
  assert.match((await browser.get(String(saved.headers.location))).body, /wurden gespeichert/);
  // The portal front shows it at once: the directory cache was refreshed.
  assert.match((await browserFor(app).get('/geeste')).body, /05907 500-0/);

  // Online schalten: a confirmation page, then live; a second time is refused clearly.
  const confirm = await browser.get('/verwaltung/behoerden/geeste/online-schalten');
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /Gemeinde Geeste online schalten\?/);
  assert.equal(
    (await browser.post('/verwaltung/behoerden/geeste/online-schalten', {}, false)).statusCode,
    403,
  );
  assert.equal((await contactOf(owner, 'geeste')).status, 'onboarding');
  const live = await browser.post('/verwaltung/behoerden/geeste/online-schalten', {});
  assert.equal(live.statusCode, 303);
  assert.equal(live.headers.location, '/verwaltung/behoerden/geeste?hinweis=online');
  const done = await contactOf(owner, 'geeste');
  assert.equal(done.status, 'live');
  assert.ok(done.went_live_at instanceof Date);
  assert.match((await browser.get(String(live.headers.location))).body, /ist jetzt online/);
  assert.match(
    (await browserFor(app).get('/geeste')).body,
    /bietet ihre Online-Dienste in diesem Portal an/,
  );
  const again = await browser.post('/verwaltung/behoerden/geeste/online-schalten', {});
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /Die Gemeinde Geeste ist bereits online/);
  const asked = await browser.get('/verwaltung/behoerden/geeste/online-schalten');
  assert.equal(asked.statusCode, 303, 'no question for an authority that is live');

  // The first admin, invited by mail; the page shows no link.
  const mails = smtp.received.length;
  const badInvite = await browser.post('/verwaltung/behoerden/geeste/einladen', {
    inviteEmail: 'kein-at',
    inviteName: 'Gesa Geeste',
  });
  assert.equal(badInvite.statusCode, 422);
  assert.match(badInvite.body, /href="#inviteEmail">Bitte geben Sie eine gültige E-Mail/);
  const invited = await browser.post('/verwaltung/behoerden/geeste/einladen', {
    inviteEmail: 'gesa@geeste.example',
    inviteName: 'Gesa Geeste',
  });
  assert.equal(invited.statusCode, 200);
  assert.match(invited.body, /Die Einladung wurde per E-Mail an gesa@geeste\.example gesendet/);
  assert.doesNotMatch(invited.body, /\/verwaltung\/einladung\//);
  const mail = await smtp.lastMailTo('gesa@geeste.example');
  assert.equal(smtp.received.length, mails + 1, 'one mail, for the one invitation');
  assert.equal(mail.decoded('subject'), 'Einladung in die Verwaltung: Gemeinde Geeste');
  const link = new RegExp(
    `${TEST_PUBLIC_URL.replace(/\./g, '\\.')}/verwaltung/einladung/[\\w-]{43}`,
  ).exec(mail.body)?.[0];
  assert.ok(link);
  const gesa = await staffByLink(app, link, 'gesa@geeste.example');
  const staffPage = await gesa.browser.get('/verwaltung/mitarbeitende');
  assert.equal(staffPage.statusCode, 200, 'an admin of Geeste');
  assert.match(staffPage.body, /Gesa Geeste/);

  // Audited in Geeste's chain, by the Verbund admin; the chain holds.
  const geeste = await authorityId(owner, 'geeste');
  const entries = await owner
    .selectFrom('audit_entry')
    .select(['action', 'staff_id', 'subject_id'])
    .where('authority_id', '=', geeste)
    .orderBy('seq')
    .execute();
  const actions = entries.map((e) => e.action);
  assert.deepEqual(
    actions.filter((a) => a !== 'staff.signin' && a !== 'staff.totp_enabled'),
    ['verbund.authority_updated', 'verbund.authority_live', 'staff.invited'],
  );
  const verbundAdmin = await owner
    .selectFrom('staff')
    .select('id')
    .where('email', '=', 'verbund@emsland.example')
    .executeTakeFirstOrThrow();
  assert.ok(
    entries
      .filter((e) => e.action.startsWith('verbund.'))
      .every((e) => e.staff_id === verbundAdmin.id),
  );
  assert.equal((await verifyAudit(owner)).ok, true);

  // Leistungskatalog: who offers a service online, and who not.
  const catalogue = await browser.get('/verwaltung/leistungskatalog?q=Osterfeuer');
  assert.equal(catalogue.statusCode, 200);
  const osterfeuer = catalogue.body
    .split('<tr class="kern-table__row">')
    .find((r) => r.includes('Osterfeuer') && r.includes('Samtgemeinde Sögel'));
  assert.ok(osterfeuer, 'Sögel offers the Osterfeuer online');
  assert.match(osterfeuer, /Gemeinde Geeste/, 'Geeste does not');
  const empty = await browser.get('/verwaltung/leistungskatalog?q=');
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Geben Sie einen Suchbegriff ein/);
  assert.equal((await browser.get('/verwaltung/leistungskatalog')).statusCode, 200);
});

test('only the Verbund admin reaches the Verbund office, and sees no application', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const draftId = await completeOsterfeuer(citizen);
  await citizen.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  const sent = await citizen.post(`/antraege/entwuerfe/${draftId}/pruefen`, {
    _declaration: 'yes',
  });
  const id = /\/antraege\/([0-9a-f-]{36})/.exec(String(sent.headers.location))?.[1];
  assert.ok(id, 'sent');

  for (const role of ['clerk', 'authority_admin', 'coordinator', 'auditor'] as const) {
    const other = await signedInStaff(app, started, {
      authority: 'samtgemeinde-soegel',
      email: `${role}@soegel.example`,
      role,
    });
    for (const path of [
      '/verwaltung/behoerden',
      '/verwaltung/behoerden/geeste',
      '/verwaltung/behoerden/geeste/online-schalten',
      '/verwaltung/leistungskatalog?q=Osterfeuer',
    ]) {
      const refused = await other.browser.get(path);
      assert.equal(refused.statusCode, 403, `${role} ${path}`);
      assert.match(refused.body, /nur Mitarbeitende mit der Rolle Verbundverwaltung/);
    }
    const post = await other.browser.post('/verwaltung/behoerden/geeste/online-schalten', {});
    assert.equal(post.statusCode, 403, `${role} takes nothing live`);
    assert.doesNotMatch((await other.browser.get('/verwaltung')).body, /verwaltung\/behoerden/);
  }
  assert.equal(
    (
      await database.owner
        .selectFrom('authority')
        .select('status')
        .where('slug', '=', 'geeste')
        .executeTakeFirstOrThrow()
    ).status,
    'onboarding',
  );

  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
  });
  const inbox = await admin.browser.get('/verwaltung');
  assert.match(inbox.body, /Keine Behörde/);
  assert.doesNotMatch(inbox.body, /Osterfeuer|antraege\//);
  assert.equal((await admin.browser.get(`/verwaltung/antraege/${id}`)).statusCode, 404);
  const moved = await admin.browser.post(`/verwaltung/antraege/${id}/status`, {
    status: 'received',
    note: '',
    version: '1',
  });
  assert.ok([403, 404].includes(moved.statusCode), `status change refused (${moved.statusCode})`);
  const exported = await admin.browser.get('/verwaltung?aktenzeichen=EL');
  assert.doesNotMatch(exported.body, /Osterfeuer/);
});

// Issue 11, Leistungskatalog: the Verbund admin edits an online service's Verbund-wide
// settings. Bad input and a stale second save change nothing; a save is audited in the
// Verbund's chain, and citizens see the new trust level and title at once.
test('the Verbund admin edits an online service’s settings for the whole Verbund', async (t) => {
  const started = await startApp(t);
  const { app, database } = started;
  const owner = database.owner;
  const osterfeuer = () =>
    owner
      .selectFrom('online_service')
      .select([
        'id',
        'title',
        'trust_level',
        'allows_anonymous',
        'description',
        'fees',
        'retention_months',
        'version',
      ])
      .where('key', '=', 'osterfeuer-anmelden')
      .executeTakeFirstOrThrow();
  const before = await osterfeuer();
  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
  });
  const browser = admin.browser;
  const citizen = browserFor(app);
  const servicePage = '/leistungen/99063010000000?gemeinde=03454005';
  assert.match(
    (await citizen.get(servicePage)).body,
    /Sie brauchen ein Bürgerkonto mit E-Mail-Adresse und Passwort\./,
  );
  assert.match((await citizen.get('/samtgemeinde-soegel')).body, />Osterfeuer anmelden</);

  const catalogue = await browser.get('/verwaltung/leistungskatalog?q=Osterfeuer');
  const href = `/verwaltung/leistungskatalog/${before.id}/einstellungen`;
  assert.match(
    catalogue.body,
    new RegExp(
      `<a class="kern-link" href="${href}" aria-label="Einstellungen bearbeiten: Osterfeuer anmelden">Einstellungen bearbeiten</a>`,
    ),
  );
  const form = await browser.get(href);
  assert.equal(form.statusCode, 200);
  assert.match(
    form.body,
    /<h1 class="kern-heading-large">Einstellungen: Osterfeuer anmelden<\/h1>/,
  );
  assert.match(form.body, /name="version" value="1"/);
  assert.match(
    form.body,
    /value="basic" checked>\s*<label class="kern-label" for="trustLevel">basis</,
  );
  assert.match(form.body, /for="trustLevel-substantial">substantiell</);

  const good = {
    title: 'Osterfeuer oder Brauchtumsfeuer anmelden',
    trustLevel: 'substantial',
    description: 'Melden Sie Ihr Osterfeuer spätestens zwei Wochen vorher an.',
    fees: 'Gebührenfrei.',
    retentionMonths: '24',
    version: '1',
  };
  // Bad input: every field named, what was typed stays, nothing stored.
  const bad = await browser.post(href, {
    ...good,
    title: '  ',
    anonymous: 'ja',
    retentionMonths: 'zwei Jahre',
  });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#title">Bitte geben Sie einen Titel an\./);
  assert.match(
    bad.body,
    /href="#anonymous">Ohne Konto ist ein Online-Dienst nur beim Vertrauensniveau „basis“ nutzbar/,
  );
  assert.match(bad.body, /href="#retentionMonths">Bitte geben Sie die Aufbewahrung als ganze Zahl/);
  assert.match(bad.body, /value="zwei Jahre"/);
  const tooLong = await browser.post(href, { ...good, fees: 'x'.repeat(1001) });
  assert.equal(tooLong.statusCode, 422);
  assert.match(tooLong.body, /höchstens 1000 Zeichen lang sein/);
  const badLevel = await browser.post(href, { ...good, trustLevel: 'extreme' });
  assert.equal(badLevel.statusCode, 422);
  assert.match(badLevel.body, /Bitte wählen Sie ein Vertrauensniveau\./);
  const { version: _v, ...unversioned } = good;
  assert.equal((await browser.post(href, unversioned)).statusCode, 400, 'no version, no save');
  assert.equal((await browser.post(href, good, false)).statusCode, 403, 'no CSRF token');
  assert.deepEqual(await osterfeuer(), before);

  const saved = await browser.post(href, good);
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, `${href}?hinweis=gespeichert`);
  const shown = await browser.get(String(saved.headers.location));
  assert.match(shown.body, /Die Einstellungen wurden gespeichert\./);
  assert.match(shown.body, /name="version" value="2"/);
  const after = await osterfeuer();
  assert.deepEqual(after, {
    ...before,
    title: good.title,
    trust_level: 'substantial',
    description: good.description,
    fees: good.fees,
    retention_months: 24,
    version: 2,
  });

  // A second save of the form as it was first shown: refused, the first save stays.
  const stale = await browser.post(href, { ...good, title: 'Veraltet', trustLevel: 'basic' });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Jemand anderes hat die Einstellungen inzwischen geändert/);
  assert.match(stale.body, /value="Osterfeuer oder Brauchtumsfeuer anmelden"/, 'current values');
  assert.deepEqual(await osterfeuer(), after);

  // Citizens see the change at once: the service page and the authority's front.
  const page = await citizen.get(servicePage);
  assert.match(page.body, /Diese Leistung erfordert das Vertrauensniveau „substantiell“/);
  assert.match(page.body, /Osterfeuer oder Brauchtumsfeuer anmelden/);
  assert.match(
    (await citizen.get('/samtgemeinde-soegel')).body,
    />Osterfeuer oder Brauchtumsfeuer anmelden</,
  );

  // Anonymous use at the basic level is fine.
  const anonymous = await browser.post(href, {
    ...good,
    trustLevel: 'basic',
    anonymous: 'ja',
    version: '2',
  });
  assert.equal(anonymous.statusCode, 303);
  assert.equal((await osterfeuer()).allows_anonymous, true);

  // Two saves of the same version at once: one wins, the other is told, no lost update.
  const racing = await Promise.all(
    ['Erste Fassung', 'Zweite Fassung'].map((title) =>
      browser.post(href, { ...good, title, trustLevel: 'basic', version: '3' }),
    ),
  );
  assert.deepEqual(racing.map((r) => r.statusCode).sort(), [303, 409]);
  const won = racing[0]?.statusCode === 303 ? 'Erste Fassung' : 'Zweite Fassung';
  assert.deepEqual(
    { title: (await osterfeuer()).title, version: (await osterfeuer()).version },
    { title: won, version: 4 },
  );

  // Audited in the Verbund's chain (no authority), by the Verbund admin; the chain holds.
  const entries = await owner
    .selectFrom('audit_entry')
    .select(['chain_id', 'authority_id', 'staff_id', 'subject_type', 'subject_id'])
    .where('action', '=', 'verbund.service_changed')
    .execute();
  const verbundAdmin = await owner
    .selectFrom('staff')
    .select('id')
    .where('email', '=', 'verbund@emsland.example')
    .executeTakeFirstOrThrow();
  assert.deepEqual(
    entries,
    [1, 2, 3].map(() => ({
      chain_id: started.verbundId,
      authority_id: null,
      staff_id: verbundAdmin.id,
      subject_type: 'online_service',
      subject_id: before.id,
    })),
  );
  assert.equal((await verifyAudit(owner)).ok, true);
});

test('settings of an unknown or another Verbund’s service are 404; other roles get 403', async (t) => {
  const started = await startApp(t);
  const { app, database } = started;
  const owner = database.owner;
  const otherVerbundId = await seedOtherVerbund(owner);
  const foreign = await owner
    .insertInto('online_service')
    .values({
      verbund_id: otherVerbundId,
      key: 'osterfeuer-anmelden',
      leika_key: '99063010000000',
      title: 'Osterfeuer anderswo',
      level: 'municipality',
      trust_level: 'basic',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ours = await owner
    .selectFrom('online_service')
    .select('id')
    .where('verbund_id', '=', started.verbundId)
    .where('key', '=', 'osterfeuer-anmelden')
    .executeTakeFirstOrThrow();
  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
  });
  const body = { title: 'Gekapert', trustLevel: 'basic', retentionMonths: '12', version: '1' };
  for (const id of [foreign.id, '00000000-0000-4000-8000-000000000000', 'kein-dienst']) {
    const href = `/verwaltung/leistungskatalog/${id}/einstellungen`;
    assert.equal((await admin.browser.get(href)).statusCode, 404, id);
    assert.equal((await admin.browser.post(href, body)).statusCode, 404, id);
  }
  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'clerk@soegel.example',
    role: 'authority_admin',
  });
  const href = `/verwaltung/leistungskatalog/${ours.id}/einstellungen`;
  const refused = await clerk.browser.get(href);
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /nur Mitarbeitende mit der Rolle Verbundverwaltung/);
  assert.equal((await clerk.browser.post(href, body)).statusCode, 403);
  const titles = await owner.selectFrom('online_service').select('title').execute();
  assert.ok(!titles.some((r) => r.title === 'Gekapert'), 'nothing changed');
});
