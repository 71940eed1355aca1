// Process entry: configuration → database (migrated) → web server and/or worker.
import pino from 'pino';
import { ensureCatalogue } from './catalog/import.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { DEMO_CITIZEN, seedDemoData } from './demo/seed.ts';
import { ensureKeyProbes } from './envelope/key-probes.ts';
import { createMailer } from './mail/mailer.ts';
import { hasVerbund } from './tenancy/seed.ts';
import { createTenancy } from './tenancy/service.ts';
import { buildApp } from './web/app.ts';
import { workerJobs } from './worker/jobs.ts';
import { startScheduler } from './worker/scheduler.ts';

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

  let database: Database;
  try {
    database = await openDatabase({
      url: config.databaseUrl,
      pgliteDir: `${config.dataDir}/pglite`,
    });
    await migrateToLatest(database.db);
    await ensureKeyProbes(database.db, config.applicationKeys);
    // Reference data, not demo data: every installation needs the catalogue.
    const catalogue = await ensureCatalogue(database.db);
    if (catalogue)
      console.log(`Loaded the service catalogue: ${catalogue.services.inserted} LeiKa services.`);
  } catch (error) {
    console.error(`Rathausnetz cannot start: ${describe(error)}`);
    process.exit(1);
  }

  if (config.seedDemoWhenEmpty && !(await hasVerbund(database.db))) {
    const seeded = await seedDemoData(database.db, config.applicationKeys);
    console.log(
      `Seeded the Emsland demo: ${seeded.authorities} authorities, ${seeded.municipalities} municipalities.`,
    );
    console.log(`Demo sign-in: ${DEMO_CITIZEN.email} / ${DEMO_CITIZEN.password}`);
  }

  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, env: config.env });
  const log = pino({ level: config.logLevel });
  const scheduler = config.roles.worker
    ? startScheduler(
        workerJobs({
          db: database.db,
          mailer,
          publicUrl: config.publicUrl,
          tenancy: createTenancy(database.db),
          keyring: config.applicationKeys,
        }),
        log,
      )
    : undefined;
  const app = config.roles.web ? await buildApp({ config, database, mailer }) : undefined;

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app?.close();
    await scheduler?.stop();
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
