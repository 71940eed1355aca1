// The inbox's counts per status come from counters a trigger keeps (ADR 0034), not from
// counting rows: over HTTP on a real database, they follow every write that adds, moves or
// removes an application (the citizen's submission and withdrawal, the clerk's status change
// and request for information, the citizen's answer, the worker's retention purge), an
// assignment leaves them as they are, a refused or rolled-back change does not touch them,
// and after every step they equal COUNT(*) over the rows. Lingen's clerk counts none of it,
// and the counters of Sögel are refused to Lingen at SQL level as the runtime role.
import assert from 'node:assert/strict';
import test from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { TestBrowser } from '../app/testing.ts';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { citizenInSoegel, sendOsterfeuer, startApp } from '../drafts/testing.ts';
import { pdfFile } from '../files/testing.ts';
import { authorityId } from '../mailbox/testing.ts';
import { signedInStaff } from './testing.ts';

const LABELS = {
  Alle: 'all',
  Eingereicht: 'submitted',
  Eingegangen: 'received',
  'In Bearbeitung': 'processing',
  'Mitwirkung angefordert': 'action_required',
  Abgeschlossen: 'completed',
  Abgelehnt: 'rejected',
  Zurückgezogen: 'withdrawn',
} as const;
type Counted = (typeof LABELS)[keyof typeof LABELS];

/** The counts as the clerk reads them at the top of the inbox, the non-zero ones. */
async function countsShown(browser: TestBrowser): Promise<Partial<Record<Counted, number>>> {
  const page = await browser.get('/verwaltung');
  assert.equal(page.statusCode, 200);
  const section = /<section[^>]*aria-labelledby="counts-heading">([\s\S]*?)<\/section>/.exec(
    page.body,
  )?.[1];
  assert.ok(section, 'the inbox shows its counts');
  const shown: Partial<Record<Counted, number>> = {};
  for (const m of section.matchAll(/>([^<>()]+) \(([0-9]+)\)<\/a>/g)) {
    const key = LABELS[m[1] as keyof typeof LABELS];
    assert.ok(key, `a known label: ${m[1]}`);
    if (Number(m[2]) > 0) shown[key] = Number(m[2]);
  }
  return shown;
}

/** The counters equal COUNT(*) over the applications, for every authority and service. */
async function assertCountersMatchRows(owner: Kysely<DB>, step: string) {
  const { rows } = await sql<{ authority_id: string; online_service_id: string; status: string }>`
    select coalesce(c.authority_id, a.authority_id) as authority_id,
      coalesce(c.online_service_id, a.online_service_id) as online_service_id,
      coalesce(c.status, a.status) as status, coalesce(c.n, 0)::int as counted,
      coalesce(a.n, 0)::int as rows
    from application_status_count c
    full join (select authority_id, online_service_id, status, count(*) as n from application
      group by 1, 2, 3) a using (authority_id, online_service_id, status)
    where coalesce(c.n, 0) <> coalesce(a.n, 0)`.execute(owner);
  assert.deepEqual(rows, [], `counters equal the rows after: ${step}`);
}

const versionIn = (page: string) => /name="version" value="([0-9]+)"/.exec(page)?.[1] ?? '';

test('the inbox counts follow submission, status changes, answers, withdrawal and retention', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database, services } = started;
  const owner = database.owner;
  const clerk = (
    await signedInStaff(app, started, {
      authority: 'samtgemeinde-soegel',
      email: 'sachbearbeitung@soegel.example',
      name: 'Gerda Kuhl',
    })
  ).browser;
  const lingen = (
    await signedInStaff(app, started, {
      authority: 'lingen-ems',
      email: 'sachbearbeitung@lingen.example',
    })
  ).browser;
  assert.deepEqual(await countsShown(clerk), {}, 'nothing yet');

  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const first = await sendOsterfeuer(citizen);
  const second = await sendOsterfeuer(citizen);
  assert.deepEqual(await countsShown(clerk), { all: 2, submitted: 2 });
  await assertCountersMatchRows(owner, 'two submissions');

  const move = async (id: string, status: string) => {
    const detail = await clerk.get(`/verwaltung/antraege/${id}`);
    return clerk.post(`/verwaltung/antraege/${id}/status`, {
      status,
      note: '',
      version: versionIn(detail.body),
    });
  };
  assert.equal((await move(first, 'received')).statusCode, 303);
  assert.deepEqual(await countsShown(clerk), { all: 2, submitted: 1, received: 1 });
  assert.equal((await move(first, 'processing')).statusCode, 303);
  assert.deepEqual(await countsShown(clerk), { all: 2, submitted: 1, processing: 1 });
  await assertCountersMatchRows(owner, 'two status changes');

  // A change the graph refuses changes no count.
  assert.equal((await move(second, 'completed')).statusCode, 409);
  assert.deepEqual(await countsShown(clerk), { all: 2, submitted: 1, processing: 1 });

  // Asking the citizen for information, and the citizen's answer in the Postfach.
  const detail = await clerk.get(`/verwaltung/antraege/${first}`);
  const asked = await clerk.post(`/verwaltung/antraege/${first}/nachforderung`, {
    message: 'Bitte reichen Sie den Lageplan nach.',
    dueOn: '',
    version: versionIn(detail.body),
  });
  assert.equal(asked.statusCode, 303);
  assert.deepEqual(await countsShown(clerk), { all: 2, submitted: 1, action_required: 1 });
  const { id: threadId } = await owner
    .selectFrom('mailbox_thread')
    .select('id')
    .where('application_id', '=', first)
    .executeTakeFirstOrThrow();
  const answered = await citizen.postMultipart(
    `/postfach/${threadId}/antwort`,
    { body: 'Anbei der Lageplan.' },
    [{ name: 'lageplan.pdf', type: 'application/pdf', content: pdfFile({ text: 'Lageplan' }) }],
  );
  assert.equal(answered.statusCode, 303);
  assert.deepEqual(await countsShown(clerk), { all: 2, submitted: 1, processing: 1 });
  await assertCountersMatchRows(owner, 'request for information and answer');

  // Taking the work is no status change.
  const taken = await clerk.post(`/verwaltung/antraege/${first}/zuweisung`, { assignee: 'mir' });
  assert.equal(taken.statusCode, 303);
  assert.deepEqual(await countsShown(clerk), { all: 2, submitted: 1, processing: 1 });

  assert.equal((await move(first, 'rejected')).statusCode, 303);
  const withdrawn = await citizen.post(`/antraege/${second}/zurueckziehen`, {
    bestaetigung: 'yes',
  });
  assert.equal(withdrawn.statusCode, 303);
  assert.deepEqual(await countsShown(clerk), { all: 2, rejected: 1, withdrawn: 1 });
  await assertCountersMatchRows(owner, 'rejection and withdrawal');

  // A change rolled back leaves the counters as they were.
  await assert.rejects(
    owner.transaction().execute(async (trx) => {
      await trx
        .updateTable('application')
        .set({ status: 'processing' })
        .where('id', '=', first)
        .execute();
      throw new Error('rolled back');
    }),
    /rolled back/,
  );
  assert.deepEqual(await countsShown(clerk), { all: 2, rejected: 1, withdrawn: 1 });

  // Lingen counts none of it; its staff cannot read Sögel's counters in the database either.
  assert.deepEqual(await countsShown(lingen), {});
  const soegel = await authorityId(owner, 'samtgemeinde-soegel');
  const lingenId = await authorityId(owner, 'lingen-ems');
  const seenByLingen = await withAuthority(database.db, lingenId, (trx) =>
    trx
      .selectFrom('application_status_count')
      .select('n')
      .where('authority_id', '=', soegel)
      .execute(),
  );
  assert.deepEqual(seenByLingen, []);

  // Retention: the worker deletes both once their period has passed; nothing is counted.
  await owner
    .updateTable('application')
    .set({ retain_until: new Date(Date.now() - 1000) })
    .where('authority_id', '=', soegel)
    .execute();
  assert.equal((await services.applications.purgeExpired()).length, 2);
  assert.deepEqual(await countsShown(clerk), {});
  await assertCountersMatchRows(owner, 'retention');
});
