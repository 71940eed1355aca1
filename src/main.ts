// Process entry: configuration → database (migrated) → web server and/or worker.
import pino from 'pino';
import { demoCitizenId, seedDemoCases } from './app/demo-cases.ts';
import { buildServices } from './app/services.ts';
import { buildWeb } from './app/web.ts';
import { startWorkerRole } from './app/worker.ts';
import { DEMO_STAFF } from './backoffice/demo.ts';
import { ensureCatalogue } from './catalog/import.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Database, openDatabase, openRuntimeDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { DEMO_CITIZEN, seedDemoData } from './demo/seed.ts';
import { ensureKeyProbes } from './envelope/key-probes.ts';
import { ensureTestProvider } from './identity/test-idp/routes.ts';
import { createMailer } from './mail/mailer.ts';
import { hasVerbund } from './tenancy/seed.ts';

async function start(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  // Migrations, the key check, the catalogue and the demo run as the tables' owner; web and
  // worker then run as the runtime role, which owns nothing (ADR 0015).
  let database: Database;
  let seededDemo = false;
  let demoCitizen: string | undefined;
  try {
    const owner = await openDatabase({
      url: config.migrationDatabaseUrl ?? config.databaseUrl,
      pgliteDir: `${config.dataDir}/pglite`,
      poolSize: 2,
    });
    await migrateToLatest(owner.db);
    await ensureKeyProbes(owner.db, config.applicationKeys);
    // Reference data, not demo data: every installation needs the catalogue.
    const catalogue = await ensureCatalogue(owner.db);
    if (catalogue)
      console.log(`Loaded the service catalogue: ${catalogue.services.inserted} LeiKa services.`);
    if (config.seedDemoWhenEmpty && !(await hasVerbund(owner.db))) {
      seededDemo = true;
      const seeded = await seedDemoData(owner.db, new Date(), config.applicationKeys);
      console.log(
        `Seeded the Emsland demo: ${seeded.authorities} authorities, ${seeded.municipalities} municipalities.`,
      );
      console.log(`Demo sign-in: ${DEMO_CITIZEN.email} / ${DEMO_CITIZEN.password}`);
      for (const clerk of DEMO_STAFF) {
        console.log(
          `Demo back office (/verwaltung/anmelden), ${clerk.displayName}, ${clerk.role} of ${clerk.authority ?? 'the Verbund'}: ${clerk.email} / ${clerk.password}, TOTP secret ${clerk.totpSecret}`,
        );
      }
    }
    // Development: the built-in test IdP as the Verbund's "BundID" (issue 13, item 7).
    const verbund = await owner.db.selectFrom('verbund').select('id').executeTakeFirst();
    if (config.identity?.testIdp && verbund !== undefined) {
      if (await ensureTestProvider(owner.db, verbund.id, config.publicUrl))
        console.log(
          'Test-Anmeldung (nur Entwicklung): "Mit BundID anmelden" uses the built-in test IdP.',
        );
    }
    if (seededDemo) demoCitizen = await demoCitizenId(owner.db);
    database = await openRuntimeDatabase(owner, config.databaseUrl);
    if (database !== owner) await owner.close();
  } catch (error) {
    console.error(`Rathausnetz cannot start: ${describe(error)}`);
    process.exit(1);
  }

  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, env: config.env });
  const log = pino({ level: config.logLevel });
  // The composition root, once: one tenancy (one directory cache) for both roles.
  const services = buildServices(config, database, mailer, { log });
  if (seededDemo) {
    // Through the services, as the runtime role: the demo's applications are sent and
    // processed by the same use cases a citizen and a clerk use.
    const cases = await seedDemoCases(services, demoCitizen);
    console.log(`Seeded ${cases} demo applications (submitted, processing, waiting, completed).`);
  }
  const worker = config.roles.worker ? startWorkerRole(services, log) : undefined;
  // With the worker in this process, a queued mail is sent at once, not at the next round.
  if (worker !== undefined) services.onWake((job) => worker.wake(job));
  const app = config.roles.web ? await buildWeb(services) : undefined;

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app?.close();
    // Deliveries in flight finish or go back to the queue before the database closes.
    await worker?.stop();
    await mailer.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (app === undefined) {
    console.log(`Rathausnetz worker läuft / is running on ${database.target}.`);
    return;
  }
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`Rathausnetz läuft / is running on ${database.target}: http://localhost:${port}/`);
  if (mailer.outbox)
    console.log(`Mails are kept in memory and shown at http://localhost:${port}/dev/mail`);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

await start();
