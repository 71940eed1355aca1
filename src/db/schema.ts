import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** Written by the database; readable, never set by the app. */
type CreatedAt = ColumnType<Date, never, never>;

export type AuthorityKind = 'county' | 'city' | 'municipality' | 'joint_municipality';
export type AuthorityStatus = 'onboarding' | 'live';

export type VerbundTable = {
  id: Generated<string>;
  slug: string;
  name: string;
  /** Kreisschlüssel, e.g. 03454 for Emsland. */
  county_key: string;
  /** Prefix of reference numbers, e.g. EL (the county's vehicle registration letters). */
  reference_prefix: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
};

export type AuthorityTable = {
  id: Generated<string>;
  verbund_id: string;
  slug: string;
  name: string;
  kind: AuthorityKind;
  /** Amtlicher Regionalschlüssel of the authority's territory (9 digits for a Verband). */
  ars: string;
  status: ColumnType<AuthorityStatus, AuthorityStatus | undefined, AuthorityStatus>;
  seat_postcode: string | null;
  seat_locality: string | null;
  street: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  went_live_at: Date | null;
  created_at: CreatedAt;
};

export type MunicipalityTable = {
  id: Generated<string>;
  verbund_id: string;
  authority_id: string;
  ags: string;
  ars: string;
  name: string;
  /** Lower-case, umlauts folded: the key the finder searches by prefix. */
  search_name: string;
  is_city: boolean;
  postcodes: string[];
  population: number | null;
  created_at: CreatedAt;
};

export type TrustLevel = 'basic' | 'low' | 'substantial' | 'high';

export type AccountTable = {
  id: Generated<string>;
  verbund_id: string;
  email: string;
  password_hash: string;
  email_verified_at: Date | null;
  privacy_version: string;
  privacy_accepted_at: Date;
  language: ColumnType<'de' | 'en', 'de' | 'en' | undefined, 'de' | 'en'>;
  created_at: CreatedAt;
  last_login_at: Date | null;
  inactivity_warnings: ColumnType<number, number | undefined, number>;
  inactivity_warned_at: Date | null;
};

export type AccountProfileTable = {
  id: Generated<string>;
  verbund_id: string;
  account_id: string;
  version: number;
  given_name: string | null;
  family_name: string | null;
  /** ISO date (yyyy-mm-dd); a date column, read back as text to avoid time-zone shifts. */
  birth_date: ColumnType<string | null, string | null, string | null>;
  street: string | null;
  house_number: string | null;
  postcode: string | null;
  municipality_id: string | null;
  phone: string | null;
  created_at: CreatedAt;
};

export type AccountSessionTable = {
  id_hash: string;
  verbund_id: string;
  account_id: string;
  trust_level: TrustLevel;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
};

export type AccountTokenTable = {
  id_hash: string;
  account_id: string;
  purpose: 'verify_email' | 'reset_password';
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
};

export type AccountTotpTable = {
  account_id: string;
  verbund_id: string;
  /**
   * Base32 (RFC 4648), 20 bytes, in clear: only on rows stored before secrets were sealed,
   * until the worker seals them (ADR 0022); null once sealed.
   */
  secret: string | null;
  /** The Verbund key that wrapped this second factor's data key (ADR 0012). */
  key_id: string | null;
  wrapped_key: Uint8Array | null;
  /** The secret sealed with the data key; shown to the citizen only while setup is pending. */
  secret_sealed: Uint8Array | null;
  /** Null while setup is pending: the account does not use TOTP yet. */
  confirmed_at: Date | null;
  /** Highest RFC 6238 time step accepted; older and equal steps are replays. */
  last_used_step: number | null;
  created_at: CreatedAt;
};

export type AccountRecoveryCodeTable = {
  account_id: string;
  code_hash: string;
  verbund_id: string;
  created_at: CreatedAt;
  used_at: Date | null;
};

export type AccountPendingLoginTable = {
  id_hash: string;
  verbund_id: string;
  account_id: string;
  created_at: CreatedAt;
  expires_at: Date;
};

export type LoginThrottleTable = {
  key: string;
  failures: number;
  window_started_at: Date;
  blocked_until: Date | null;
  owner_notified_at: Date | null;
  /** Random id of the attempt that last counted on this key (migration 2026-12-01-03-01). */
  last_attempt: string | null;
};

export type MailOutboxTable = {
  id: Generated<string>;
  recipient: string;
  subject: string;
  body: string;
  queued_at: Generated<Date>;
  next_attempt_at: Generated<Date>;
  attempts: Generated<number>;
  locked_until: Date | null;
  last_error: string | null;
  failed_at: Date | null;
};

export type PasswordResetRequestTable = {
  id: Generated<string>;
  verbund_id: string;
  email: string;
  requested_at: Generated<Date>;
};

/** A citizen wrote about an application: the worker tells the assigned clerk (content-free). */
export type StaffNoticeTable = {
  id: Generated<string>;
  application_id: string;
  queued_at: Generated<Date>;
};

export type SecurityEventTable = {
  id: Generated<string>;
  verbund_id: string;
  account_id: string | null;
  kind: string;
  at: ColumnType<Date, Date | undefined, never>;
};

export type MailboxSender = 'authority' | 'citizen';
export type AttachmentMediaType = 'application/pdf' | 'image/png' | 'image/jpeg';

export type MailboxThreadTable = {
  id: Generated<string>;
  verbund_id: string;
  authority_id: string;
  account_id: string;
  subject: string;
  /** The application the thread is about; no foreign key until applications exist. */
  application_id: string | null;
  created_at: CreatedAt;
  last_message_at: Date;
  /**
   * The thread's data key, wrapped by the Verbund key `key_id` (ADR 0012); null only on threads
   * stored before the Postfach was sealed, until the worker seals them.
   */
  key_id: string | null;
  wrapped_key: Uint8Array | null;
};

export type MailboxMessageTable = {
  id: Generated<string>;
  verbund_id: string;
  authority_id: string;
  account_id: string;
  thread_id: string;
  sender: MailboxSender;
  /** Plain text only on messages stored before the Postfach was sealed; else null. */
  body: string | null;
  /** The text sealed with the thread's data key (purpose `message:<id>`). */
  sealed_body: Uint8Array | null;
  sent_at: Date;
  /** When the recipient (the side that did not send it) first opened it. */
  read_at: Date | null;
};

export type MailboxAttachmentTable = {
  id: Generated<string>;
  verbund_id: string;
  authority_id: string;
  account_id: string;
  message_id: string;
  /** Order within the message, as uploaded. */
  position: number;
  /** Sanitised for display and download; never used as a path. */
  file_name: string;
  /** Sniffed from the content, never taken from the upload's name or header. */
  media_type: AttachmentMediaType;
  size: number;
  /** Buffer on pg, Uint8Array on PGlite. Sealed with the thread's key when `sealed`. */
  content: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  /** false only on files stored before the Postfach was sealed, until the worker seals them. */
  sealed: ColumnType<boolean, boolean | undefined, boolean>;
  /** "clean" when the virus scanner checked it, else "unscanned" (no scanner configured). */
  scan_status: ColumnType<'clean' | 'unscanned', 'clean' | 'unscanned' | undefined, never>;
  created_at: CreatedAt;
};

/** OZG Themenfeld; ids are the source catalogue's, so a re-import updates in place. */
export type CatalogSubjectTable = { id: number; name: string };

/** OZG Lebenslage or Unternehmenslage. */
export type CatalogSituationTable = { id: number; subject_id: number; name: string };

/** OZG-Leistung with its 5-digit OZG-ID. */
export type CatalogOzgServiceTable = {
  id: number;
  ozg_id: string;
  name: string;
  situation_id: number;
};

/** LeiKa-Leistung. */
export type CatalogServiceTable = {
  id: number;
  /** 14 digits; null where the source has none ("nicht im LeiKa"). */
  leika_key: string | null;
  name: string;
  leika_type: string | null;
  ozg_service_id: number | null;
  legal_basis: string | null;
  laws: string | null;
  law_shortcuts: string | null;
  sdg1_relevant: boolean;
  sdg2_relevant: boolean;
  /** The OZG-Leistung's name, copied at import so that search can weigh it. */
  context: ColumnType<string, string | undefined, string>;
  synonyms: ColumnType<string[], string[] | undefined, string[]>;
  description: string | null;
  /** Generated by the database. */
  search_vector: ColumnType<string, never, never>;
  prefix_vector: ColumnType<string, never, never>;
};

export type ServiceLevel = 'county' | 'municipality';

export type OnlineServiceTable = {
  id: Generated<string>;
  verbund_id: string;
  key: string;
  leika_key: string;
  title: string;
  level: ServiceLevel;
  /** Set once for the Verbund; activations cannot override it. */
  trust_level: TrustLevel;
  allows_anonymous: ColumnType<boolean, boolean | undefined, boolean>;
  form_id: string | null;
  description: string | null;
  fees: string | null;
  /** Months an application is kept after it closed. */
  retention_months: ColumnType<number, number | undefined, number>;
  /** Raised by every edit of the settings: the edit page's optimistic lock. */
  version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
};

export type OnlineServiceActivationTable = {
  verbund_id: string;
  authority_id: string;
  online_service_id: string;
  active_since: ColumnType<Date, Date | undefined, Date>;
  description: string | null;
  fees: string | null;
  contact_unit: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

export type DraftTable = {
  id: Generated<string>;
  verbund_id: string;
  /** Exactly one of account_id and anonymous_key_hash is set. */
  account_id: string | null;
  /** SHA-256 (hex) of the anonymous browser's draft cookie. */
  anonymous_key_hash: string | null;
  online_service_id: string;
  service_key: string;
  authority_id: string;
  form_id: string;
  form_version: number;
  /**
   * The form engine's Answers in plain jsonb (pg and PGlite parse it, so reads give the
   * object): only on drafts stored before drafts were sealed, until they are; else null.
   */
  answers: ColumnType<unknown, string | null, string | null>;
  /** The answers (JSON) sealed with the draft's data key, purpose `answers` (ADR 0012). */
  sealed_answers: Uint8Array | null;
  /** The draft's data key, wrapped by the Verbund key `key_id`; null until it has one. */
  key_id: string | null;
  wrapped_key: Uint8Array | null;
  completed_steps: ColumnType<string[], string[] | undefined, string[]>;
  current_step: string | null;
  revision: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: Date;
  expires_at: Date;
};

export type ApplicationStatusValue =
  | 'submitted'
  | 'received'
  | 'processing'
  | 'action_required'
  | 'completed'
  | 'rejected'
  | 'withdrawn';

export type ApplicationTable = {
  id: string;
  verbund_id: string;
  authority_id: string;
  /** Null once the account is deleted (the authority keeps the file) or for anonymous use. */
  account_id: string | null;
  anonymous_key_hash: string | null;
  draft_id: string;
  online_service_id: string;
  leika_key: string;
  title: string;
  form_id: string;
  form_version: number;
  reference: string;
  language: 'de' | 'en';
  status: ApplicationStatusValue;
  key_id: string;
  /** bytea: Buffer on pg, Uint8Array on PGlite. */
  wrapped_key: Uint8Array;
  /** Encrypted snapshot (see src/applications/snapshot.ts). */
  payload: Uint8Array;
  submitted_at: ColumnType<Date, Date | undefined, Date>;
  status_changed_at: ColumnType<Date, Date | undefined, Date>;
  closed_at: Date | null;
  retain_until: Date | null;
  receipt_posted_at: Date | null;
  /** The receipt PDF sealed under the data key (purpose `receipt`), once first rendered. */
  receipt_sealed: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  /** Raised by every status change: the back office's optimistic lock. */
  version: ColumnType<number, number | undefined, number>;
  assigned_to: ColumnType<string | null, string | null | undefined, string | null>;
  /** The Bearbeitungsfrist's last day (backoffice/deadlines); null: none, or paused. */
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** Genehmigungsfiktion (§ 42a VwVfG): the day after which it counts as approved. */
  deemed_approval_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** True while the citizen is asked for information (action_required): the period waits. */
  deadline_paused: ColumnType<boolean, boolean | undefined, boolean>;
  extension_days: ColumnType<number | null, number | null | undefined, number | null>;
  extension_reason: ColumnType<string | null, string | null | undefined, string | null>;
  extended_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type ProcessingPeriodTable = {
  authority_id: string;
  online_service_id: string;
  working_days: number;
  deemed_approval_days: number | null;
  /** The Genehmigungsfiktion in months (§ 188 BGB) instead of working days. */
  deemed_approval_months: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

export type NameIndexKeyTable = {
  /** The Verbund's id. */
  id: string;
  key_id: string;
  wrapped_key: Uint8Array;
  created_at: ColumnType<Date, Date | undefined, never>;
};

export type ApplicationNameTokenTable = {
  application_id: string;
  authority_id: string;
  token: string;
};

/** Applications per authority, online service and status, kept by a trigger (ADR 0034). */
export type ApplicationStatusCountTable = {
  authority_id: string;
  online_service_id: string;
  status: ApplicationStatusValue;
  n: ColumnType<string, never, never>;
};

export type ApplicationAssignmentTable = {
  id: Generated<string>;
  application_id: string;
  authority_id: string;
  assigned_to: string | null;
  assigned_by: string | null;
  reason: string | null;
  at: Date;
};

export type StaffSavedFilterTable = {
  id: Generated<string>;
  staff_id: string;
  authority_id: string;
  name: string;
  query: string;
  created_at: ColumnType<Date, Date | undefined, never>;
};

export type ApplicationEventTable = {
  id: Generated<string>;
  application_id: string;
  authority_id: string;
  account_id: string | null;
  status: ApplicationStatusValue;
  actor: 'system' | 'citizen' | 'authority' | 'connector';
  note: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  /** A request for information: by when the citizen is asked to answer (YYYY-MM-DD; select ::text). */
  due_on: ColumnType<string | null, string | null | undefined, never>;
  /** A decision (Bescheid): its file in the citizen's Postfach (mailbox_attachment.id). */
  decision_attachment_id: ColumnType<string | null, string | null | undefined, never>;
};

/** An internal note of the authority's staff on an application; never shown to the citizen. */
export type ApplicationNoteTable = {
  id: string;
  verbund_id: string;
  authority_id: string;
  application_id: string;
  staff_id: string | null;
  /** Sealed with the application's data key (purpose `note:<id>`). */
  sealed_body: Uint8Array;
  created_at: ColumnType<Date, Date | undefined, never>;
};

/** A reply template (Textbaustein) of an authority, for one service and status or for all. */
export type ReplyTemplateTable = {
  id: Generated<string>;
  verbund_id: string;
  authority_id: string;
  online_service_id: string | null;
  status: ApplicationStatusValue | null;
  title: string;
  body: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

export type ApplicationAttachmentTable = {
  id: Generated<string>;
  application_id: string;
  authority_id: string;
  account_id: string | null;
  field_id: string;
  position: number;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  scan_status: 'clean' | 'unscanned';
  /** Encrypted with the application's data key. */
  content: Uint8Array;
};

export type DeliveryRouteTable = {
  id: Generated<string>;
  verbund_id: string;
  authority_id: string;
  /** Null: the authority's default route, for services without routes of their own. */
  online_service_id: string | null;
  name: string;
  connector_type: string;
  /** The configuration without its secrets. */
  config: ColumnType<Record<string, unknown>, string, string>;
  secrets_key_id: string | null;
  secrets_wrapped_key: Uint8Array | null;
  /** The secret fields as JSON, sealed with a data key wrapped by a Verbund key. */
  secrets: Uint8Array | null;
  alert_email: string | null;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

/** When an authority's admins last got the daily digest of deliveries needing attention. */
export type DeliveryDigestTable = {
  authority_id: string;
  last_sent_at: Date;
};

export type AuditCheckpointTable = {
  chain_id: string;
  /** bigint arrives as a string. */
  seq: ColumnType<string, number, number>;
  hash: string;
  checked_at: Date;
  fully_checked_at: Date | null;
  broken_id: ColumnType<string | null, string | null, string | null>;
  broken_seq: ColumnType<string | null, number | null, number | null>;
  broken_reason: 'hash' | 'link' | 'gap' | null;
};

export type DeadlineReminderTable = {
  staff_id: string;
  authority_id: string;
  /** date: 'YYYY-MM-DD' in Berlin. */
  last_sent_on: string;
};

export type DeliveryStatus = 'pending' | 'awaiting' | 'delivered' | 'rejected' | 'failed';

export type DeliveryTable = {
  id: Generated<string>;
  verbund_id: string;
  application_id: string;
  authority_id: string;
  /** Null: no route was configured when the application was sent (it waits for one). */
  route_id: string | null;
  route_name: string | null;
  idempotency_key: Generated<string>;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  claimed_by: string | null;
  claimed_until: Date | null;
  delivered_at: Date | null;
  /** When it was handed over to a receiver that confirms later (status `awaiting`). */
  handed_over_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  receiver_reference: string | null;
  last_error: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

/** What the FIT-Connect connector did for one delivery (ADR 0029). */
export type FitconnectSubmissionTable = {
  delivery_id: string;
  verbund_id: string;
  authority_id: string;
  submission_id: string;
  case_id: string;
  destination_id: string;
  state: ColumnType<'announced' | 'submitted', 'announced' | 'submitted' | undefined>;
  /** JWE authentication tags of what was sent: metadata, data, attachments by id. */
  auth_tags: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

/** A receiving system's credential for /api/v1, bound to one route (ADR 0030). */
export type ApiCredentialTable = {
  id: Generated<string>;
  verbund_id: string;
  authority_id: string;
  route_id: string;
  label: string;
  secret_sha256: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  revoked_at: Date | null;
  last_used_at: Date | null;
};

export type EncryptionKeyProbeTable = {
  key_id: string;
  probe: Uint8Array;
  created_at: CreatedAt;
};

export type FormAttachmentScanStatus = 'clean' | 'unscanned';

export type FormAttachmentTable = {
  id: Generated<string>;
  /** Deleted with the draft; visible exactly when the draft is (row-level security). */
  draft_id: string;
  field_id: string;
  /** Sanitised for display and download; never used as a path. */
  file_name: string;
  /** Sniffed from the content, never taken from the upload's name or header. */
  media_type: AttachmentMediaType;
  size: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
  scan_status: FormAttachmentScanStatus;
  scanned_at: Date | null;
  /** Buffer on pg, Uint8Array on PGlite. Sealed with the draft's key when `sealed`. */
  content: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  /** false only on files stored before drafts were sealed, until the worker seals them. */
  sealed: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
};

export type StaffRole = 'clerk' | 'coordinator' | 'authority_admin' | 'verbund_admin' | 'auditor';

export type StaffTable = {
  id: Generated<string>;
  verbund_id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  key_id: string | null;
  /** bytea: Buffer on pg, Uint8Array on PGlite. */
  wrapped_key: Uint8Array | null;
  totp_sealed: Uint8Array | null;
  totp_confirmed_at: Date | null;
  /** bigint arrives as a string. */
  totp_last_step: ColumnType<string | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
  disabled_at: Date | null;
};

export type StaffMembershipTable = {
  id: Generated<string>;
  staff_id: string;
  authority_id: string | null;
  role: StaffRole;
  service_ids: string[] | null;
  created_at: CreatedAt;
  /** Locked by the authority's admin ("Zugang sperren"): the membership gives no access. */
  disabled_at: Date | null;
  /** The role of a Verbund membership (no authority), else null: one of each per person. */
  verbund_role: GeneratedAlways<StaffRole | null>;
};

export type StaffInvitationTable = {
  token_hash: string;
  staff_id: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
};

export type StaffSessionTable = {
  token_hash: string;
  staff_id: string;
  stage: 'password' | 'active';
  authority_id: string | null;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
};

export type StaffSigninFailureTable = {
  id: Generated<string>;
  email_key: string;
  at: Date;
};

export type AuditEntryTable = {
  id: Generated<string>;
  chain_id: string;
  /** bigint arrives as a string. */
  seq: ColumnType<string, number, never>;
  authority_id: string | null;
  staff_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  at: Date;
  /** Names of what the action changed (never values); null on most entries. */
  fields: string[] | null;
  prev_hash: string;
  hash: string;
};

export type IdentityProviderTable = {
  id: Generated<string>;
  verbund_id: string;
  slug: string;
  type: 'saml' | 'oidc';
  display_name: string;
  issuer: string;
  sso_url: string | null;
  /** SAML: the IdP's SingleLogoutService, if it offers single logout (binding: sloBinding). */
  slo_url: ColumnType<string | null, string | null | undefined, string | null>;
  /** The binding of slo_url (ADR 0047): how our LogoutRequest and LogoutResponse travel. */
  slo_binding: ColumnType<SloBinding, SloBinding | undefined, SloBinding>;
  signing_certs: ColumnType<string[], string[] | undefined, string[]>;
  metadata_xml: string | null;
  client_id: string | null;
  client_secret_env: string | null;
  attribute_map: ColumnType<Record<string, string>, string | undefined, string>;
  levels: TrustLevel[];
  acr_map: ColumnType<Record<string, TrustLevel>, string | undefined, string>;
  created_at: CreatedAt;
};

export type IdentityLinkTable = {
  subject_key: string;
  verbund_id: string;
  provider_id: string;
  account_id: string;
  created_at: CreatedAt;
  last_sign_in_at: Date;
};

export type IdentityLoginStateTable = {
  state_hash: string;
  verbund_id: string;
  provider_id: string;
  request_id: string;
  code_verifier: string | null;
  requested_level: TrustLevel;
  return_to: string;
  session_hash: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
};

export type SloBinding = 'HTTP-Redirect' | 'HTTP-POST';

/** Our SAML LogoutRequests in flight (ADR 0047): found by id when the answer comes by POST. */
export type IdentityLogoutRequestTable = {
  request_id: string;
  verbund_id: string;
  provider_id: string;
  state_hash: string;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
};

export type IdentityAssertionSeenTable = {
  provider_id: string;
  assertion_id: string;
  expires_at: Date;
};

export type IdentityPendingLinkTable = {
  token_hash: string;
  verbund_id: string;
  provider_id: string;
  subject_key: string;
  trust_level: TrustLevel;
  attributes: ColumnType<Record<string, string>, string, string>;
  /** Which delivered attributes came confirmed (substantial or high), each at its level. */
  confirmed_levels: ColumnType<ConfirmedLevels, string | undefined, string>;
  return_to: string;
  expires_at: Date;
} & SamlSessionColumns;

export type VerifiedAttributeName =
  | 'given_name'
  | 'family_name'
  | 'birth_date'
  | 'street'
  | 'postcode'
  | 'city'
  | 'email';

/** Confirmed attributes and the level each came at: only substantial and high confirm. */
export type ConfirmedLevels = Partial<Record<VerifiedAttributeName, 'substantial' | 'high'>>;

export type IdentityVerifiedAttributeTable = {
  account_id: string;
  verbund_id: string;
  name: VerifiedAttributeName;
  value: string;
  trust_level: 'substantial' | 'high';
  provider_id: string;
  verified_at: Date;
};

/** The provider a Bürgerkonto session came from, for single logout. */
export type IdentitySessionTable = {
  session_hash: string;
  verbund_id: string;
  provider_id: string;
  created_at: CreatedAt;
} & SamlSessionColumns;

/** SAML: what a LogoutRequest must name (NameID, its format, SessionIndex). */
export type SamlSessionColumns = {
  saml_name_id: ColumnType<string | null, string | null | undefined, string | null>;
  saml_name_id_format: ColumnType<string | null, string | null | undefined, string | null>;
  saml_session_index: ColumnType<string | null, string | null | undefined, string | null>;
};

export type DB = {
  verbund: VerbundTable;
  authority: AuthorityTable;
  municipality: MunicipalityTable;
  account: AccountTable;
  account_profile: AccountProfileTable;
  account_session: AccountSessionTable;
  account_token: AccountTokenTable;
  account_totp: AccountTotpTable;
  account_recovery_code: AccountRecoveryCodeTable;
  account_pending_login: AccountPendingLoginTable;
  login_throttle: LoginThrottleTable;
  mail_outbox: MailOutboxTable;
  password_reset_request: PasswordResetRequestTable;
  security_event: SecurityEventTable;
  staff_notice: StaffNoticeTable;
  mailbox_thread: MailboxThreadTable;
  mailbox_message: MailboxMessageTable;
  mailbox_attachment: MailboxAttachmentTable;
  catalog_subject: CatalogSubjectTable;
  catalog_situation: CatalogSituationTable;
  catalog_ozg_service: CatalogOzgServiceTable;
  catalog_service: CatalogServiceTable;
  online_service: OnlineServiceTable;
  online_service_activation: OnlineServiceActivationTable;
  draft: DraftTable;
  application: ApplicationTable;
  application_event: ApplicationEventTable;
  application_note: ApplicationNoteTable;
  reply_template: ReplyTemplateTable;
  staff: StaffTable;
  staff_membership: StaffMembershipTable;
  staff_invitation: StaffInvitationTable;
  staff_session: StaffSessionTable;
  staff_signin_failure: StaffSigninFailureTable;
  audit_entry: AuditEntryTable;
  application_attachment: ApplicationAttachmentTable;
  delivery_route: DeliveryRouteTable;
  delivery: DeliveryTable;
  fitconnect_submission: FitconnectSubmissionTable;
  api_credential: ApiCredentialTable;
  delivery_digest: DeliveryDigestTable;
  deadline_reminder: DeadlineReminderTable;
  audit_checkpoint: AuditCheckpointTable;
  encryption_key_probe: EncryptionKeyProbeTable;
  form_attachment: FormAttachmentTable;
  processing_period: ProcessingPeriodTable;
  name_index_key: NameIndexKeyTable;
  application_name_token: ApplicationNameTokenTable;
  application_assignment: ApplicationAssignmentTable;
  application_status_count: ApplicationStatusCountTable;
  staff_saved_filter: StaffSavedFilterTable;
  identity_provider: IdentityProviderTable;
  identity_link: IdentityLinkTable;
  identity_login_state: IdentityLoginStateTable;
  identity_assertion_seen: IdentityAssertionSeenTable;
  identity_logout_request: IdentityLogoutRequestTable;
  identity_pending_link: IdentityPendingLinkTable;
  identity_verified_attribute: IdentityVerifiedAttributeTable;
  identity_session: IdentitySessionTable;
};
