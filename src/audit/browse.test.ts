// The Prüfprotokoll over HTTP on a real database: an auditor of Sögel reads Sögel's chain
// (filters, pages, the chain's state) and their reading is itself audited; a clerk gets 403;
// Lingen's auditor sees none of Sögel's entries; a row altered in the database shows as broken.
import assert from 'node:assert/strict';
import test from 'node:test';
import { sql } from 'kysely';
import { signedInStaff } from '../backoffice/testing.ts';
import { withAuthority } from '../db/rls.ts';
import { citizenInSoegel, sendOsterfeuer, startApp } from '../drafts/testing.ts';
import { authorityId } from '../mailbox/testing.ts';
import { appendAudit } from './service.ts';

const rowsIn = (page: string) => (page.match(/<tr class="kern-table__row">\s*<td/g) ?? []).length;

test('an auditor filters and pages through the chain; clerks and other authorities see nothing', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const owner = database.owner;
  const soegelId = await authorityId(owner, 'samtgemeinde-soegel');
  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const id = await sendOsterfeuer(citizen);
  const { reference } = await owner
    .selectFrom('application')
    .select('reference')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
    name: 'Gerda Kuhl',
  });
  assert.equal((await clerk.browser.get(`/verwaltung/antraege/${id}`)).statusCode, 200);
  const auditor = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'pruefung@soegel.example',
    name: 'Paula Prüfer',
    role: 'auditor',
  });

  // Reachable from the navigation; the clerk's bar has no such link and the page is refused.
  const home = await auditor.browser.get('/verwaltung/pruefprotokoll');
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /<h1 class="kern-heading-large">Prüfprotokoll<\/h1>/);
  assert.match(home.body, /href="\/verwaltung\/pruefprotokoll">Prüfprotokoll</);
  assert.match(home.body, /Die Prüfkette ist unversehrt/);
  assert.match(home.body, /Gerda Kuhl/);
  assert.match(home.body, /<td class="kern-table__cell">Antrag angesehen<\/td>/, 'in German');
  assert.match(home.body, new RegExp(`Antrag: ${reference}`), 'the reference, not the id');
  assert.match(home.body, /<option value="staff\.signin">Anmeldung<\/option>/);
  assert.doesNotMatch(home.body, /Schützenverein|Hanna|Osterfeuer am/, 'no application content');
  const refused = await clerk.browser.get('/verwaltung/pruefprotokoll');
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /Kein Zugriff/);
  assert.doesNotMatch(
    (await clerk.browser.get('/verwaltung')).body,
    /href="\/verwaltung\/pruefprotokoll"/,
  );

  // Filters: reference, person, action, days; bad input is named in German with 422.
  const byReference = await auditor.browser.get(
    `/verwaltung/pruefprotokoll?aktenzeichen=${reference.toLowerCase()}`,
  );
  assert.equal(byReference.statusCode, 200);
  assert.match(byReference.body, />Antrag angesehen<\/td>/);
  assert.doesNotMatch(byReference.body, />Anmeldung<\/td>/);
  const clerkId = /<option value="([0-9a-f-]{36})">Gerda Kuhl<\/option>/.exec(home.body)?.[1];
  assert.ok(clerkId, 'staff to choose from');
  const byPerson = await auditor.browser.get(
    `/verwaltung/pruefprotokoll?person=${clerkId}&aktion=staff.signin`,
  );
  assert.equal(rowsIn(byPerson.body), 1, "the clerk's one sign-in");
  assert.doesNotMatch(byPerson.body, /Paula Prüfer<\/td>/);
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const future = await auditor.browser.get(`/verwaltung/pruefprotokoll?von=${tomorrow}`);
  assert.match(future.body, /Keine Einträge gefunden/);
  const bad = await auditor.browser.get(
    '/verwaltung/pruefprotokoll?von=gestern&aktion=drop.table&aktenzeichen=123',
  );
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Bitte geben Sie ein Datum im Format JJJJ-MM-TT an\./);
  assert.match(bad.body, /Bitte wählen Sie eine Aktion aus der Liste\./);
  assert.match(bad.body, /Bitte geben Sie ein Aktenzeichen wie EL-2026-000123 an\./);
  const range = await auditor.browser.get(
    '/verwaltung/pruefprotokoll?von=2026-12-02&bis=2026-12-01',
  );
  assert.equal(range.statusCode, 422);
  assert.match(range.body, /Das Bis-Datum liegt vor dem Von-Datum\./);

  // Reading is audited, in Sögel's chain.
  const reads = await owner
    .selectFrom('audit_entry')
    .select('id')
    .where('chain_id', '=', soegelId)
    .where('action', '=', 'audit.viewed')
    .execute();
  assert.ok(reads.length >= 6, 'every visit of the page is an entry');

  // Keyset pages of 50: the second page continues where the first ended, nothing twice.
  const { verbundId } = started;
  await withAuthority(database.db, soegelId, async (trx) => {
    for (let i = 0; i < 60; i += 1) {
      await appendAudit(trx, {
        authorityId: soegelId,
        verbundId,
        staffId: null,
        action: 'inbox.name_searched',
        at: new Date(),
      });
    }
  });
  const first = await auditor.browser.get('/verwaltung/pruefprotokoll?aktion=inbox.name_searched');
  assert.equal(rowsIn(first.body), 50);
  const next = /href="(\/verwaltung\/pruefprotokoll\?[^"]*vor=[0-9]+)"/.exec(first.body)?.[1];
  assert.ok(next, 'a link to older entries');
  const second = await auditor.browser.get(next.replaceAll('&amp;', '&'));
  assert.equal(rowsIn(second.body), 10);
  assert.doesNotMatch(second.body, /rel="next"/);
  assert.match(second.body, /Zu den neuesten Einträgen/);

  // Lingen's auditor reads Lingen's chain only.
  const lingen = await signedInStaff(app, started, {
    authority: 'lingen-ems',
    email: 'pruefung@lingen.example',
    name: 'Lutz Lingen',
    role: 'auditor',
  });
  const other = await lingen.browser.get('/verwaltung/pruefprotokoll');
  assert.equal(other.statusCode, 200);
  assert.doesNotMatch(other.body, /Gerda Kuhl|>Antrag angesehen<\/td>/);

  // Each view checks what is new since the last one, not the whole chain again.
  await auditor.browser.get('/verwaltung/pruefprotokoll');
  const again = await auditor.browser.get('/verwaltung/pruefprotokoll');
  const okLine =
    /Die Prüfkette ist unversehrt: (\d+) Einträge, davon (\d+) seit der letzten Prüfung neu geprüft\./;
  const [, total, fresh] = okLine.exec(again.body) ?? [];
  assert.ok(Number(total) > 3, 'the whole chain counted');
  assert.equal(Number(fresh), 1, 'only this view’s own entry is new since the last one');
  assert.match(again.body, /Von Anfang an geprüft wird die Kette täglich/);

  const third = await owner
    .selectFrom('audit_entry')
    .select('ip')
    .where('chain_id', '=', soegelId)
    .where('seq', '=', '3')
    .executeTakeFirstOrThrow();
  const ipOfThird = third.ip;
  // One old row changed behind the application's back: the incremental check cannot see it,
  // the full one ("Gesamte Kette prüfen") does, and from then on every view says so.
  await sql`update audit_entry set ip = '10.6.6.6' where chain_id = ${soegelId} and seq = 3`.execute(
    owner,
  );
  assert.match(
    (await auditor.browser.get('/verwaltung/pruefprotokoll')).body,
    /Die Prüfkette ist unversehrt/,
  );
  const full = await auditor.browser.get('/verwaltung/pruefprotokoll?pruefung=vollstaendig');
  assert.match(full.body, /Die Prüfkette ist beschädigt: Eintrag Nr\. 3/);
  assert.match(
    (await auditor.browser.get('/verwaltung/pruefprotokoll')).body,
    /Die Prüfkette ist beschädigt: Eintrag Nr\. 3/,
    'the break stays shown',
  );
  // Restored (the row as it was): the full check passes again and says when.
  await sql`update audit_entry set ip = ${ipOfThird} where chain_id = ${soegelId} and seq = 3`.execute(
    owner,
  );
  const restored = await auditor.browser.get('/verwaltung/pruefprotokoll?pruefung=vollstaendig');
  assert.match(restored.body, /Die Prüfkette ist unversehrt/);
  assert.match(restored.body, /Zuletzt von Anfang an geprüft: /);

  // The checkpoint itself changed: the next view refuses to trust it.
  await sql`update audit_checkpoint set hash = ${'f'.repeat(64)} where chain_id = ${soegelId}`.execute(
    owner,
  );
  assert.match(
    (await auditor.browser.get('/verwaltung/pruefprotokoll')).body,
    /Die Prüfkette ist beschädigt/,
  );
});
