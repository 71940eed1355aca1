import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

function tempDir(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'rathausnetz-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('development defaults: port 3000, embedded database, a generated secret kept across starts', (t) => {
  const cwd = tempDir(t);
  const first = loadConfig({}, cwd);
  assert.equal(first.port, 3000);
  assert.equal(first.databaseUrl, undefined);
  assert.equal(first.dataDir, join(cwd, 'data'));
  assert.equal(first.seedDemoWhenEmpty, true);
  assert.ok(first.sessionSecret.length >= 32);
  assert.ok(existsSync(join(cwd, 'data', 'secrets', 'session-secret')));
  assert.equal(loadConfig({}, cwd).sessionSecret, first.sessionSecret);
});

test('names every wrong variable at once', (t) => {
  const cwd = tempDir(t);
  assert.throws(
    () =>
      loadConfig(
        {
          PORT: 'eighty',
          DATABASE_URL: 'mysql://localhost/db',
          SMTP_URL: 'mail.example',
          PUBLIC_URL: 'ftp://x',
          LOG_LEVEL: 'loud',
          SESSION_SECRET: 'short',
        },
        cwd,
      ),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      const text = error.problems.join('\n');
      for (const name of [
        'PORT',
        'DATABASE_URL',
        'SMTP_URL',
        'PUBLIC_URL',
        'LOG_LEVEL',
        'SESSION_SECRET',
      ]) {
        assert.match(text, new RegExp(name), `mentions ${name}`);
      }
      return true;
    },
  );
  // Nothing is written when the configuration is refused.
  assert.equal(existsSync(join(cwd, 'data')), false);
});

test('production refuses to start without its secrets and a database', (t) => {
  const cwd = tempDir(t);
  assert.throws(
    () => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://portal.example' }, cwd),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.problems.some((p) => p.startsWith('SESSION_SECRET is required')) &&
      error.problems.some((p) => p.startsWith('DATABASE_URL is required')) &&
      error.problems.some((p) => p.startsWith('SMTP_URL is required')) &&
      error.problems.some((p) => p.startsWith('MAIL_FROM is required')) &&
      error.problems.some((p) => p.startsWith('APPLICATION_KEYS is required')),
  );
  assert.equal(existsSync(join(cwd, 'data')), false, 'production never mints keys on disk');
  const config = loadConfig(
    {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://portal.example/',
      DATABASE_URL: 'postgres://app@db:5432/rathausnetz',
      SESSION_SECRET: 'a'.repeat(40),
      SMTP_URL: 'smtp://relay.internal:587',
      MAIL_FROM: '"Portalverbund" <noreply@portal.example>',
      APPLICATION_KEYS: `2026a:${Buffer.alloc(32, 7).toString('base64')}`,
    },
    cwd,
  );
  assert.equal(config.publicUrl, 'https://portal.example');
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.seedDemoWhenEmpty, false);
});

test('the generated development secret is readable only by its owner', (t) => {
  const cwd = tempDir(t);
  loadConfig({}, cwd);
  const file = join(cwd, 'data', 'secrets', 'session-secret');
  assert.equal(statSync(file).mode % 0o1000, 0o600);
});

test('upload limits default to 20 MB per file and 50 MB per application; clamd is optional', (t) => {
  const cwd = tempDir(t);
  const defaults = loadConfig({}, cwd);
  assert.deepEqual(defaults.uploadLimits, {
    fileBytes: 20 * 1024 * 1024,
    applicationBytes: 50 * 1024 * 1024,
  });
  assert.equal(defaults.clamdUrl, undefined);
  const set = loadConfig(
    {
      UPLOAD_MAX_FILE_BYTES: '1000',
      UPLOAD_MAX_APPLICATION_BYTES: '5000',
      CLAMD_URL: 'tcp://clamav:3310',
    },
    cwd,
  );
  assert.deepEqual(set.uploadLimits, { fileBytes: 1000, applicationBytes: 5000 });
  assert.equal(set.clamdUrl, 'tcp://clamav:3310');
  assert.equal(
    loadConfig({ CLAMD_URL: 'unix:/run/clamav/clamd.ctl' }, cwd).clamdUrl,
    'unix:/run/clamav/clamd.ctl',
  );
  assert.throws(
    () =>
      loadConfig(
        {
          UPLOAD_MAX_FILE_BYTES: '60000000',
          UPLOAD_MAX_APPLICATION_BYTES: '1000',
          CLAMD_URL: 'clamav',
        },
        cwd,
      ),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.problems.some((p) => p.startsWith('UPLOAD_MAX_FILE_BYTES')) &&
      error.problems.some((p) => p.startsWith('CLAMD_URL')),
  );
});

test('MIGRATION_DATABASE_URL names the owner beside the runtime login, and needs DATABASE_URL', (t) => {
  const cwd = tempDir(t);
  const owner = 'postgres://rathausnetz:o@db:5432/rathausnetz';
  const runtime = 'postgres://rathausnetz_app:r@db:5432/rathausnetz';
  const both = loadConfig({ DATABASE_URL: runtime, MIGRATION_DATABASE_URL: owner }, cwd);
  assert.equal(both.databaseUrl, runtime);
  assert.equal(both.migrationDatabaseUrl, owner);
  assert.equal(loadConfig({ DATABASE_URL: runtime }, cwd).migrationDatabaseUrl, undefined);
  assert.throws(
    () => loadConfig({ MIGRATION_DATABASE_URL: owner }, cwd),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.problems.some((p) => p.startsWith('MIGRATION_DATABASE_URL needs DATABASE_URL')),
  );
  assert.throws(
    () => loadConfig({ DATABASE_URL: runtime, MIGRATION_DATABASE_URL: 'mysql://x' }, cwd),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.problems.some((p) => p.startsWith('MIGRATION_DATABASE_URL must look like')),
  );
});
