// The demo's applications, so a newcomer can walk the back office's whole loop at once: the
// demo citizen (Erika Mustermann, Sögel) has sent four Osterfeuer applications to the
// Samtgemeinde Sögel, one still submitted, one in processing, one waiting for her answer to a
// request for information, and one completed with its decision in her Postfach. Built with
// the domains' own use cases (drafts, sending, processing), as a citizen and a clerk would.
// Here, in the composition root, because it uses several domains' services at once.
import type { Kysely } from 'kysely';
import { demoDecisionPdf } from '../backoffice/demo-decision.ts';
import type { DB } from '../db/schema.ts';
import { DEMO_CITIZEN } from '../demo/seed.ts';
import { checkFile } from '../files/accept.ts';
import type { Services } from './services.ts';

const OSTERFEUER = '99063010000000';

const STEPS = (n: number) =>
  [
    [
      'veranstalter',
      {
        organiserKind: 'person',
        givenName: 'Erika',
        familyName: 'Mustermann',
        'organiserAddress-street': 'Clemens-August-Straße',
        'organiserAddress-houseNumber': '8',
        'organiserAddress-postcode': '49751',
        'organiserAddress-place': 'Sögel',
        organiserPhone: '05952 0000',
        organiserEmail: DEMO_CITIZEN.email,
      },
    ],
    [
      'zeit-und-ort',
      {
        'fireDate-day': String(20 + n),
        'fireDate-month': '3',
        'fireDate-year': '2027',
        startTime: '19:00',
        endTime: '23:00',
        locationKind: 'address',
        'locationAddress-street': 'Am Sportplatz',
        'locationAddress-houseNumber': String(n + 1),
        'locationAddress-postcode': '49751',
        'locationAddress-place': 'Sögel',
        landOwner: 'yes',
      },
    ],
    [
      'sicherheit',
      {
        distanceBuildings: '120',
        distanceRoads: '40',
        materialConfirmed: 'yes',
        fireWatchName: 'Bernd Mustermann',
        fireWatchPhone: '0170 1234567',
        extinguishing: 'water',
      },
    ],
    ['besucher', { expectedVisitors: '40', publicEvent: 'no' }],
  ] as const;

/**
 * The demo citizen's account id, read by the migrating (owner) connection: the runtime role
 * sees no account row it does not act for (ADR 0021).
 */
export async function demoCitizenId(ownerDb: Kysely<DB>): Promise<string | undefined> {
  const account = await ownerDb
    .selectFrom('account')
    .select('id')
    .where('email', '=', DEMO_CITIZEN.email)
    .executeTakeFirst();
  return account?.id;
}

/** Seeds the four applications; does nothing when the demo citizen has any already. */
export async function seedDemoCases(s: Services, accountId: string | undefined): Promise<number> {
  if (accountId === undefined) return 0;
  const owner = { accountId };
  if ((await s.applications.list(accountId)).length > 0) return 0;

  const sent: { id: string; authorityId: string; reference: string }[] = [];
  for (let n = 0; n < 4; n++) {
    const started = await s.drafts.start(OSTERFEUER, owner, { ags: '03454047' });
    if (started.kind !== 'draft') return 0;
    let draft = started.draft;
    for (const [step, body] of STEPS(n)) {
      const saved = await s.drafts.saveStep(owner, draft.id, step, body, draft.revision, 'de');
      if (saved.kind !== 'saved') throw new Error(`demo draft step ${step}: ${saved.kind}`);
      draft = saved.draft;
    }
    // As Erika's password session would send it (trust level basic), shown to the clerk.
    const submitted = await s.applications.submit(owner, draft.id, 'de', { trustLevel: 'basic' });
    const detail = await s.applications.detail(owner, submitted.id);
    sent.push({
      id: submitted.id,
      authorityId: detail.application.authority_id,
      reference: submitted.reference,
    });
  }

  const move = async (i: number, ...statuses: ('received' | 'processing')[]) => {
    const a = sent[i];
    if (a === undefined) return;
    for (const status of statuses) {
      await s.applications.changeStatus({
        authorityId: a.authorityId,
        applicationId: a.id,
        status,
        actor: 'authority',
        strict: true,
      });
    }
  };
  const versionOf = async (i: number) => {
    const a = sent[i];
    if (a === undefined) return 0;
    return (await s.applications.detailForAuthority(a.authorityId, a.id)).application.version;
  };
  await move(1, 'received', 'processing');
  await move(2, 'received', 'processing');
  await move(3, 'received', 'processing');
  const asked = sent[2];
  if (asked !== undefined) {
    await s.applications.requestInformation({
      authorityId: asked.authorityId,
      applicationId: asked.id,
      expectedVersion: await versionOf(2),
      message:
        'Bitte senden Sie uns einen Lageplan, auf dem der Abstand zum nächsten Gebäude eingezeichnet ist.',
      dueOn: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    });
  }
  const done = sent[3];
  if (done !== undefined) {
    const pdf = await demoDecisionPdf(done.reference, 'Samtgemeinde Sögel');
    const checked = checkFile(
      { fileName: 'bescheid.pdf', content: pdf },
      { accept: ['application/pdf'], maxBytes: 10 * 1024 * 1024 },
    );
    if (!checked.ok) throw new Error(`demo decision refused: ${checked.reason}`);
    await s.applications.decide({
      authorityId: done.authorityId,
      applicationId: done.id,
      expectedVersion: await versionOf(3),
      outcome: 'completed',
      note: 'Wir wünschen ein schönes Osterfeuer.',
      file: { ...checked.file, scanStatus: 'unscanned' },
    });
  }
  return sent.length;
}
