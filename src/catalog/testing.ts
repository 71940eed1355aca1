// Test support: a migrated database with the Emsland directory, the shipped catalogue, the
// Verbund's online services and the demo activations.
import { after } from 'node:test';
import { createTestDatabase } from '../db/testing.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { seedCatalogDemo } from './seed.ts';

type Cleanup = Parameters<typeof createTestDatabase>[0];

export async function catalogTestDatabase(t: Cleanup, now = new Date()) {
  const database = await createTestDatabase(t);
  const { verbundId } = await seedDemo(database.owner, now);
  await seedCatalogDemo(database.owner, verbundId, now);
  return { database, verbundId };
}

/**
 * One seeded database for a whole test file, for tests that only read: seeding the catalogue
 * costs about a second on PGlite. Closed when the file's tests are done.
 */
export function sharedCatalogTestDatabase(now = new Date()) {
  let setUp: ReturnType<typeof catalogTestDatabase> | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return () => {
    setUp ??= catalogTestDatabase({ after: (fn) => cleanups.push(fn) }, now);
    return setUp;
  };
}
