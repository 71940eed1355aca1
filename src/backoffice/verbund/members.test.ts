// "Administration des Verbunds": the Verbund's admins see who administers the Verbund, invite
// another admin by mail, and lock or unlock another admin's access, audited in the Verbund's
// chain. Nobody locks their own access, and the Verbund never loses its last active admin,
// even when two admins lock each other at the same moment (409 with the reason). Other staff
// get 403.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { verifyAudit } from '../../audit/service.ts';
import type { DB } from '../../db/schema.ts';
import { startApp } from '../../drafts/testing.ts';
import { ForbiddenError } from '../../errors.ts';
import type { StaffSession } from '../staff.ts';
import { signedInStaff } from '../testing.ts';
import { LockRefusedError } from './office.ts';

const HREF = '/verwaltung/verbund/administration';

/** The session an admin's request read before anything below changed it. */
async function sessionOf(owner: Kysely<DB>, email: string): Promise<StaffSession> {
  const s = await owner
    .selectFrom('staff')
    .select(['id', 'verbund_id', 'email', 'display_name'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return {
    tokenHash: 'read-before',
    staffId: s.id,
    verbundId: s.verbund_id,
    email: s.email,
    displayName: s.display_name,
    stage: 'active',
    totpConfirmed: true,
    memberships: [
      { authorityId: null, authorityName: null, role: 'verbund_admin', serviceIds: null },
    ],
    current: undefined,
    expiresAt: new Date(Date.now() + 3_600_000),
  };
}

const lockedAt = async (owner: Kysely<DB>, staffId: string) =>
  (
    await owner
      .selectFrom('staff_membership')
      .select('disabled_at')
      .where('staff_id', '=', staffId)
      .where('authority_id', 'is', null)
      .where('role', '=', 'verbund_admin')
      .executeTakeFirstOrThrow()
  ).disabled_at;

test('the Verbund admins list, invite and lock each other, never themselves', async (t) => {
  const started = await startApp(t);
  const { app, database, smtp } = started;
  const owner = database.owner;
  const vera = await signedInStaff(app, started, {
    authority: null,
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
    name: 'Vera Verbund',
  });
  const max = await signedInStaff(app, started, {
    authority: null,
    email: 'max@emsland.example',
    role: 'verbund_admin',
    name: 'Max Mitverwalter',
  });
  const ids = await owner.selectFrom('staff').select(['id', 'email']).execute();
  const idOf = (email: string) => ids.find((r) => r.email === email)?.id ?? '';
  const veraId = idOf(vera.email);
  const maxId = idOf(max.email);

  const home = await vera.browser.get('/verwaltung');
  assert.match(
    home.body,
    /href="\/verwaltung\/verbund\/administration">Administration des Verbunds</,
  );
  const list = await vera.browser.get(HREF);
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /<h1 class="kern-heading-large">Administration des Verbunds<\/h1>/);
  assert.match(
    list.body,
    /scope="row">Max Mitverwalter<\/th>\s*<td class="kern-table__cell">max@emsland\.example<\/td>\s*<td class="kern-table__cell">\d+\. \w+ \d{4}<\/td>\s*<td class="kern-table__cell">Aktiv<\/td>/,
  );
  assert.match(list.body, /scope="row">Vera Verbund<\/th>[\s\S]*?Ihr eigener Zugang/);
  assert.doesNotMatch(list.body, /Zugang sperren: Vera Verbund/, 'no button for oneself');
  assert.match(list.body, /aria-label="Zugang sperren: Max Mitverwalter"/);

  // Invited by mail; oneself and a bad address are refused with the reason.
  const self = await vera.browser.post(HREF, { inviteEmail: vera.email, inviteName: 'Vera' });
  assert.equal(self.statusCode, 422);
  assert.match(self.body, /href="#inviteEmail">Sie verwalten den Verbund bereits/);
  const bad = await vera.browser.post(HREF, { inviteEmail: 'kein-at', inviteName: 'Nina' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#inviteEmail">Bitte geben Sie eine gültige E-Mail/);
  const invited = await vera.browser.post(HREF, {
    inviteEmail: 'nina@emsland.example',
    inviteName: 'Nina Neu',
  });
  assert.equal(invited.statusCode, 200);
  assert.match(invited.body, /Die Einladung wurde per E-Mail an nina@emsland\.example gesendet/);
  assert.doesNotMatch(invited.body, /verwaltung\/einladung\//, 'the link only in the mail');
  assert.match(
    invited.body,
    /scope="row">Nina Neu<\/th>(?:\s*<td[^>]*>[^<]*<\/td>){2}\s*<td class="kern-table__cell">Eingeladen<\/td>/,
    'no access before the invitation is taken up',
  );
  const mail = await smtp.lastMailTo('nina@emsland.example');
  assert.match(mail.body, /\/verwaltung\/einladung\/[\w-]{43}/);
  const nina = await owner
    .selectFrom('staff_membership as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(['m.role', 'm.authority_id'])
    .where('s.email', '=', 'nina@emsland.example')
    .execute();
  assert.deepEqual(nina, [{ role: 'verbund_admin', authority_id: null }]);

  // Max locked: from his next request on he has no Verbund office; Vera's own access stays.
  const lockMax = `${HREF}/${maxId}/sperren`;
  assert.equal((await vera.browser.post(lockMax, {}, false)).statusCode, 403, 'no CSRF token');
  const locked = await vera.browser.post(lockMax, {});
  assert.equal(locked.statusCode, 200);
  assert.match(
    locked.body,
    /Der Zugang von Max Mitverwalter zur Verwaltung des Verbunds ist gesperrt\./,
  );
  assert.match(locked.body, /aria-label="Zugang wieder freigeben: Max Mitverwalter"/);
  assert.ok((await lockedAt(owner, maxId)) instanceof Date);
  assert.notEqual((await max.browser.get('/verwaltung/behoerden')).statusCode, 200);

  const lockSelf = await vera.browser.post(`${HREF}/${veraId}/sperren`, {});
  assert.equal(lockSelf.statusCode, 409);
  assert.match(lockSelf.body, /Ihren eigenen Zugang können Sie nicht sperren/);
  assert.equal(await lockedAt(owner, veraId), null);

  // Nobody else's membership here: unknown and malformed ids, an auditor is no admin.
  const auditor = await signedInStaff(app, started, {
    authority: null,
    email: 'pruefung@emsland.example',
    role: 'auditor',
  });
  const auditorId = (await sessionOf(owner, auditor.email)).staffId;
  for (const id of ['00000000-0000-4000-8000-000000000000', '1;drop', auditorId]) {
    assert.equal((await vera.browser.post(`${HREF}/${id}/sperren`, {})).statusCode, 404, id);
  }

  const freed = await vera.browser.post(`${HREF}/${maxId}/freigeben`, {});
  assert.equal(freed.statusCode, 200);
  assert.match(freed.body, /Der Zugang von Max Mitverwalter ist wieder freigegeben\./);
  assert.equal(await lockedAt(owner, maxId), null);

  // Audited in the Verbund's chain, by Vera; the chain holds.
  const entries = await owner
    .selectFrom('audit_entry')
    .select(['action', 'chain_id', 'authority_id', 'staff_id', 'subject_id'])
    .where('action', 'in', ['staff.deactivated', 'staff.reactivated'])
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    entries,
    ['staff.deactivated', 'staff.reactivated'].map((action) => ({
      action,
      chain_id: started.verbundId,
      authority_id: null,
      staff_id: veraId,
      subject_id: maxId,
    })),
  );
  assert.equal((await verifyAudit(owner)).ok, true);

  // Other staff: no page, no lock.
  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
  });
  const refused = await clerk.browser.get(HREF);
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /nur Mitarbeitende mit der Rolle Verbundverwaltung/);
  assert.equal((await clerk.browser.post(lockMax, {})).statusCode, 403);
  assert.equal(await lockedAt(owner, maxId), null);
});

test('two admins locking each other at once leave the Verbund one active admin', async (t) => {
  const started = await startApp(t);
  const { app, database, services } = started;
  const owner = database.owner;
  for (const [email, name] of [
    ['vera@emsland.example', 'Vera'],
    ['max@emsland.example', 'Max'],
  ] as const) {
    await signedInStaff(app, started, { authority: null, email, role: 'verbund_admin', name });
  }
  // Both requests read their sessions before either lock is written.
  const vera = await sessionOf(owner, 'vera@emsland.example');
  const max = await sessionOf(owner, 'max@emsland.example');
  const office = services.verbundOffice;
  await office.setMemberLocked(vera, 'verbund_admin', max.staffId, true, null);
  await assert.rejects(
    office.setMemberLocked(max, 'verbund_admin', vera.staffId, true, null),
    (error) => error instanceof LockRefusedError && error.reason === 'lastAdmin',
  );
  assert.equal(await lockedAt(owner, vera.staffId), null, 'Vera still administers');

  // With a third admin, a lock by one who was locked meanwhile is refused as theirs no more.
  await signedInStaff(app, started, {
    authority: null,
    email: 'nina@emsland.example',
    role: 'verbund_admin',
  });
  await assert.rejects(
    office.setMemberLocked(max, 'verbund_admin', vera.staffId, true, null),
    ForbiddenError,
  );
  assert.equal(await lockedAt(owner, vera.staffId), null);
  // Unlocking needs no count: Vera frees Max again.
  await office.setMemberLocked(vera, 'verbund_admin', max.staffId, false, null);
  assert.equal(await lockedAt(owner, max.staffId), null);
});
