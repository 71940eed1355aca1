// Processing one application over HTTP on a real database with the real SMTP test server: an
// admin of Sögel writes a Textbaustein; a clerk inserts it (no JavaScript: "Einfügen" shows
// the form again with the text), asks the citizen for information with a due date; the
// citizen answers with a PDF in the Postfach and the application is back in processing; the
// clerk reads the answer and its file, keeps an internal note the citizen never sees, and
// sends the decision PDF, completing it. Bad input is refused in German with a 4xx and
// nothing changed; Lingen's clerk gets 404 for all of it; every step is in the audit log.
import assert from 'node:assert/strict';
import test from 'node:test';
import { verifyAudit } from '../../audit/service.ts';
import { citizenInSoegel, sendOsterfeuer, startApp } from '../../drafts/testing.ts';
import { pdfFile, pngFile } from '../../files/testing.ts';
import { authorityId } from '../../mailbox/testing.ts';
import { signedInStaff } from '../testing.ts';

const versionIn = (page: string) => /name="version" value="([0-9]+)"/.exec(page)?.[1] ?? '';
const inAYear = () => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
};

test('ask for information with a template, the citizen answers with a PDF, the decision completes', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const db = database.owner;
  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const id = await sendOsterfeuer(citizen);
  const { reference } = await db
    .selectFrom('application')
    .select('reference')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const row = () =>
    db
      .selectFrom('application')
      .select(['status', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  // The Samtgemeinde's admin finds "Textbausteine" in the bar and writes one.
  const admin = (
    await signedInStaff(app, started, {
      authority: 'samtgemeinde-soegel',
      email: 'admin@soegel.example',
      role: 'authority_admin',
      name: 'Anke Admin',
    })
  ).browser;
  const inbox = await admin.get('/verwaltung');
  assert.match(inbox.body, /href="\/verwaltung\/textbausteine">Textbausteine</);
  const page = await admin.get('/verwaltung/textbausteine');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Noch keine Textbausteine/);
  const empty = await admin.post('/verwaltung/textbausteine', {
    title: '',
    body: '',
    service: '',
    status: '',
  });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Bitte geben Sie einen Titel an\./);
  const badStatus = await admin.post('/verwaltung/textbausteine', {
    title: 'Lageplan',
    body: 'x',
    service: '',
    status: 'archived',
  });
  assert.equal(badStatus.statusCode, 422);
  assert.match(badStatus.body, /Diesen Status gibt es nicht\./);
  const saved = await admin.post('/verwaltung/textbausteine', {
    title: 'Lageplan fehlt',
    body: 'Für {Leistung} ({Aktenzeichen}) fehlt der Lageplan. Bitte senden Sie ihn bis {Frist}.',
    service: '',
    status: 'action_required',
  });
  assert.equal(saved.statusCode, 303);
  assert.match((await admin.get('/verwaltung/textbausteine')).body, /Lageplan fehlt/);

  const soegel = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
    name: 'Gerda Kuhl',
  });
  const clerk = soegel.browser;
  assert.equal(
    (await clerk.get('/verwaltung/textbausteine')).statusCode,
    404,
    'a clerk manages no templates',
  );

  // Received, then processing, along the graph.
  let detail = await clerk.get(`/verwaltung/antraege/${id}`);
  assert.match(detail.body, /Eingangsbestätigung herunterladen \(PDF\)/);
  assert.match(detail.body, /Nachrichten mit der Antragstellerin/);
  for (const status of ['received', 'processing']) {
    const moved = await clerk.post(`/verwaltung/antraege/${id}/status`, {
      status,
      note: '',
      version: versionIn(detail.body),
    });
    assert.equal(moved.statusCode, 303, status);
    detail = await clerk.get(`/verwaltung/antraege/${id}`);
  }
  const receipt = await clerk.get(`/verwaltung/antraege/${id}/eingangsbestaetigung`);
  assert.equal(receipt.statusCode, 200);
  assert.match(String(receipt.headers['content-disposition']), /^attachment;/);
  assert.equal(receipt.rawPayload.subarray(0, 5).toString(), '%PDF-');

  // "Einfügen" without JavaScript: the form comes back with the template filled in.
  const templateId = /<option value="([0-9a-f-]{36})">Lageplan fehlt</.exec(detail.body)?.[1];
  assert.ok(templateId, 'the template is offered in the request form');
  const due = inAYear();
  const inserted = await clerk.post(`/verwaltung/antraege/${id}/nachforderung`, {
    template: templateId,
    aktion: 'einfuegen',
    message: '',
    dueOn: due,
    version: versionIn(detail.body),
  });
  assert.equal(inserted.statusCode, 200);
  const filled = /<textarea[^>]*id="message"[^>]*>([^<]*)<\/textarea>/.exec(inserted.body)?.[1];
  assert.ok(filled?.includes(`Für Osterfeuer anmelden (${reference}) fehlt der Lageplan.`), filled);
  assert.doesNotMatch(filled ?? '', /\{Frist\}/, 'the due date is filled in');
  assert.deepEqual(await row(), { status: 'processing', version: 3 }, 'inserting changes nothing');

  // Bad input first: nothing changes.
  const version = versionIn(detail.body);
  const badDate = await clerk.post(`/verwaltung/antraege/${id}/nachforderung`, {
    message: 'Bitte Lageplan.',
    dueOn: '2020-02-30',
    version,
  });
  assert.equal(badDate.statusCode, 422);
  assert.match(badDate.body, /Bitte geben Sie ein gültiges Datum ab heute an/);
  const noText = await clerk.post(`/verwaltung/antraege/${id}/nachforderung`, {
    message: '  ',
    dueOn: '',
    version,
  });
  assert.equal(noText.statusCode, 422);
  assert.match(noText.body, /Bitte schreiben Sie, welche Angaben fehlen\./);
  const stale = await clerk.post(`/verwaltung/antraege/${id}/nachforderung`, {
    message: 'Bitte Lageplan.',
    dueOn: '',
    version: '1',
  });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Jemand anderes hat diesen Antrag inzwischen geändert/);
  assert.deepEqual(await row(), { status: 'processing', version: 3 });

  const mails = smtp.received.length;
  const asked = await clerk.post(`/verwaltung/antraege/${id}/nachforderung`, {
    message: filled ?? '',
    dueOn: due,
    version,
  });
  assert.equal(asked.statusCode, 303);
  assert.match((await clerk.get(String(asked.headers.location))).body, /wartet auf die Antwort/);
  assert.deepEqual(await row(), { status: 'action_required', version: 4 });
  const notice = await smtp.lastMailTo('hanna@example.org');
  assert.ok(smtp.received.length > mails, 'a notice mail arrived');
  assert.doesNotMatch(notice.body, /Lageplan|Osterfeuer/, 'the notice holds no content');

  // The citizen reads it in the Postfach and answers with a PDF: back to processing.
  const timeline = await citizen.get(`/antraege/${id}`);
  assert.match(timeline.body, /Ihre Mitwirkung ist nötig/);
  assert.match(timeline.body, /Bitte antworten Sie bis zum/);
  const { id: threadId } = await db
    .selectFrom('mailbox_thread')
    .select('id')
    .where('application_id', '=', id)
    .executeTakeFirstOrThrow();
  const thread = await citizen.get(`/postfach/${threadId}`);
  assert.match(thread.body, /fehlt der Lageplan/);
  // The clerk has taken it ("Mir zuweisen"): the answer reaches her by a content-free mail.
  const taken = await clerk.post('/verwaltung/zuweisen', {
    antrag: id,
    assignee: 'mir',
    reason: '',
  });
  assert.equal(taken.statusCode, 303);
  const answered = await citizen.postMultipart(
    `/postfach/${threadId}/antwort`,
    { body: 'Anbei der Lageplan.' },
    [{ name: 'lageplan.pdf', type: 'application/pdf', content: pdfFile({ text: 'Lageplan' }) }],
  );
  assert.equal(answered.statusCode, 303);
  assert.deepEqual(await row(), { status: 'processing', version: 5 });
  const news = await smtp.lastMailTo('sachbearbeitung@soegel.example', 30_000);
  assert.equal(news.decoded('subject'), 'Neue Nachricht zu einem Ihnen zugewiesenen Antrag');
  assert.ok(news.body.includes(`/verwaltung/antraege/${id}`), 'where to look');
  assert.doesNotMatch(news.body, /Lageplan|Osterfeuer|Hanna|H\u00fcsing/, 'what, never');
  assert.ok(!news.body.includes(reference), 'no reference number');

  // The clerk sees the answer and its file (scan status shown), and notes something.
  detail = await clerk.get(`/verwaltung/antraege/${id}`);
  assert.match(detail.body, /Anbei der Lageplan\./);
  assert.match(detail.body, /In Bearbeitung/);
  const fileHref =
    /href="(\/verwaltung\/antraege\/[^"]+\/postfach\/[0-9a-f-]{36})" download>lageplan\.pdf/.exec(
      detail.body,
    )?.[1];
  assert.ok(fileHref, 'the answer file is listed');
  const file = await clerk.get(fileHref);
  assert.equal(file.statusCode, 200);
  assert.match(String(file.headers['content-disposition']), /^attachment;/);
  assert.equal(file.headers['x-scan-status'], 'unscanned');
  const longNote = await clerk.post(`/verwaltung/antraege/${id}/notizen`, {
    noteBody: 'x'.repeat(2001),
  });
  assert.equal(longNote.statusCode, 422);
  assert.match(longNote.body, /Die Notiz ist zu lang \(höchstens 2000 Zeichen\)/);
  const noted = await clerk.post(`/verwaltung/antraege/${id}/notizen`, {
    noteBody: 'Lageplan mit Feuerwehr abgestimmt.',
  });
  assert.equal(noted.statusCode, 303);
  detail = await clerk.get(`/verwaltung/antraege/${id}`);
  assert.match(detail.body, /Lageplan mit Feuerwehr abgestimmt\./);
  assert.doesNotMatch(
    (await citizen.get(`/antraege/${id}`)).body + (await citizen.get(`/postfach/${threadId}`)).body,
    /Feuerwehr abgestimmt/,
    'the citizen never sees an internal note',
  );
  const sealed = await db
    .selectFrom('application_note')
    .select('sealed_body')
    .executeTakeFirstOrThrow();
  assert.doesNotMatch(Buffer.from(sealed.sealed_body).toString('latin1'), /Feuerwehr/);

  // Decisions that are not a PDF, too big or missing: refused, nothing changed.
  const v = versionIn(detail.body);
  const png = await clerk.postMultipart(
    `/verwaltung/antraege/${id}/bescheid`,
    { outcome: 'completed', note: '', version: v },
    [{ field: 'decision', name: 'bescheid.pdf', type: 'application/pdf', content: pngFile() }],
  );
  assert.equal(png.statusCode, 422);
  assert.match(png.body, /Der Bescheid muss eine PDF-Datei sein/);
  const big = await clerk.postMultipart(
    `/verwaltung/antraege/${id}/bescheid`,
    { outcome: 'completed', note: '', version: v },
    [
      {
        field: 'decision',
        name: 'bescheid.pdf',
        type: 'application/pdf',
        content: Buffer.concat([pdfFile(), Buffer.alloc(10 * 1024 * 1024 + 1, 32)]),
      },
    ],
  );
  assert.equal(big.statusCode, 413);
  assert.match(big.body, /Die Datei ist zu groß \(höchstens 10 MB\)/);
  const none = await clerk.postMultipart(`/verwaltung/antraege/${id}/bescheid`, {
    outcome: 'completed',
    note: '',
    version: v,
  });
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /Bitte wählen Sie die PDF-Datei des Bescheids aus/);
  const noCsrf = await clerk.postMultipart(
    `/verwaltung/antraege/${id}/bescheid`,
    { outcome: 'completed', note: '', version: v },
    [{ field: 'decision', name: 'bescheid.pdf', type: 'application/pdf', content: pdfFile() }],
    null,
  );
  assert.equal(noCsrf.statusCode, 403);
  assert.deepEqual(await row(), { status: 'processing', version: 5 });

  // Lingen: 404 for the detail, the files, the receipt and every form.
  const lingen = (
    await signedInStaff(app, started, { authority: 'lingen-ems', email: 'amt@lingen.example' })
  ).browser;
  for (const path of [
    `/verwaltung/antraege/${id}`,
    fileHref,
    `/verwaltung/antraege/${id}/eingangsbestaetigung`,
  ]) {
    assert.equal((await lingen.get(path)).statusCode, 404, path);
  }
  await lingen.get('/verwaltung');
  assert.equal(
    (await lingen.post(`/verwaltung/antraege/${id}/notizen`, { noteBody: 'fremd' })).statusCode,
    404,
  );
  assert.equal(
    (
      await lingen.post(`/verwaltung/antraege/${id}/nachforderung`, {
        message: 'fremd',
        dueOn: '',
        version: v,
      })
    ).statusCode,
    404,
  );
  assert.equal(
    (
      await lingen.postMultipart(
        `/verwaltung/antraege/${id}/bescheid`,
        { outcome: 'completed', note: '', version: v },
        [{ field: 'decision', name: 'b.pdf', type: 'application/pdf', content: pdfFile() }],
      )
    ).statusCode,
    404,
  );
  assert.equal(
    (await lingen.get(`/verwaltung/antraege/${id}/postfach/00000000-0000-4000-8000-000000000000`))
      .statusCode,
    404,
  );
  assert.deepEqual(await row(), { status: 'processing', version: 5 });

  // The decision: to the Postfach as a PDF, completed in the same step.
  await clerk.get(`/verwaltung/antraege/${id}`);
  const decided = await clerk.postMultipart(
    `/verwaltung/antraege/${id}/bescheid`,
    { outcome: 'completed', note: 'Viel Freude beim Osterfeuer.', version: v },
    [
      {
        field: 'decision',
        name: 'entwurf.pdf',
        type: 'application/pdf',
        content: pdfFile({ text: 'Bescheid' }),
      },
    ],
  );
  assert.equal(decided.statusCode, 303);
  assert.match(
    (await clerk.get(String(decided.headers.location))).body,
    /Der Bescheid ist im Postfach/,
  );
  assert.equal((await row()).status, 'completed');
  const mine = await citizen.get(`/antraege/${id}`);
  assert.match(mine.body, /Abgeschlossen/);
  const decisionHref =
    /href="(\/postfach\/anhang\/[0-9a-f-]{36})" download>Bescheid herunterladen/.exec(
      mine.body,
    )?.[1];
  assert.ok(decisionHref, 'Meine Anträge links the decision');
  const pdf = await citizen.get(decisionHref);
  assert.equal(pdf.statusCode, 200);
  assert.match(String(pdf.headers['content-disposition']), /Bescheid-/);
  assert.match((await citizen.get(`/postfach/${threadId}`)).body, /Bescheid-.*\.pdf/);

  // Closed: a second decision is outside the graph.
  const again = await clerk.postMultipart(
    `/verwaltung/antraege/${id}/bescheid`,
    { outcome: 'rejected', note: '', version: String(Number(v) + 1) },
    [{ field: 'decision', name: 'b.pdf', type: 'application/pdf', content: pdfFile() }],
  );
  assert.equal(again.statusCode, 409);

  // The audit log holds every step, and the chain is whole.
  const soegelId = await authorityId(db, 'samtgemeinde-soegel');
  const actions = (
    await db
      .selectFrom('audit_entry')
      .select('action')
      .where('chain_id', '=', soegelId)
      .orderBy('seq')
      .execute()
  ).map((r) => r.action);
  for (const action of [
    'receipt.downloaded',
    'application.information_requested',
    'attachment.downloaded',
    'note.added',
    'application.decision_sent',
  ]) {
    assert.ok(actions.includes(action), action);
  }
  assert.deepEqual((await verifyAudit(database.db)).ok, true);
});

test('requests and decisions outside the graph, forged templates and unsafe PDFs are refused', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const db = database.owner;
  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const id = await sendOsterfeuer(citizen);
  const row = () =>
    db
      .selectFrom('application')
      .select(['status', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const clerk = (
    await signedInStaff(app, started, {
      authority: 'samtgemeinde-soegel',
      email: 'sachbearbeitung@soegel.example',
    })
  ).browser;
  const detail = await clerk.get(`/verwaltung/antraege/${id}`);
  const version = versionIn(detail.body);

  // Submitted: neither a request nor a decision is along the graph yet.
  const early = await clerk.post(`/verwaltung/antraege/${id}/nachforderung`, {
    message: 'Bitte Lageplan.',
    dueOn: '',
    version,
  });
  assert.equal(early.statusCode, 409);
  assert.match(early.body, /Dieser Statuswechsel ist nicht vorgesehen/);
  const decision = (content: Buffer, v = version) =>
    clerk.postMultipart(
      `/verwaltung/antraege/${id}/bescheid`,
      { outcome: 'completed', note: '', version: v },
      [{ field: 'decision', name: 'bescheid.pdf', type: 'application/pdf', content }],
    );
  const tooEarly = await decision(pdfFile());
  assert.equal(tooEarly.statusCode, 409);
  assert.match(tooEarly.body, /Dieser Statuswechsel ist nicht vorgesehen/);

  // A PDF that runs a script, a forged outcome, a forged version: refused.
  const script = '<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>';
  const active = await decision(pdfFile({ catalog: '/OpenAction 5 0 R', objects: [script] }));
  assert.equal(active.statusCode, 422);
  assert.match(active.body, /enthält aktive Inhalte/);
  const outcome = await clerk.postMultipart(
    `/verwaltung/antraege/${id}/bescheid`,
    { outcome: 'withdrawn', note: '', version },
    [{ field: 'decision', name: 'b.pdf', type: 'application/pdf', content: pdfFile() }],
  );
  assert.equal(outcome.statusCode, 422);
  assert.match(outcome.body, /Bitte wählen Sie: abschließen oder ablehnen/);
  assert.equal((await decision(pdfFile(), 'abc')).statusCode, 404);

  // Templates: a forged id is refused on "Einfügen", in both forms; nothing is sent.
  for (const path of ['nachforderung', 'status']) {
    const forged = await clerk.post(`/verwaltung/antraege/${id}/${path}`, {
      template: '00000000-0000-4000-8000-000000000000',
      aktion: 'einfuegen',
      message: '',
      note: '',
      status: 'received',
      dueOn: '',
      version,
    });
    assert.equal(forged.statusCode, 422, path);
    assert.match(forged.body, /Diesen Textbaustein gibt es für diesen Antrag nicht/);
  }
  assert.equal(
    (await clerk.get(`/verwaltung/antraege/${id}/postfach/not-a-uuid`)).statusCode,
    404,
    'a forged file id',
  );
  assert.deepEqual(await row(), { status: 'submitted', version: 1 });
  const notes = await db.selectFrom('application_note').select('id').execute();
  assert.equal(notes.length, 0);
});

test('Textbausteine: an admin edits and deletes them; another authority cannot touch them', async (t) => {
  const started = await startApp(t);
  const { app, database } = started;
  const admin = (
    await signedInStaff(app, started, {
      authority: 'samtgemeinde-soegel',
      email: 'admin@soegel.example',
      role: 'authority_admin',
    })
  ).browser;
  await admin.get('/verwaltung/textbausteine');
  await admin.post('/verwaltung/textbausteine', {
    title: 'Unterschrift fehlt',
    body: 'Bitte unterschreiben Sie {Aktenzeichen}.',
    service: '',
    status: '',
  });
  const { id } = await database.owner
    .selectFrom('reply_template')
    .select('id')
    .executeTakeFirstOrThrow();
  await admin.get('/verwaltung/textbausteine');
  const tooLong = await admin.post(`/verwaltung/textbausteine/${id}`, {
    title: 'x'.repeat(121),
    body: 'Text',
    service: '',
    status: '',
  });
  assert.equal(tooLong.statusCode, 422);
  assert.match(tooLong.body, /Der Titel ist zu lang \(höchstens 120 Zeichen\)/);
  const edited = await admin.post(`/verwaltung/textbausteine/${id}`, {
    title: 'Unterschrift fehlt noch',
    body: 'Bitte unterschreiben Sie.',
    service: '',
    status: 'action_required',
  });
  assert.equal(edited.statusCode, 303);
  assert.match((await admin.get('/verwaltung/textbausteine')).body, /Unterschrift fehlt noch/);

  const lingen = (
    await signedInStaff(app, started, {
      authority: 'lingen-ems',
      email: 'admin@lingen.example',
      role: 'authority_admin',
    })
  ).browser;
  const theirs = await lingen.get('/verwaltung/textbausteine');
  assert.doesNotMatch(theirs.body, /Unterschrift fehlt/);
  const forged = await lingen.post(`/verwaltung/textbausteine/${id}`, {
    title: 'Gekapert',
    body: 'x',
    service: '',
    status: '',
  });
  assert.equal(forged.statusCode, 404);
  assert.equal((await lingen.post(`/verwaltung/textbausteine/${id}/loeschen`, {})).statusCode, 404);
  const kept = await database.owner
    .selectFrom('reply_template')
    .select('title')
    .executeTakeFirstOrThrow();
  assert.equal(kept.title, 'Unterschrift fehlt noch');

  const deleted = await admin.post(`/verwaltung/textbausteine/${id}/loeschen`, {});
  assert.equal(deleted.statusCode, 303);
  assert.match((await admin.get(String(deleted.headers.location))).body, /gelöscht/);
  assert.equal(
    (await database.owner.selectFrom('reply_template').select('id').execute()).length,
    0,
  );
});
