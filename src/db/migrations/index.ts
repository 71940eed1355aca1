import type { Migration } from 'kysely/migration';
import * as tenancy from './2026-11-29-01-tenancy.ts';
import * as accounts from './2026-11-29-02-accounts.ts';
import * as twoFactor from './2026-11-29-03-two-factor.ts';
import * as profile from './2026-11-29-04-profile.ts';
import * as mailbox from './2026-11-29-05-mailbox.ts';
import * as catalog from './2026-11-29-06-catalog.ts';
import * as drafts from './2026-11-29-07-drafts.ts';
import * as formAttachments from './2026-11-29-08-form-attachments.ts';
import * as applications from './2026-11-29-09-applications.ts';
import * as keyRewrap from './2026-11-29-10-key-rewrap.ts';
import * as adoptApplications from './2026-11-29-11-adopt-applications.ts';
import * as runtimeRole from './2026-12-01-01-runtime-role.ts';
import * as throttleAttempts from './2026-12-01-03-01-throttle-attempts.ts';
import * as mailOutbox from './2026-12-01-03-02-mail-outbox.ts';
import * as citizenApplicationPolicies from './2026-12-01-05-citizen-application-policies.ts';
import * as sealedDraftsAndPostfach from './2026-12-01-07-01-sealed-drafts-and-postfach.ts';
import * as delivery from './2026-12-01-11-delivery.ts';
import * as backoffice from './2026-12-01-13-backoffice.ts';
import * as accountRls from './2026-12-02-01-01-account-rls.ts';
import * as sealedCitizenTotp from './2026-12-02-01-02-sealed-citizen-totp.ts';
import * as casework from './2026-12-02-03-01-casework.ts';
import * as deadlinesAndInbox from './2026-12-02-05-01-deadlines-and-inbox.ts';
import * as deliveryAwaiting from './2026-12-02-07-01-delivery-awaiting.ts';
import * as deliveryWakeup from './2026-12-02-08-01-delivery-wakeup.ts';
import * as deliveryDigest from './2026-12-02-08-02-delivery-digest.ts';
import * as fitconnectAndApi from './2026-12-02-09-01-fitconnect-and-api.ts';
import * as identity from './2026-12-02-11-01-identity.ts';
import * as inboxStatusCounts from './2026-12-03-01-01-inbox-status-counts.ts';
import * as staffMembershipLock from './2026-12-03-02-01-staff-membership-lock.ts';
import * as identitySession from './2026-12-03-04-01-identity-session.ts';
import * as identitySamlLogout from './2026-12-03-04-02-identity-saml-logout.ts';
import * as deadlineReminders from './2026-12-03-05-01-deadline-reminders.ts';
import * as auditCheckpoints from './2026-12-03-05-02-audit-checkpoints.ts';
import * as deemedApprovalMonths from './2026-12-03-05-03-deemed-approval-months.ts';
import * as identityAttributeLevels from './2026-12-04-04-01-identity-attribute-levels.ts';
import * as verbundContext from './2026-12-05-01-01-verbund-context.ts';
import * as onlineServiceSettings from './2026-12-05-01-02-online-service-settings.ts';
import * as auditChangedFields from './2026-12-05-02-01-audit-changed-fields.ts';
import * as citizenDeliveryProgress from './2026-12-05-03-01-citizen-delivery-progress.ts';
import * as deliveryFileLink from './2026-12-05-03-02-delivery-file-link.ts';
import * as staffNotices from './2026-12-05-04-01-staff-notices.ts';
import * as staffDirectoryRole from './2026-12-05-04-02-staff-directory-role.ts';
import * as providersInVerbundContext from './2026-12-05-04-03-providers-in-verbund-context.ts';
import * as staffDirectoryChainHeads from './2026-12-05-04-04-staff-directory-chain-heads.ts';
import * as verbundAuditor from './2026-12-06-01-01-verbund-auditor.ts';
import * as identitySloPost from './2026-12-06-02-01-identity-slo-post.ts';
import * as storedReceipt from './2026-12-06-03-01-stored-receipt.ts';
import * as onlineServiceCreated from './2026-12-07-01-01-online-service-created.ts';

/**
 * Listed by hand instead of read from the folder: no file-system scan at start, and a
 * migration that is not imported here fails type-checking rather than being skipped.
 * Names sort chronologically; never rename or edit one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-29-01-tenancy': tenancy,
  '2026-11-29-02-accounts': accounts,
  '2026-11-29-03-two-factor': twoFactor,
  '2026-11-29-04-profile': profile,
  '2026-11-29-05-mailbox': mailbox,
  '2026-11-29-06-catalog': catalog,
  '2026-11-29-07-drafts': drafts,
  '2026-11-29-08-form-attachments': formAttachments,
  '2026-11-29-09-applications': applications,
  '2026-11-29-10-key-rewrap': keyRewrap,
  '2026-11-29-11-adopt-applications': adoptApplications,
  '2026-12-01-01-runtime-role': runtimeRole,
  '2026-12-01-03-01-throttle-attempts': throttleAttempts,
  '2026-12-01-03-02-mail-outbox': mailOutbox,
  '2026-12-01-05-citizen-application-policies': citizenApplicationPolicies,
  '2026-12-01-07-01-sealed-drafts-and-postfach': sealedDraftsAndPostfach,
  '2026-12-01-11-delivery': delivery,
  '2026-12-01-13-backoffice': backoffice,
  '2026-12-02-01-01-account-rls': accountRls,
  '2026-12-02-01-02-sealed-citizen-totp': sealedCitizenTotp,
  '2026-12-02-03-01-casework': casework,
  '2026-12-02-05-01-deadlines-and-inbox': deadlinesAndInbox,
  '2026-12-02-07-01-delivery-awaiting': deliveryAwaiting,
  '2026-12-02-08-01-delivery-wakeup': deliveryWakeup,
  '2026-12-02-08-02-delivery-digest': deliveryDigest,
  '2026-12-02-09-01-fitconnect-and-api': fitconnectAndApi,
  '2026-12-02-11-01-identity': identity,
  '2026-12-03-01-01-inbox-status-counts': inboxStatusCounts,
  '2026-12-03-02-01-staff-membership-lock': staffMembershipLock,
  '2026-12-03-04-01-identity-session': identitySession,
  '2026-12-03-04-02-identity-saml-logout': identitySamlLogout,
  '2026-12-03-05-01-deadline-reminders': deadlineReminders,
  '2026-12-03-05-02-audit-checkpoints': auditCheckpoints,
  '2026-12-03-05-03-deemed-approval-months': deemedApprovalMonths,
  '2026-12-04-04-01-identity-attribute-levels': identityAttributeLevels,
  '2026-12-05-01-01-verbund-context': verbundContext,
  '2026-12-05-01-02-online-service-settings': onlineServiceSettings,
  '2026-12-05-02-01-audit-changed-fields': auditChangedFields,
  '2026-12-05-03-01-citizen-delivery-progress': citizenDeliveryProgress,
  '2026-12-05-03-02-delivery-file-link': deliveryFileLink,
  '2026-12-05-04-01-staff-notices': staffNotices,
  '2026-12-05-04-02-staff-directory-role': staffDirectoryRole,
  '2026-12-05-04-03-providers-in-verbund-context': providersInVerbundContext,
  '2026-12-05-04-04-staff-directory-chain-heads': staffDirectoryChainHeads,
  '2026-12-06-01-01-verbund-auditor': verbundAuditor,
  '2026-12-06-02-01-identity-slo-post': identitySloPost,
  '2026-12-06-03-01-stored-receipt': storedReceipt,
  '2026-12-07-01-01-online-service-created': onlineServiceCreated,
};
