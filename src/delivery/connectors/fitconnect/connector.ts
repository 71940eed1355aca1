// FIT-Connect: the application as a submission to the authority's destination through the
// Submission API (ADR 0029). One attempt goes as far as it can and remembers where it got:
//   1. token (client credentials, cached), destination and its key verified, the key's
//      certificate chain to the route's trust anchors included, unrevoked (OCSP, CRLs);
//   2. announce the submission with its attachments (once per delivery, remembered);
//   3. upload each attachment as a JWE, then submit the metadata and the data as JWEs;
//   4. read the case's event log: the destination's signed accept → delivered, its reject →
//      rejected; nothing yet → tried again later (a callback brings that forward).
// A later attempt resumes the remembered submission, so the destination gets it once.
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { defineConnector } from '../types.ts';
import { ChainError, type KeyTrust, parseTrustAnchors } from './certificate-chain.ts';
import { fitconnectConfig } from './config.ts';
import { verifiedDestination } from './destination.ts';
import { encryptFor } from './encryption.ts';
import { readVerdict } from './events.ts';
import { DEFAULT_DATA_SCHEMA, dataOf, metadataOf, outgoingAttachments } from './metadata.ts';
import { Halt, haltForStatus, reject, retry } from './outcome.ts';
import { createRevocationCheck } from './revocation-check.ts';
import { createServiceClient } from './service-client.ts';
import { type SubmissionStore, submissionStore } from './submissions.ts';
import { createTokenCache } from './token.ts';

const DEFAULT_POLL_SECONDS = 60;

/** Where the service calls back for a route: the back-channel's callback endpoint. */
export function callbackUrl(publicUrl: string, authorityId: string, routeId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/v1/fitconnect/callbacks/${authorityId}/${routeId}`;
}

export function createFitconnectConnector(deps: {
  db?: Kysely<DB>;
  submissions?: SubmissionStore;
  /** The portal's public base URL: callbacks come back to /api/v1 there. */
  publicUrl?: string;
  /** In production the demo's opt-out of certificate chains is refused. */
  production?: boolean;
  now?: () => number;
}) {
  const tokens = createTokenCache(deps.now);
  // One revocation cache for every route: lists and answers are the issuers', not the routes'.
  const revocation = createRevocationCheck();
  const now = deps.now ?? Date.now;
  let store = deps.submissions;
  const submissions = (): SubmissionStore => {
    if (store !== undefined) return store;
    if (deps.db === undefined) throw new Error('the fitconnect connector needs a database');
    store = submissionStore(deps.db);
    return store;
  };

  /** The route's trust in destination keys; a refusal when it names none that parse. */
  function keyTrust(config: {
    trustAnchors?: string[];
    demoWithoutCertificateChain?: boolean;
  }): KeyTrust {
    if (config.demoWithoutCertificateChain === true) {
      if (deps.production === true) {
        throw reject(
          'demoWithoutCertificateChain is for the demo only and refused in production; name the trust anchors instead',
        );
      }
      return 'without-chain';
    }
    let anchors: ReturnType<typeof parseTrustAnchors>;
    try {
      anchors = parseTrustAnchors(config.trustAnchors ?? []);
    } catch (error) {
      if (error instanceof ChainError) throw reject(`the route's trust anchors: ${error.message}`);
      throw error;
    }
    if (anchors.length === 0) {
      throw reject(
        'the route names no trust anchor for the destination keys (trustAnchors, e.g. the root of the Verwaltungs-PKI); nothing was sent',
      );
    }
    return { anchors, now: () => new Date(now()), revocation };
  }

  return defineConnector({
    type: 'fitconnect',
    summary: 'FIT-Connect submission (OAuth2, JWE for the destination, signed events back)',
    configSchema: fitconnectConfig,
    secretKeys: ['clientSecret', 'callbackSecret'],
    // As long as the e-mail connector's: a longer one would lengthen every worker's default
    // lease (longest timeout plus a minute). An attempt cut short resumes where it stopped.
    timeoutMs: 60_000,

    async deliver(item, config, signal) {
      const client = createServiceClient(config.submissionApiUrl, config, tokens, signal);
      const pollMs = (config.pollSeconds ?? DEFAULT_POLL_SECONDS) * 1000;
      try {
        const trust = keyTrust(config);
        let record = await submissions().find(item.deliveryId);
        if (record !== undefined && record.destinationId !== config.destinationId) {
          // The route now points elsewhere: the old destination never got it complete.
          await submissions().forget(item.deliveryId);
          record = undefined;
        }
        if (record?.state !== 'submitted') {
          const destination = await verifiedDestination(client, {
            destinationId: config.destinationId,
            submissionApiUrl: config.submissionApiUrl,
            leikaKey: item.application.leikaKey,
            trust,
          });
          const files = outgoingAttachments(item);
          if (record === undefined) {
            const announced = (await client.json(
              'POST',
              '/v1/submissions',
              'announcing the submission',
              {
                destinationId: destination.destinationId,
                announcedAttachments: files.map((f) => f.attachmentId),
                serviceType: {
                  name: item.application.title,
                  identifier: `urn:de:fim:leika:leistung:${item.application.leikaKey}`,
                },
                ...(deps.publicUrl && config.callbackSecret
                  ? {
                      callback: {
                        url: callbackUrl(
                          deps.publicUrl,
                          item.application.authority.id,
                          item.route.id,
                        ),
                        secret: config.callbackSecret,
                      },
                    }
                  : {}),
              },
            )) as { submissionId?: unknown; caseId?: unknown };
            if (
              typeof announced.submissionId !== 'string' ||
              typeof announced.caseId !== 'string'
            ) {
              throw retry(
                'announcing the submission: the service answered without submissionId and caseId',
              );
            }
            record = {
              submissionId: announced.submissionId,
              caseId: announced.caseId,
              destinationId: destination.destinationId,
              state: 'announced',
              authTags: null,
            };
            await submissions().announced(item.deliveryId, record);
          }
          const key = destination.encryptionKey;
          const attachmentTags: Record<string, string> = {};
          for (const file of files) {
            const { jwe, tag } = await encryptFor(key, file.content, file.mimeType);
            await client.putJose(
              `/v1/submissions/${record.submissionId}/attachments/${file.attachmentId}`,
              'uploading an attachment',
              jwe,
            );
            attachmentTags[file.attachmentId] = tag;
          }
          const data = dataOf(item);
          const metadata = metadataOf(
            item,
            data,
            files,
            config.dataSchemaUri ?? DEFAULT_DATA_SCHEMA,
          );
          const encryptedData = await encryptFor(key, data, 'application/json');
          const encryptedMetadata = await encryptFor(
            key,
            Buffer.from(JSON.stringify(metadata)),
            'application/json',
          );
          const code = await client.status(
            'PUT',
            `/v1/submissions/${record.submissionId}`,
            'submitting',
            {
              encryptedMetadata: encryptedMetadata.jwe,
              encryptedData: encryptedData.jwe,
            },
          );
          // 409: a previous attempt's submit went through before its answer was lost.
          if (code !== 409 && (code < 200 || code >= 300)) {
            throw haltForStatus(code, 'submitting');
          }
          const authTags = {
            metadata: encryptedMetadata.tag,
            data: encryptedData.tag,
            attachments: attachmentTags,
          };
          await submissions().submitted(item.deliveryId, code === 409 ? {} : authTags);
          record = { ...record, state: 'submitted', authTags: code === 409 ? null : authTags };
        }
        const verdict = await readVerdict(client, {
          caseId: record.caseId,
          submissionId: record.submissionId,
          destinationId: record.destinationId,
          authTags:
            record.authTags && Object.keys(record.authTags).length > 0 ? record.authTags : null,
          trust,
        });
        if (verdict.kind === 'accepted') {
          return { status: 'delivered', reference: record.submissionId };
        }
        if (verdict.kind === 'rejected') {
          // A resend after fixing the cause starts a new submission.
          await submissions().forget(item.deliveryId);
          return {
            status: 'rejected',
            reason: `the destination rejected submission ${record.submissionId}: ${verdict.reason}`,
          };
        }
        const ignored =
          verdict.ignored > 0
            ? ` (${verdict.ignored} event(s) with an invalid signature ignored)`
            : '';
        return {
          status: 'retry',
          reason: `submitted to FIT-Connect as ${record.submissionId}; waiting for the destination to accept it${ignored}`,
          notBefore: new Date(now() + pollMs),
        };
      } catch (error) {
        if (error instanceof Halt) return error.result;
        throw error;
      }
    },

    async checkConfig(config, signal) {
      const client = createServiceClient(config.submissionApiUrl, config, tokens, signal);
      try {
        const trust = keyTrust(config);
        // Any service of the destination will do for the check; the key and signature matter.
        const doc = (await client.json(
          'GET',
          `/v1/destinations/${config.destinationId}`,
          'the destination',
        )) as {
          services?: { identifier?: string }[];
        };
        const leika = doc.services?.[0]?.identifier?.split(':').pop() ?? '';
        await verifiedDestination(client, {
          destinationId: config.destinationId,
          submissionApiUrl: config.submissionApiUrl,
          leikaKey: leika,
          trust,
        });
      } catch (error) {
        if (error instanceof Halt) throw new Error(error.result.reason);
        throw error;
      }
    },
  });
}
