// The back-channel /api/v1 over real HTTP (the portal listening on 127.0.0.1): a receiving
// system with its route's credential sets status, posts a message and a decision PDF to the
// citizen's Postfach and acknowledges receipt; strangers, bad input and cookies are refused
// with a JSON error and change nothing; FIT-Connect callbacks bring the event log forward.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import test from 'node:test';
import { sql } from 'kysely';
import { startTestApp, TEST_PUBLIC_URL } from '../app/testing.ts';
import { seedCatalogDemo } from '../catalog/seed.ts';
import { startFitconnectService } from '../delivery/connectors/fitconnect/testing.ts';
import { createOutboxWorker } from '../delivery/outbox.ts';
import { fakeLoad, memoryLog, sendApplication } from '../delivery/testing.ts';
import { pdfFile } from '../files/testing.ts';
import { createAccount } from '../mailbox/testing.ts';
import { apiCredentialCommand } from './cli.ts';
import { API_PATHS, type OPENAPI_DOCUMENT } from './openapi.ts';

const SECRET = 'w'.repeat(40);

async function setup(t: test.TestContext, routeType: 'webhook' | 'fitconnect' = 'webhook') {
  const portal = await startTestApp(t);
  const { services, database, verbundId } = portal;
  await seedCatalogDemo(database.owner, verbundId);
  const directory = await services.tenancy.directory();
  const soegel = directory.bySlug.get('samtgemeinde-soegel');
  const other = directory.bySlug.get('stadt-papenburg') ?? [...directory.bySlug.values()][1];
  assert.ok(soegel && other && other.id !== soegel.id);
  const serviceRow = await database.owner
    .selectFrom('online_service')
    .select('id')
    .where('key', '=', 'osterfeuer-anmelden')
    .executeTakeFirstOrThrow();
  await portal.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(portal.app.server.address() as AddressInfo).port}`;
  const fitconnect = routeType === 'fitconnect' ? await startFitconnectService(t) : undefined;
  const { id: routeId } = await services.delivery.routes.add({
    authoritySlug: soegel.slug,
    name: 'fachverfahren',
    type: routeType,
    config:
      fitconnect === undefined
        ? { url: 'http://127.0.0.1:9/hook', secrets: [SECRET] }
        : fitconnect.config({
            callbackSecret: SECRET,
          }),
  });
  const lines: string[] = [];
  const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
  assert.equal(
    await apiCredentialCommand(
      database.db,
      ['issue', soegel.slug, 'fachverfahren', 'OK.FV Sögel'],
      io,
    ),
    0,
  );
  const token = lines.at(-1) as string;
  assert.match(token, /^rn1\./);
  const send = async (authorityId = soegel.id, withAccount = true) => {
    const id = await sendApplication(database, {
      verbundId,
      authorityId,
      serviceId: serviceRow.id,
    });
    if (withAccount) {
      const account = await createAccount(
        database.owner,
        verbundId,
        `antrag-${id.slice(0, 8)}@example.org`,
      );
      await database.owner
        .updateTable('application')
        .set({ account_id: account })
        .where('id', '=', id)
        .execute();
    }
    return id;
  };
  const call = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const application = (id: string) =>
    database.owner
      .selectFrom('application')
      .select(['status', 'account_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const audit = async () =>
    (
      await database.owner
        .selectFrom('audit_entry')
        .select(['action', 'subject_id', 'staff_id'])
        .where('chain_id', '=', soegel.id)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);
  return {
    ...portal,
    base,
    soegel,
    other,
    routeId,
    token,
    send,
    call,
    application,
    audit,
    fitconnect,
    lines,
    io,
  };
}

test('api: the receiving system acknowledges, sets status, writes to the Postfach; all audited', async (t) => {
  const s = await setup(t);
  const id = await s.send();

  const doc = await fetch(`${s.base}/api/v1/openapi.json`);
  assert.equal(doc.status, 200);
  const openapi = (await doc.json()) as typeof OPENAPI_DOCUMENT;
  assert.equal(openapi.openapi, '3.1.0');
  for (const [method, path] of API_PATHS) {
    assert.ok(
      (openapi.paths as Record<string, Record<string, unknown>>)[path]?.[method],
      `${method} ${path} described`,
    );
  }

  let res = await s.call(`/applications/${id}/receipt`, { reference: 'AZ 32-2026/17' });
  assert.equal(res.status, 200, await res.clone().text());
  const delivery = await s.database.owner
    .selectFrom('delivery')
    .select(['status', 'receiver_reference'])
    .where('application_id', '=', id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(delivery, { status: 'delivered', receiver_reference: 'AZ 32-2026/17' });
  assert.equal((await s.application(id)).status, 'received');
  const event = await s.database.owner
    .selectFrom('application_event')
    .select(['actor', 'note'])
    .where('application_id', '=', id)
    .where('status', '=', 'received')
    .executeTakeFirstOrThrow();
  assert.deepEqual(event, {
    actor: 'connector',
    note: 'Aktenzeichen der Verwaltung: AZ 32-2026/17',
  });
  // The same acknowledgement again is fine; another reference is a conflict.
  assert.equal(
    (await s.call(`/applications/${id}/receipt`, { reference: 'AZ 32-2026/17' })).status,
    200,
  );
  res = await s.call(`/applications/${id}/receipt`, { reference: 'AZ anders' });
  assert.equal(res.status, 409);

  res = await s.call(`/applications/${id}/status`, {
    status: 'processing',
    note: 'Wir prüfen den Lageplan.',
  });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await s.application(id)).status, 'processing');

  res = await s.call(`/applications/${id}/messages`, {
    body: 'Bitte reichen Sie noch den Lageplan nach.',
  });
  assert.equal(res.status, 200, await res.clone().text());

  res = await s.call(`/applications/${id}/documents`, {
    fileName: 'Bescheid.pdf',
    contentBase64: pdfFile().toString('base64'),
    body: 'Ihr Bescheid liegt bei.',
  });
  assert.equal(res.status, 200, await res.clone().text());
  const { rows } = await sql<{ messages: number; files: number }>`
    select (select count(*)::int from mailbox_message m where m.thread_id = th.id) as messages,
      (select count(*)::int from mailbox_attachment f join mailbox_message m on m.id = f.message_id
        where m.thread_id = th.id) as files
    from mailbox_thread th where th.application_id = ${id}`.execute(s.database.owner);
  // received, processing (status notices), the message, the document.
  assert.deepEqual(rows, [{ messages: 4, files: 1 }]);

  assert.deepEqual(
    (await s.audit()).filter((a) => a.startsWith('api.')),
    [
      'api.receipt_acknowledged',
      'api.receipt_acknowledged',
      'api.status_changed',
      'api.message_posted',
      'api.document_posted',
    ],
  );
});

test('api: strangers, cookies and bad input get a JSON error and change nothing', async (t) => {
  const s = await setup(t);
  const id = await s.send();
  const foreign = await s.send(s.other.id);
  const anonymous = await s.send(s.soegel.id, false);
  const expectError = async (res: Response, status: number, code: string) => {
    assert.equal(res.status, status);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, code);
    assert.ok(body.error.message.length > 10, 'a message a person can act on');
    return body;
  };

  await expectError(
    await s.call(`/applications/${id}/status`, { status: 'processing' }, { authorization: '' }),
    401,
    'unauthorized',
  );
  await expectError(
    await s.call(
      `/applications/${id}/status`,
      { status: 'processing' },
      { authorization: `Bearer ${s.token.slice(0, -2)}xx` },
    ),
    401,
    'unauthorized',
  );
  await expectError(
    await s.call(
      `/applications/${id}/status`,
      { status: 'processing' },
      { cookie: 'rn_session=abc' },
    ),
    400,
    'cookies_not_accepted',
  );
  // Another authority's application, or an id that does not exist: the same 404.
  await expectError(
    await s.call(`/applications/${foreign}/status`, { status: 'processing' }),
    404,
    'not_found',
  );
  await expectError(
    await s.call('/applications/not-a-uuid/status', { status: 'processing' }),
    404,
    'not_found',
  );
  assert.equal((await s.application(foreign)).status, 'submitted');

  await expectError(
    await s.call(`/applications/${id}/status`, { status: 'withdrawn' }),
    400,
    'bad_request',
  );
  await expectError(
    await s.call(`/applications/${id}/status`, { status: 'processing', note: 'x'.repeat(501) }),
    400,
    'bad_request',
  );
  await expectError(
    await s.call(`/applications/${id}/status`, { status: 'processing', extra: 1 }),
    400,
    'bad_request',
  );
  await expectError(
    await s.call(`/applications/${id}/status`, '{"status": "processing"'),
    400,
    'invalid_json',
  );
  assert.equal((await s.application(id)).status, 'submitted');

  await expectError(
    await s.call(`/applications/${id}/documents`, {
      fileName: 'Bescheid.pdf',
      contentBase64: Buffer.from('MZ not a pdf').toString('base64'),
      body: 'x',
    }),
    422,
    'not_pdf',
  );
  await expectError(
    await s.call(`/applications/${id}/documents`, {
      fileName: 'Bescheid.pdf',
      contentBase64: '%%%%',
      body: 'x',
    }),
    400,
    'invalid_base64',
  );
  const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
  big.write('%PDF-1.7');
  await expectError(
    await s.call(`/applications/${id}/documents`, {
      fileName: 'Bescheid.pdf',
      contentBase64: big.toString('base64'),
      body: 'x',
    }),
    413,
    'too_large',
  );
  await expectError(
    await s.call(`/applications/${anonymous}/messages`, { body: 'Hallo' }),
    409,
    'no_postfach',
  );
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from mailbox_message`.execute(
    s.database.owner,
  );
  assert.equal(rows[0]?.n, 0, 'nothing reached any Postfach');

  // Closed is final: the connectors' graph (authorityMayChange) refuses to reopen.
  assert.equal((await s.call(`/applications/${id}/status`, { status: 'completed' })).status, 200);
  await expectError(
    await s.call(`/applications/${id}/status`, { status: 'processing' }),
    409,
    'transition_not_allowed',
  );

  // Revoked: refused from then on.
  const credentialId = s.token.split('.')[2] as string;
  assert.equal(
    await apiCredentialCommand(s.database.db, ['revoke', s.soegel.slug, credentialId], s.io),
    0,
  );
  await expectError(
    await s.call(`/applications/${id}/status`, { status: 'processing' }),
    401,
    'unauthorized',
  );
  assert.ok(
    (await s.audit()).includes('api.call_refused'),
    'the probe for a foreign application is audited',
  );
});

test('api: calls beyond the limit per credential are refused with 429', async (t) => {
  const s = await setup(t);
  const answers = await Promise.all(Array.from({ length: 125 }, () => s.call('/openapi.json')));
  const limited = answers.filter((r) => r.status === 429);
  assert.ok(limited.length >= 1, 'the 121st call in a minute is refused');
  const body = (await limited[0]?.json()) as { error: { code: string } };
  assert.equal(body.error.code, 'rate_limited');
});

test('api: a signed FIT-Connect callback brings the accept forward; forged ones do nothing', async (t) => {
  const s = await setup(t, 'fitconnect');
  const service = s.fitconnect;
  assert.ok(service);
  service.faults.verdict = 'none';
  const id = await s.send();
  const worker = createOutboxWorker({
    db: s.database.db,
    connectors: s.services.delivery.connectors,
    keyring: s.services.config.applicationKeys,
    // The application's own authority, as the applications domain loads it.
    load: async (applicationId) => ({
      ...(await fakeLoad(applicationId)),
      authority: { id: s.soegel.id, name: s.soegel.name },
    }),
    log: memoryLog(),
  });
  await worker.runOnce();
  const row = () =>
    s.database.owner
      .selectFrom('delivery')
      .select(['status', 'next_attempt_at'])
      .where('application_id', '=', id)
      .executeTakeFirstOrThrow();
  const waiting = await row();
  assert.equal(waiting.status, 'pending');
  assert.ok(waiting.next_attempt_at.getTime() > Date.now() + 30_000);
  const [submission] = [...service.submissions.values()];
  assert.ok(submission);
  assert.deepEqual(
    submission.callback,
    {
      url: `${TEST_PUBLIC_URL}/api/v1/fitconnect/callbacks/${s.soegel.id}/${s.routeId}`,
      secret: SECRET,
    },
    'the route’s callback URL and secret went with the announcement',
  );
  await service.decide(submission, 'accept');

  const url = `${s.base}/api/v1/fitconnect/callbacks/${s.soegel.id}/${s.routeId}`;
  let res = await service.sendCallback(url, 'z'.repeat(40), submission.caseId);
  assert.equal(res.status, 401, 'wrong secret');
  res = await service.sendCallback(
    url,
    SECRET,
    submission.caseId,
    Math.floor(Date.now() / 1000) - 301,
  );
  assert.equal(res.status, 401, 'older than five minutes');
  assert.equal(
    (await row()).next_attempt_at.getTime(),
    waiting.next_attempt_at.getTime(),
    'nothing nudged',
  );

  res = await service.sendCallback(url, SECRET, submission.caseId);
  assert.equal(res.status, 200, await res.clone().text());
  assert.ok((await row()).next_attempt_at.getTime() <= Date.now(), 'due now');
  await worker.runOnce();
  assert.equal((await row()).status, 'delivered');
  assert.ok((await s.audit()).includes('api.fitconnect_callback'));
});
