// Test support for deliveries: a seeded database, applications written by the same delivery
// CTE the submission uses, a real HTTP receiver on 127.0.0.1, and a quiet log that remembers.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { testKeyring } from '../app/testing.ts';
import { seedCatalogDemo } from '../catalog/seed.ts';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { loadEmslandSeed, seedVerbund } from '../tenancy/seed.ts';
import { createTenancy } from '../tenancy/service.ts';
import type { DeliverableApplication } from './deliverable.ts';
import type { OutboxLog } from './outbox.ts';
import { deliveriesCte } from './submission.ts';

type Cleanup = Parameters<typeof createTestDatabase>[0];

export async function deliveryTestDb(t: Cleanup) {
  const database = await createTestDatabase(t);
  // Seeded as the operator does it (the owner); the code under test runs as the runtime role.
  await seedVerbund(database.owner, await loadEmslandSeed());
  const verbund = await database.owner.selectFrom('verbund').select('id').executeTakeFirstOrThrow();
  await seedCatalogDemo(database.owner, verbund.id);
  const tenancy = createTenancy(database.db);
  const authority = (await tenancy.directory()).bySlug.get('samtgemeinde-soegel');
  if (authority === undefined) throw new Error('Sögel missing from the seed');
  const service = await database.owner
    .selectFrom('online_service')
    .select(['id', 'key'])
    .where('key', '=', 'osterfeuer-anmelden')
    .executeTakeFirstOrThrow();
  return { database, tenancy, keyring: testKeyring(), authority, service, verbundId: verbund.id };
}

let counter = 0;

/** An application as the submission writes it, with its deliveries from the same CTE. */
export async function sendApplication(
  database: TestDatabase,
  p: { verbundId: string; authorityId: string; serviceId: string },
): Promise<string> {
  const id = randomUUID();
  counter++;
  await sql`
    with app as (
      insert into application (id, verbund_id, authority_id, draft_id, online_service_id,
        leika_key, title, form_id, form_version, reference, language, status, key_id,
        wrapped_key, payload)
      values (${id}, ${p.verbundId}, ${p.authorityId}, ${randomUUID()}, ${p.serviceId},
        '99063010000000', 'Osterfeuer anmelden', 'osterfeuer', 1,
        ${`EL-2026-${String(counter).padStart(6, '0')}`}, 'de', 'submitted', 'test',
        '\\x00'::bytea, '\\x00'::bytea)
      returning id, verbund_id, authority_id, online_service_id),
    ${sql.raw(deliveriesCte({ application: 'app', at: 'now()' }))}
    select 1`.execute(database.owner);
  return id;
}

/** What the worker would load: fixed content (the applications domain has its own tests). */
export function fakeLoad(applicationId: string): Promise<DeliverableApplication> {
  const pdf = Buffer.from('%PDF-1.7 receipt');
  return Promise.resolve({
    id: applicationId,
    reference: 'EL-2026-000001',
    title: 'Osterfeuer anmelden',
    leikaKey: '99063010000000',
    formId: 'osterfeuer',
    formVersion: 1,
    language: 'de',
    submittedAt: new Date('2026-12-01T10:00:00Z'),
    authority: { id: 'a', name: 'Samtgemeinde Sögel' },
    answers: { expectedVisitors: '250' },
    sections: [],
    applicant: null,
    signedInAt: null,
    confirmed: {},
    receipt: {
      name: 'Eingangsbestaetigung.pdf',
      mediaType: 'application/pdf',
      size: pdf.byteLength,
      sha256: 'x',
      content: pdf,
    },
    attachments: [],
  });
}

export type Hit = { headers: IncomingMessage['headers']; body: string };

/** A real HTTP receiver; `answer` decides per request (the test changes it as it goes). */
export async function startReceiver(
  t: Cleanup,
  answer: (hit: Hit, res: ServerResponse) => unknown,
) {
  const hits: Hit[] = [];
  const state = { answer };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      hits.push(hit);
      void Promise.resolve(state.answer(hit, res));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, port, hits, state, server };
}

export function memoryLog(): OutboxLog & {
  lines: { level: string; message: string; fields: Record<string, unknown> }[];
} {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, message, fields });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export const SECRET_A = 'a'.repeat(40);
export const SECRET_B = 'b'.repeat(40);
