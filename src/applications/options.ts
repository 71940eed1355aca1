// What every use case of the applications domain is built from, with the defaults filled in
// once by createApplications (applications.ts).
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Drafts } from '../drafts/service.ts';
import type { Keyring } from '../envelope/envelope.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Tenancy } from '../tenancy/service.ts';
import type { Language } from '../web/i18n.ts';
import type { ReceiptContent } from './receipt-content.ts';

/** What a submission tells the hooks: never answers, only the names to index. */
export type SubmittedFacts = {
  id: string;
  verbundId: string;
  authorityId: string;
  onlineServiceId: string;
  submittedAt: Date;
  /** The applicant's given and family names as sent (profile or form fields). */
  names: string[];
};

/**
 * Other domains' work in the same transaction as a submission or a status change (the back
 * office's due date and name index), wired by the composition root: this domain imports none.
 */
export type ApplicationHooks = {
  submitted?: (trx: Transaction<DB>, facts: SubmittedFacts) => Promise<void>;
  /** After the status of each of `applicationIds` changed (one call for a batch). */
  statusChanged?: (trx: Transaction<DB>, applicationIds: readonly string[]) => Promise<void>;
};

export type ApplicationsOptions = {
  db: Kysely<DB>;
  tenancy: Tenancy;
  /** The drafts service (the one the form routes use): sending reads and removes drafts. */
  drafts: Drafts;
  /** The Verbund keys from APPLICATION_KEYS (ADR 0012). */
  keyring: Keyring;
  mailer: Pick<Mailer, 'send'>;
  publicUrl: string;
  /** Renders the receipt; src/applications/receipt-pdf.ts unless a test says otherwise. */
  renderReceipt?: (receipt: ReceiptContent, language: Language) => Promise<Buffer>;
  now?: () => Date;
  hooks?: ApplicationHooks;
  /** Told about failures after commit (notice mail, receipt); never gets personal data. */
  onBackgroundError?: (what: string, error: unknown) => void;
};

/** The options with every default resolved. */
export type ApplicationsDeps = Pick<
  ApplicationsOptions,
  'db' | 'tenancy' | 'drafts' | 'keyring' | 'mailer' | 'publicUrl'
> & {
  renderReceipt: (receipt: ReceiptContent, language: Language) => Promise<Buffer>;
  now: () => Date;
  background: (what: string, error: unknown) => void;
  hooks: ApplicationHooks;
};

export function resolveOptions(options: ApplicationsOptions): ApplicationsDeps {
  const { db, tenancy } = options;
  return {
    db,
    tenancy,
    drafts: options.drafts,
    keyring: options.keyring,
    mailer: options.mailer,
    publicUrl: options.publicUrl,
    // pdfkit and the fonts take most of a second to load: not at start, only for the first
    // receipt.
    renderReceipt:
      options.renderReceipt ??
      (async (content, language) =>
        (await import('./receipt-pdf.ts')).renderReceiptPdf(content, language)),
    now: options.now ?? (() => new Date()),
    background: (what, error) => options.onBackgroundError?.(what, error),
    hooks: options.hooks ?? {},
  };
}
