import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Keyring, parseApplicationKeys } from './envelope/envelope.ts';

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  /** PostgreSQL connection string; undefined → embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /**
   * Production: the table owner's connection, used for migrations and operator commands only;
   * DATABASE_URL then names a login that owns nothing (ADR 0015). Undefined: the DATABASE_URL
   * login migrates, and web and worker act as the role rathausnetz_app on it.
   */
  migrationDatabaseUrl: string | undefined;
  smtpUrl: string | undefined;
  /** Sender of all mails, e.g. "Portalverbund Emsland" <noreply@portal.emsland.de>. */
  mailFrom: string;
  /** At least 32 bytes; signs cookies (CSRF secret, language) and later sessions. */
  sessionSecret: string;
  logLevel: string;
  /** Requests per client IP and minute before the portal answers 429. */
  rateLimitPerMinute: number;
  /** Behind a load balancer: how many proxy hops to trust for the client IP (0 = none). */
  trustProxy: number;
  /** Which roles this process plays: the web server, the background worker, or both. */
  roles: { web: boolean; worker: boolean };
  /** Development only: seed the Emsland demo into an empty database at start. */
  seedDemoWhenEmpty: boolean;
  /** Verbund keys that wrap the data key of each application (ADR 0012). */
  applicationKeys: Keyring;
  /** Form uploads: bytes per file and per application (all files of one draft). */
  uploadLimits: { fileBytes: number; applicationBytes: number };
  /** clamd (tcp://host:3310 or unix:/path); undefined: uploads are stored as "unscanned". */
  clamdUrl: string | undefined;
  /** The outbox workers (ADR 0020): retries, deliveries in flight per process. */
  delivery: {
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
    concurrency: number;
    /** How long a claim holds before another worker may take it; undefined: derived. */
    leaseMs: number | undefined;
  };
  /** Federated sign-in (issue 13, ADR 0031); undefined: only e-mail and password. */
  identity: IdentityConfig | undefined;
};

export type IdentityConfig = {
  /** PEM: our SAML signing and encryption key pairs (SP metadata shows both certificates). */
  spSigningKey: string;
  spSigningCert: string;
  spEncryptionKey: string;
  spEncryptionCert: string;
  /** The Verbund key under which provider subjects (bPK2, sub) are hashed (ADR 0032). */
  subjectSecret: string;
  /** The id BundID assigned to this portal (AKDB OnlineServiceId). */
  onlineServiceId: string;
  /** Development only: the built-in test IdP "Test-Anmeldung (nur Entwicklung)". */
  testIdp: boolean;
};

const TEST_KEYS = new URL('./identity/test-idp/keys/', import.meta.url);

/**
 * Production: federated sign-in is on once its four PEM files and the subject key are given
 * (all or none). Development: the committed test keys and the built-in test IdP.
 */
function loadIdentity(
  env: Env,
  isProduction: boolean,
  dataDir: string,
  problems: string[],
): IdentityConfig | undefined {
  const files = {
    spSigningKey: env.IDENTITY_SP_SIGNING_KEY_FILE?.trim(),
    spSigningCert: env.IDENTITY_SP_SIGNING_CERT_FILE?.trim(),
    spEncryptionKey: env.IDENTITY_SP_ENCRYPTION_KEY_FILE?.trim(),
    spEncryptionCert: env.IDENTITY_SP_ENCRYPTION_CERT_FILE?.trim(),
  };
  const given = Object.values(files).filter((f) => f);
  const subject = env.IDENTITY_SUBJECT_KEY?.trim() || undefined;
  const onlineServiceId = env.BUNDID_ONLINE_SERVICE_ID?.trim() || 'rathausnetz-entwicklung';
  if (given.length === 0 && subject === undefined) {
    if (isProduction || env.IDENTITY_TEST_IDP === 'false') return undefined;
    const read = (name: string) => readFileSync(new URL(name, TEST_KEYS), 'utf8');
    return {
      spSigningKey: read('sp-signing.key.pem'),
      spSigningCert: read('sp-signing.cert.pem'),
      spEncryptionKey: read('sp-encryption.key.pem'),
      spEncryptionCert: read('sp-encryption.cert.pem'),
      subjectSecret:
        problems.length === 0 ? developmentSecret(dataDir, 'identity-subject-key') : '',
      onlineServiceId,
      testIdp: true,
    };
  }
  if (given.length !== 4 || subject === undefined) {
    problems.push(
      'IDENTITY_SP_SIGNING_KEY_FILE, IDENTITY_SP_SIGNING_CERT_FILE, IDENTITY_SP_ENCRYPTION_KEY_FILE, IDENTITY_SP_ENCRYPTION_CERT_FILE and IDENTITY_SUBJECT_KEY go together: set all five or none',
    );
    return undefined;
  }
  if (subject.length < 32)
    problems.push('IDENTITY_SUBJECT_KEY must be at least 32 characters long');
  const pem: Record<string, string> = {};
  for (const [field, file] of Object.entries(files)) {
    try {
      pem[field] = readFileSync(file ?? '', 'utf8');
    } catch {
      problems.push(`${file} (for ${field}) cannot be read`);
    }
  }
  return {
    spSigningKey: pem.spSigningKey ?? '',
    spSigningCert: pem.spSigningCert ?? '',
    spEncryptionKey: pem.spEncryptionKey ?? '',
    spEncryptionCert: pem.spEncryptionCert ?? '',
    subjectSecret: subject,
    onlineServiceId,
    testIdp: false,
  };
}

/** Every wrong variable is named, so an operator fixes them all in one go. */
export class ConfigError extends Error {
  problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (nodeEnv !== 'development' && nodeEnv !== 'production' && nodeEnv !== 'test') {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const isProduction = nodeEnv === 'production';

  const port = parsePort(env.PORT, problems);
  const host = env.HOST?.trim() || (isProduction ? '0.0.0.0' : '127.0.0.1');
  const dataDir = resolve(cwd, env.DATA_DIR?.trim() || 'data');

  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!isHttpUrl(publicUrl))
    problems.push(`PUBLIC_URL must be an http(s) URL (got "${publicUrl}")`);
  else if (isProduction && !publicUrl.startsWith('https://')) {
    problems.push('PUBLIC_URL must use https:// in production');
  }

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    problems.push(
      'DATABASE_URL must look like postgres://user:password@host:5432/database (leave it unset for the embedded database)',
    );
  }
  const migrationDatabaseUrl = env.MIGRATION_DATABASE_URL?.trim() || undefined;
  if (migrationDatabaseUrl !== undefined && !/^postgres(ql)?:\/\/.+/.test(migrationDatabaseUrl)) {
    problems.push(
      'MIGRATION_DATABASE_URL must look like postgres://owner:password@host:5432/database',
    );
  }
  if (migrationDatabaseUrl !== undefined && databaseUrl === undefined) {
    problems.push('MIGRATION_DATABASE_URL needs DATABASE_URL (the embedded database has one role)');
  }
  if (isProduction && databaseUrl === undefined) {
    problems.push(
      'DATABASE_URL is required in production (the embedded database is for development)',
    );
  }

  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\/.+/.test(smtpUrl)) {
    problems.push('SMTP_URL must look like smtp://user:password@host:587 or smtps://…');
  }

  if (isProduction && smtpUrl === undefined) {
    problems.push(
      'SMTP_URL is required in production (without it mails would only reach the development outbox)',
    );
  }
  const mailFrom = env.MAIL_FROM?.trim() || undefined;
  if (isProduction && mailFrom === undefined) {
    problems.push(
      'MAIL_FROM is required in production, e.g. "Portalverbund Emsland" <noreply@portal.example.de>',
    );
  }

  const logLevel = env.LOG_LEVEL?.trim() || (nodeEnv === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }

  const rateLimitPerMinute = parseWhole(
    env.RATE_LIMIT_PER_MINUTE,
    600,
    'RATE_LIMIT_PER_MINUTE',
    problems,
  );
  const trustProxy = parseWhole(env.TRUST_PROXY_HOPS, 0, 'TRUST_PROXY_HOPS', problems);

  const role = env.PROCESS_ROLE?.trim() || 'all';
  if (role !== 'all' && role !== 'web' && role !== 'worker') {
    problems.push(`PROCESS_ROLE must be all, web or worker (got "${role}")`);
  }

  const configuredKeys = parseApplicationKeys(env.APPLICATION_KEYS, env.APPLICATION_KEY_ACTIVE);
  problems.push(...configuredKeys.problems);
  let applicationKeys = configuredKeys.keyring;
  if (applicationKeys === undefined && isProduction && configuredKeys.problems.length === 0) {
    problems.push(
      'APPLICATION_KEYS is required in production, e.g. 2026a:<output of openssl rand -base64 32>; keep a copy with your backups, without it no stored application can be read',
    );
  }

  const fileBytes = parseWhole(
    env.UPLOAD_MAX_FILE_BYTES,
    20 * 1024 * 1024,
    'UPLOAD_MAX_FILE_BYTES',
    problems,
  );
  const applicationBytes = parseWhole(
    env.UPLOAD_MAX_APPLICATION_BYTES,
    50 * 1024 * 1024,
    'UPLOAD_MAX_APPLICATION_BYTES',
    problems,
  );
  // Files live in bytea columns, read whole into memory: 1 GB is PostgreSQL's ceiling anyway.
  if (fileBytes < 1 || fileBytes > applicationBytes || applicationBytes > 1024 ** 3) {
    problems.push(
      `UPLOAD_MAX_FILE_BYTES must be at least 1 and at most UPLOAD_MAX_APPLICATION_BYTES, which must be at most 1073741824 (got ${fileBytes} and ${applicationBytes})`,
    );
  }
  const clamdUrl = env.CLAMD_URL?.trim() || undefined;
  if (clamdUrl !== undefined && !/^(tcp:\/\/[^/:\s]+:[0-9]{1,5}\/?|unix:\/\S+)$/.test(clamdUrl)) {
    problems.push(
      `CLAMD_URL must look like tcp://clamav:3310 or unix:/run/clamav/clamd.ctl (got "${clamdUrl}")`,
    );
  }

  const maxAttempts = parseWhole(env.DELIVERY_MAX_ATTEMPTS, 10, 'DELIVERY_MAX_ATTEMPTS', problems);
  const retryBaseSeconds = parseWhole(
    env.DELIVERY_RETRY_BASE_SECONDS,
    60,
    'DELIVERY_RETRY_BASE_SECONDS',
    problems,
  );
  const retryMaxSeconds = parseWhole(
    env.DELIVERY_RETRY_MAX_SECONDS,
    12 * 3600,
    'DELIVERY_RETRY_MAX_SECONDS',
    problems,
  );
  const deliveryConcurrency = parseWhole(
    env.DELIVERY_CONCURRENCY,
    4,
    'DELIVERY_CONCURRENCY',
    problems,
  );
  const leaseSeconds = env.DELIVERY_LEASE_SECONDS?.trim()
    ? parseWhole(env.DELIVERY_LEASE_SECONDS, 0, 'DELIVERY_LEASE_SECONDS', problems)
    : undefined;
  if (maxAttempts < 1 || deliveryConcurrency < 1 || retryBaseSeconds > retryMaxSeconds) {
    problems.push(
      `DELIVERY_MAX_ATTEMPTS and DELIVERY_CONCURRENCY must be at least 1, DELIVERY_RETRY_BASE_SECONDS at most DELIVERY_RETRY_MAX_SECONDS (got ${maxAttempts}, ${deliveryConcurrency}, ${retryBaseSeconds} and ${retryMaxSeconds})`,
    );
  }

  let sessionSecret = env.SESSION_SECRET?.trim() || undefined;
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters long');
  }
  if (sessionSecret === undefined) {
    if (isProduction) problems.push('SESSION_SECRET is required in production');
    else if (problems.length === 0) sessionSecret = developmentSecret(dataDir, 'session-secret');
  }

  if (applicationKeys === undefined && !isProduction && problems.length === 0) {
    const key = developmentSecret(dataDir, 'application-key');
    applicationKeys = parseApplicationKeys(`dev:${key}`, undefined).keyring;
    if (applicationKeys === undefined) {
      problems.push(
        `${join(dataDir, 'secrets', 'application-key')} does not hold a 32-byte base64 key; restore it, or delete it together with the development database`,
      );
    }
  }

  const identity = loadIdentity(env, isProduction, dataDir, problems);

  if (problems.length > 0 || sessionSecret === undefined || applicationKeys === undefined) {
    throw new ConfigError(problems);
  }
  return {
    env: nodeEnv as Config['env'],
    host,
    port,
    publicUrl,
    dataDir,
    databaseUrl,
    migrationDatabaseUrl,
    smtpUrl,
    mailFrom: mailFrom ?? '"Rathausnetz (Entwicklung)" <noreply@rathausnetz.invalid>',
    sessionSecret,
    logLevel,
    rateLimitPerMinute,
    trustProxy,
    roles: { web: role !== 'worker', worker: role !== 'web' },
    seedDemoWhenEmpty: !isProduction && env.SEED_DEMO !== 'false',
    applicationKeys,
    uploadLimits: { fileBytes, applicationBytes },
    clamdUrl,
    delivery: {
      maxAttempts,
      retryBaseMs: retryBaseSeconds * 1000,
      retryMaxMs: retryMaxSeconds * 1000,
      concurrency: deliveryConcurrency,
      leaseMs: leaseSeconds === undefined ? undefined : leaseSeconds * 1000,
    },
    identity,
  };
}

function parsePort(value: string | undefined, problems: string[]): number {
  if (value === undefined || value.trim() === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${value}")`);
    return 3000;
  }
  return port;
}

function parseWhole(
  value: string | undefined,
  fallback: number,
  name: string,
  problems: string[],
): number {
  if (value === undefined || value.trim() === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    problems.push(`${name} must be a whole number of 0 or more (got "${value}")`);
    return fallback;
  }
  return number;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Development keys live in the data folder so that restarts keep sessions valid;
 * production must bring its own, so a lost volume never silently mints new keys.
 */
function developmentSecret(dataDir: string, name: string): string {
  const dir = join(dataDir, 'secrets');
  const file = join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
