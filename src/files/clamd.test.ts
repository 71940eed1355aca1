// Against the real ClamAV daemon (Debian's clamav-daemon; .ci/run installs it), started per
// test with a one-signature database written by startClamd: no downloads, no network.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { clamdScanner, parseClamdUrl } from './clamd.ts';
import { ScannerUnavailableError } from './scanner.ts';
import { EICAR, freePort, pdfFile, pngFile, startClamd } from './testing.ts';

test('clamd addresses are tcp://host:port or unix:/path', () => {
  assert.deepEqual(parseClamdUrl('tcp://clamav:3310'), { host: 'clamav', port: 3310 });
  assert.deepEqual(parseClamdUrl('tcp://[::1]:3310'), { host: '::1', port: 3310 });
  assert.deepEqual(parseClamdUrl('unix:/run/clamav/clamd.ctl'), { path: '/run/clamav/clamd.ctl' });
  for (const bad of [
    'clamav:3310',
    'tcp://clamav',
    'tcp://clamav:99999',
    'unix:relative',
    'http://x:1',
  ]) {
    assert.equal(parseClamdUrl(bad), undefined, bad);
  }
});

test('clamd over a unix socket finds the test signature and passes clean files', async (t) => {
  const scanner = clamdScanner(await startClamd(t, 'unix'));
  assert.deepEqual(await scanner.scan(pngFile()), { infected: false });
  // Larger than one INSTREAM chunk, so the chunking is exercised.
  assert.deepEqual(await scanner.scan(pdfFile({ text: 'x'.repeat(300_000) })), { infected: false });
  assert.deepEqual(await scanner.scan(pdfFile({ text: EICAR.toString('latin1') })), {
    infected: true,
    signature: 'Rathausnetz.Test.EICAR.UNOFFICIAL',
  });
});

test('clamd over TCP; an address where nobody listens is unavailable, not clean', async (t) => {
  const scanner = clamdScanner(await startClamd(t, 'tcp'));
  assert.equal((await scanner.scan(EICAR)).infected, true);
  const nobody = clamdScanner(`tcp://127.0.0.1:${await freePort()}`);
  await assert.rejects(nobody.scan(pngFile()), ScannerUnavailableError);
  const noSocket = clamdScanner('unix:/nonexistent/clamd.sock');
  await assert.rejects(noSocket.scan(pngFile()), ScannerUnavailableError);
});

test('a clamd that accepts but never answers counts as unavailable after the timeout', async (t) => {
  // A listener that swallows the stream: what a hung daemon looks like from here.
  const hung = createServer((socket) => socket.resume());
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  t.after(() => hung.close());
  const address = hung.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const scanner = clamdScanner(`tcp://127.0.0.1:${port}`, { timeoutMs: 300 });
  const started = Date.now();
  await assert.rejects(scanner.scan(pngFile()), ScannerUnavailableError);
  assert.ok(Date.now() - started < 5000);
});
