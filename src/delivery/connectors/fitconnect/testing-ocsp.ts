// A real OCSP responder for the tests: `openssl ocsp` as a child process, answering from a
// test PKI's CA database (testing-pki.ts) on a port the PKI's certificates name. Stopped, and
// waited for, when the test ends (reverseTeardown), so the next test can take the port.
// OpenSSL 3.0's responder takes a port, not an address: it listens on every interface.
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { reverseTeardown } from '../../../db/testing.ts';
import type { ResponderFiles } from './testing-pki.ts';

type Cleanup = Parameters<typeof reverseTeardown>[0];

/** A port free right now on 127.0.0.1, for a certificate to name before its responder runs. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `openssl ocsp` for `files` on `port`; answers say the next update is `minutes` ahead
 * (RFC 6960 nextUpdate) and are signed with RSASSA-PSS when `pss`.
 */
export async function startOcspResponder(
  t: Cleanup,
  files: ResponderFiles,
  port: number,
  options: { minutes?: number; pss?: boolean } = {},
): Promise<void> {
  const args = [
    'ocsp',
    '-index',
    files.index,
    '-CA',
    files.ca,
    '-rsigner',
    files.rsigner,
    '-rkey',
    files.rkey,
    '-port',
    String(port),
    '-nmin',
    String(options.minutes ?? 60),
    '-ignore_err',
    ...(options.pss
      ? ['-rsigopt', 'rsa_padding_mode:pss', '-rsigopt', 'rsa_pss_saltlen:digest']
      : []),
  ];
  const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  reverseTeardown(t).after(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('waiting for OCSP client connections')) resolve();
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    child.once('exit', (code) => reject(new Error(`openssl ocsp ended (${code}): ${output}`)));
  });
}
