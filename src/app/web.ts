// The composition root, web role: the web kit (src/web/) and each domain's hooks and routes
// plugin, handed the services it needs (services.ts). Nothing here builds a service.
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { privacyRoutes } from '../accounts/privacy/routes.ts';
import { profileRoutes } from '../accounts/profile/routes.ts';
import { accountsRoutes } from '../accounts/routes.ts';
import { sessionHook } from '../accounts/sign-in/session.ts';
import { twoFactorRoutes } from '../accounts/two-factor/routes.ts';
import { credentialPages } from '../api/backoffice-pages.ts';
import { apiRoutes } from '../api/routes.ts';
import { adoptApplications, countAnonymousApplications } from '../applications/adopt.ts';
import { resumeAfterAnswer } from '../applications/processing.ts';
import { applicationRoutes, submitDraft } from '../applications/routes.ts';
import { AUDIT_ACTIONS } from '../audit/browse.ts';
import { auditPages } from '../audit/routes.ts';
import { backofficeRoutes } from '../backoffice/routes.ts';
import { servicePages } from '../backoffice/services/routes.ts';
import { verbundPages } from '../backoffice/verbund/routes.ts';
import { createServiceSections } from '../catalog/portal-sections.ts';
import { catalogRoutes } from '../catalog/routes.ts';
import type { TrustLevel } from '../db/schema.ts';
import { deliveryNotice, deliveryPages } from '../delivery/backoffice-routes.ts';
import { deliveryDownloadRoutes } from '../delivery/download-routes.ts';
import { routePages } from '../delivery/route-pages.ts';
import { type AnonymousUse, adoptionRoutes, askBeforeAdopting } from '../drafts/adoption.ts';
import { requesterOf } from '../drafts/owner.ts';
import { draftRoutes } from '../drafts/routes.ts';
import { providerPages } from '../identity/backoffice-pages.ts';
import { federatedSignOut, logoutRoutes } from '../identity/logout-routes.ts';
import { identityRoutes } from '../identity/routes.ts';
import { testIdpRoutes } from '../identity/test-idp/routes.ts';
import { levelNotice, signInOptions } from '../identity/views.ts';
import { devMailRoutes } from '../mail/routes.ts';
import { mailboxRoutes, unreadCounter } from '../mailbox/routes.ts';
import { tenancyRoutes } from '../tenancy/routes.ts';
import { createServer, registerKitRoutes, registerWebKit } from '../web/kit.ts';
import type { PageFrame } from '../web/layout.ts';
import type { Services } from './services.ts';

export async function buildWeb(
  s: Services,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<FastifyInstance> {
  const { config, db, tenancy, verbundName } = s;
  const production = config.env === 'production';
  const app = createServer(config, options.logger);

  await registerWebKit(app, config, verbundName);
  app.addHook('preHandler', sessionHook(s.accounts, production));
  // Taken over only when the citizen says so (src/drafts/adoption.ts): shared computers.
  const anonymousUse: AnonymousUse = {
    count: async (key) => ({
      drafts: await s.drafts.countAnonymous(key),
      applications: await countAnonymousApplications(db, key),
    }),
    adopters: [s.drafts.adopt, (key, accountId) => adoptApplications(db, key, accountId)],
    discard: async (key) => {
      await s.drafts.discardAnonymous(key);
    },
  };
  app.addHook('preHandler', askBeforeAdopting(anonymousUse, production));
  app.addHook('preHandler', unreadCounter(db));
  await registerKitRoutes(app, config, {
    database: s.database,
    directory: () => tenancy.directory(),
  });

  // Federated sign-in beside the password form and as the way to a level above `low`.
  const identity = s.identity;
  const federated =
    identity === undefined
      ? {}
      : {
          signInOptions: async (frame: PageFrame, next: string) =>
            signInOptions(frame, await identity.service.providers(), next),
          stepUpOptions: async (frame: PageFrame, level: TrustLevel, next: string) =>
            levelNotice(frame, level, await identity.service.providerFor(level), next),
          signOutFurther: federatedSignOut({ logout: identity.logout, production, verbundName }),
        };
  const accountOptions = { accounts: s.accounts, verbundName, production, ...federated };
  await app.register(accountsRoutes, accountOptions);
  await app.register(adoptionRoutes, { use: anonymousUse, production, verbundName });
  await app.register(twoFactorRoutes, accountOptions);
  if (identity !== undefined) {
    await app.register(identityRoutes, {
      identity: identity.service,
      verbundName,
      production,
      spMetadata: identity.spMetadata,
    });
    await app.register(logoutRoutes, { logout: identity.logout, production, verbundName });
    if (identity.testIdp && !production) {
      await app.register(testIdpRoutes, {
        publicUrl: s.config.publicUrl,
        spSigningCert: identity.sp.keys.signingCert,
        spEncryptionCert: identity.sp.keys.encryptionCert,
        verbundName,
      });
    }
  }
  await app.register(profileRoutes, { profiles: s.profiles, tenancy });
  await app.register(privacyRoutes, { privacy: s.privacy, verbundName, production });
  // One scanner for every file a citizen sends: form uploads and Postfach replies.
  await app.register(mailboxRoutes, {
    db,
    tenancy,
    keyring: s.config.applicationKeys,
    scanner: s.uploads.scanner,
    // An answer to a request for information moves the application back to processing; any
    // message about an application queues the assigned clerk's notice. Both commit with it.
    onAnswer: async (trx, answer) => {
      await resumeAfterAnswer(trx, answer);
      await s.answerNotices.queueIn(trx, answer.applicationId);
    },
  });
  await app.register(catalogRoutes, { db, tenancy, catalog: s.catalog });
  await app.register(draftRoutes, {
    db,
    tenancy,
    production,
    drafts: s.drafts,
    uploads: s.uploads,
    submit: submitDraft(s.applications),
    sentHref: async (owner, draftId) => {
      const id = await s.applications.sentFrom(owner, draftId);
      return id === undefined ? undefined : `/antraege/${id}`;
    },
  });
  await app.register(applicationRoutes, {
    applications: s.applications,
    tenancy,
    production,
    forwarding: (owner, id) => s.delivery.attention.progress(requesterOf(owner), id),
  });
  await app.register(backofficeRoutes, {
    staff: s.staff,
    staffAdmin: s.staffAdmin,
    casework: s.casework,
    processing: s.processing,
    templates: s.templates,
    inbox: s.inbox,
    deadlines: s.deadlines,
    verbundName,
    production,
    // Deliveries that failed or are late: a banner for the authority's admins and their list.
    // Their routes ("Zustellwege"), which the operator can also set by CLI.
    pages: [
      // The admins' "Online-Dienste": which of the Verbund's services they offer, and their texts.
      servicePages({ services: s.authorityServices }),
      deliveryPages(s.delivery.attention),
      routePages({
        db,
        tenancy: s.tenancy,
        routes: s.delivery.routes,
        connectors: s.delivery.connectors,
      }),
      // The credentials their systems answer with over /api/v1.
      credentialPages({ db }),
      // The auditors' Prüfprotokoll.
      auditPages(s.auditLog, AUDIT_ACTIONS),
      // The Verbund admins' identity providers: added, changed, certificates rolled over.
      providerPages({
        db,
        production,
        spMetadataUrl: `${config.publicUrl}/saml/metadata`,
      }),
      // The Verbund admins' authorities and catalogue overview.
      verbundPages(s.verbundOffice),
    ],
    notices: [deliveryNotice(s.delivery.attention)],
  });
  // The back-channel for the authorities' systems: bearer credentials, JSON, no cookies.
  await app.register(apiRoutes, {
    prefix: '/api/v1',
    db,
    changeStatus: s.applications.changeStatus,
    messageCitizen: s.applications.messageCitizen,
    fitconnectCallback: s.delivery.fitconnectCallback,
    ...(s.now ? { now: s.now } : {}),
  });
  // Files too large for a webhook's body, fetched by its receiver with an expiring signed link.
  await app.register(deliveryDownloadRoutes, {
    db,
    keyring: s.config.applicationKeys,
    loadFile: s.applications.deliverableFile,
    ...(s.now ? { now: s.now } : {}),
  });
  if (!production && s.mailer.outbox) {
    await app.register(devMailRoutes, { outbox: s.mailer.outbox, verbundName });
  }
  // Fixed paths (/finden, /impressum, …) win over `/:slug` in the router whatever the order.
  // The start page and the fronts list the catalogue's online services; tenancy knows no catalogue.
  await app.register(tenancyRoutes, { tenancy, services: createServiceSections(s.catalog) });

  return app;
}
