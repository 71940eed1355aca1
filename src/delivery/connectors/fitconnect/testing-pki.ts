// A small PKI for the tests, made with the openssl command line: a root, an intermediate CA
// under it, and leaf certificates for given key pairs (the fake destination's own keys), valid
// now or long expired. FIT-Connect's keys in production come from the Verwaltungs-PKI in the
// same shape: leaf, intermediate, root. With `crlBase`, every certificate names its issuer's
// revocation list there (root.crl, intermediate.crl), which `crl()` makes with `openssl ca
// -gencrl` from what `revoke()` withdrew: real CRLs from a real CA tool, not from our code.
// With `ocspUrl`, every leaf names an OCSP responder there (authority information access);
// `responder()` gives what `openssl ocsp` needs to answer for the intermediate from the same
// CA database (testing-ocsp.ts starts it), signing with a delegated responder certificate.
import { execFileSync } from 'node:child_process';
import { KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const caConfig = (crlBase: string | undefined, ocspUrl: string | undefined) => `[ ca ]
default_ca = issuing
[ issuing ]
database = index.txt
new_certs_dir = .
serial = serial
crlnumber = crlnumber
default_md = sha256
default_crl_days = 1
policy = any_name
unique_subject = no
[ any_name ]
commonName = supplied
[ intermediate ]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
${crlBase ? `crlDistributionPoints = URI:${crlBase}/root.crl` : ''}
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyEncipherment,digitalSignature
${crlBase ? `crlDistributionPoints = URI:${crlBase}/intermediate.crl` : ''}
${ocspUrl ? `authorityInfoAccess = OCSP;URI:${ocspUrl}` : ''}
[ signatureOnly ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
${crlBase ? `crlDistributionPoints = URI:${crlBase}/intermediate.crl` : ''}
${ocspUrl ? `authorityInfoAccess = OCSP;URI:${ocspUrl}` : ''}
[ ocspResponder ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,OCSPSigning
noCheck = ignored
`;

/** What `openssl ocsp` answers for the intermediate with: its database, CA and signer. */
export type ResponderFiles = { index: string; ca: string; rsigner: string; rkey: string };

export type TestPki = {
  /** The root in PEM, as an admin pastes it into the route's trust anchors. */
  rootPem: string;
  /**
   * The x5c of a leaf for `key` (leaf, intermediate; base64 DER). `usage` 'signature-only':
   * a leaf whose key usage allows signatures alone.
   */
  chainFor(
    key: CryptoKey | KeyObject,
    name: string,
    validity?: 'valid' | 'expired',
    usage?: 'both' | 'signature-only',
  ): string[];
  /** Withdraws the leaf of a chain from chainFor: the intermediate's next CRL lists it. */
  revoke(x5c: readonly string[]): void;
  /** Drops the leaf from the intermediate's database, as if it had never issued it. */
  forget(x5c: readonly string[]): void;
  /**
   * The current CRL of `issuer` in DER, next update in `hours` (default a day); `stale`: one
   * whose next update is long past; `pss`: signed with RSASSA-PSS instead of PKCS#1 v1.5.
   */
  crl(
    issuer: 'root' | 'intermediate',
    options?: { stale?: boolean; hours?: number; pss?: boolean },
  ): Buffer;
  /**
   * The intermediate's CA database for `openssl ocsp`, signing as a delegated responder
   * (id-kp-OCSPSigning, issued by the intermediate; RSA, or ECDSA with P-256) or as the
   * intermediate itself.
   */
  responder(signer?: 'delegated' | 'delegated-ec' | 'issuer'): ResponderFiles;
};

const der = (pem: string) => new X509Certificate(pem).raw.toString('base64');
const pemOf = (base64: string) =>
  `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;

/** Made once per name and process: key generation by openssl takes a moment. */
export function makeTestPki(
  name: string,
  options: { crlBase?: string; ocspUrl?: string } = {},
): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'rathausnetz-pki-'));
  // The CAs' databases stay until the process ends: revoke() and crl() need them.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const config = caConfig(options.crlBase, options.ocspUrl);
  const ca = (sub: 'root' | 'intermediate') => {
    const at = join(dir, sub);
    mkdirSync(at);
    writeFileSync(join(at, 'ca.cnf'), config);
    writeFileSync(join(at, 'index.txt'), '');
    writeFileSync(join(at, 'serial'), `10${randomBytes(7).toString('hex')}\n`);
    writeFileSync(join(at, 'crlnumber'), '1000\n');
    return (...args: string[]) => execFileSync('openssl', args, { cwd: at, stdio: 'pipe' });
  };
  const inRoot = ca('root');
  const inIntermediate = ca('intermediate');
  const rootFiles = [
    '-cert',
    join(dir, 'root', 'root.pem'),
    '-keyfile',
    join(dir, 'root', 'root.key'),
  ];
  const intermediateFiles = [
    '-cert',
    join(dir, 'intermediate', 'intermediate.pem'),
    '-keyfile',
    join(dir, 'intermediate', 'intermediate.key'),
  ];
  try {
    inRoot(
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
    inIntermediate(
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
    inRoot(
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      ...rootFiles,
      '-in',
      join(dir, 'intermediate', 'intermediate.csr'),
      '-out',
      join(dir, 'intermediate', 'intermediate.pem'),
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
  const rootPem = readFileSync(join(dir, 'root', 'root.pem'), 'utf8');
  const intermediatePem = readFileSync(join(dir, 'intermediate', 'intermediate.pem'), 'utf8');
  let leaves = 0;
  const responders = new Map<string, ResponderFiles>();

  return {
    rootPem,
    chainFor(key, leafName, validity = 'valid', usage = 'both') {
      const keyObject = key instanceof KeyObject ? key : KeyObject.from(key);
      const leaf = `leaf-${++leaves}`;
      writeFileSync(
        join(dir, 'intermediate', `${leaf}.key`),
        keyObject.export({ type: 'pkcs8', format: 'pem' }) as string,
      );
      inIntermediate(
        'req',
        '-new',
        '-key',
        `${leaf}.key`,
        '-out',
        `${leaf}.csr`,
        '-subj',
        `/CN=${leafName}`,
      );
      const dates =
        validity === 'expired'
          ? ['-startdate', '20200101000000Z', '-enddate', '20210101000000Z']
          : ['-days', '365'];
      inIntermediate(
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        ...intermediateFiles,
        '-in',
        `${leaf}.csr`,
        '-out',
        `${leaf}.pem`,
        ...dates,
        '-extensions',
        usage === 'signature-only' ? 'signatureOnly' : 'leaf',
        '-notext',
      );
      return [
        der(readFileSync(join(dir, 'intermediate', `${leaf}.pem`), 'utf8')),
        der(intermediatePem),
      ];
    },
    revoke(x5c) {
      const leaf = x5c[0];
      if (leaf === undefined) throw new Error('no leaf to revoke');
      writeFileSync(join(dir, 'intermediate', 'revoke.pem'), pemOf(leaf));
      inIntermediate(
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        ...intermediateFiles,
        '-revoke',
        'revoke.pem',
      );
    },
    responder(signer = 'delegated') {
      const index = join(dir, 'intermediate', 'index.txt');
      const ca = join(dir, 'intermediate', 'intermediate.pem');
      if (signer === 'issuer') {
        return { index, ca, rsigner: ca, rkey: join(dir, 'intermediate', 'intermediate.key') };
      }
      const made = responders.get(signer);
      if (made !== undefined) return made;
      const file = `responder-${signer}`;
      const key =
        signer === 'delegated-ec' ? ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['rsa:2048'];
      inIntermediate(
        'req',
        '-new',
        '-newkey',
        ...key,
        '-nodes',
        '-keyout',
        `${file}.key`,
        '-out',
        `${file}.csr`,
        '-subj',
        `/CN=${name} OCSP Responder ${signer === 'delegated-ec' ? 'EC' : 'RSA'}`,
      );
      inIntermediate(
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        ...intermediateFiles,
        '-in',
        `${file}.csr`,
        '-out',
        `${file}.pem`,
        '-days',
        '365',
        '-extensions',
        'ocspResponder',
        '-notext',
      );
      const files = {
        index,
        ca,
        rsigner: join(dir, 'intermediate', `${file}.pem`),
        rkey: join(dir, 'intermediate', `${file}.key`),
      };
      responders.set(signer, files);
      return files;
    },
    forget(x5c) {
      const serial = new X509Certificate(Buffer.from(x5c[0] ?? '', 'base64')).serialNumber;
      const index = join(dir, 'intermediate', 'index.txt');
      const lines = readFileSync(index, 'utf8').split('\n');
      writeFileSync(index, lines.filter((line) => line.split('\t')[3] !== serial).join('\n'));
    },
    crl(issuer, { stale = false, hours, pss = false } = {}) {
      const run = issuer === 'root' ? inRoot : inIntermediate;
      const dates = stale
        ? ['-crl_lastupdate', '20200101000000Z', '-crl_nextupdate', '20200102000000Z']
        : hours === undefined
          ? []
          : ['-crlhours', String(hours)];
      run(
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        ...(issuer === 'root' ? rootFiles : intermediateFiles),
        '-gencrl',
        ...dates,
        ...(pss ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest'] : []),
        '-out',
        'current.crl',
      );
      return run('crl', '-in', 'current.crl', '-outform', 'DER');
    },
  };
}
