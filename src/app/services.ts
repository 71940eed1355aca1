// The composition root, first half: every service of the portal, built exactly once from the
// configuration and the database (and the mailer), shared by the web role (web.ts) and the
// worker role (worker.ts). Domains never build each other's services; what one needs of
// another it gets here, as an argument. Tests build the same services with overrides (a
// clock, a mailer, upload limits) instead of reaching into a built app.
import pino from 'pino';
import { createPrivacy, twoFactorExport } from '../accounts/privacy/service.ts';
import { createProfiles } from '../accounts/profile/service.ts';
import { createFederatedAccounts } from '../accounts/sign-in/federated.ts';
import { createAccounts } from '../accounts/sign-in/service.ts';
import { createApplications } from '../applications/applications.ts';
import { applicationIdOf, referencesOf } from '../applications/by-reference.ts';
import { TransitionNotAllowedError } from '../applications/errors.ts';
import type { ReceiptContent } from '../applications/receipt-content.ts';
import { applicationsExport } from '../applications/routes.ts';
import { createAuditBrowser } from '../audit/browse.ts';
import { createAnswerNotices } from '../backoffice/answer-notices.ts';
import { backofficeApplicationHooks } from '../backoffice/application-hooks.ts';
import { createDeadlineReminders } from '../backoffice/deadlines/reminders.ts';
import { createDeadlines } from '../backoffice/deadlines/service.ts';
import { createCasework } from '../backoffice/inbox.ts';
import { createInbox } from '../backoffice/inbox-list.ts';
import { createBlindIndex } from '../backoffice/name-index/blind-index.ts';
import { createProcessing } from '../backoffice/processing/service.ts';
import { createAuthorityServices } from '../backoffice/services/service.ts';
import { createStaffAccounts } from '../backoffice/staff.ts';
import { createStaffAdmin } from '../backoffice/staff-admin.ts';
import { staffNamesOf } from '../backoffice/staff-repository.ts';
import { createTemplates } from '../backoffice/templates/service.ts';
import { createVerbundOffice } from '../backoffice/verbund/office.ts';
import { createCatalog } from '../catalog/service.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createDeliveryAttention } from '../delivery/attention.ts';
import { createFitconnectCallbacks } from '../delivery/connectors/fitconnect/callbacks.ts';
import { builtInConnectors } from '../delivery/connectors/registry.ts';
import { createXdomeaConfirmations } from '../delivery/connectors/xdomea/confirmations.ts';
import { createOutboxWorker } from '../delivery/outbox.ts';
import { createRouteSettings } from '../delivery/route-settings.ts';
import { DEFAULT_UPLOAD_LIMITS, type Uploads } from '../drafts/attachments.ts';
import { draftsExport } from '../drafts/export.ts';
import { createDrafts } from '../drafts/service.ts';
import { clamdScanner } from '../files/clamd.ts';
import type { DefinitionRegistry } from '../forms/registry.ts';
import { createSingleLogout } from '../identity/logout.ts';
import { SIGNED_OUT_PATH } from '../identity/logout-routes.ts';
import { createOidcClients } from '../identity/oidc/relying-party.ts';
import { metadata as spMetadata } from '../identity/saml/service-provider.ts';
import { createIdentity } from '../identity/service.ts';
import type { Mailer } from '../mail/mailer.ts';
import { createMailQueue, createMailSender, MAIL_OUTBOX_JOB } from '../mail/outbox.ts';
import { mailboxExport } from '../mailbox/export.ts';
import { createTenancy, type Tenancy } from '../tenancy/service.ts';
import type { Language } from '../web/i18n.ts';
import './messages.ts';

export type AppConfig = Pick<
  Config,
  | 'env'
  | 'sessionSecret'
  | 'logLevel'
  | 'rateLimitPerMinute'
  | 'trustProxy'
  | 'publicUrl'
  | 'applicationKeys'
> &
  Partial<Pick<Config, 'uploadLimits' | 'clamdUrl' | 'delivery' | 'identity'>>;

/** What tests (and only tests) replace. */
export type ServiceOverrides = {
  tenancy?: Tenancy;
  /** The clock of every service that compares with the time. */
  now?: () => Date;
  definitions?: DefinitionRegistry;
  renderReceipt?: (receipt: ReceiptContent, language: Language) => Promise<Buffer>;
  /** Where failures after commit (mail, receipts) are logged; never gets personal data. */
  log?: Pick<pino.Logger, 'error' | 'warn' | 'info'>;
};

export type Services = ReturnType<typeof buildServices>;

export function buildServices(
  config: AppConfig,
  database: Database,
  mailer: Mailer,
  overrides: ServiceOverrides = {},
) {
  const { db } = database;
  const log = overrides.log ?? pino({ level: config.logLevel });
  const now = overrides.now;
  const clock = now === undefined ? {} : { now };
  const reportError = (what: string) => (error: unknown) =>
    log.error({ err: error instanceof Error ? error.message : String(error) }, what);

  // One tenancy, so one directory cache per process (ADR 0004).
  const tenancy = overrides.tenancy ?? createTenancy(db);
  const verbund = async () => (await tenancy.directory()).verbund;
  /** The Verbund's name for page frames; "Rathausnetz" while the database is away. */
  const verbundName = async () => {
    try {
      return (await tenancy.directory()).verbund.name;
    } catch {
      return 'Rathausnetz';
    }
  };

  // Joined by main.ts to the scheduler when the worker runs in this process: a queue then
  // wakes its job at once instead of waiting for its next round (ADR 0019).
  let wakeJob: (job: string) => void = () => {};
  const wake = (job: string) => wakeJob(job);
  // `mailer` is the transport: only the worker's mail job sends through it. Every service
  // queues its mail (ADR 0019), so no request waits for SMTP and no mail is lost in an outage.
  const mail = createMailQueue(db, { wake: () => wake(MAIL_OUTBOX_JOB) });
  const mailSender = createMailSender({ db, transport: mailer, ...clock });

  const accounts = createAccounts({
    db,
    keyring: config.applicationKeys,
    mailer: mail,
    publicUrl: config.publicUrl,
    deviceSecret: config.sessionSecret,
    wake,
    verbund,
    ...clock,
    onMailError: reportError('mail not sent'),
  });
  const profiles = createProfiles({
    db,
    verbund,
    // What a provider confirmed at substantial or high: shown as such and not editable by hand.
    // Read only once a profile is shown, when `identity` below exists.
    verified: async (accountId) => (await identity?.service.verifiedAttributes(accountId)) ?? [],
    municipalityOf: tenancy.municipalityAt,
  });
  // Federated sign-in (issue 13): BundID over SAML, OIDC accounts; off without its keys.
  const identityConfig = config.identity;
  const sp =
    identityConfig === undefined
      ? undefined
      : {
          entityId: `${config.publicUrl}/saml/metadata`,
          acsUrl: `${config.publicUrl}/saml/acs`,
          sloUrl: `${config.publicUrl}/saml/slo`,
          keys: {
            signingKey: identityConfig.spSigningKey,
            signingCert: identityConfig.spSigningCert,
            encryptionKey: identityConfig.spEncryptionKey,
            encryptionCert: identityConfig.spEncryptionCert,
          },
          organizationName: '',
          onlineServiceId: identityConfig.onlineServiceId,
        };
  const federatedAccounts = createFederatedAccounts({ db, ...clock });
  const oidcClients = createOidcClients({
    callbackUrl: `${config.publicUrl}/anmelden/nutzerkonto/rueckkehr`,
    allowHttp: config.env !== 'production',
    onError: (error) =>
      log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'OIDC sign-in refused by the client library',
      ),
  });
  const identity =
    identityConfig === undefined || sp === undefined
      ? undefined
      : {
          service: createIdentity({
            db,
            verbund,
            accounts: federatedAccounts,
            sp,
            subjectSecret: identityConfig.subjectSecret,
            oidc: oidcClients,
            ...clock,
          }),
          spMetadata: () => spMetadata(sp),
          logout: createSingleLogout({
            db,
            verbund,
            oidc: oidcClients,
            sp,
            endSessions: federatedAccounts.endSessions,
            postLogoutUrl: `${config.publicUrl}${SIGNED_OUT_PATH}`,
            onError: (error, provider) =>
              log.warn(
                { err: error instanceof Error ? error.message : String(error), provider },
                'single logout: provider not reachable, signed out locally only',
              ),
          }),
          testIdp: identityConfig.testIdp && config.env !== 'production',
          sp,
        };
  const catalog = createCatalog({ db, tenancy, profiles, ...clock });
  const drafts = createDrafts({
    db,
    tenancy,
    keyring: config.applicationKeys,
    // Names, birth date and address an identity provider confirmed: prefilled and marked in
    // forms. A form's address names the place, the profile its municipality.
    confirmedOf: async (accountId) => {
      const v = await profiles.verified(accountId);
      const place =
        v.municipalityId &&
        [...(await tenancy.directory()).municipalitiesOf.values()]
          .flat()
          .find((m) => m.id === v.municipalityId?.value)?.name;
      return {
        ...(v.givenName && { 'profile.givenName': v.givenName }),
        ...(v.familyName && { 'profile.familyName': v.familyName }),
        ...(v.birthDate && { 'profile.birthDate': v.birthDate }),
        ...(v.street &&
          v.houseNumber &&
          v.postcode &&
          place && {
            'profile.address': {
              value: {
                street: v.street.value,
                houseNumber: v.houseNumber.value,
                postcode: v.postcode.value,
                place,
              },
              provider: v.street.provider,
            },
          }),
      };
    },
    ...clock,
    ...(overrides.definitions ? { definitions: overrides.definitions } : {}),
  });
  // The back office's due dates and name index are written in the applications' transactions.
  const blindIndex = createBlindIndex(config.applicationKeys);
  const applications = createApplications({
    db,
    tenancy,
    drafts,
    hooks: backofficeApplicationHooks(blindIndex),
    keyring: config.applicationKeys,
    mailer: mail,
    publicUrl: config.publicUrl,
    ...clock,
    ...(overrides.renderReceipt ? { renderReceipt: overrides.renderReceipt } : {}),
    onBackgroundError: (what, error) => reportError(`${what} failed`)(error),
  });
  const privacy = createPrivacy({
    db,
    verbund,
    parts: [
      twoFactorExport,
      mailboxExport(config.applicationKeys),
      draftsExport(config.applicationKeys),
      applicationsExport(applications),
    ],
  });
  // Delivery to the authorities' systems (ADR 0020): the connector types, the routes admins
  // configure, and the outbox worker the worker role runs (worker.ts).
  const connectors = builtInConnectors({
    mailer,
    verbundName,
    db,
    publicUrl: config.publicUrl,
    keyring: config.applicationKeys,
    production: config.env === 'production',
  });
  const deliveryConfig = config.delivery;
  const attention = createDeliveryAttention({ db, publicUrl: config.publicUrl, mail, ...clock });
  const delivery = {
    connectors,
    // FIT-Connect callbacks arrive through /api/v1 and only make a delivery due now.
    fitconnectCallback: createFitconnectCallbacks({
      db,
      connectors,
      keyring: config.applicationKeys,
    }),
    attention,
    routes: createRouteSettings({ db, tenancy, keyring: config.applicationKeys, connectors }),
    // The DMS's import confirmations read back (ADR 0027): a taken application is `received`,
    // recorded as the connector's status change with a note in the citizen's Postfach.
    xdomeaConfirmations: createXdomeaConfirmations({
      db,
      connectors,
      keyring: config.applicationKeys,
      log: {
        info: (fields, message) => log.info(fields, message),
        warn: (fields, message) => log.warn(fields, message),
        error: (fields, message) => log.error(fields, message),
      },
      mailer,
      ...clock,
      markReceived: async ({ authorityId, applicationId, note }) => {
        try {
          await applications.changeStatus({
            authorityId,
            applicationId,
            status: 'received',
            actor: 'connector',
            note,
          });
        } catch (error) {
          // Moved on by staff meanwhile: the DMS's confirmation changes nothing then.
          if (!(error instanceof TransitionNotAllowedError)) throw error;
        }
      },
    }),
    outboxWorker: () =>
      createOutboxWorker({
        db,
        connectors,
        keyring: config.applicationKeys,
        load: applications.deliverable,
        readInside: applications.readDeliverables,
        // The receipts rendered for a batch, stored with its outcomes for the next attempt.
        withOutcomes: (trx, batch) => applications.storeRenderedReceipts(trx, batch),
        // Woken by the commit of due work on either engine (ADR 0028), polling as a safety net.
        listen: (onWake) => database.listen('delivery_due', onWake),
        // Delivered everywhere: the authority's system has it, the citizen sees "received",
        // committed with the outcome. Staff who moved it on in the meantime: their step stands.
        markReceived: (trx, ready) => applications.receivedInside(trx, ready),
        // Failed or refused for good: the authority's admins hear of it (content-free).
        onOutcome: async (done, status) => {
          await attention.alertAdmins(done.authority_id, status);
        },
        log: {
          info: (fields, message) => log.info(fields, message),
          warn: (fields, message) => log.warn(fields, message),
          error: (fields, message) => log.error(fields, message),
        },
        mailer,
        ...clock,
        ...(deliveryConfig
          ? {
              concurrency: deliveryConfig.concurrency,
              backoff: {
                maxAttempts: deliveryConfig.maxAttempts,
                baseMs: deliveryConfig.retryBaseMs,
                maxMs: deliveryConfig.retryMaxMs,
              },
              ...(deliveryConfig.leaseMs ? { leaseMs: deliveryConfig.leaseMs } : {}),
            }
          : {}),
      }),
  };
  // The back office: staff accounts apart from citizens' (ADR 16), casework through the
  // applications domain's authority-side API.
  const staff = createStaffAccounts({
    db,
    tenancy,
    keyring: config.applicationKeys,
    publicUrl: config.publicUrl,
    ...clock,
  });
  // The admins' "Mitarbeitende": invitations go out through the mail queue like every mail.
  const staffAdmin = createStaffAdmin({ db, tenancy, staff, ...clock });
  // The Verbund's admins: authorities, their first admin, the catalogue's online offer (new
  // online services on the same published forms the drafts fill in).
  const verbundOffice = createVerbundOffice({
    db,
    tenancy,
    staff,
    catalog,
    ...clock,
    ...(overrides.definitions ? { definitions: overrides.definitions } : {}),
  });
  // The authorities' admins: which of the Verbund's online services they offer, with what texts.
  const authorityServices = createAuthorityServices({ db, tenancy, catalog, ...clock });
  const casework = createCasework({ db, applications, ...clock });
  const inbox = createInbox({ db, blindIndex, ...clock });
  // The auditors' reading of their authority's log, with reference numbers and staff names.
  const auditLog = createAuditBrowser({
    db,
    applicationIdOf,
    referencesOf,
    staffOf: staffNamesOf,
    ...clock,
  });
  const deadlines = createDeadlines({ db, ...clock });
  const deadlineReminders = createDeadlineReminders({ db, publicUrl: config.publicUrl, ...clock });
  const answerNotices = createAnswerNotices({ db, publicUrl: config.publicUrl });
  const uploads: Uploads = {
    limits: config.uploadLimits ?? DEFAULT_UPLOAD_LIMITS,
    scanner: config.clamdUrl === undefined ? undefined : clamdScanner(config.clamdUrl),
  };
  // Processing of one application (notes, requests for information, decisions) and the
  // authority's reply templates; decisions are scanned like every citizen's file.
  const processing = createProcessing({
    applications,
    keyring: config.applicationKeys,
    scanner: uploads.scanner,
    ...clock,
  });
  const templates = createTemplates({ db, ...clock });

  return {
    config,
    database,
    db,
    mailer,
    mail,
    mailSender,
    /** Makes `wake` run the named worker job now (the scheduler of this process). */
    onWake: (fn: (job: string) => void) => {
      wakeJob = fn;
    },
    now,
    tenancy,
    verbund,
    verbundName,
    accounts,
    profiles,
    identity,
    catalog,
    drafts,
    applications,
    privacy,
    delivery,
    staff,
    staffAdmin,
    verbundOffice,
    authorityServices,
    casework,
    processing,
    templates,
    inbox,
    auditLog,
    deadlines,
    deadlineReminders,
    answerNotices,
    blindIndex,
    uploads,
  };
}
