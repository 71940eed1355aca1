// What an application keeps of the moment it was sent: the answers, the labels and values
// exactly as the citizen confirmed them (so the receipt can be rendered again even after the
// form changed), and the Bürgerkonto data the form was prefilled from. Stored encrypted.

import type { TrustLevel } from '../db/schema.ts';
import type { AnswerSection } from '../forms/answer-text.ts';
import type { Answers } from '../forms/answers.ts';
import type { PrefillData } from '../forms/prefill.ts';
import type { Language } from '../web/i18n.ts';

export type Snapshot = {
  version: 1;
  language: Language;
  answers: Answers;
  sections: AnswerSection[];
  attachments: SnapshotAttachment[];
  /** The profile and e-mail address at submission; null for anonymous use. */
  profile: PrefillData | null;
  /**
   * The trust level of the Bürgerkonto session that sent it (how sure the portal was of who
   * the applicant is); absent for anonymous use and in applications sent before it was kept.
   */
  signedInAt?: TrustLevel;
  /**
   * The answers that were, when sent, exactly what an identity provider had confirmed (at
   * substantial or high), by field id, with the provider's name. Absent: none, or sent
   * before it was kept.
   */
  confirmed?: Record<string, string>;
};

export type SnapshotAttachment = {
  id: string;
  fieldId: string;
  name: string;
  size: number;
  type: string;
};

export function encodeSnapshot(snapshot: Snapshot): Buffer {
  return Buffer.from(JSON.stringify(snapshot), 'utf8');
}

export function decodeSnapshot(bytes: Buffer): Snapshot {
  const value = JSON.parse(bytes.toString('utf8')) as Snapshot;
  if (value?.version !== 1) throw new Error('unknown application snapshot version');
  return value;
}
