// The inbox's tools over HTTP on a real database: an authority_admin sets the Bearbeitungsfrist
// of the Osterfeuer in Sögel ("Bearbeitungsfristen"), a citizen sends one, and the clerk sees
// its due date and time left, finds it by the applicant's name through the blind index (never
// a plain copy), filters by deadline, service, assignee and date, takes it ("Mir zuweisen"),
// asks the citizen for information (the period waits), extends the period once, saves a
// filter; the coordinating admin assigns in bulk with a reason. Bad input gets a German
// message and a 4xx and changes nothing; Lingen finds nothing of it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import test from 'node:test';
import { sql } from 'kysely';
import { generateApplications } from '../../bench/inbox-data.ts';
import { runCli } from '../cli/main.ts';
import { citizenInSoegel, sendOsterfeuer, startApp } from '../drafts/testing.ts';
import { addDays, addWorkingDays, berlinDay } from './deadlines/calendar.ts';
import { signedInStaff } from './testing.ts';

const versionIn = (page: string) => /name="version" value="([0-9]+)"/.exec(page)?.[1] ?? '';
const referencesIn = (page: string) =>
  [...page.matchAll(/href="\/verwaltung\/antraege\/[0-9a-f-]{36}">([A-Z]+-\d{4}-\d+)</g)].map(
    (m) => m[1] as string,
  );

test('deadlines, name search, filters, assignment and saved filters in the inbox', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const db = database.owner;

  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'leitung@soegel.example',
    name: 'Anke Leitung',
    role: 'authority_admin',
  });
  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
    name: 'Gerda Kuhl',
  });
  const lingen = await signedInStaff(app, started, {
    authority: 'lingen-ems',
    email: 'sachbearbeitung@lingen.example',
    name: 'Lena Lingen',
  });

  // Bearbeitungsfristen: reachable from the bar, one form per service.
  const start = await admin.browser.get('/verwaltung');
  assert.match(start.body, /href="\/verwaltung\/fristen">Bearbeitungsfristen</);
  const periods = await admin.browser.get('/verwaltung/fristen');
  assert.equal(periods.statusCode, 200);
  assert.match(periods.body, /<h1[^>]*>Bearbeitungsfristen<\/h1>/);
  const osterfeuer = /<h2[^>]*id="svc-([0-9a-f-]{36})">Osterfeuer/.exec(periods.body)?.[1];
  assert.ok(osterfeuer, 'the Osterfeuer is one of Sögel’s services');
  // § 42a VwVfG's three months, counted as § 188 BGB: chosen beside the number.
  const other = [...periods.body.matchAll(/<h2[^>]*id="svc-([0-9a-f-]{36})">/g)]
    .map((m) => m[1] as string)
    .find((svc) => svc !== osterfeuer);
  assert.ok(other, 'a second service');
  assert.match(periods.body, /<option value="monate">Monaten \(nach § 188 BGB\)<\/option>/);
  const refusals: [Record<string, string>, RegExp][] = [
    [
      { service: osterfeuer, workingDays: 'zehn', deemedApprovalDays: '' },
      /Bearbeitungsfrist als ganze Zahl von 1 bis 400 Arbeitstagen/,
    ],
    [
      { service: osterfeuer, workingDays: '10', deemedApprovalDays: '5' },
      /nicht vor dem Ende der Bearbeitungsfrist/,
    ],
    [
      { service: other, workingDays: '20', deemedApprovalDays: '3', deemedApprovalUnit: 'wochen' },
      /Bitte wählen Sie Arbeitstage oder Monate\./,
    ],
    [
      { service: other, workingDays: '20', deemedApprovalDays: '40', deemedApprovalUnit: 'monate' },
      /von 1 bis 36 Monaten/,
    ],
  ];
  for (const [form, message] of refusals) {
    const refused = await admin.browser.post('/verwaltung/fristen', form);
    assert.equal(refused.statusCode, 422, JSON.stringify(form));
    assert.match(refused.body, message);
  }
  const count = async () =>
    Number(
      (
        await db
          .selectFrom('processing_period')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  assert.equal(await count(), 0, 'nothing stored from refused input');
  const clerkPeriods = await clerk.browser.get('/verwaltung/fristen');
  assert.equal(clerkPeriods.statusCode, 403, 'a clerk does not set periods');
  const saved = await admin.browser.post('/verwaltung/fristen', {
    service: osterfeuer,
    workingDays: '10',
    deemedApprovalDays: '60',
  });
  assert.equal(saved.statusCode, 303);
  const shown = await admin.browser.get('/verwaltung/fristen?gespeichert=1');
  assert.match(shown.body, /10 Arbeitstage, Genehmigungsfiktion nach 60 Arbeitstagen/);
  const months = await admin.browser.post('/verwaltung/fristen', {
    service: other,
    workingDays: '20',
    deemedApprovalDays: '3',
    deemedApprovalUnit: 'monate',
  });
  assert.equal(months.statusCode, 303);
  const inMonths = await admin.browser.get('/verwaltung/fristen');
  assert.match(inMonths.body, /20 Arbeitstage, Genehmigungsfiktion nach 3 Monaten/);
  assert.match(inMonths.body, /<option value="monate" selected>/, 'shown as chosen');

  // The citizen sends one: the due date is stored with it.
  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const id = await sendOsterfeuer(citizen);
  const row = await db
    .selectFrom('application')
    .select(['reference', 'submitted_at', sql<string>`due_on::text`.as('due_on')])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const submittedDay = berlinDay(row.submitted_at);
  assert.equal(row.due_on, addWorkingDays(submittedDay, 10));
  const today = berlinDay(new Date());

  const inbox = await clerk.browser.get('/verwaltung');
  assert.equal(inbox.statusCode, 200);
  assert.match(inbox.body, /noch 10 Arbeitstage/);

  // Name search through the blind index: folded, any part, all parts must match.
  for (const name of ['Hüsing', 'HUESING', 'hanna hüsing', 'Hüsing Hanna']) {
    const found = await clerk.browser.get(`/verwaltung?name=${encodeURIComponent(name)}`);
    assert.deepEqual(referencesIn(found.body), [row.reference], `found by "${name}"`);
  }
  for (const name of ['Meyer', 'Hanna Meyer', 'Hüs']) {
    const none = await clerk.browser.get(`/verwaltung?name=${encodeURIComponent(name)}`);
    assert.deepEqual(referencesIn(none.body), [], `nothing for "${name}"`);
    assert.match(none.body, /Keine Anträge gefunden/);
  }
  const tooLong = await clerk.browser.get(`/verwaltung?name=${'a'.repeat(150)}`);
  assert.equal(tooLong.statusCode, 400);
  assert.match(tooLong.body, /Der Name ist zu lang/);
  const elsewhere = await lingen.browser.get('/verwaltung?name=H%C3%BCsing');
  assert.deepEqual(referencesIn(elsewhere.body), [], 'Lingen finds nothing');
  // What is stored is keyed: neither the name nor its plain hash.
  const tokens = await db
    .selectFrom('application_name_token')
    .select('token')
    .where('application_id', '=', id)
    .execute();
  assert.equal(tokens.length, 2, 'given and family name');
  const plain = ['huesing', 'hanna', 'Hüsing'].map((w) =>
    createHash('sha256').update(w).digest('hex').slice(0, 32),
  );
  for (const { token } of tokens) {
    assert.ok(!plain.includes(token), 'no unkeyed hash');
    assert.ok(!/huesing|hanna/i.test(token));
  }
  const searches = await db
    .selectFrom('audit_entry')
    .select(['subject_id'])
    .where('action', '=', 'inbox.name_searched')
    .execute();
  assert.ok(searches.length >= 8, 'name searches are audited');
  assert.ok(
    searches.every((s) => s.subject_id === null),
    'never for whom',
  );

  // Filters: deadline, service, assignee, dates; bad values named in German.
  const q = async (query: string) =>
    referencesIn((await clerk.browser.get(`/verwaltung?${query}`)).body);
  assert.deepEqual(await q('frist=ueberfaellig'), []);
  assert.deepEqual(await q(`leistung=${osterfeuer}`), [row.reference]);
  assert.deepEqual(await q('zugewiesen=niemand'), [row.reference]);
  assert.deepEqual(await q('zugewiesen=mir'), []);
  assert.deepEqual(await q(`von=${submittedDay}&bis=${submittedDay}`), [row.reference]);
  assert.deepEqual(await q(`von=${addWorkingDays(submittedDay, 1)}`), []);
  const badDay = await clerk.browser.get('/verwaltung?von=2026-13-01&frist=bald2');
  assert.equal(badDay.statusCode, 400);
  assert.match(badDay.body, /gültiges Datum im Format JJJJ-MM-TT/);
  assert.match(badDay.body, /Bitte wählen Sie bei „Frist“ aus der Liste/);
  const badReference = await clerk.browser.get('/verwaltung?aktenzeichen=xyz');
  assert.equal(badReference.statusCode, 400);
  assert.deepEqual(referencesIn(badReference.body), [], 'a mistyped number shows nothing');
  const withinThree = addWorkingDays(today, 3) >= (row.due_on as string);
  assert.deepEqual(await q('frist=bald'), withinThree ? [row.reference] : []);

  // Take it: "Mir zuweisen" on the detail page.
  const detail = await clerk.browser.get(`/verwaltung/antraege/${id}`);
  assert.match(detail.body, /Zuständig: niemand/);
  assert.match(detail.body, /noch 10 Arbeitstage/);
  const taken = await clerk.browser.post(`/verwaltung/antraege/${id}/zuweisung`, {
    assignee: 'mir',
    reason: '',
  });
  assert.equal(taken.statusCode, 303);
  const mine = await clerk.browser.get(`/verwaltung/antraege/${id}?zugewiesen=1`);
  assert.match(mine.body, /Zuständig: Gerda Kuhl/);
  assert.deepEqual(await q('zugewiesen=mir'), [row.reference]);
  // A clerk does not hand work to others.
  const adminId = (
    await db
      .selectFrom('staff')
      .select('id')
      .where('email', '=', 'leitung@soegel.example')
      .executeTakeFirstOrThrow()
  ).id;
  await clerk.browser.get('/verwaltung');
  const handOver = await clerk.browser.post('/verwaltung/zuweisen', {
    antrag: id,
    assignee: adminId,
    reason: 'Urlaub',
  });
  assert.equal(handOver.statusCode, 403);
  assert.match(handOver.body, /Nur die Koordination weist anderen zu/);

  // Asking the citizen for information: the period waits, then goes on.
  let page = (await clerk.browser.get(`/verwaltung/antraege/${id}`)).body;
  for (const status of ['received', 'processing', 'action_required']) {
    const moved = await clerk.browser.post(`/verwaltung/antraege/${id}/status`, {
      status,
      note: '',
      version: versionIn(page),
    });
    assert.equal(moved.statusCode, 303, `to ${status}`);
    page = (await clerk.browser.get(`/verwaltung/antraege/${id}`)).body;
  }
  assert.match(page, /angehalten \(Mitwirkung angefordert\)/);
  assert.equal(
    (
      await db
        .selectFrom('application')
        .select('due_on')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).due_on,
    null,
  );
  const back = await clerk.browser.post(`/verwaltung/antraege/${id}/status`, {
    status: 'processing',
    note: '',
    version: versionIn(page),
  });
  assert.equal(back.statusCode, 303);
  const resumed = await db
    .selectFrom('application')
    .select([sql<string>`due_on::text`.as('due_on'), 'deadline_paused'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(resumed.deadline_paused, false);
  // Asked and answered the same day: no waiting day to add.
  assert.equal(resumed.due_on, row.due_on);

  // One extension with a reason; not a second one; bad input named.
  await clerk.browser.get(`/verwaltung/antraege/${id}`);
  const noReason = await clerk.browser.post(`/verwaltung/antraege/${id}/frist`, {
    days: '5',
    extensionReason: '  ',
  });
  assert.equal(noReason.statusCode, 422);
  assert.match(noReason.body, /Bitte begründen Sie die Verlängerung/);
  const noDays = await clerk.browser.post(`/verwaltung/antraege/${id}/frist`, {
    days: 'fünf',
    extensionReason: 'Gutachten des Ordnungsamts fehlt',
  });
  assert.equal(noDays.statusCode, 422);
  assert.match(noDays.body, /ganze Zahl von 1 bis 200 Arbeitstagen/);
  const extended = await clerk.browser.post(`/verwaltung/antraege/${id}/frist`, {
    days: '5',
    extensionReason: 'Gutachten des Ordnungsamts fehlt',
  });
  assert.equal(extended.statusCode, 303);
  const after = await db
    .selectFrom('application')
    .select([
      sql<string>`due_on::text`.as('due_on'),
      sql<string>`deemed_approval_on::text`.as('deemed'),
    ])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(after.due_on, addWorkingDays(submittedDay, 15));
  assert.equal(after.deemed, addWorkingDays(submittedDay, 65));
  const extendedPage = await clerk.browser.get(`/verwaltung/antraege/${id}?verlaengert=1`);
  assert.match(extendedPage.body, /Die Frist wurde verlängert/);
  assert.match(extendedPage.body, /Verlängert um 5 Arbeitstage: Gutachten des Ordnungsamts fehlt/);
  assert.doesNotMatch(extendedPage.body, /Frist einmalig verlängern/, 'the form is gone');
  const again = await clerk.browser.post(`/verwaltung/antraege/${id}/frist`, {
    days: '3',
    extensionReason: 'Noch einmal',
  });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /schon einmal verlängert/);
  assert.equal(
    (
      await db
        .selectFrom('application')
        .select(sql<string>`due_on::text`.as('d'))
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).d,
    after.due_on,
    'the refused second extension changed nothing',
  );

  // Overdue: the stored due date in the past (as if two weeks had gone by).
  await db
    .updateTable('application')
    .set({ due_on: addDays(today, -2) })
    .where('id', '=', id)
    .execute();
  const overdue = await clerk.browser.get('/verwaltung?frist=ueberfaellig');
  assert.deepEqual(referencesIn(overdue.body), [row.reference]);
  assert.match(overdue.body, /2 Tage überfällig/);
  assert.deepEqual(await q('frist=verspaetet'), [row.reference]);
  assert.deepEqual(await q('frist=rechtzeitig'), []);

  // Filter speichern: named, listed as a link, deleted.
  const noName = await clerk.browser.post('/verwaltung/filter?frist=ueberfaellig', {
    filterName: '',
  });
  assert.equal(noName.statusCode, 422);
  assert.match(noName.body, /Bitte geben Sie dem Filter einen Namen/);
  const store = await clerk.browser.post('/verwaltung/filter?frist=ueberfaellig&zugewiesen=mir', {
    filterName: 'Meine Überfälligen',
  });
  assert.equal(store.statusCode, 303);
  const listed = await clerk.browser.get(String(store.headers.location));
  assert.match(listed.body, /Der Filter wurde gespeichert/);
  assert.match(
    listed.body,
    /href="\/verwaltung\?zugewiesen=mir&amp;frist=ueberfaellig">Meine Überfälligen</,
  );
  const otherSees = await admin.browser.get('/verwaltung');
  assert.doesNotMatch(otherSees.body, /Meine Überfälligen/, 'saved filters are personal');
  const filterId = /action="\/verwaltung\/filter\/([0-9a-f-]{36})\/loeschen"/.exec(
    listed.body,
  )?.[1];
  assert.ok(filterId);
  const forged = await admin.browser.post(`/verwaltung/filter/${filterId}/loeschen`, {});
  assert.equal(forged.statusCode, 404, 'not someone else’s');
  const deleted = await clerk.browser.post(`/verwaltung/filter/${filterId}/loeschen`, {});
  assert.equal(deleted.statusCode, 303);
  assert.doesNotMatch((await clerk.browser.get('/verwaltung')).body, /Meine Überfälligen/);

  // The coordinating admin assigns in bulk, with a reason in the history; audited.
  const verbund = await db.selectFrom('verbund').select('id').executeTakeFirstOrThrow();
  const soegelId = (
    await db
      .selectFrom('application')
      .select('authority_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).authority_id;
  await generateApplications(db, { verbundId: verbund.id, authorityId: soegelId, count: 120 });
  const clerkId = (
    await db
      .selectFrom('staff')
      .select('id')
      .where('email', '=', 'sachbearbeitung@soegel.example')
      .executeTakeFirstOrThrow()
  ).id;
  const list = await admin.browser.get('/verwaltung?status=received&sortierung=alt');
  const ids = [...list.body.matchAll(/name="antrag" value="([0-9a-f-]{36})"/g)]
    .map((m) => m[1] as string)
    .slice(0, 3);
  assert.equal(ids.length, 3);
  const bulk = (reason: string) =>
    app.inject({
      method: 'POST',
      url: '/verwaltung/zuweisen?status=received&sortierung=alt',
      cookies: Object.fromEntries(admin.browser.jar),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${ids.map((x) => `antrag=${x}`).join('&')}&assignee=${clerkId}&reason=${encodeURIComponent(reason)}&_csrf=${encodeURIComponent(admin.browser.csrf())}`,
    });
  const withoutReason = await bulk('');
  assert.equal(withoutReason.statusCode, 422);
  assert.match(withoutReason.body, /Bitte geben Sie einen Grund für die Zuweisung an/);
  const assigned = await bulk('Vertretung während des Urlaubs');
  assert.equal(assigned.statusCode, 303);
  const done = await admin.browser.get(String(assigned.headers.location));
  assert.match(done.body, /3 Anträge wurden zugewiesen/);
  const history = await db
    .selectFrom('application_assignment')
    .select(['application_id', 'reason', 'assigned_by'])
    .where('application_id', 'in', ids)
    .execute();
  assert.equal(history.length, 3);
  assert.ok(
    history.every(
      (h) => h.reason === 'Vertretung während des Urlaubs' && h.assigned_by === adminId,
    ),
  );
  const audited = await db
    .selectFrom('audit_entry')
    .select('subject_id')
    .where('action', '=', 'application.assigned')
    .execute();
  assert.equal(audited.length, 4, 'the clerk’s own and the three in bulk');
  await lingen.browser.get('/verwaltung');
  const forgedBulk = await app.inject({
    method: 'POST',
    url: '/verwaltung/zuweisen',
    cookies: Object.fromEntries(lingen.browser.jar),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `antrag=${ids[0]}&assignee=mir&reason=&_csrf=${encodeURIComponent(lingen.browser.csrf())}`,
  });
  assert.equal(forgedBulk.statusCode, 404, 'Lingen cannot take a Sögel application');

  // Keyset pages by due date: in order, none twice, none lost.
  const seen: string[] = [];
  let dues: string[] = [];
  let url: string | undefined = '/verwaltung?sortierung=frist';
  while (url !== undefined) {
    const res = await clerk.browser.get(url);
    assert.equal(res.statusCode, 200);
    seen.push(...referencesIn(res.body));
    dues = dues.concat(
      [...res.body.matchAll(/name="antrag" value="([0-9a-f-]{36})"/g)].map((m) => m[1] as string),
    );
    url = /<a class="kern-link" rel="next" href="([^"]+)"/
      .exec(res.body)?.[1]
      ?.replaceAll('&amp;', '&');
  }
  assert.equal(seen.length, 121);
  assert.equal(new Set(seen).size, 121);
  const ordered = await db
    .selectFrom('application')
    .select('id')
    .where('authority_id', '=', soegelId)
    .orderBy(sql`coalesce(due_on, 'infinity'::date)`)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    dues,
    ordered.map((o) => o.id),
  );

  // Applications sent before the index existed: `cli inbox:reindex` writes their tokens.
  await db.deleteFrom('application_name_token').execute();
  assert.deepEqual(
    referencesIn((await clerk.browser.get('/verwaltung?name=H%C3%BCsing')).body),
    [],
  );
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  // The 120 synthetic rows carry no sealed snapshot: named as unreadable, the real one indexed.
  // An operator command: it runs as the tables' owner, as `npm run cli` does.
  const asOwner = { ...database, db: database.owner };
  assert.equal(await runCli(['inbox:reindex'], io, asOwner, started.keyring), 1);
  assert.deepEqual(out, ['Name index written for 1 applications.']);
  assert.match(err.join('\n'), /120 applications could not be opened/);
  assert.deepEqual(referencesIn((await clerk.browser.get('/verwaltung?name=H%C3%BCsing')).body), [
    row.reference,
  ]);
});
