// The e-mail connector through the outbox worker to the real SMTP test server: delivered only
// once the server accepted it, a refused recipient rejected, a server away retried, and files
// over the limit never cut short: left in the portal with a link, or (oversize: refuse) the
// delivery refused without sending anything.
import assert from 'node:assert/strict';
import test from 'node:test';
import { createMailer } from '../../../mail/mailer.ts';
import { parseMail, startSmtp } from '../../../mail/testing.ts';
import type { DeliverableApplication } from '../../deliverable.ts';
import { createOutboxWorker } from '../../outbox.ts';
import { createRouteSettings } from '../../route-settings.ts';
import { deliveryTestDb, fakeLoad, memoryLog, sendApplication } from '../../testing.ts';
import { createRegistry } from '../registry.ts';
import { createEmailConnector } from './connector.ts';

const PORTAL = 'https://portal.emsland.example';

/** The mail's first MIME part (the text), decoded. */
function textPart(raw: Buffer): string {
  const all = raw.toString('latin1');
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(all)?.[1] ?? '';
  const part = all.split(`--${boundary}`)[1] ?? '';
  return parseMail(Buffer.from(part.replace(/^\r\n/, ''), 'latin1')).body;
}

/**
 * The worker's load: the fixed application with a site plan of 64 bytes beside the 16-byte
 * receipt, and two answers, one of them confirmed by BundID.
 */
async function withSitePlan(id: string): Promise<DeliverableApplication> {
  const application = await fakeLoad(id);
  const content = Buffer.alloc(64, 0x25);
  return {
    ...application,
    sections: [
      {
        title: 'Veranstalterin oder Veranstalter',
        entries: [
          { fieldId: 'givenName', label: 'Vorname', lines: ['Erika'] },
          { fieldId: 'familyName', label: 'Familienname', lines: ['Musterfrau'] },
        ],
      },
    ],
    confirmed: { givenName: 'BundID' },
    attachments: [
      {
        id: '00000000-0000-4000-8000-0000000000aa',
        fieldId: 'sitePlan',
        name: 'lageplan.pdf',
        mediaType: 'application/pdf',
        size: content.byteLength,
        sha256: 'y',
        content,
      },
    ],
  };
}

async function setup(t: test.TestContext, smtpOptions: Parameters<typeof startSmtp>[1] = {}) {
  const ctx = await deliveryTestDb(t);
  const smtp = await startSmtp(t, smtpOptions);
  const connectors = createRegistry([createEmailConnector(smtp.mailer, PORTAL)]);
  const settings = createRouteSettings({ ...ctx, db: ctx.database.db, connectors });
  const worker = createOutboxWorker({
    db: ctx.database.db,
    connectors,
    keyring: ctx.keyring,
    load: withSitePlan,
    log: memoryLog(),
  });
  const route = (config: Record<string, unknown>) =>
    settings.add({
      authoritySlug: ctx.authority.slug,
      name: 'postfach-ordnungsamt',
      type: 'email',
      config,
    });
  const send = () =>
    sendApplication(ctx.database, {
      verbundId: ctx.verbundId,
      authorityId: ctx.authority.id,
      serviceId: ctx.service.id,
    });
  const delivery = (id: string) =>
    ctx.database.owner
      .selectFrom('delivery')
      .selectAll()
      .where('application_id', '=', id)
      .executeTakeFirstOrThrow();
  return { ...ctx, smtp, worker, route, send, delivery };
}

test('e-mail: the receipt, a JSON copy and the answers reach the office’s mailbox', async (t) => {
  const s = await setup(t);
  await s.route({ to: 'ordnungsamt@soegel.example' });
  const id = await s.send();
  assert.equal(await s.worker.runOnce(), 1);
  const row = await s.delivery(id);
  assert.equal(row.status, 'delivered');
  assert.equal(row.receiver_reference, `delivery.${row.idempotency_key}`);
  assert.equal(s.smtp.received.length, 1);
  const mail = s.smtp.received[0];
  assert.ok(mail);
  assert.deepEqual(mail.rcptTo, ['ordnungsamt@soegel.example']);
  const raw = mail.raw.toString('latin1');
  assert.match(
    raw,
    new RegExp(
      `Message-ID:\\s+<delivery\\.${row.idempotency_key}@portal\\.emsland\\.example>`,
      'i',
    ),
  );
  assert.match(raw, /filename=Eingangsbestaetigung\.pdf|filename="Eingangsbestaetigung\.pdf"/);
  assert.ok(
    raw.includes(Buffer.from('%PDF-1.7 receipt').toString('base64')),
    'the receipt is attached',
  );
  assert.match(raw, /Content-Type: application\/json/i);
  assert.match(raw, /Antrag-EL-2026-000001\.json/);
  // What BundID confirmed and the citizen sent unchanged says so; what she changed does not.
  const text = textPart(mail.raw);
  assert.match(text, /^Vorname: Erika \(bestätigt über BundID\)$/m);
  assert.match(text, /^Familienname: Musterfrau$/m);
});

test('e-mail: a mailbox the server refuses is a rejection', async (t) => {
  const s = await setup(t, {
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('gone@')) {
        const error = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        callback(error);
      } else callback();
    },
  });
  await s.route({ to: 'gone@soegel.example' });
  const id = await s.send();
  await s.worker.runOnce();
  const row = await s.delivery(id);
  assert.equal(row.status, 'rejected');
  assert.match(row.last_error ?? '', /SMTP 550/);
  assert.doesNotMatch(row.last_error ?? '', /gone@/, 'no address in what is shown and logged');
});

test('e-mail: the SMTP server down means later, not lost', async (t) => {
  const ctx = await deliveryTestDb(t);
  // A mailer to a port nothing listens on.
  const mailer = createMailer({
    smtpUrl: 'smtp://127.0.0.1:1',
    from: 'portal@emsland.example',
    env: 'test',
  });
  t.after(() => mailer.close());
  const connectors = createRegistry([createEmailConnector(mailer)]);
  await createRouteSettings({ ...ctx, db: ctx.database.db, connectors }).add({
    authoritySlug: ctx.authority.slug,
    name: 'postfach',
    type: 'email',
    config: { to: 'ordnungsamt@soegel.example' },
  });
  const id = await sendApplication(ctx.database, {
    verbundId: ctx.verbundId,
    authorityId: ctx.authority.id,
    serviceId: ctx.service.id,
  });
  await createOutboxWorker({
    db: ctx.database.db,
    connectors,
    keyring: ctx.keyring,
    load: withSitePlan,
    log: memoryLog(),
  }).runOnce();
  const row = await ctx.database.owner
    .selectFrom('delivery')
    .selectAll()
    .where('application_id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(row.status, 'pending');
  assert.match(row.last_error ?? '', /mail delivery failed: ECONNECTION|ESOCKET/);
});

test('e-mail: files over the limit stay in the portal, the mail names them and links the application', async (t) => {
  const s = await setup(t);
  // The receipt fits alone, not with the file.
  await s.route({ to: 'ordnungsamt@soegel.example', maxBytes: 20 });
  const id = await s.send();
  assert.equal(await s.worker.runOnce(), 1);
  const row = await s.delivery(id);
  assert.equal(row.status, 'delivered');
  const mail = s.smtp.received[0];
  assert.ok(mail, 'the mail went');
  const text = textPart(mail.raw);
  assert.match(text, /zusammen zu groß für eine E-Mail und liegen nur im Portal:\n- /);
  assert.match(text, new RegExp(`herunterladen: ${PORTAL}/verwaltung/antraege/${id}`));
  const raw = mail.raw.toString('latin1');
  assert.ok(raw.includes(Buffer.from('%PDF-1.7 receipt').toString('base64')), 'the receipt');
  assert.ok(!/filename="?lageplan/i.test(raw), 'the file is not attached, not even in part');
});

test('e-mail: with oversize refuse, files over the limit refuse the delivery, nothing is sent', async (t) => {
  const s = await setup(t);
  await s.route({ to: 'ordnungsamt@soegel.example', maxBytes: 10, oversize: 'refuse' });
  const id = await s.send();
  await s.worker.runOnce();
  const row = await s.delivery(id);
  assert.equal(row.status, 'rejected');
  assert.match(
    row.last_error ?? '',
    /exceed the route's e-mail limit of 10 bytes; nothing was sent/,
  );
  assert.equal(s.smtp.received.length, 0);
});
