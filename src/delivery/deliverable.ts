// What a connector gets to deliver: one application for one route, complete (answers as the
// citizen confirmed them, the receipt PDF, the files), decrypted by the worker just before.
import type { Transaction } from 'kysely';
import type { DB, TrustLevel } from '../db/schema.ts';
import type { AnswerSection } from '../forms/answer-text.ts';
import type { Answers } from '../forms/answers.ts';
import type { PrefillData } from '../forms/prefill.ts';

export type DeliverableFile = {
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  content: Buffer;
};

export type DeliverableApplication = {
  id: string;
  reference: string;
  title: string;
  leikaKey: string;
  formId: string;
  formVersion: number;
  language: 'de' | 'en';
  submittedAt: Date;
  authority: { id: string; name: string };
  answers: Answers;
  sections: AnswerSection[];
  /** The Bürgerkonto data at submission; null for anonymous use. */
  applicant: PrefillData | null;
  /**
   * The trust level of the Bürgerkonto session that sent it ('substantial': signed in with an
   * eID through BundID or the like); null for anonymous use or applications sent before.
   */
  signedInAt: TrustLevel | null;
  /**
   * Answers that were exactly what an identity provider confirmed when sent, by field id, with
   * the provider's name ("BundID"); empty when none (or sent before this was kept).
   */
  confirmed: Record<string, string>;
  receipt: DeliverableFile;
  attachments: (DeliverableFile & { id: string; fieldId: string })[];
};

export type Deliverable = {
  deliveryId: string;
  /** The same for every attempt and resend of this delivery: receivers drop duplicates by it. */
  idempotencyKey: string;
  /** 1 for the first attempt. */
  attempt: number;
  route: { id: string; name: string };
  application: DeliverableApplication;
};

/** Loads the application of a delivery (the applications domain provides it). */
export type LoadDeliverable = (applicationId: string) => Promise<DeliverableApplication>;

/**
 * Reads the applications of a claimed batch inside the claim's transaction; each is opened
 * (decrypted, its receipt added) when its delivery starts, outside the transaction.
 */
export type ReadDeliverables = (
  trx: Transaction<DB>,
  applicationIds: readonly string[],
) => Promise<ReadonlyMap<string, () => Promise<DeliverableApplication>>>;

/**
 * One file of a delivery's application (`receipt` or an attachment id), read as the authority
 * it was sent to; undefined: none.
 */
export type LoadDeliverableFile = (
  authorityId: string,
  applicationId: string,
  fileId: string,
) => Promise<DeliverableFile | undefined>;

/**
 * The application as JSON for a receiving system: one shape for every connector that sends it
 * machine-readable (webhook body, FIT-Connect Fachdaten), so receivers parse one format.
 */
export function applicationRecord(a: DeliverableApplication) {
  return {
    id: a.id,
    reference: a.reference,
    title: a.title,
    leikaKey: a.leikaKey,
    formId: a.formId,
    formVersion: a.formVersion,
    language: a.language,
    submittedAt: a.submittedAt.toISOString(),
    authority: a.authority,
    applicant: a.applicant,
    signedInAt: a.signedInAt,
    confirmed: a.confirmed,
    answers: a.answers,
    sections: a.sections,
  };
}
