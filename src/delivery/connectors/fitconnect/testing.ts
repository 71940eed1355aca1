// A FIT-Connect-shaped submission service on 127.0.0.1 for the tests: a token endpoint, a
// destination with real key pairs, submissions that are really decrypted with the
// destination's private key and whose metadata is validated against the official schema
// (../shared/data/fitconnect, with ajv), and a case event log of Security Event Tokens signed
// by the destination and the service. The destination's keys come with certificate chains
// (x5c) from a test PKI made with openssl (testing-pki.ts), whose root config() names as the
// trust anchor; its CRLs are served on 127.0.0.1 too, where its certificates say, and its
// leaves name an OCSP responder on a port of 127.0.0.1 that a test starts `openssl ocsp` on
// (`ocsp`, testing-ocsp.ts) or leaves closed. Faults are switched on per test (`faults`, `next`).
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  CompactSign,
  calculateJwkThumbprint,
  compactDecrypt,
  exportJWK,
  generateKeyPair,
  type JWK,
  SignJWT,
} from 'jose';
import { signCallback } from './callback-signature.ts';
import { EVENTS } from './events.ts';
import { freePort } from './testing-ocsp.ts';
import { makeTestPki, type ResponderFiles } from './testing-pki.ts';

type Cleanup = { after(fn: () => unknown): void };

const SCHEMA_PATH = new URL(
  '../../../../../shared/data/fitconnect/metadata/2.1.0/metadata.schema.json',
  import.meta.url,
);

export type FakeSubmission = {
  submissionId: string;
  caseId: string;
  destinationId: string;
  announced: string[];
  serviceType: unknown;
  callback?: { url: string; secret: string };
  attachments: Map<string, Buffer>;
  /** The GCM tag of each uploaded attachment's JWE, named back in the accept event. */
  uploadTags: Record<string, string>;
  metadata?: Record<string, unknown>;
  data?: Buffer;
  tags?: { metadata: string; data: string; attachments: Record<string, string> };
  submitted: boolean;
};

type Answer = { status: number; body?: string; destroy?: boolean };
type Hit = { method: string; path: string; authorization?: string | undefined };

/** Keys are made once per process: RSA 4096 takes a while on a shared machine. */
let keysOnce: Promise<Awaited<ReturnType<typeof makeKeys>>> | undefined;

/** How the PKI's CRL server answers: as it should, not at all, out of date, or forged. */
export type CrlFault = 'served' | 'down' | 'stale' | 'forged';
/** The running test's choice (tests in a file run one after another; the server is shared). */
let crlFault: { crl: CrlFault } = { crl: 'served' };

/**
 * The CRL distribution point of the test PKIs, one per process like the keys: the real
 * CRLs `openssl ca -gencrl` makes, or the fault the running test asks for.
 */
async function startCrlServer(crlOf: (file: string) => Buffer | undefined, forged: () => Buffer) {
  const server = createServer((req, res) => {
    const file = (req.url ?? '').slice(1);
    if (crlFault.crl === 'down') {
      res.writeHead(503).end();
      return;
    }
    const body = crlFault.crl === 'forged' ? forged() : crlOf(file);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function makeKeys() {
  const encryption = await generateKeyPair('RSA-OAEP-256', {
    modulusLength: 4096,
    extractable: true,
  });
  const destinationSigning = await generateKeyPair('PS512', { extractable: true });
  const service = await generateKeyPair('PS512', { extractable: true });
  const stranger = await generateKeyPair('PS512', { extractable: true });
  const otherEncryption = await generateKeyPair('RSA-OAEP-256', {
    modulusLength: 4096,
    extractable: true,
  });
  // The destination's PKI with its CRLs, a foreign one whose root no route trusts, and an
  // impostor with the same names but its own keys (its CRLs are forgeries of the real ones').
  let pki: ReturnType<typeof makeTestPki> | undefined;
  let impostor: ReturnType<typeof makeTestPki> | undefined;
  const crlBase = await startCrlServer(
    (file) => {
      if (pki === undefined) return undefined;
      if (file === 'root.crl') return pki.crl('root', { stale: crlFault.crl === 'stale' });
      if (file === 'intermediate.crl')
        return pki.crl('intermediate', { stale: crlFault.crl === 'stale' });
      return undefined;
    },
    () => (impostor as ReturnType<typeof makeTestPki>).crl('intermediate'),
  );
  const ocspPort = await freePort();
  pki = makeTestPki('Testverwaltung', { crlBase, ocspUrl: `http://127.0.0.1:${ocspPort}/` });
  impostor = makeTestPki('Testverwaltung');
  const real = pki.responder('delegated');
  const forged = impostor.responder('delegated');
  const ocsp = {
    port: ocspPort,
    /** As the PKI's responder answers, or forged: signed by the impostor's responder. */
    files(signer: 'delegated' | 'forged'): ResponderFiles {
      return signer === 'delegated'
        ? real
        : { ...real, rsigner: forged.rsigner, rkey: forged.rkey };
    },
  };
  const foreign = makeTestPki('Fremdverwaltung');
  const chains = {
    encryption: pki.chainFor(encryption.privateKey, 'Zustellpunkt Verschlüsselung'),
    signing: pki.chainFor(destinationSigning.privateKey, 'Zustellpunkt Signatur'),
    expiredEncryption: pki.chainFor(encryption.privateKey, 'Abgelaufen', 'expired'),
    revokedEncryption: pki.chainFor(encryption.privateKey, 'Widerrufen'),
    signatureOnlyEncryption: pki.chainFor(
      encryption.privateKey,
      'Nur für Signaturen',
      'valid',
      'signature-only',
    ),
    foreignEncryption: foreign.chainFor(encryption.privateKey, 'Fremd Verschlüsselung'),
    foreignSigning: foreign.chainFor(destinationSigning.privateKey, 'Fremd Signatur'),
  };
  pki.revoke(chains.revokedEncryption);
  return {
    encryption,
    destinationSigning,
    service,
    stranger,
    otherEncryption,
    rootPem: pki.rootPem,
    foreignRootPem: foreign.rootPem,
    chains,
    ocsp,
  };
}

export async function startFitconnectService(t: Cleanup, leikaKey = '99063010000000') {
  keysOnce ??= makeKeys();
  const keys = await keysOnce;
  const destinationId = randomUUID();
  const clientId = 'rathausnetz-soegel';
  const clientSecret = 'client-secret-of-soegel';
  const encryptionJwk: JWK = {
    ...(await exportJWK(keys.encryption.publicKey)),
    kid: 'enc-2026',
    alg: 'RSA-OAEP-256',
    use: 'enc',
    key_ops: ['wrapKey'],
  };
  const otherEncryptionJwk: JWK = {
    ...(await exportJWK(keys.otherEncryption.publicKey)),
    kid: 'enc-2026',
    alg: 'RSA-OAEP-256',
    use: 'enc',
    key_ops: ['wrapKey'],
  };
  const signingJwk: JWK = {
    ...(await exportJWK(keys.destinationSigning.publicKey)),
    kid: 'sig-2026',
    alg: 'PS512',
    use: 'sig',
    key_ops: ['verify'],
  };
  const serviceJwk: JWK = {
    ...(await exportJWK(keys.service.publicKey)),
    kid: 'svc-1',
    alg: 'PS512',
    use: 'sig',
  };

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validateMetadata = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));

  const faults = {
    /** The token endpoint closes the connection without an answer. */
    tokenDown: false,
    /** Every access token issued so far is refused by the API (expired early, revoked). */
    tokensIssuedBefore: 0,
    /** How long issued tokens claim to last. */
    tokenSeconds: 300,
    /** The destination statement signed with a key the service does not publish. */
    signDestinationWithStranger: false,
    /** The destination key served is not the one the statement vouches for. */
    swapEncryptionKey: false,
    /** What the destination does once a submission is complete. */
    verdict: 'accept' as 'accept' | 'reject' | 'none',
    /**
     * The encryption key's x5c: its good chain, none, one from a PKI no route trusts, an
     * expired leaf, the signing key's chain (a leaf that does not hold this key), a leaf its
     * CA revoked, or one whose key usage allows signatures only.
     */
    encryptionChain: 'valid' as
      | 'valid'
      | 'none'
      | 'foreignRoot'
      | 'expiredLeaf'
      | 'otherLeaf'
      | 'revokedLeaf'
      | 'signatureOnlyLeaf',
    /** How the PKI's CRL distribution point answers (for every chain of this PKI). */
    crl: 'served' as CrlFault,
    /** The signing key's x5c: its good chain, or one from the foreign PKI. */
    signingChain: 'valid' as 'valid' | 'foreignRoot',
  };
  // The shared CRL server answers as this test asks.
  crlFault = faults;
  /** Answers served instead of the real one, first matching first; each used once. */
  const next: { method: string; path: RegExp; answer: Answer }[] = [];
  const tokens = new Map<string, number>();
  const submissions = new Map<string, FakeSubmission>();
  const events = new Map<string, string[]>();
  const hits: Hit[] = [];
  const problems: string[] = [];
  let tokenRequests = 0;
  let port = 0;

  const host = () => `127.0.0.1:${port}`;

  async function destinationSignature() {
    const key = faults.signDestinationWithStranger
      ? keys.stranger.privateKey
      : keys.service.privateKey;
    const payload = {
      destinationId,
      submissionHost: host(),
      encryptionKeyThumbprint: await calculateJwkThumbprint(encryptionJwk, 'sha256'),
      iat: Math.floor(Date.now() / 1000),
    };
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'PS512', kid: 'svc-1' })
      .sign(key);
  }

  /** A Security Event Token about a submission; signed by `by` unless told otherwise. */
  async function eventToken(
    s: FakeSubmission,
    event: string,
    detail: Record<string, unknown>,
    by: 'destination' | 'service' | 'stranger',
  ) {
    const key =
      by === 'destination'
        ? keys.destinationSigning.privateKey
        : by === 'service'
          ? keys.service.privateKey
          : keys.stranger.privateKey;
    return new SignJWT({ events: { [event]: detail }, txn: `case:${s.caseId}` })
      .setProtectedHeader({
        alg: 'PS512',
        typ: 'secevent+jwt',
        kid: by === 'service' ? 'svc-1' : 'sig-2026',
      })
      .setIssuer(by === 'service' ? 'https://submission-api.test' : s.destinationId)
      .setSubject(`submission:${s.submissionId}`)
      .setIssuedAt()
      .setJti(randomUUID())
      .sign(key);
  }

  async function addEvent(s: FakeSubmission, token: string) {
    const log = events.get(s.caseId) ?? [];
    log.push(token);
    events.set(s.caseId, log);
  }

  function authorized(req: IncomingMessage): boolean {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const issued = match ? tokens.get(match[1] as string) : undefined;
    return issued !== undefined && issued >= faults.tokensIssuedBefore;
  }

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const problem = (res: ServerResponse, status: number, detail: string) => {
    problems.push(detail);
    json(res, status, { type: 'about:blank', title: 'Bad Request', detail });
  };

  async function decrypt(jwe: string): Promise<Buffer> {
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, keys.encryption.privateKey);
    if (protectedHeader.alg !== 'RSA-OAEP-256' || protectedHeader.enc !== 'A256GCM') {
      throw new Error(`wrong algorithms ${protectedHeader.alg}/${protectedHeader.enc}`);
    }
    if (protectedHeader.kid !== encryptionJwk.kid) throw new Error('wrong kid');
    return Buffer.from(plaintext);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url ?? '/', `http://${host()}`);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    hits.push({ method, path, authorization: req.headers.authorization });
    const canned = next.findIndex((n) => n.method === method && n.path.test(path));
    if (canned >= 0) {
      const answer = next.splice(canned, 1)[0]?.answer as Answer;
      if (answer.destroy) return void req.socket.destroy();
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      return void res.end(answer.body ?? '');
    }

    if (method === 'POST' && path === '/token') {
      tokenRequests++;
      if (faults.tokenDown) return void req.socket.destroy();
      const form = new URLSearchParams(body);
      if (
        form.get('grant_type') !== 'client_credentials' ||
        form.get('client_id') !== clientId ||
        form.get('client_secret') !== clientSecret
      ) {
        return json(res, 401, { error: 'invalid_client' });
      }
      const token = randomUUID();
      tokens.set(token, Date.now());
      return json(res, 200, {
        access_token: token,
        token_type: 'Bearer',
        expires_in: faults.tokenSeconds,
      });
    }
    if (method === 'GET' && path === '/.well-known/jwks.json') {
      return json(res, 200, { keys: [serviceJwk] });
    }
    if (!authorized(req)) return json(res, 401, { error: 'invalid_token' });

    let m = /^\/v1\/destinations\/([^/]+)$/.exec(path);
    if (method === 'GET' && m) {
      if (m[1] !== destinationId) return json(res, 404, { detail: 'no such destination' });
      return json(res, 200, {
        destinationId,
        status: 'active',
        services: [
          {
            identifier: `urn:de:fim:leika:leistung:${leikaKey}`,
            submissionSchemas: [
              { schemaUri: 'urn:rathausnetz:schema:antrag:1', mimeType: 'application/json' },
            ],
            regions: ['DE03454'],
          },
        ],
        encryptionKid: encryptionJwk.kid,
        metadataVersions: ['2.1.0'],
        destinationSignature: await destinationSignature(),
      });
    }
    m = /^\/v1\/destinations\/([^/]+)\/keys\/([^/]+)$/.exec(path);
    if (method === 'GET' && m) {
      const kid = decodeURIComponent(m[2] as string);
      if (kid === encryptionJwk.kid) {
        if (faults.swapEncryptionKey) return json(res, 200, otherEncryptionJwk);
        const x5c = {
          valid: keys.chains.encryption,
          none: undefined,
          foreignRoot: keys.chains.foreignEncryption,
          expiredLeaf: keys.chains.expiredEncryption,
          otherLeaf: keys.chains.signing,
          revokedLeaf: keys.chains.revokedEncryption,
          signatureOnlyLeaf: keys.chains.signatureOnlyEncryption,
        }[faults.encryptionChain];
        return json(res, 200, { ...encryptionJwk, ...(x5c ? { x5c } : {}) });
      }
      if (kid === signingJwk.kid) {
        const x5c =
          faults.signingChain === 'valid' ? keys.chains.signing : keys.chains.foreignSigning;
        return json(res, 200, { ...signingJwk, x5c });
      }
      return json(res, 404, { detail: 'no such key' });
    }
    if (method === 'POST' && path === '/v1/submissions') {
      let announce: Record<string, unknown>;
      try {
        announce = JSON.parse(body);
      } catch {
        return problem(res, 400, 'announce: not JSON');
      }
      if (announce.destinationId !== destinationId) return problem(res, 422, 'unknown destination');
      const announced = announce.announcedAttachments;
      if (!Array.isArray(announced)) return problem(res, 400, 'announcedAttachments missing');
      const s: FakeSubmission = {
        submissionId: randomUUID(),
        caseId: randomUUID(),
        destinationId,
        announced: announced as string[],
        serviceType: announce.serviceType,
        attachments: new Map(),
        uploadTags: {},
        submitted: false,
        ...(announce.callback
          ? { callback: announce.callback as FakeSubmission['callback'] & {} }
          : {}),
      };
      submissions.set(s.submissionId, s);
      await addEvent(
        s,
        await eventToken(
          s,
          'https://schema.fitko.de/fit-connect/events/create-submission',
          {},
          'service',
        ),
      );
      return json(res, 201, { destinationId, submissionId: s.submissionId, caseId: s.caseId });
    }
    m = /^\/v1\/submissions\/([^/]+)\/attachments\/([^/]+)$/.exec(path);
    if (method === 'PUT' && m) {
      const s = submissions.get(m[1] as string);
      if (s === undefined) return json(res, 404, { detail: 'no such submission' });
      const attachmentId = m[2] as string;
      if (!s.announced.includes(attachmentId))
        return problem(res, 422, 'attachment was not announced');
      if (req.headers['content-type'] !== 'application/jose')
        return problem(res, 415, 'not application/jose');
      try {
        s.attachments.set(attachmentId, await decrypt(body));
        s.uploadTags[attachmentId] = body.split('.')[4] as string;
      } catch (error) {
        return problem(res, 400, `attachment does not decrypt: ${(error as Error).message}`);
      }
      res.writeHead(204);
      return void res.end();
    }
    m = /^\/v1\/submissions\/([^/]+)$/.exec(path);
    if (method === 'PUT' && m) {
      const s = submissions.get(m[1] as string);
      if (s === undefined) return json(res, 404, { detail: 'no such submission' });
      if (s.submitted) return json(res, 409, { detail: 'already submitted' });
      let parts: { encryptedMetadata?: string; encryptedData?: string };
      try {
        parts = JSON.parse(body);
      } catch {
        return problem(res, 400, 'submit: not JSON');
      }
      let metadata: Record<string, unknown>;
      let data: Buffer;
      try {
        metadata = JSON.parse((await decrypt(parts.encryptedMetadata ?? '')).toString('utf8'));
        data = await decrypt(parts.encryptedData ?? '');
      } catch (error) {
        return problem(res, 400, `metadata or data do not decrypt: ${(error as Error).message}`);
      }
      if (!validateMetadata(metadata)) {
        return problem(res, 422, `metadata invalid: ${ajv.errorsText(validateMetadata.errors)}`);
      }
      const missing = s.announced.filter((id) => !s.attachments.has(id));
      if (missing.length > 0)
        return problem(res, 422, `attachments missing: ${missing.join(', ')}`);
      const structure = metadata.contentStructure as {
        data: { hash: { content: string } };
        attachments: { attachmentId: string; hash: { content: string } }[];
      };
      const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('hex');
      if (structure.data.hash.content !== sha512(data))
        return problem(res, 422, 'data hash differs');
      for (const a of structure.attachments) {
        const content = s.attachments.get(a.attachmentId);
        if (content === undefined || sha512(content) !== a.hash.content) {
          return problem(res, 422, `attachment ${a.attachmentId} hash differs`);
        }
      }
      s.metadata = metadata;
      s.data = data;
      s.submitted = true;
      s.tags = {
        metadata: (parts.encryptedMetadata ?? '').split('.')[4] as string,
        data: (parts.encryptedData ?? '').split('.')[4] as string,
        attachments: { ...s.uploadTags },
      };
      await addEvent(
        s,
        await eventToken(
          s,
          'https://schema.fitko.de/fit-connect/events/submit-submission',
          {},
          'service',
        ),
      );
      if (faults.verdict !== 'none') await decide(s, faults.verdict);
      res.writeHead(202, { 'content-type': 'application/json' });
      return void res.end(
        JSON.stringify({ destinationId, submissionId: s.submissionId, caseId: s.caseId }),
      );
    }
    m = /^\/v1\/cases\/([^/]+)\/events$/.exec(path);
    if (method === 'GET' && m) {
      return json(res, 200, { eventLog: events.get(m[1] as string) ?? [] });
    }
    return json(res, 404, { detail: `no route ${method} ${path}` });
  }

  /** The destination's subscriber accepts or rejects a complete submission. */
  async function decide(s: FakeSubmission, verdict: 'accept' | 'reject') {
    if (verdict === 'accept') {
      await addEvent(
        s,
        await eventToken(s, EVENTS.accept, { authenticationTags: s.tags }, 'destination'),
      );
    } else {
      await addEvent(
        s,
        await eventToken(
          s,
          EVENTS.reject,
          { problems: [{ title: 'Fachlich unvollständig', detail: 'Pflichtangabe fehlt' }] },
          'destination',
        ),
      );
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error) => {
        problems.push(String(error));
        if (!res.headersSent) json(res, 500, { detail: 'fake service error' });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  /** Signs and posts a callback to `url` the way the service does. */
  async function sendCallback(url: string, secret: string, caseId: string, timestamp?: number) {
    const body = JSON.stringify({
      type: 'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-event',
      caseId,
    });
    const ts = timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'callback-timestamp': String(ts),
        'callback-authentication': signCallback(secret, ts, body),
      },
      body,
    });
  }

  return {
    url: `http://${host()}`,
    tokenUrl: `http://${host()}/token`,
    destinationId,
    clientId,
    clientSecret,
    faults,
    next,
    hits,
    problems,
    submissions,
    tokenRequests: () => tokenRequests,
    decide,
    eventToken,
    addEvent,
    sendCallback,
    /** The root of the destination's PKI, and of one that no route should trust (PEM). */
    rootPem: keys.rootPem,
    foreignRootPem: keys.foreignRootPem,
    /** The port the PKI's leaves name for OCSP, and what `openssl ocsp` answers with there. */
    ocsp: keys.ocsp,
    config(extra: Record<string, unknown> = {}) {
      return {
        tokenUrl: `http://${host()}/token`,
        submissionApiUrl: `http://${host()}`,
        clientId,
        clientSecret,
        destinationId,
        // As the route form sends a pasted PEM: one entry a line.
        trustAnchors: keys.rootPem.trim().split('\n'),
        ...extra,
      };
    },
  };
}

export type FitconnectService = Awaited<ReturnType<typeof startFitconnectService>>;
