// Test support for the back office: a staff member invited, with a password and TOTP set up
// through the pages, signed in as a browser would be.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { browserFor, TEST_PASSWORD, TEST_PUBLIC_URL, type TestBrowser } from '../app/testing.ts';
import type { Database } from '../db/database.ts';
import type { StaffRole } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { createTenancy } from '../tenancy/service.ts';
import { createStaffAccounts } from './staff.ts';

/**
 * The code for now (or `steps` periods later: a second sign-in in the same 30 s needs the
 * next code, the last one is used up), never from the last second of a step.
 */
export async function codeFor(secret: string, steps = 0): Promise<string> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 1500) await sleep(left + 50);
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    timestamp: Date.now() + steps * 30_000,
  });
}

export function staffAccountsFor(database: Database, keyring: Keyring) {
  return createStaffAccounts({
    db: database.db,
    tenancy: createTenancy(database.db),
    keyring,
    publicUrl: TEST_PUBLIC_URL,
  });
}

export type SignedInStaff = { browser: TestBrowser; secret: string; email: string };

/** Invites, accepts with TEST_PASSWORD, signs in and sets up TOTP: ready at the inbox. */
export async function signedInStaff(
  app: FastifyInstance,
  started: { database: Database; keyring: Keyring },
  input: {
    /** null: a member of the Verbund itself (verbund_admin, or the Verbund's auditor). */
    authority: string | null;
    email: string;
    role?: StaffRole;
    name?: string;
    serviceIds?: string[];
  },
): Promise<SignedInStaff> {
  const accounts = staffAccountsFor(started.database, started.keyring);
  const { link } = await accounts.invite({
    authoritySlug: input.authority,
    role: input.role ?? 'clerk',
    email: input.email,
    displayName: input.name,
    serviceIds: input.serviceIds,
  });
  // Auditors have no inbox and start at the Prüfprotokoll, the Verbund's at the Verbund's.
  const start =
    input.role !== 'auditor'
      ? '/verwaltung'
      : input.authority === null
        ? '/verwaltung/verbund/pruefprotokoll'
        : '/verwaltung/pruefprotokoll';
  return staffByLink(app, link, input.email, start);
}

/** Accepts the invitation `link` with TEST_PASSWORD, signs in and sets up TOTP. */
export async function staffByLink(
  app: FastifyInstance,
  link: string,
  email: string,
  start = '/verwaltung',
): Promise<SignedInStaff> {
  const browser = browserFor(app);
  const path = link.slice(TEST_PUBLIC_URL.length);
  await browser.get(path);
  const accepted = await browser.post(path, { password: TEST_PASSWORD });
  assert.equal(accepted.statusCode, 200, 'invitation accepted');
  await browser.get('/verwaltung/anmelden');
  const first = await browser.post('/verwaltung/anmelden', {
    email,
    password: TEST_PASSWORD,
  });
  assert.equal(first.headers.location, '/verwaltung/anmelden/einrichten');
  const setup = await browser.get('/verwaltung/anmelden/einrichten');
  const secret = /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/
    .exec(setup.body)?.[1]
    ?.replace(/ /g, '');
  assert.ok(secret, 'the setup page shows the key');
  const done = await browser.post('/verwaltung/anmelden/einrichten', {
    code: await codeFor(secret),
  });
  assert.equal(done.headers.location, start, 'signed in');
  return { browser, secret, email };
}
