// A small PKI for the tests, made with the openssl command line: a root, an intermediate CA
// under it, and leaf certificates for given key pairs (the fake destination's own keys), valid
// now or long expired. FIT-Connect's keys in production come from the Verwaltungs-PKI in the
// same shape: leaf, intermediate, root.
import { execFileSync } from 'node:child_process';
import { KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CA_CONFIG = `[ ca ]
default_ca = issuing
[ issuing ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any_name
unique_subject = no
[ any_name ]
commonName = supplied
[ intermediate ]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyEncipherment,digitalSignature
`;

export type TestPki = {
  /** The root in PEM, as an admin pastes it into the route's trust anchors. */
  rootPem: string;
  /** The x5c of a leaf for `key` (leaf, intermediate; base64 DER). */
  chainFor(key: CryptoKey | KeyObject, name: string, validity?: 'valid' | 'expired'): string[];
};

const der = (pem: string) => new X509Certificate(pem).raw.toString('base64');

/** Made once per name and process: key generation by openssl takes a moment. */
export function makeTestPki(name: string): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'rathausnetz-pki-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '1000\n');
    run(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'root.key',
      '-out',
      'root.pem',
      '-days',
      '3650',
      '-subj',
      `/CN=${name} Root CA`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    run(
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'intermediate.key',
      '-out',
      'intermediate.csr',
      '-subj',
      `/CN=${name} Intermediate CA`,
    );
    run(
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-cert',
      'root.pem',
      '-keyfile',
      'root.key',
      '-in',
      'intermediate.csr',
      '-out',
      'intermediate.pem',
      '-days',
      '1825',
      '-extensions',
      'intermediate',
      '-notext',
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const rootPem = readFileSync(join(dir, 'root.pem'), 'utf8');
  const intermediatePem = readFileSync(join(dir, 'intermediate.pem'), 'utf8');
  const intermediateKey = readFileSync(join(dir, 'intermediate.key'), 'utf8');
  rmSync(dir, { recursive: true, force: true });

  return {
    rootPem,
    chainFor(key, leafName, validity = 'valid') {
      const leafDir = mkdtempSync(join(tmpdir(), 'rathausnetz-leaf-'));
      const inLeaf = (...args: string[]) =>
        execFileSync('openssl', args, { cwd: leafDir, stdio: 'pipe' });
      try {
        const keyObject = key instanceof KeyObject ? key : KeyObject.from(key);
        writeFileSync(join(leafDir, 'ca.cnf'), CA_CONFIG);
        writeFileSync(join(leafDir, 'index.txt'), '');
        writeFileSync(join(leafDir, 'serial'), `10${randomBytes(7).toString('hex')}\n`);
        writeFileSync(join(leafDir, 'intermediate.pem'), intermediatePem);
        writeFileSync(join(leafDir, 'intermediate.key'), intermediateKey);
        writeFileSync(
          join(leafDir, 'leaf.key'),
          keyObject.export({ type: 'pkcs8', format: 'pem' }) as string,
        );
        inLeaf('req', '-new', '-key', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${leafName}`);
        const dates =
          validity === 'expired'
            ? ['-startdate', '20200101000000Z', '-enddate', '20210101000000Z']
            : ['-days', '365'];
        inLeaf(
          'ca',
          '-batch',
          '-config',
          'ca.cnf',
          '-cert',
          'intermediate.pem',
          '-keyfile',
          'intermediate.key',
          '-in',
          'leaf.csr',
          '-out',
          'leaf.pem',
          ...dates,
          '-extensions',
          'leaf',
          '-notext',
        );
        return [der(readFileSync(join(leafDir, 'leaf.pem'), 'utf8')), der(intermediatePem)];
      } finally {
        rmSync(leafDir, { recursive: true, force: true });
      }
    },
  };
}
