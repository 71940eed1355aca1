// The citizen-side policies at SQL level, as app_user with only `app.account_id` set: what a
// citizen's transaction could do if the application code forgot a check.
import assert from 'node:assert/strict';
import test from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { TestBrowser } from '../app/testing.ts';
import type { DB } from '../db/schema.ts';
import { citizenInSoegel, completeOsterfeuer, startApp } from '../drafts/testing.ts';

const APPLICATION_URL = /^\/antraege\/([0-9a-f-]{36})\?gesendet=1$/;

async function send(browser: TestBrowser, draftId: string): Promise<string> {
  await browser.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  const sent = await browser.post(`/antraege/entwuerfe/${draftId}/pruefen`, {
    _declaration: 'yes',
  });
  const id = APPLICATION_URL.exec(String(sent.headers.location))?.[1];
  assert.ok(id, `sent, not ${sent.statusCode} ${String(sent.headers.location)}`);
  return id;
}

function asCitizen<T>(
  db: Kysely<DB>,
  accountId: string,
  fn: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.account_id', ${accountId}, true),
                     set_config('role', 'app_user', true)`.execute(trx);
    return fn(trx);
  });
}

const accountOf = async (db: Kysely<DB>, email: string) =>
  (await db.selectFrom('account').select('id').where('email', '=', email).executeTakeFirstOrThrow())
    .id;

test('a citizen inserts a withdrawal event only into their own withdrawn application', async (t) => {
  const { app, smtp, database, services } = await startApp(t);
  const db = database.owner;
  const hanna = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const hannasId = await send(hanna, await completeOsterfeuer(hanna));
  const otto = await citizenInSoegel(app, smtp, 'otto@example.org');
  const ottosId = await send(otto, await completeOsterfeuer(otto));
  const ottoAccount = await accountOf(db, 'otto@example.org');
  const hannasRow = await db
    .selectFrom('application')
    .select(['authority_id'])
    .where('id', '=', hannasId)
    .executeTakeFirstOrThrow();
  const insertEvent = (applicationId: string) =>
    asCitizen(db, ottoAccount, (trx) =>
      sql`insert into application_event (application_id, authority_id, account_id, status, actor)
          values (${applicationId}, ${hannasRow.authority_id}, ${ottoAccount}, 'withdrawn', 'citizen')`.execute(
        trx,
      ),
    );
  const events = async (id: string) =>
    (
      await db
        .selectFrom('application_event')
        .select('status')
        .where('application_id', '=', id)
        .execute()
    ).map((e) => e.status);

  // Otto's event into Hanna's application: refused, Hanna's history unchanged.
  const before = await events(hannasId);
  await assert.rejects(insertEvent(hannasId), /row-level security/);
  assert.deepEqual(await events(hannasId), before);
  // Into his own, still open application: refused too (the withdrawal comes first).
  await assert.rejects(insertEvent(ottosId), /row-level security/);

  // The real withdrawal still writes its event.
  await services.applications.withdraw(ottoAccount, ottosId);
  assert.equal((await events(ottosId)).at(-1), 'withdrawn');
});

test('a citizen cannot withdraw a closed application nor cut its retention short', async (t) => {
  const { app, smtp, database, services } = await startApp(t);
  const db = database.owner;
  const hanna = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const account = await accountOf(db, 'hanna@example.org');
  const closedId = await send(hanna, await completeOsterfeuer(hanna));
  const openId = await send(hanna, await completeOsterfeuer(hanna));
  const { authority_id: authorityId } = await db
    .selectFrom('application')
    .select('authority_id')
    .where('id', '=', closedId)
    .executeTakeFirstOrThrow();
  await services.applications.changeStatus({
    authorityId,
    applicationId: closedId,
    status: 'completed',
    actor: 'authority',
  });
  const row = (id: string) =>
    db
      .selectFrom('application')
      .select(['status', 'retain_until'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const completed = await row(closedId);

  // A closed application: the policy does not even see it as a row to update.
  const reopened = await asCitizen(db, account, (trx) =>
    sql`update application set status = 'withdrawn', closed_at = now(),
          retain_until = now() - interval '1 day' where id = ${closedId}`.execute(trx),
  );
  assert.equal(Number(reopened.numAffectedRows ?? 0), 0);
  assert.deepEqual(await row(closedId), completed);

  // An open one withdrawn with a retention date in the past, or without one: refused.
  for (const retainUntil of [sql`now() - interval '1 day'`, sql`null`, sql`now()`]) {
    await assert.rejects(
      asCitizen(db, account, (trx) =>
        sql`update application set status = 'withdrawn', status_changed_at = now(),
              closed_at = now(), retain_until = ${retainUntil} where id = ${openId}`.execute(trx),
      ),
      /row-level security/,
    );
  }
  assert.equal((await row(openId)).status, 'submitted');

  // The real withdrawal keeps it for the service's retention period.
  await services.applications.withdraw(account, openId);
  const withdrawn = await row(openId);
  assert.equal(withdrawn.status, 'withdrawn');
  assert.ok(
    withdrawn.retain_until && withdrawn.retain_until.getTime() > Date.now() + 25 * 86_400_000,
  );
});
