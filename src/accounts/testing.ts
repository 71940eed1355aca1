// Test support for the accounts service: a real, seeded database, a mailer that keeps what it
// is given (the SMTP path has its own tests in src/mail/) and a clock the test moves.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '../db/testing.ts';
import { parseApplicationKeys } from '../envelope/envelope.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { usePasswordCostForTests } from './passwords.ts';
import { createAccounts } from './sign-in/service.ts';

// Every test that uses these helpers hashes passwords at the test cost (passwords.ts).
usePasswordCostForTests('cheap');

/** A fresh Verbund key per test: what one test seals opens in no other. */
function testKeyring() {
  const { keyring } = parseApplicationKeys(`test:${randomBytes(32).toString('base64')}`, undefined);
  if (keyring === undefined) throw new Error('test key rejected');
  return keyring;
}

export async function accountsWithClock(t: Parameters<typeof createTestDatabase>[0]) {
  const database = await createTestDatabase(t);
  const { verbundId } = await seedDemo(database.owner);
  const sent: { to: string; subject: string; text: string }[] = [];
  let clock = new Date('2026-11-29T10:00:00Z');
  const keyring = testKeyring();
  const accounts = createAccounts({
    db: database.db,
    keyring,
    mailer: { send: async (m) => void sent.push(m) },
    publicUrl: 'http://portal.test',
    verbund: async () => ({ id: verbundId, name: 'Portalverbund Landkreis Emsland' }),
    now: () => clock,
  });
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  /** The token of the newest `path` link mailed to `to`. */
  const linkIn = (to: string, path: string) => {
    const mail = sent.findLast((m) => m.to === to);
    const match =
      mail && new RegExp(`http://portal\\.test${path}\\?token=([\\w-]+)`).exec(mail.text);
    assert.ok(match, `a ${path} link was mailed to ${to}`);
    return match[1] as string;
  };
  return { database, verbundId, keyring, accounts, sent, advance, linkIn, now: () => clock };
}
