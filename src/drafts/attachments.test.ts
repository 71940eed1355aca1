// Form attachments over HTTP on a real database (PGlite, or PostgreSQL with DATABASE_URL): the
// anonymous Mängel melden photo, the Hund anmelden evidence (several PDFs), the limits, the
// bad files of the issue, other owners, and the real ClamAV daemon (src/files/testing.ts).
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import test from 'node:test';
import type { Kysely } from 'kysely';
import { browserFor, signedInCitizen, type TestBrowser, type UploadFile } from '../app/testing.ts';
import type { DB } from '../db/schema.ts';
import { SEAL_OVERHEAD } from '../envelope/envelope.ts';
import { rowsHolding } from '../envelope/testing.ts';
import { NotFoundError } from '../errors.ts';
import {
  EICAR,
  freePort,
  jpegFile,
  pdfFile,
  pngFile,
  startClamd,
  zipBomb,
  zipFile,
} from '../files/testing.ts';
import { hundDog, hundKeeper, maengelPlace, maengelProblem } from '../forms/testing.ts';
import { createTenancy } from '../tenancy/service.ts';
import { createFormAttachments } from './attachments.ts';
import { createDrafts } from './service.ts';
import { postStep, revisionOf, startApp, startDraft, stepUrl, storedDraft } from './testing.ts';

const MAENGEL = '/leistungen/99089014014000/antrag?gemeinde=03454035';
const HUND = '/leistungen/99102013000000/antrag?gemeinde=03454035';

/** Loads the step and posts it as multipart with files, as the browser does for file steps. */
async function postFiles(
  browser: TestBrowser,
  id: string,
  step: string,
  form: Record<string, string>,
  files: UploadFile[],
) {
  const page = await browser.get(stepUrl(id, step));
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /enctype="multipart\/form-data"/);
  return browser.postMultipart(
    stepUrl(id, step),
    { _revision: revisionOf(page.body), ...form },
    files,
  );
}

/** An anonymous browser with a Mängel draft at Meppen, on the photo step. */
async function maengelOnPhotoStep(app: Parameters<typeof browserFor>[0]) {
  const browser = browserFor(app);
  const { id } = await startDraft(browser, MAENGEL);
  assert.equal((await postStep(browser, id, 'mangel', maengelProblem)).statusCode, 303);
  assert.equal((await postStep(browser, id, 'ort', maengelPlace)).statusCode, 303);
  return { browser, id };
}

const photo = (content: Buffer, name = 'schlagloch.png'): UploadFile => ({
  name,
  type: 'image/png',
  content,
  field: 'photo',
});

async function rows(db: Kysely<DB>, draftId?: string) {
  let query = db
    .selectFrom('form_attachment')
    .select([
      'id',
      'draft_id',
      'field_id',
      'file_name',
      'media_type',
      'size',
      'sha256',
      'scan_status',
      'scanned_at',
      'content',
    ]);
  if (draftId) query = query.where('draft_id', '=', draftId);
  return query.orderBy('created_at').execute();
}

/** The message next to the field, as the page shows it (tags stripped). */
function fieldError(body: string, fieldId: string): string {
  const match = new RegExp(`<p class="kern-error" id="${fieldId}-error">(.*?)</p>`, 's').exec(body);
  assert.ok(match, `an error at ${fieldId}`);
  return (match[1] ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

test('Mängel melden anonymously with a photo: stored with the draft, listed, on the check page', async (t) => {
  const { app, database, keyring } = await startApp(t);
  const db = database.owner;
  const { browser, id } = await maengelOnPhotoStep(app);
  const image = pngFile(640, 480);
  const res = await postFiles(browser, id, 'foto-und-kontakt', { wantsReply: 'no' }, [
    photo(image, 'Schlagloch Kirchstraße.png'),
  ]);
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  assert.equal(res.headers.location, `/antraege/entwuerfe/${id}/pruefen`);

  const [stored, ...more] = await rows(db, id);
  assert.ok(stored);
  assert.equal(more.length, 0);
  assert.equal(stored.file_name, 'Schlagloch Kirchstraße.png');
  assert.equal(stored.media_type, 'image/png');
  assert.equal(stored.size, image.length);
  // Sealed under the draft's key (ADR 0012): the row holds none of the photo's bytes.
  assert.equal(stored.content.length, image.length + SEAL_OVERHEAD);
  assert.equal(await rowsHolding(db, 'form_attachment', image.subarray(16, 64)), 0);
  assert.equal(await rowsHolding(db, 'draft', 'Schlagloch Kirchstraße'), 0);
  assert.match(stored.sha256, /^[0-9a-f]{64}$/);
  // No scanner configured: stored, and recorded as not scanned.
  assert.equal(stored.scan_status, 'unscanned');
  assert.equal(stored.scanned_at, null);
  const { answers } = await storedDraft(db, keyring, id);
  assert.deepEqual(answers.photo, [
    { id: stored.id, name: 'Schlagloch Kirchstraße.png', size: image.length, type: 'image/png' },
  ]);

  const check = await browser.get(`/antraege/entwuerfe/${id}/pruefen`);
  assert.equal(check.statusCode, 200);
  assert.match(check.body, /<li>Schlagloch Kirchstraße\.png <span class="kern-body--muted">\(/);
  // Back on the step the file is listed with its remove button.
  const again = await browser.get(stepUrl(id, 'foto-und-kontakt'));
  assert.match(again.body, new RegExp(`name="_remove" value="${stored.id}"`));

  // The applications domain reads the files with their bytes, as the draft's owner.
  const key = browser.jar.get('draft');
  assert.ok(key);
  const files = await createFormAttachments(db, keyring).withContent({ anonymousKey: key }, id);
  assert.equal(files.length, 1);
  assert.deepEqual(Buffer.from(files[0]?.content ?? []), image);
  assert.equal(files[0]?.fieldId, 'photo');
  // Discarding the draft discards its files.
  await browser.get(stepUrl(id, 'foto-und-kontakt'));
  const removed = await browser.post(`/antraege/entwuerfe/${id}/loeschen`, {});
  assert.equal(removed.statusCode, 303);
  assert.equal((await rows(db, id)).length, 0);
});

test('upload without continuing, list, remove with the button (CSRF checked); one-file fields replace', async (t) => {
  const { app, database, keyring } = await startApp(t);
  const db = database.owner;
  const { browser, id } = await maengelOnPhotoStep(app);
  const first = await postFiles(browser, id, 'foto-und-kontakt', { _upload: 'photo' }, [
    photo(jpegFile(), 'erstes.jpg'),
  ]);
  assert.equal(first.statusCode, 200);
  assert.match(first.body, /„erstes\.jpg“ wurde hochgeladen\./);
  assert.match(first.body, /<span class="form-file-name">erstes\.jpg<\/span>/);
  const [one] = await rows(db, id);
  assert.ok(one);
  // The step is not completed by uploading: the check page is not reachable yet.
  const check = await browser.get(`/antraege/entwuerfe/${id}/pruefen`);
  assert.equal(check.statusCode, 303);

  // A second photo in the one-photo field takes the first one's place.
  const second = await postFiles(browser, id, 'foto-und-kontakt', { _upload: 'photo' }, [
    photo(pngFile(), 'zweites.png'),
  ]);
  assert.equal(second.statusCode, 200);
  const after = await rows(db, id);
  assert.deepEqual(
    after.map((r) => r.file_name),
    ['zweites.png'],
  );
  const kept = after[0]?.id ?? '';

  // Removing needs the form's token.
  const page = await browser.get(stepUrl(id, 'foto-und-kontakt'));
  const forged = await browser.postMultipart(
    stepUrl(id, 'foto-und-kontakt'),
    { _revision: revisionOf(page.body), _remove: kept },
    [],
    null,
  );
  assert.equal(forged.statusCode, 403);
  assert.equal((await rows(db, id)).length, 1);

  const removed = await browser.postMultipart(stepUrl(id, 'foto-und-kontakt'), {
    _revision: revisionOf(page.body),
    _remove: kept,
    wantsReply: 'yes',
  });
  assert.equal(removed.statusCode, 200);
  assert.match(removed.body, /„zweites\.png“ wurde entfernt\./);
  assert.doesNotMatch(removed.body, /form-file-name/);
  // What was typed on the page is shown again.
  assert.match(removed.body, /id="wantsReply-yes" name="wantsReply" value="yes" checked/);
  assert.equal((await rows(db, id)).length, 0);
  assert.deepEqual((await storedDraft(db, keyring, id)).answers.photo, []);
});

test('bad files are refused at the field with a German message, nothing stored', async (t) => {
  const { app, database, keyring } = await startApp(t);
  const db = database.owner;
  const { browser, id } = await maengelOnPhotoStep(app);
  const before = await storedDraft(db, keyring, id);
  const exe = Buffer.from(
    'MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode.',
    'latin1',
  );
  const cases: [string, UploadFile, RegExp, number][] = [
    [
      'an executable renamed',
      photo(exe, 'foto.png'),
      /„foto\.png“ hat keinen erlaubten Dateityp \(erlaubt: JPEG, PNG\)\. Maßgeblich ist der Inhalt/,
      422,
    ],
    [
      'a PDF where photos are asked',
      photo(pdfFile(), 'scan.png'),
      /keinen erlaubten Dateityp \(erlaubt: JPEG, PNG\)/,
      422,
    ],
    [
      'a zip bomb renamed',
      photo(zipBomb(), 'bild.png'),
      /keinen erlaubten Dateityp \(erlaubt: JPEG, PNG\)/,
      422,
    ],
    [
      'a PNG with a ZIP appended',
      photo(Buffer.concat([pngFile(), zipFile([{ name: 'a.js', content: Buffer.from('x') }])])),
      /enthält außer dem Dokument weitere Inhalte/,
      422,
    ],
    [
      'a JPEG with a payload after its end',
      photo(Buffer.concat([jpegFile(), exe]), 'x.jpg'),
      /weitere Inhalte/,
      422,
    ],
    [
      'an image bomb',
      photo(pngFile(100_000, 100_000), 'riesig.png'),
      /„riesig\.png“ ist zu groß \(höchstens 20\.000 Pixel/,
      422,
    ],
    [
      'a truncated image',
      photo(pngFile().subarray(0, 40), 'kaputt.png'),
      /beschädigt oder verschlüsselt/,
      422,
    ],
    ['an empty file', photo(Buffer.alloc(0), 'leer.png'), /„leer\.png“ ist leer/, 422],
    [
      'more than the field allows (10 MB)',
      photo(Buffer.concat([pngFile(), Buffer.alloc(10 * 1024 * 1024)]), 'gross.png'),
      /„gross\.png“ ist größer als 10 MB/,
      413,
    ],
  ];
  for (const [what, file, message, status] of cases) {
    const res = await postFiles(browser, id, 'foto-und-kontakt', { wantsReply: 'no' }, [file]);
    assert.equal(res.statusCode, status, what);
    assert.match(fieldError(res.body, 'photo'), message, what);
    // In the error summary too, linking to the field.
    assert.match(res.body, /<a class="kern-link" href="#photo">/, what);
    assert.equal((await rows(db)).length, 0, what);
    assert.deepEqual(await storedDraft(db, keyring, id), before, `${what}: the draft is unchanged`);
  }
});

test('file names lose paths, control characters and bidi overrides, and are escaped', async (t) => {
  const { app, database } = await startApp(t);
  const { browser, id } = await maengelOnPhotoStep(app);
  const res = await postFiles(browser, id, 'foto-und-kontakt', { _upload: 'photo' }, [
    photo(pngFile(), '<img src=x onerror=alert(1)>\u202egnp.exe\u0007.png'),
  ]);
  assert.equal(res.statusCode, 200);
  const [row] = await rows(database.owner, id);
  assert.equal(row?.file_name, '_img src=x onerror=alert(1)_gnp.exe.png');
  assert.doesNotMatch(res.body, /<img src=x/);
  assert.match(res.body, /_img src=x onerror=alert\(1\)_gnp\.exe\.png/);
  // busboy drops the directories browsers never send; the sanitiser would drop them too.
  const pathy = await postFiles(browser, id, 'foto-und-kontakt', { _upload: 'photo' }, [
    photo(pngFile(), '..\\..\\Windows\\System32\\foto.png'),
  ]);
  assert.equal(pathy.statusCode, 200);
  assert.equal((await rows(database.owner, id))[0]?.file_name, 'foto.png');
});

test("another browser's or citizen's attachment id is not found, and nothing is removed", async (t) => {
  const { app, database, smtp, keyring } = await startApp(t);
  const db = database.owner;
  const a = await maengelOnPhotoStep(app);
  await postFiles(a.browser, a.id, 'foto-und-kontakt', { _upload: 'photo' }, [photo(pngFile())]);
  const [theirs] = await rows(db, a.id);
  assert.ok(theirs);

  // Another anonymous browser, with its own draft, names the first one's file.
  const b = await maengelOnPhotoStep(app);
  const page = await b.browser.get(stepUrl(b.id, 'foto-und-kontakt'));
  const res = await b.browser.postMultipart(stepUrl(b.id, 'foto-und-kontakt'), {
    _revision: revisionOf(page.body),
    _remove: theirs.id,
  });
  assert.equal(res.statusCode, 404);
  // A malformed id is simply not found either.
  await b.browser.get(stepUrl(b.id, 'foto-und-kontakt'));
  const junk = await b.browser.postMultipart(stepUrl(b.id, 'foto-und-kontakt'), {
    _revision: revisionOf(page.body),
    _remove: "1' or '1'='1",
  });
  assert.equal(junk.statusCode, 404);
  // Posting to the first browser's draft is not theirs to post to.
  const intrude = await b.browser.postMultipart(stepUrl(a.id, 'foto-und-kontakt'), {
    _remove: theirs.id,
  });
  assert.notEqual(intrude.statusCode, 200);
  assert.equal((await rows(db, a.id)).length, 1);

  // The API for the applications domain answers the owner only.
  const keyB = b.browser.jar.get('draft') ?? '';
  const attachments = createFormAttachments(db, keyring);
  await assert.rejects(attachments.list({ anonymousKey: keyB }, a.id), NotFoundError);
  const citizen = await signedInCitizen(app, smtp, 'fremd@example.org');
  void citizen;
  const account = await db
    .selectFrom('account')
    .select('id')
    .where('email', '=', 'fremd@example.org')
    .executeTakeFirstOrThrow();
  await assert.rejects(attachments.withContent({ accountId: account.id }, a.id), NotFoundError);
  const keyA = a.browser.jar.get('draft') ?? '';
  assert.equal((await attachments.list({ anonymousKey: keyA }, a.id)).length, 1);
});

/** A signed-in citizen's Hund draft with a listed dog, on the evidence step. */
async function hundOnEvidenceStep(
  app: Parameters<typeof browserFor>[0],
  smtp: Parameters<typeof signedInCitizen>[1],
) {
  const browser = await signedInCitizen(app, smtp, 'anna.schmidt@example.org');
  const { id } = await startDraft(browser, HUND);
  const posts: [string, Record<string, string>][] = [
    ['halter', hundKeeper],
    // The app checks against the real clock, not TODAY: a keeping date already past.
    ['hund', { ...hundDog, 'keptSince-month': '10', 'keptSince-year': '2026' }],
    ['steuer', { listedDog: 'yes', reductionRequested: 'no' }],
  ];
  for (const [step, form] of posts) {
    const res = await postStep(browser, id, step, form);
    assert.equal(res.statusCode, 303, `${step}: ${res.body.slice(0, 2000)}`);
  }
  return { browser, id };
}

const proof = (name: string, content = pdfFile()): UploadFile => ({
  name,
  type: 'application/pdf',
  content,
  field: 'listedDogProof',
});

test('Hund anmelden: several PDFs, the per-application limit, PDFs with active content, hidden fields', async (t) => {
  // Small limits so the test moves kilobytes, not megabytes; the field may not raise them.
  const { app, database, smtp } = await startApp(t, {
    uploadLimits: { fileBytes: 40_000, applicationBytes: 100_000 },
  });
  const db = database.owner;
  const { browser, id } = await hundOnEvidenceStep(app, smtp);
  const page = await browser.get(stepUrl(id, 'nachweise'));
  // The hint names the configured limit, not the field's 20 MB default.
  assert.match(page.body, /höchstens 3 Dateien mit je höchstens 39 KB/);

  const pad = (kb: number) => pdfFile({ text: 'x'.repeat(kb * 1024) });
  const two = await postFiles(browser, id, 'nachweise', { _upload: 'listedDogProof' }, [
    proof('Erlaubnis.pdf', pad(30)),
    proof('Sachkunde.pdf', pad(30)),
  ]);
  assert.equal(two.statusCode, 200);
  assert.equal((await rows(db, id)).length, 2);

  // Over the configured per-file limit: cut while streaming.
  const big = await postFiles(browser, id, 'nachweise', { _upload: 'listedDogProof' }, [
    proof('gross.pdf', pad(50)),
  ]);
  assert.equal(big.statusCode, 413);
  assert.match(fieldError(big.body, 'listedDogProof'), /„gross\.pdf“ ist größer als 39 KB/);
  // 60 KB stored, 30 more pass the per-file limit but not the 98 KB per application.
  const total = await postFiles(browser, id, 'nachweise', { _upload: 'listedDogProof' }, [
    proof('Wesenstest.pdf', pad(38)),
  ]);
  assert.equal(total.statusCode, 413);
  assert.match(
    fieldError(total.body, 'listedDogProof'),
    /Alle Dateien dieses Antrags zusammen dürfen höchstens 97,7 KB|höchstens 98 KB/,
  );
  assert.equal((await rows(db, id)).length, 2);

  const js = '<< /Type /Action /S /JavaScript /JS (app.launchURL\\("https://example.org"\\)) >>';
  const active: [string, Buffer][] = [
    ['JavaScript', pdfFile({ catalog: '/OpenAction 5 0 R', objects: [js] })],
    ['JavaScript compressed', pdfFile({ catalog: '/OpenAction 5 0 R', compressed: [js] })],
    [
      'Launch',
      pdfFile({ catalog: '/OpenAction 5 0 R', objects: ['<< /S /Launch /F (calc.exe) >>'] }),
    ],
    [
      'EmbeddedFile',
      pdfFile({
        catalog: '/Names << /EmbeddedFiles 5 0 R >>',
        objects: [
          '<< /Names [(x.exe) 6 0 R] >>',
          '<< /Type /EmbeddedFile /Length 0 >>\nstream\n\nendstream',
        ],
      }),
    ],
  ];
  for (const [what, content] of active) {
    const res = await postFiles(browser, id, 'nachweise', { _upload: 'listedDogProof' }, [
      proof('Erlaubnis2.pdf', content),
    ]);
    assert.equal(res.statusCode, 422, what);
    assert.match(
      fieldError(res.body, 'listedDogProof'),
      /enthält Skripte, Links, Formularfunktionen, automatische Aktionen oder eingebettete Dateien/,
      what,
    );
  }
  const polyglot = await postFiles(browser, id, 'nachweise', { _upload: 'listedDogProof' }, [
    proof(
      'doppelt.pdf',
      Buffer.concat([pdfFile(), zipFile([{ name: 'x.html', content: Buffer.from('<script>') }])]),
    ),
  ]);
  assert.equal(polyglot.statusCode, 422);
  assert.match(fieldError(polyglot.body, 'listedDogProof'), /weitere Inhalte/);
  const bomb = await postFiles(browser, id, 'nachweise', { _upload: 'listedDogProof' }, [
    proof('Nachweis.pdf', zipBomb().subarray(0, 30_000)),
  ]);
  assert.equal(bomb.statusCode, 422);
  assert.match(
    fieldError(bomb.body, 'listedDogProof'),
    /„Nachweis\.pdf“ hat keinen erlaubten Dateityp \(erlaubt: PDF, JPEG, PNG\)/,
  );
  assert.equal((await rows(db, id)).length, 2);

  // Continue: the step is complete with two files.
  const done = await postFiles(browser, id, 'nachweise', {}, []);
  assert.equal(done.statusCode, 303);
  // No listed dog after all: the evidence no longer applies, and its files go with it.
  assert.equal(
    (await postStep(browser, id, 'steuer', { listedDog: 'no', reductionRequested: 'no' }))
      .statusCode,
    303,
  );
  assert.equal((await rows(db, id)).length, 0);
});

test('a 200 MB upload is cut off while streaming: a 413 page, bounded memory, nothing stored', async (t) => {
  const { app, database } = await startApp(t);
  const { browser, id } = await maengelOnPhotoStep(app);
  const page = await browser.get(stepUrl(id, 'foto-und-kontakt'));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const boundary = '----rathausnetz200mb';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.csrf()}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="_revision"\r\n\r\n${revisionOf(page.body)}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="riesig.png"\r\nContent-Type: image/png\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = 200 * 1024 * 1024;
  const chunk = Buffer.concat([pngFile(), Buffer.alloc(1024 * 1024 - pngFile().length, 0x41)]);
  const cookie = [...browser.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 20);
  const started = Date.now();
  const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: stepUrl(id, 'foto-und-kontakt'),
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + size + tail.length,
          cookie,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end(tail);
    };
    req.write(head);
    pump();
  });
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  const grown = (rssPeak - rssBefore) / 1024 / 1024;
  t.diagnostic(
    `200 MB upload answered in ${seconds.toFixed(1)} s; RSS grew by ${grown.toFixed(0)} MB at most`,
  );
  assert.equal(response.status, 413);
  assert.match(fieldError(response.body, 'photo'), /„riesig\.png“ ist größer als 10 MB/);
  // Buffered: at most the field's 10 MB, not the 200 MB sent. The sender shares this process
  // and the garbage collector runs when it likes, so the bound leaves room (85 MB was seen
  // under load); holding the whole upload would grow by more than its 200 MB.
  assert.ok(grown < 150, `RSS grew by ${grown} MB`);
  assert.equal((await rows(database.owner)).length, 0);
});

test('with clamd configured: clean files are marked clean, infected ones refused', async (t) => {
  const clamd = await startClamd(t, 'unix');
  const { app, database, keyring } = await startApp(t, { clamdUrl: clamd });
  const db = database.owner;
  const { browser, id } = await maengelOnPhotoStep(app);

  // EICAR in a PNG text chunk: a valid image that every scanner reports.
  const infected = pngFile(4, 3, [
    { type: 'tEXt', data: Buffer.concat([Buffer.from('Comment\0'), EICAR]) },
  ]);
  const refused = await postFiles(browser, id, 'foto-und-kontakt', { wantsReply: 'no' }, [
    photo(infected, 'foto.png'),
  ]);
  assert.equal(refused.statusCode, 422);
  assert.match(
    fieldError(refused.body, 'photo'),
    /In der Datei „foto\.png“ wurde Schadsoftware gefunden\. Sie wurde nicht gespeichert/,
  );
  assert.equal((await rows(db)).length, 0);

  const clean = await postFiles(browser, id, 'foto-und-kontakt', { wantsReply: 'no' }, [
    photo(pngFile(), 'foto.png'),
  ]);
  assert.equal(clean.statusCode, 303);
  const [row] = await rows(db, id);
  assert.equal(row?.scan_status, 'clean');
  assert.ok(row?.scanned_at instanceof Date);

  // An expired draft is purged by the worker, its files with it.
  const later = new Date(Date.now() + 31 * 24 * 60 * 60 * 1000);
  const drafts = createDrafts({ db, tenancy: createTenancy(db), keyring, now: () => later });
  assert.equal(await drafts.purgeExpired(), 1);
  assert.equal((await rows(db)).length, 0);
});

test('with clamd configured but unreachable: a 503 message at the field, nothing stored', async (t) => {
  const { app, database, keyring } = await startApp(t, {
    clamdUrl: `tcp://127.0.0.1:${await freePort()}`,
  });
  const { browser, id } = await maengelOnPhotoStep(app);
  const before = await storedDraft(database.owner, keyring, id);
  const res = await postFiles(browser, id, 'foto-und-kontakt', { wantsReply: 'no' }, [
    photo(pngFile(), 'foto.png'),
  ]);
  assert.equal(res.statusCode, 503);
  assert.match(
    fieldError(res.body, 'photo'),
    /Die Virenprüfung ist gerade nicht erreichbar, deshalb konnten wir „foto\.png“ nicht annehmen/,
  );
  assert.equal((await rows(database.owner)).length, 0);
  assert.deepEqual(await storedDraft(database.owner, keyring, id), before);
  // Without a file the step goes through: only uploads need the scanner.
  const without = await postFiles(browser, id, 'foto-und-kontakt', { wantsReply: 'no' }, []);
  assert.equal(without.statusCode, 303);
});
