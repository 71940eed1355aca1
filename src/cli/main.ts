// Admin command line: npm run cli -- <command> [arguments]
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { apiCredentialCommand, CREDENTIAL_USAGE } from '../api/cli.ts';
import { KEY_HOLDERS } from '../app/key-holders.ts';
import { buildServices } from '../app/services.ts';
import { startWorkerRole } from '../app/worker.ts';
import { forEachApplicant } from '../applications/applicant-index.ts';
import { verifyAudit } from '../audit/service.ts';
import { createBlindIndex } from '../backoffice/name-index/blind-index.ts';
import { createStaffAccounts, STAFF_ROLES } from '../backoffice/staff.ts';
import { CatalogueFormatError, readCatalogueFolder } from '../catalog/catalogue-files.ts';
import { describeImport, importCatalogue } from '../catalog/import.ts';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { type Database, openDatabase, openRuntimeDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import {
  deliveryListCommand,
  deliveryResendCommand,
  deliveryRouteCommand,
  LIST_USAGE,
  RESEND_USAGE,
} from '../delivery/cli.ts';
import { builtInConnectors } from '../delivery/connectors/registry.ts';
import { seedDemoData } from '../demo/seed.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { ensureKeyProbes } from '../envelope/key-probes.ts';
import { rewrapDataKeys } from '../envelope/rewrap.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { USAGE as IMPORT_FIM_USAGE, importFimCommand } from '../forms/fim/cli.ts';
import { builtinRegistry } from '../forms/registry.ts';
import { providerCommand } from '../identity/cli.ts';
import { createMailer } from '../mail/mailer.ts';
import { loadEmslandSeed, seedVerbund } from '../tenancy/seed.ts';
import { createTenancy } from '../tenancy/service.ts';

type Output = { out: (line: string) => void; err: (line: string) => void };
/** Read from the configuration only by the commands that need it. */
type Context = { keyring(): Keyring; publicUrl(): string; config(): Config };
type Command = {
  usage: string;
  summary: string;
  run(database: Database, args: string[], io: Output, context: Context): Promise<number>;
};
/** Works on files only: runs without opening the database. */
type LocalCommand = {
  usage: string;
  summary: string;
  local(args: string[], io: Output): Promise<number>;
};

const COMMANDS: Record<string, Command | LocalCommand> = {
  migrate: {
    usage: 'migrate',
    summary: 'apply all pending database migrations',
    async run(database, _args, io) {
      const { applied } = await migrateToLatest(database.db);
      io.out(applied.length === 0 ? 'Database is up to date.' : `Applied: ${applied.join(', ')}`);
      return 0;
    },
  },
  'seed-directory': {
    usage: 'seed-directory',
    summary: 'load Landkreis Emsland, its 19 authorities and 60 municipalities (idempotent)',
    async run(database, _args, io) {
      const outcome = await seedVerbund(database.db, await loadEmslandSeed());
      io.out(
        `Seeded ${outcome.authorities} authorities and ${outcome.municipalities} municipalities.`,
      );
      return 0;
    },
  },
  'seed-demo': {
    usage: 'seed-demo',
    summary: 'seed-directory, five authorities live and a demo citizen (development only)',
    async run(database, _args, io, context) {
      const outcome = await seedDemoData(database.db, new Date(), context.keyring());
      io.out(
        `Seeded ${outcome.authorities} authorities and ${outcome.municipalities} municipalities.`,
      );
      return 0;
    },
  },
  'authority:list': {
    usage: 'authority:list',
    summary: 'list the authorities of the Verbund with slug, kind and status',
    async run(database, _args, io) {
      const dir = await createTenancy(database.db).directory();
      const rows = [dir.county, ...dir.members].filter((a) => a !== undefined);
      const width = Math.max(...rows.map((a) => a.slug.length));
      for (const a of rows)
        io.out(`${a.slug.padEnd(width)}  ${a.status.padEnd(10)}  ${a.kind.padEnd(18)}  ${a.name}`);
      return 0;
    },
  },
  'authority:onboard': {
    usage: 'authority:onboard <slug>',
    summary: 'take an authority live (status onboarding → live)',
    async run(database, args, io) {
      const slug = args[0];
      if (slug === undefined) {
        io.err('Missing slug. Usage: authority:onboard <slug> (see authority:list)');
        return 2;
      }
      const authority = await createTenancy(database.db).onboard(slug);
      io.out(`${authority.name} (${authority.slug}) is now live.`);
      return 0;
    },
  },
  'identity:provider': {
    usage: 'identity:provider <action> …',
    summary: 'identity providers of the Verbund (BundID, OIDC): list, add, remove',
    async run(database, args, io) {
      const { verbund } = await createTenancy(database.db).directory();
      // Production accepts https URLs only (NODE_ENV, as the configuration reads it).
      const production = process.env.NODE_ENV === 'production';
      return providerCommand(database.db, verbund.id, args, io, { production });
    },
  },
  'delivery:route': {
    usage: 'delivery:route <action> …',
    summary: 'routes of an authority: types, list, add, remove, test (usage without action)',
    run: (database, args, io, context) => {
      // Only a connection test could send mail; the mailer is made if one does.
      let mailer: ReturnType<typeof createMailer> | undefined;
      const lazy = {
        send: (message: Parameters<ReturnType<typeof createMailer>['send']>[0]) => {
          const config = context.config();
          mailer ??= createMailer({
            smtpUrl: config.smtpUrl,
            from: config.mailFrom,
            env: config.env,
          });
          return mailer.send(message);
        },
      };
      return deliveryRouteCommand(
        database.db,
        args,
        io,
        context.keyring,
        builtInConnectors({
          mailer: lazy,
          db: database.db,
          verbundName: async () => (await createTenancy(database.db).directory()).verbund.name,
        }),
      ).finally(() => mailer?.close());
    },
  },
  'api:credential': {
    usage: CREDENTIAL_USAGE[0] as string,
    summary: 'credentials of receiving systems for /api/v1: issue, list, revoke',
    run: (database, args, io) => apiCredentialCommand(database.db, args, io),
  },
  'delivery:list': {
    usage: LIST_USAGE,
    summary: "an authority's deliveries, newest first, with their state and last error",
    run: (database, args, io) => deliveryListCommand(database.db, args, io),
  },
  'delivery:resend': {
    usage: RESEND_USAGE,
    summary: 'send failed or rejected deliveries of an application again',
    run: (database, args, io) => deliveryResendCommand(database.db, args, io),
  },
  worker: {
    usage: 'worker',
    summary: 'run the worker role alone (deliveries, receipts, clean-ups) until SIGTERM',
    async run(database, _args, io, context) {
      const config = context.config();
      await ensureKeyProbes(database.db, config.applicationKeys);
      const mailer = createMailer({
        smtpUrl: config.smtpUrl,
        from: config.mailFrom,
        env: config.env,
      });
      // Like npm start: the jobs and deliveries run as the role that owns nothing (ADR 0015).
      const runtime = await openRuntimeDatabase(database, config.databaseUrl);
      const log = pino({ level: config.logLevel });
      const worker = startWorkerRole(buildServices(config, runtime, mailer, { log }), log);
      io.out(`Rathausnetz worker läuft / is running on ${database.target}.`);
      const signal = await new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      io.out(`${signal}: finishing deliveries in flight …`);
      await worker.stop();
      await mailer.close();
      if (runtime !== database) await runtime.close();
      return 0;
    },
  },
  'rewrap-keys': {
    usage: 'rewrap-keys',
    summary: 'after a key rotation: re-wrap data keys under the active key, retire unused keys',
    async run(database, _args, io, context) {
      const keyring = context.keyring();
      // The same check as at start: never wrap data keys with a key the portal does not have.
      await ensureKeyProbes(database.db, keyring);
      let { rewrapped, keysRetired, remaining } = await rewrapDataKeys(
        database.db,
        keyring,
        KEY_HOLDERS,
      );
      // Rows another transaction held were skipped; they are usually free a moment later.
      for (let attempt = 0; remaining > 0 && attempt < 5; attempt++) {
        await sleep(1_000);
        const again = await rewrapDataKeys(database.db, keyring, KEY_HOLDERS);
        rewrapped += again.rewrapped;
        keysRetired = [...keysRetired, ...again.keysRetired];
        remaining = again.remaining;
      }
      io.out(`Re-wrapped ${rewrapped} data keys under application key "${keyring.activeId}".`);
      if (keysRetired.length > 0) {
        const ids = keysRetired.map((id) => `"${id}"`).join(', ');
        // Older database backups still need the key: it leaves the configuration, not the safe.
        io.out(
          `Retired ${ids}: no application, draft or Postfach thread uses it any more. Remove it from APPLICATION_KEYS, keep it with the backups made before today.`,
        );
      }
      if (remaining > 0) {
        io.err(
          `${remaining} applications, drafts or Postfach threads are still under older keys (busy); run rewrap-keys again.`,
        );
        return 1;
      }
      return 0;
    },
  },
  'inbox:reindex': {
    usage: 'inbox:reindex',
    summary: "write the inbox's keyed name index for applications sent before it existed",
    async run(database, _args, io, context) {
      const keyring = context.keyring();
      const index = createBlindIndex(keyring);
      const { handled, unreadable } = await forEachApplicant(
        { db: database.db, keyring, definitions: builtinRegistry() },
        (trx, a) =>
          index
            .index(trx, {
              applicationId: a.id,
              authorityId: a.authorityId,
              verbundId: a.verbundId,
              names: a.names,
            })
            .then(() => undefined),
      );
      io.out(`Name index written for ${handled} applications.`);
      if (unreadable > 0) {
        io.err(`${unreadable} applications could not be opened (key or snapshot); not indexed.`);
        return 1;
      }
      return 0;
    },
  },
  'audit:verify': {
    usage: 'audit:verify',
    summary: 'check the hash chains of the audit log; names the first broken entry',
    async run(database, _args, io) {
      const outcome = await verifyAudit(database.db);
      if (outcome.ok) {
        io.out(`Audit log intact: ${outcome.entries} entries in ${outcome.chains} chains.`);
        return 0;
      }
      const { id, chainId, seq, reason } = outcome.broken;
      const why = {
        hash: 'its content does not match its hash (changed)',
        link: 'it does not follow from the entry before it (that one was changed or removed)',
        gap: 'entries before it are missing (removed)',
      }[reason];
      io.err(
        `Audit log broken at entry ${id} (chain ${chainId}, position ${seq}): ${why}. ${outcome.entries} entries before it are intact.`,
      );
      return 1;
    },
  },
  'staff:invite': {
    usage: 'staff:invite (--authority <slug> | --verbund) --role <role> <email>',
    summary: `invite a staff member (roles: ${STAFF_ROLES.join(', ')}); prints the link`,
    async run(database, args, io, context) {
      const flags = new Map<string, string>();
      const rest: string[] = [];
      // --verbund takes no value: a member of the Verbund itself (verbund_admin, auditor).
      let ofVerbund = false;
      for (let i = 0; i < args.length; i++) {
        const arg = args[i] as string;
        if (arg === '--verbund') ofVerbund = true;
        else if (arg.startsWith('--')) flags.set(arg.slice(2), args[++i] ?? '');
        else rest.push(arg);
      }
      const role = flags.get('role') as (typeof STAFF_ROLES)[number] | undefined;
      const email = rest[0];
      const authority = flags.get('authority') ?? null;
      const verbundRole = role === 'verbund_admin' || role === 'auditor';
      if (
        role === undefined ||
        email === undefined ||
        (ofVerbund && (authority !== null || !verbundRole)) ||
        (!ofVerbund && role !== 'verbund_admin' && authority === null)
      ) {
        io.err(
          'Usage: staff:invite --authority <slug> --role <role> <email>, or for the Verbund itself: staff:invite --verbund --role verbund_admin|auditor <email> (verbund_admin: --verbund may be left out)',
        );
        return 2;
      }
      const staff = createStaffAccounts({
        db: database.db,
        tenancy: createTenancy(database.db),
        keyring: context.keyring(),
        publicUrl: context.publicUrl(),
      });
      try {
        const invited = await staff.invite({ authoritySlug: authority, role, email });
        io.out(
          `Invitation for ${email} (${role}), valid until ${invited.expiresAt.toISOString()}:`,
        );
        io.out(invited.link);
        return 0;
      } catch (error) {
        if (error instanceof NotFoundError) {
          io.err(`No authority "${authority}" in this Verbund. See authority:list for the slugs.`);
          return 2;
        }
        if (!(error instanceof ValidationError)) throw error;
        io.err(
          Object.keys(error.fields).includes('role')
            ? `Unknown role "${role}".`
            : error.fields.email === 'backoffice.staff.inviteLocked'
              ? `The access of ${email} to this authority is locked: an admin unlocks it under "Mitarbeitende".`
              : `Not an e-mail address: "${email}".`,
        );
        return 2;
      }
    },
  },
  'forms:import-fim': {
    usage: IMPORT_FIM_USAGE,
    summary: 'turn a FIM XDatenfelder 2.0/3.0.0 schema into a form definition (stdout or --out)',
    local: importFimCommand,
  },
  'catalog:import': {
    usage: 'catalog:import <dir>',
    summary: 'import the OZG/LeiKa catalogue from CSV files (idempotent; see src/catalog/seed/ozg)',
    async run(database, args, io) {
      const dir = args[0];
      if (dir === undefined) {
        io.err('Missing folder. Usage: catalog:import <dir> (a folder like src/catalog/seed/ozg)');
        return 2;
      }
      try {
        const report = await importCatalogue(database.db, await readCatalogueFolder(dir));
        for (const line of describeImport(report)) io.out(line);
        return 0;
      } catch (error) {
        if (!(error instanceof CatalogueFormatError)) throw error;
        io.err(error.message);
        return 2;
      }
    },
  },
};

/**
 * `database` (left open) and `keyring` let tests run commands against their own database and
 * keys instead of the configured ones.
 */
export async function runCli(
  argv: string[],
  io: Output,
  database?: Database,
  keyring?: Keyring,
  publicUrl?: string,
): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    if (name !== undefined && name !== 'help' && name !== '--help')
      io.err(`Unknown command "${name}".`);
    io.out('Usage: npm run cli -- <command>\n');
    for (const c of Object.values(COMMANDS)) io.out(`  ${c.usage.padEnd(26)} ${c.summary}`);
    return name === undefined || name === 'help' || name === '--help' ? 0 : 2;
  }
  if ('local' in command) return await command.local(args, io);
  let config: Config | undefined;
  const configured = () => {
    config ??= loadConfig();
    return config;
  };
  const db = database ?? (await openConfigured(configured()));
  const context: Context = {
    keyring: () => keyring ?? configured().applicationKeys,
    publicUrl: () => publicUrl ?? configured().publicUrl,
    config: configured,
  };
  try {
    if (name !== 'migrate') await migrateToLatest(db.db);
    return await command.run(db, args, io, context);
  } catch (error) {
    if (error instanceof NotFoundError) {
      io.err(
        `No ${error.entity} "${args[0] ?? ''}" in this Verbund. See authority:list for the slugs.`,
      );
      return 2;
    }
    if (error instanceof ConflictError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  } finally {
    if (database === undefined) await db.close();
  }
}

// Operator commands migrate, seed and onboard: they run as the tables' owner (ADR 0015).
function openConfigured(config: Config): Promise<Database> {
  return openDatabase({
    url: config.migrationDatabaseUrl ?? config.databaseUrl,
    pgliteDir: `${config.dataDir}/pglite`,
  });
}

if (import.meta.main) {
  try {
    process.exitCode = await runCli(process.argv.slice(2), {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    });
  } catch (error) {
    console.error(
      error instanceof ConfigError
        ? error.message
        : `Failed: ${error instanceof Error ? error.message : error}`,
    );
    process.exitCode = 1;
  }
}
