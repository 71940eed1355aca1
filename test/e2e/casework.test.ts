// The "Done when" journey in Chromium, once with JavaScript and once without: a
// citizen of Börger sends an Osterfeuer to the Samtgemeinde Sögel; a Sögel clerk signs in
// with TOTP, finds it by its reference number, opens it, asks for a missing detail with a
// Textbaustein (inserted by the "Einfügen" button, no script needed); the citizen answers with
// a PDF in the Postfach; the clerk sees the application back in processing, sends the
// decision PDF and completes it; the citizen sees "Abgeschlossen" and the decision, and got
// the notice mails (real SMTP server). A Lingen clerk sees none of it; the audit log shows
// every step; `audit:verify` passes, and fails once the test changes one entry in the
// database. axe checks every back-office page on the way.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import type { Page } from 'playwright-core';
import { seedCatalogDemo } from '../../src/catalog/seed.ts';
import { runCli } from '../../src/cli/main.ts';
import { asOwner } from '../../src/db/testing.ts';
import { pdfFile } from '../../src/files/testing.ts';
import { button, go, sendOsterfeuer, staffAccountsOf, staffSignsIn } from './backoffice-steps.ts';
import { expectAccessible, problems, type Site, startSite } from './browser.ts';

const TEMPLATE = 'Lageplan fehlt';

function inAMonth(): string {
  return new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
}

test('the Done-when journey: ask, answer, decide; Lingen sees nothing; the audit log holds', async (t) => {
  const site = await startSite(t);
  const owner = site.database.owner;
  const { id: verbundId } = await owner
    .selectFrom('verbund')
    .select('id')
    .executeTakeFirstOrThrow();
  await seedCatalogDemo(owner, verbundId);
  // Invitations carry no secret of the keyring: any will do to write them.
  const staff = staffAccountsOf(site);
  const references: string[] = [];
  const ids: string[] = [];

  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const email = `buergerin-${label}@example.org`;
      const citizen = await sendOsterfeuer(site, email, javaScriptEnabled);
      const { reference } = await owner
        .selectFrom('application')
        .select('reference')
        .where('id', '=', citizen.id)
        .executeTakeFirstOrThrow();
      references.push(reference);
      ids.push(citizen.id);
      const clerkEmail = `clerk-${label}@soegel.example`;
      // With JavaScript the Samtgemeinde's admin (who also writes the Textbaustein).
      const { link } = await staff.invite({
        authoritySlug: 'samtgemeinde-soegel',
        role: javaScriptEnabled ? 'authority_admin' : 'clerk',
        email: clerkEmail,
        displayName: `Clerk ${label}`,
      });
      const clerk = await site.newPage({ javaScriptEnabled });
      await staffSignsIn(clerk, link, clerkEmail);
      if (javaScriptEnabled) await writeTemplate(t, clerk);
      await caseJourney(t, site, {
        clerk,
        citizen: citizen.page,
        email,
        reference,
        id: citizen.id,
      });
      assert.deepEqual(problems(clerk), [], 'no blocked requests, failed assets or script errors');
      assert.deepEqual(problems(citizen.page), []);
    });
  }

  await t.test('a Lingen clerk sees none of it', async () => {
    const { link } = await staff.invite({
      authoritySlug: 'lingen-ems',
      role: 'clerk',
      email: 'clerk@lingen.example',
      displayName: 'Lingen',
    });
    const page = await site.newPage({ javaScriptEnabled: false });
    await staffSignsIn(page, link, 'clerk@lingen.example');
    for (const reference of references) {
      await page.getByLabel('Aktenzeichen', { exact: true }).fill(reference);
      await go(page, button(page, 'Anzeigen'));
      await assert.doesNotReject(page.getByText('Keine Anträge gefunden.').waitFor());
    }
    await expectAccessible(page, 'casework-lingen-search');
    for (const id of ids) {
      const response = await page.goto(`/verwaltung/antraege/${id}`);
      assert.equal(response?.status(), 404);
      const receipt = await page
        .context()
        .request.get(`/verwaltung/antraege/${id}/eingangsbestaetigung`);
      assert.equal(receipt.status(), 404);
    }
    await expectAccessible(page, 'casework-lingen-not-found');
  });

  await t.test('the audit log shows every step; audit:verify catches a changed entry', async () => {
    const soegel = await owner
      .selectFrom('authority')
      .select('id')
      .where('slug', '=', 'samtgemeinde-soegel')
      .executeTakeFirstOrThrow();
    const entries = await owner
      .selectFrom('audit_entry')
      .select(['id', 'action', 'subject_id'])
      .where('chain_id', '=', soegel.id)
      .orderBy('seq')
      .execute();
    for (const id of ids) {
      const of = entries.filter((e) => e.subject_id === id).map((e) => e.action);
      for (const action of [
        'application.viewed',
        'application.status_changed',
        'application.information_requested',
        'application.decision_sent',
      ]) {
        assert.ok(of.includes(action), `${action} for ${id}`);
      }
    }
    const actions = entries.map((e) => e.action);
    assert.ok(actions.includes('staff.signin'));
    assert.ok(actions.includes('attachment.downloaded'), 'the answer PDF was opened');
    // The operator's command, run as the owner like every operator command (cli/main.ts).
    const operator = asOwner(site.database);
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    assert.equal(await runCli(['audit:verify'], io, operator), 0, lines.join('\n'));
    assert.match(lines.join('\n'), /Audit log intact/);
    const changed = entries[Math.floor(entries.length / 2)];
    assert.ok(changed);
    await owner
      .updateTable('audit_entry')
      .set({ ip: '203.0.113.66' })
      .where('id', '=', changed.id)
      .execute();
    lines.length = 0;
    assert.equal(await runCli(['audit:verify'], io, operator), 1);
    assert.match(lines.join('\n'), new RegExp(`Audit log broken at entry ${changed.id} `));
  });
});

/** The admin finds "Textbausteine" in the bar and writes one for requests for information. */
async function writeTemplate(t: TestContext, page: Page) {
  await t.test('the admin writes a Textbaustein', async () => {
    await go(page, page.getByRole('link', { name: 'Textbausteine', exact: true }));
    await expectAccessible(page, 'casework-templates');
    await page.locator('#new-title').fill(TEMPLATE);
    await page.locator('#new-status').selectOption('action_required');
    await page
      .locator('#new-body')
      .fill(
        'Für {Leistung} ({Aktenzeichen}) fehlt uns der Lageplan. Bitte senden Sie ihn bis {Frist}.',
      );
    await go(page, button(page, 'Speichern'));
    await assert.doesNotReject(page.getByText('Der Textbaustein wurde gespeichert.').waitFor());
    await expectAccessible(page, 'casework-templates-saved');
  });
}

type Case = { clerk: Page; citizen: Page; email: string; reference: string; id: string };

async function caseJourney(t: TestContext, site: Site, c: Case) {
  const { clerk, citizen } = c;
  const detail = `/verwaltung/antraege/${c.id}`;
  const mailsBefore = site.mailCount(c.email);

  await t.test('the clerk finds the application by its reference number', async () => {
    await clerk.goto('/verwaltung');
    await expectAccessible(clerk, 'casework-inbox');
    await clerk.getByLabel('Aktenzeichen', { exact: true }).fill(c.reference);
    await go(clerk, button(clerk, 'Anzeigen'));
    await go(clerk, clerk.getByRole('link', { name: c.reference, exact: true }));
    assert.equal(new URL(clerk.url()).pathname, detail);
    await expectAccessible(clerk, 'casework-detail');
    for (const status of ['received', 'processing']) {
      await clerk.getByLabel('Neuer Status', { exact: true }).selectOption(status);
      await go(clerk, button(clerk, 'Status ändern'));
      await assert.doesNotReject(clerk.getByText('Der Status wurde geändert.').waitFor());
    }
  });

  await t.test('the clerk asks for a missing detail with the Textbaustein', async () => {
    const form = clerk.locator(`form[action="${detail}/nachforderung"]`);
    await form.getByLabel('Textbaustein', { exact: true }).selectOption({ label: TEMPLATE });
    await form.getByLabel('Antwort erbeten bis (optional)').fill(inAMonth());
    await go(clerk, form.getByRole('button', { name: 'Einfügen', exact: true }));
    const message = clerk.getByLabel('Nachricht an Antragsteller/in', { exact: true });
    assert.match(
      await message.inputValue(),
      new RegExp(`\\(${c.reference}\\) fehlt uns der Lageplan`),
    );
    await expectAccessible(clerk, 'casework-request-filled');
    await go(clerk, button(clerk, 'Angaben nachfordern'));
    await assert.doesNotReject(clerk.getByText(/der Antrag wartet auf die Antwort/).waitFor());
    await expectAccessible(clerk, 'casework-requested');
  });

  await t.test('the citizen answers with a PDF in the Postfach', async () => {
    await citizen.goto(`/antraege/${c.id}`);
    await assert.doesNotReject(citizen.getByText('Ihre Mitwirkung ist nötig').first().waitFor());
    await go(citizen, citizen.getByRole('link', { name: 'Im Postfach öffnen' }).last());
    await assert.doesNotReject(
      citizen
        .getByText(/fehlt uns der Lageplan/)
        .first()
        .waitFor(),
    );
    await citizen.getByLabel('Ihre Nachricht', { exact: true }).fill('Anbei der Lageplan.');
    await citizen.locator('#attachments').setInputFiles({
      name: 'lageplan.pdf',
      mimeType: 'application/pdf',
      buffer: pdfFile({ text: 'Lageplan' }),
    });
    await go(citizen, button(citizen, 'Antwort senden'));
    await assert.doesNotReject(citizen.getByText('Anbei der Lageplan.').first().waitFor());
  });

  await t.test('the clerk sees it back in processing and sends the decision', async () => {
    await clerk.goto(detail);
    await assert.doesNotReject(clerk.getByText('Anbei der Lageplan.').waitFor());
    const facts = clerk.locator('section[aria-labelledby="facts-heading"]');
    await assert.doesNotReject(facts.getByText('In Bearbeitung').waitFor());
    const file = await clerk
      .context()
      .request.get(
        (await clerk
          .getByRole('link', { name: /lageplan\.pdf herunterladen/ })
          .getAttribute('href')) ?? '',
      );
    assert.equal(file.status(), 200);
    assert.match(file.headers()['content-disposition'] ?? '', /^attachment;/);
    await clerk.getByLabel(/^Abschließen/).check();
    await clerk.locator('#decision').setInputFiles({
      name: 'bescheid.pdf',
      mimeType: 'application/pdf',
      buffer: pdfFile({ text: 'Bescheid' }),
    });
    await go(clerk, button(clerk, 'Bescheid senden'));
    await assert.doesNotReject(clerk.getByText(/Der Bescheid ist im Postfach/).waitFor());
    await expectAccessible(clerk, 'casework-decided');
  });

  await t.test('the citizen sees completed and the decision, and got the notices', async () => {
    await citizen.goto(`/antraege/${c.id}`);
    await assert.doesNotReject(citizen.getByText('Abgeschlossen').first().waitFor());
    const href = await citizen
      .getByRole('link', { name: 'Bescheid herunterladen (PDF)' })
      .getAttribute('href');
    const pdf = await citizen.context().request.get(href ?? '');
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    // Received, processing, the request and the decision: one notice each.
    for (let i = 0; i < 40 && site.mailCount(c.email) < mailsBefore + 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(site.mailCount(c.email) >= mailsBefore + 4, 'notice mails arrived');
    const last = await site.lastMailTo(c.email);
    assert.doesNotMatch(last.body, /Lageplan|Osterfeuer|Bescheid/, 'notices carry no content');
  });
}
