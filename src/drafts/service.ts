import type { Kysely, Transaction } from 'kysely';
import { currentProfile, emailAndProfile } from '../accounts/profile/applicant.ts';
import { findOnlineServiceByLeikaKey, listActivations } from '../catalog/offers.ts';
import { resolveResponsibility } from '../catalog/responsibility.ts';
import { withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import type { DataKey, Keyring } from '../envelope/envelope.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { AddressAnswer, Answers } from '../forms/answers.ts';
import type { FormDefinition } from '../forms/definition.ts';
import { type ConfirmedValues, type PrefillData, prefillAnswers } from '../forms/prefill.ts';
import { builtinRegistry, type DefinitionRegistry } from '../forms/registry.ts';
import { type StepResult, validateStep } from '../forms/validate.ts';
import { stepApplies, visibleAnswers } from '../forms/visibility.ts';
import type { Tenancy } from '../tenancy/service.ts';
import { isUuid } from '../uuid.ts';
import type { Language } from '../web/i18n.ts';
import { applyFileChanges, type FileChanges, pruneAttachments } from './attachments.ts';
import {
  actAsAdopter,
  type DraftOwner,
  hashAnonymousKey,
  isAnonymousKey,
  withOwner,
} from './owner.ts';
import { toPrefillData } from './prefill.ts';
import { type DraftRow, selectDrafts } from './repository.ts';
import { answerColumns, draftKey, newDraft, newDraftKey, openAnswers } from './sealing.ts';
import { nextStep } from './steps.ts';

export const DRAFT_LIFETIME_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type Draft = {
  id: string;
  /** Seals and opens its answers and files; undefined only on a draft stored before sealing. */
  key: DataKey | undefined;
  onlineServiceId: string;
  serviceKey: string;
  leikaKey: string;
  title: string;
  trustLevel: 'basic' | 'low' | 'substantial' | 'high';
  allowsAnonymous: boolean;
  authorityId: string;
  definition: FormDefinition;
  answers: Answers;
  completedSteps: string[];
  currentStep: string | null;
  revision: number;
  updatedAt: Date;
  expiresAt: Date;
};

export type DraftListItem = Pick<
  Draft,
  'id' | 'title' | 'leikaKey' | 'revision' | 'updatedAt' | 'expiresAt'
>;

/** The draft was saved in another window after this page was loaded. */
export class DraftConflictError extends ConflictError {
  draft: Draft;
  constructor(draft: Draft) {
    super(`draft ${draft.id} is at revision ${draft.revision}`);
    this.draft = draft;
  }
}

export type StartOutcome =
  | { kind: 'draft'; draft: Draft; resumed: boolean }
  /** A municipal service and no place known: the service page asks for it. */
  | { kind: 'unknownPlace' }
  /** The responsible authority does not offer it online (yet): the service page says how. */
  | { kind: 'notOnline' };

export type SaveOutcome =
  | { kind: 'saved'; draft: Draft; next: string | undefined }
  | { kind: 'invalid'; draft: Draft; result: StepResult }
  /** Files added or removed, the step not submitted ("Datei hochladen", "Entfernen"). */
  | { kind: 'files'; draft: Draft };

export type SaveOptions = {
  /** Files to store or remove with this save, in its transaction. */
  files?: FileChanges;
  /** false: only the file changes are saved; the step stays open. Default true. */
  advance?: boolean;
};

export type DraftsOptions = {
  db: Kysely<DB>;
  tenancy: Tenancy;
  /** The Verbund keys: answers and files are sealed under each draft's data key (ADR 0012). */
  keyring: Keyring;
  definitions?: DefinitionRegistry;
  now?: () => Date;
  /**
   * What an identity provider confirmed of the account (the accounts domain): it prefills
   * over the profile (a new sign-in refreshes it) and the step pages mark it.
   */
  confirmedOf?: (accountId: string) => Promise<ConfirmedValues>;
};

export type Drafts = ReturnType<typeof createDrafts>;

export function createDrafts(options: DraftsOptions) {
  const { db, tenancy, keyring } = options;
  const definitions = options.definitions ?? builtinRegistry();
  const now = options.now ?? (() => new Date());
  const expiry = (at: Date) => new Date(at.getTime() + DRAFT_LIFETIME_DAYS * DAY_MS);

  function toDraft(row: DraftRow): Draft {
    const definition = definitions.get(row.form_id, row.form_version);
    // A draft whose form version is gone from this build cannot be shown: not found.
    if (definition === undefined)
      throw new NotFoundError('form', `${row.form_id}@${row.form_version}`);
    // Unwrapped on every read, not cached: about 25 µs, and no key outlives its request.
    const key = draftKey(keyring, row);
    const opened = openAnswers(key, row);
    const answers =
      typeof opened === 'object' && opened !== null && !Array.isArray(opened)
        ? (opened as Answers)
        : {};
    return {
      id: row.id,
      key,
      onlineServiceId: row.online_service_id,
      serviceKey: row.service_key,
      leikaKey: row.leika_key,
      title: row.title,
      trustLevel: row.trust_level,
      allowsAnonymous: row.allows_anonymous,
      authorityId: row.authority_id,
      definition,
      answers,
      completedSteps: row.completed_steps,
      currentStep: row.current_step,
      revision: row.revision,
      updatedAt: row.updated_at,
      expiresAt: row.expires_at,
    };
  }

  async function findOwned(trx: Transaction<DB>, draftId: string, lock = false) {
    if (!isUuid(draftId)) throw new NotFoundError('draft', draftId);
    let query = selectDrafts(trx, now()).where('d.id', '=', draftId);
    if (lock) query = query.forUpdate('d');
    const row = await query.executeTakeFirst();
    if (row === undefined) throw new NotFoundError('draft', draftId);
    return toDraft(row);
  }

  /** The online service behind /leistungen/<leikaKey>/antrag, with its form; 404 without. */
  async function service(leikaKey: string) {
    if (!/^[0-9]{14}$/.test(leikaKey)) throw new NotFoundError('catalog.service', leikaKey);
    const dir = await tenancy.directory();
    const online = await findOnlineServiceByLeikaKey(db, dir.verbund.id, leikaKey);
    const definition = online?.form_id == null ? undefined : definitions.latest(online.form_id);
    if (online === undefined || definition === undefined) {
      throw new NotFoundError('form.service', leikaKey);
    }
    return { online, definition };
  }

  async function prefillData(accountId: string): Promise<PrefillData> {
    const [row, dir, c] = await Promise.all([
      emailAndProfile(db, accountId),
      tenancy.directory(),
      confirmed(accountId),
    ]);
    const data = toPrefillData(row, dir);
    return {
      ...data,
      givenName: text(c['profile.givenName']?.value) ?? data.givenName,
      familyName: text(c['profile.familyName']?.value) ?? data.familyName,
      birthDate: text(c['profile.birthDate']?.value) ?? data.birthDate,
      address: address(c['profile.address']?.value) ?? data.address,
    };
  }

  const text = (v: string | AddressAnswer | undefined) => (typeof v === 'string' ? v : undefined);
  const address = (v: string | AddressAnswer | undefined) =>
    typeof v === 'object' ? v : undefined;

  async function confirmed(accountId: string): Promise<ConfirmedValues> {
    return (await options.confirmedOf?.(accountId)) ?? {};
  }

  /**
   * Resumes the owner's newest open draft of the service, or starts one for the authority
   * responsible for the citizen's place (`ags` chosen on the service page, else the profile's
   * municipality), prefilled from the Bürgerkonto. The route checks the trust level first.
   */
  async function start(
    leikaKey: string,
    owner: DraftOwner,
    place: { ags?: string | undefined } = {},
  ): Promise<StartOutcome> {
    const { online, definition } = await service(leikaKey);
    const existing = await withOwner(db, owner, (trx) =>
      selectDrafts(trx, now())
        .where('d.online_service_id', '=', online.id)
        .orderBy('d.updated_at', 'desc')
        .limit(1)
        .executeTakeFirst(),
    );
    if (existing !== undefined && definitions.get(existing.form_id, existing.form_version)) {
      return { kind: 'draft', draft: toDraft(existing), resumed: true };
    }

    const dir = await tenancy.directory();
    const municipalities = [...dir.municipalitiesOf.values()].flat();
    let municipality = place.ags ? municipalities.find((m) => m.ags === place.ags) : undefined;
    if (municipality === undefined && 'accountId' in owner) {
      const profile = await currentProfile(db, owner.accountId);
      municipality = municipalities.find((m) => m.id === profile?.municipality_id);
    }
    const responsibility = resolveResponsibility({
      service: online,
      activations: await listActivations(db, online.id),
      directory: dir,
      municipality,
      catalogueDescription: null,
      now: now(),
    });
    if (responsibility.kind === 'unknown_place') return { kind: 'unknownPlace' };
    if (responsibility.availability !== 'online') return { kind: 'notOnline' };

    const prefill =
      'accountId' in owner
        ? visibleAnswers(definition, prefillAnswers(definition, await prefillData(owner.accountId)))
        : {};
    const at = now();
    const made = newDraft(keyring);
    const draft = await withOwner(db, owner, async (trx) => {
      await trx
        .insertInto('draft')
        .values({
          id: made.id,
          verbund_id: dir.verbund.id,
          account_id: 'accountId' in owner ? owner.accountId : null,
          anonymous_key_hash: 'anonymousKey' in owner ? hashAnonymousKey(owner.anonymousKey) : null,
          online_service_id: online.id,
          service_key: online.key,
          authority_id: responsibility.authority.id,
          form_id: definition.id,
          form_version: definition.version,
          ...made.columns,
          ...answerColumns(made.dataKey, prefill),
          current_step: definition.steps[0]?.id ?? null,
          updated_at: at,
          expires_at: expiry(at),
        })
        .execute();
      return findOwned(trx, made.id);
    });
    return { kind: 'draft', draft, resumed: false };
  }

  /** One draft of the owner; NotFoundError for anyone else's, an expired or malformed id. */
  function load(owner: DraftOwner, draftId: string): Promise<Draft> {
    return withOwner(db, owner, (trx) => findOwned(trx, draftId));
  }

  /**
   * Validates one step's post against the draft and saves it when valid: this step's answers
   * replace the old ones, answers of fields that no longer apply are dropped, the revision
   * goes up by one. `revision` is the one the page was rendered with (hidden field). Files
   * (options.files) are stored or removed in the same transaction, and kept even when the
   * rest of the step is invalid, so a typo elsewhere does not cost the citizen the upload.
   */
  function saveStep(
    owner: DraftOwner,
    draftId: string,
    stepId: string,
    body: unknown,
    revision: number | undefined,
    lang: Language,
    options: SaveOptions = {},
  ): Promise<SaveOutcome> {
    return withOwner(db, owner, async (trx) => {
      const draft = await findOwned(trx, draftId, true);
      const { definition } = draft;
      if (!stepApplies(definition, stepId, draft.answers)) {
        throw new NotFoundError('form.step', stepId);
      }
      if (revision !== draft.revision) throw new DraftConflictError(draft);
      const at = now();
      // A draft stored before drafts were sealed gets its key with this save.
      const fresh = draft.key === undefined ? newDraftKey(keyring, draft.id) : undefined;
      const key = draft.key ?? (fresh?.dataKey as DataKey);
      /** Saves the answers (and progress) and returns what it wrote, without reading it back. */
      const write = async (
        answers: Answers,
        progress: { completedSteps: string[]; currentStep: string | null } = draft,
      ): Promise<Draft> => {
        const updated = await trx
          .updateTable('draft')
          .set({
            ...fresh?.columns,
            ...answerColumns(key, answers),
            completed_steps: progress.completedSteps,
            current_step: progress.currentStep,
            revision: draft.revision + 1,
            updated_at: at,
            expires_at: expiry(at),
          })
          .where('id', '=', draft.id)
          .where('revision', '=', draft.revision)
          .executeTakeFirst();
        if (updated.numUpdatedRows !== 1n) throw new DraftConflictError(draft);
        await pruneAttachments(trx, draft.id, definition, answers);
        return {
          ...draft,
          key,
          answers,
          completedSteps: progress.completedSteps,
          currentStep: progress.currentStep,
          revision: draft.revision + 1,
          updatedAt: at,
          expiresAt: expiry(at),
        };
      };

      const files = options.files;
      const changed = files !== undefined && (files.add.length > 0 || files.remove.length > 0);
      const step = definition.steps.find((s) => s.id === stepId);
      const withFiles =
        changed && step
          ? await applyFileChanges(trx, key, draft.id, step, draft.answers, files, at)
          : draft.answers;
      if (options.advance === false) {
        return { kind: 'files', draft: changed ? await write(withFiles) : draft };
      }

      const result = validateStep(definition, stepId, body, withFiles, lang);
      if (result.errors.length > 0) {
        return { kind: 'invalid', draft: changed ? await write(withFiles) : draft, result };
      }
      const answers = result.answers;
      const completed = [...new Set([...draft.completedSteps, stepId])].filter((s) =>
        stepApplies(definition, s, answers),
      );
      const next = nextStep(definition, stepId, answers);
      const saved = await write(answers, { completedSteps: completed, currentStep: next ?? null });
      return { kind: 'saved', draft: saved, next };
    });
  }

  /** "Meine Entwürfe": the owner's open drafts, newest first. */
  function list(owner: DraftOwner): Promise<DraftListItem[]> {
    return withOwner(db, owner, async (trx) => {
      const rows = await selectDrafts(trx, now()).orderBy('d.updated_at', 'desc').execute();
      return rows.map((r) => ({
        id: r.id,
        title: r.title,
        leikaKey: r.leika_key,
        revision: r.revision,
        updatedAt: r.updated_at,
        expiresAt: r.expires_at,
      }));
    });
  }

  async function remove(owner: DraftOwner, draftId: string): Promise<void> {
    if (!isUuid(draftId)) throw new NotFoundError('draft', draftId);
    const deleted = await withOwner(db, owner, (trx) =>
      trx.deleteFrom('draft').where('id', '=', draftId).executeTakeFirst(),
    );
    if (deleted.numDeletedRows !== 1n) throw new NotFoundError('draft', draftId);
  }

  /**
   * Hands the open drafts of an anonymous browser to the account that signed in in that
   * browser, so that nothing filled in before signing in (or registering) is lost. Runs as
   * both owners at once: the anonymous policy lets the rows be read, the citizen policy lets
   * them be written with the account as owner. The revision stays, so a tab still open on
   * such a draft saves on without a conflict. Returns how many drafts were taken over.
   */
  async function adopt(anonymousKey: string, accountId: string): Promise<number> {
    const result = await actAsAdopter(db, anonymousKey, accountId, (trx, hash) =>
      trx
        .updateTable('draft')
        .set({ account_id: accountId, anonymous_key_hash: null })
        .where('anonymous_key_hash', '=', hash)
        .where('account_id', 'is', null)
        .where('expires_at', '>', now())
        .executeTakeFirst(),
    );
    if (result === undefined) return 0;
    return Number(result.numUpdatedRows);
  }

  /** How many open drafts an anonymous browser has (asked before they are taken over). */
  async function countAnonymous(anonymousKey: string): Promise<number> {
    if (!isAnonymousKey(anonymousKey)) return 0;
    const row = await withOwner(db, { anonymousKey }, (trx) =>
      trx
        .selectFrom('draft')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('expires_at', '>', now())
        .executeTakeFirstOrThrow(),
    );
    return Number(row.n);
  }

  /**
   * The citizen who signed in did not want this browser's anonymous drafts: they are deleted
   * (files with them), as nobody could reach them once the cookie is gone. Returns how many.
   */
  async function discardAnonymous(anonymousKey: string): Promise<number> {
    if (!isAnonymousKey(anonymousKey)) return 0;
    const result = await withOwner(db, { anonymousKey }, (trx) =>
      trx
        .deleteFrom('draft')
        .where('anonymous_key_hash', '=', hashAnonymousKey(anonymousKey))
        .executeTakeFirst(),
    );
    return Number(result.numDeletedRows);
  }

  /** Removes expired drafts of every owner (worker role); returns how many. */
  async function purgeExpired(): Promise<number> {
    const result = await withWorker(db, (trx) =>
      trx.deleteFrom('draft').where('expires_at', '<=', now()).executeTakeFirst(),
    );
    return Number(result.numDeletedRows);
  }

  return {
    service,
    start,
    confirmed,
    load,
    saveStep,
    list,
    remove,
    adopt,
    countAnonymous,
    discardAnonymous,
    purgeExpired,
    prefillData,
    fromRow: toDraft,
    definitions,
  };
}
