// Sending a draft: one transaction that acts as the draft's owner *and* as the responsible
// authority (row-level security must admit both sides of what it writes): it locks the
// draft, checks it again, snapshots it encrypted, numbers it, records `submitted`, queues the
// delivery, opens the Postfach thread with the confirmation and deletes the draft. Either all
// of that is stored or nothing is. The draft id is unique on applications, so a second click,
// a reload or twenty concurrent requests find the one application instead of making another.
// The receipt PDF and the notice e-mail follow after commit; if the process dies in between,
// the worker posts missing receipts (the snapshot holds everything the PDF shows).
import { randomUUID } from 'node:crypto';
import { emailAndProfileThenActAs } from '../accounts/profile/applicant.ts';
import { trustReaches } from '../accounts/sign-in/service.ts';
import type { TrustLevel } from '../db/schema.ts';
import { draftFiles } from '../drafts/attachments.ts';
import { actAsOwner, type DraftOwner, hashAnonymousKey } from '../drafts/owner.ts';
import { toPrefillData } from '../drafts/prefill.ts';
import { firstOpenStep } from '../drafts/steps.ts';
import type { DraftRow } from '../drafts/submission.ts';
import { newDataKey, seal } from '../envelope/envelope.ts';
import { NotFoundError } from '../errors.ts';
import { answerSections } from '../forms/answer-text.ts';
import { isAttachmentList } from '../forms/answers.ts';
import { confirmedFields } from '../forms/prefill.ts';
import { validateAll } from '../forms/validate.ts';
import { visibleAnswers } from '../forms/visibility.ts';
import { sealedFirstMessage } from '../mailbox/submission.ts';
import { isUuid } from '../uuid.ts';
import { formatDateTime } from '../web/format.ts';
import { type Language, translator } from '../web/i18n.ts';
import { applicantNames } from './applicant-names.ts';
import { DraftIncompleteError, FormWithdrawnError, TrustLevelTooLowError } from './errors.ts';
import type { ApplicationsDeps } from './options.ts';
import { formatReference } from './reference.ts';
import * as repo from './repository.ts';
import { encodeSnapshot, type Snapshot } from './snapshot.ts';
import './messages.ts';

export type Submitted = { id: string; reference: string; created: boolean };

export function createSubmit(deps: ApplicationsDeps) {
  const { db, tenancy, keyring, drafts, now } = deps;

  /** A draft whose form version is gone from this build cannot be sent: as if not found. */
  function toDraftOrUndefined(row: DraftRow) {
    try {
      return drafts.fromRow(row);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * Sends the owner's draft. Returns the application (created: false when this draft was
   * sent before). NotFoundError for a draft that is not the owner's; TrustLevelTooLowError
   * when the session's level (if given) is below the service's; DraftIncompleteError,
   * FormWithdrawnError when it cannot be sent; any other error means nothing was stored.
   * The receipt and the notice e-mail follow in the worker (postPendingReceipts, ADR 0014).
   */
  async function submit(
    owner: DraftOwner,
    draftId: string,
    lang: Language,
    session: { trustLevel?: TrustLevel } = {},
  ): Promise<Submitted> {
    if (!isUuid(draftId)) throw new NotFoundError('draft', draftId);
    const directory = await tenancy.directory();
    const { verbund } = directory;
    const t = translator(lang);
    // Read before the transaction, in the identity broker's own (PGlite has one connection):
    // what a provider confirmed, compared with the answers below, marks those as confirmed.
    const confirmedValues = 'accountId' in owner ? await drafts.confirmed(owner.accountId) : {};

    return db.transaction().execute(async (trx) => {
      // As the citizen from here on, with their profile as it is now (read just before).
      const profile =
        'accountId' in owner
          ? toPrefillData(await emailAndProfileThenActAs(trx, owner.accountId), directory)
          : null;
      if (!('accountId' in owner)) await actAsOwner(trx, owner);
      // ... and as the responsible authority, with the number drawn.
      const row = await repo.lockDraftForSubmission(trx, draftId, now());
      const draft = row === undefined ? undefined : toDraftOrUndefined(row);
      if (row === undefined || draft === undefined) {
        // Sent by an earlier request (the draft is gone, the application is there), or not ours.
        const sent = await repo.findByDraft(trx, draftId);
        if (sent === undefined) throw new NotFoundError('draft', draftId);
        return { id: sent.id, reference: sent.reference, created: false };
      }
      if (session.trustLevel !== undefined && !trustReaches(session.trustLevel, draft.trustLevel)) {
        throw new TrustLevelTooLowError(draft.trustLevel);
      }
      const { definition } = draft;
      if (drafts.definitions.isWithdrawn(definition.id, definition.version)) {
        throw new FormWithdrawnError(`form ${definition.id}@${definition.version} withdrawn`);
      }
      if (
        firstOpenStep(draft) !== undefined ||
        validateAll(definition, draft.answers, lang).errors.length > 0
      ) {
        throw new DraftIncompleteError(`draft ${draft.id} is not complete`);
      }

      const at = now();
      const id = randomUUID();
      const reference = formatReference(verbund.reference_prefix, at, Number(row.number));
      const answers = visibleAnswers(definition, draft.answers);
      const confirmed = confirmedFields(definition, answers, confirmedValues);
      const snapshot: Snapshot = {
        version: 1,
        language: lang,
        answers,
        sections: answerSections(definition, answers, t, lang),
        attachments: Object.entries(answers).flatMap(([fieldId, answer]) =>
          isAttachmentList(answer)
            ? answer.map((f) => ({ id: f.id, fieldId, name: f.name, size: f.size, type: f.type }))
            : [],
        ),
        profile,
        ...('accountId' in owner && session.trustLevel !== undefined
          ? { signedInAt: session.trustLevel }
          : {}),
        ...(confirmed.size > 0 ? { confirmed: Object.fromEntries(confirmed) } : {}),
      };
      const { dataKey, wrappedKey } = newDataKey(keyring, id);
      const accountId = 'accountId' in owner ? owner.accountId : null;
      // The files go with the draft below (foreign key cascade): read them first.
      const files =
        snapshot.attachments.length === 0 ? [] : await draftFiles(trx, draft.key, draft.id);
      const deleted = await repo.insertSubmission(trx, {
        application: {
          id,
          verbund_id: verbund.id,
          authority_id: draft.authorityId,
          account_id: accountId,
          anonymous_key_hash: accountId === null ? ownerKeyHash(owner) : null,
          draft_id: draft.id,
          online_service_id: draft.onlineServiceId,
          leika_key: draft.leikaKey,
          title: draft.title,
          form_id: definition.id,
          form_version: definition.version,
          reference,
          language: lang,
          key_id: wrappedKey.kekId,
          wrapped_key: wrappedKey.wrapped,
          payload: seal(dataKey, 'snapshot', encodeSnapshot(snapshot)),
          submitted_at: at,
        },
        confirmation:
          accountId === null
            ? null
            : sealedFirstMessage(
                keyring,
                t('applications.mailbox.confirmationSubject', {
                  reference,
                  title: draft.title,
                }).slice(0, 200),
                t('applications.mailbox.confirmation', {
                  title: draft.title,
                  date: formatDateTime(at, lang),
                  reference,
                  authority: directory.byId.get(draft.authorityId)?.name ?? '',
                }),
              ),
      });
      // Cannot happen under the lock; if it did, nothing of this must stay.
      if (!deleted) throw new Error(`draft ${draft.id} vanished while locked`);
      await deps.hooks.submitted?.(trx, {
        id,
        verbundId: verbund.id,
        authorityId: draft.authorityId,
        onlineServiceId: draft.onlineServiceId,
        submittedAt: at,
        names: applicantNames(definition, answers, profile),
      });
      // The files as the citizen confirmed them, each sealed under the application's key.
      const referenced = new Set(snapshot.attachments.map((a) => a.id));
      const positions = new Map<string, number>();
      for (const file of files) {
        if (!referenced.has(file.id)) continue;
        const position = positions.get(file.fieldId) ?? 0;
        positions.set(file.fieldId, position + 1);
        await repo.insertAttachment(trx, {
          id: file.id,
          application_id: id,
          authority_id: draft.authorityId,
          account_id: accountId,
          field_id: file.fieldId,
          position,
          file_name: file.name,
          media_type: file.type,
          size: file.size,
          sha256: file.sha256,
          scan_status: file.scanStatus,
          content: seal(dataKey, `attachment:${file.id}`, file.content),
        });
      }
      return { id, reference, created: true };
    });
  }

  /** The application a draft became, if the owner sent it: where a reload of the form lands. */
  async function sentFrom(owner: DraftOwner, draftId: string): Promise<string | undefined> {
    if (!isUuid(draftId)) return undefined;
    const found = await db.transaction().execute(async (trx) => {
      await actAsOwner(trx, owner);
      return repo.findByDraft(trx, draftId);
    });
    return found?.id;
  }

  return { submit, sentFrom };
}

function ownerKeyHash(owner: DraftOwner): string | null {
  return 'anonymousKey' in owner ? hashAnonymousKey(owner.anonymousKey) : null;
}
