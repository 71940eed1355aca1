import type { identityDe } from './messages.de.ts';

// English UI text of federated sign-in, step-up and account linking.
export const identityEn: Record<keyof typeof identityDe, string> = {
  'identity.signIn.heading': 'Sign in with a citizen account',
  'identity.signIn.lead':
    'With BundID (for example with the online ID card) you reach a higher trust level. Some services require it.',
  'identity.signIn.with': 'Sign in with {provider}',
  'identity.signIn.or': 'or with e-mail address and password',
  'identity.level.basic': 'basic',
  'identity.level.low': 'low',
  'identity.level.substantial': 'substantial',
  'identity.level.high': 'high',
  'identity.stepUp.needs':
    "This service requires the trust level '{level}' – sign in with {provider} (online ID card)",
  'identity.stepUp.how':
    'You will be sent to {provider} and come back to exactly this place afterwards. What you entered is kept.',
  'identity.stepUp.start': 'Sign in with {provider}',
  'identity.stepUp.none':
    'No citizen account delivering this trust level is connected at the moment. Please contact your administration.',
  'identity.post.title': 'Forwarding to {provider}',
  'identity.post.lead':
    'You are being forwarded to {provider}. If nothing happens, please choose “Continue”.',
  'identity.post.back': 'Back to sign-in',
  'identity.post.continue': 'Continue',
  'identity.choose.title': 'First sign-in with {provider}',
  'identity.choose.lead':
    'You signed in with {provider} for the first time. Would you like to create a new citizen account or link one you already have?',
  'identity.choose.create': 'Create a new citizen account',
  'identity.choose.createHint':
    'We take your name, address and e-mail address from {provider}. They are marked as verified.',
  'identity.choose.noEmail':
    '{provider} sent no e-mail address. Please link an existing citizen account.',
  'identity.choose.link': 'Link an existing citizen account',
  'identity.choose.linkHint':
    'Sign in once with your e-mail address and password. After that, signing in with {provider} is enough.',
  'identity.choose.emailTaken':
    'There is already a citizen account for the e-mail address from {provider}. Please sign in with your password to link it.',
  'identity.link.title': 'Link your citizen account with {provider}',
  'identity.link.lead':
    'Your citizen account {email} will be linked with your account at {provider}. After that you can sign in with {provider}.',
  'identity.link.submit': 'Link',
  'identity.refused.title': 'Signing in did not work',
  'identity.refused.lead':
    'You are not signed in. Please try again. If the error persists, contact your administration.',
  'identity.refused.unknown_provider': 'This citizen account is not connected here.',
  'identity.refused.unknown_state':
    'The sign-in has expired or was already used. Please start it again.',
  'identity.refused.replay': 'This sign-in was already used. Please start it again.',
  'identity.refused.level_too_low':
    'The account confirmed a lower trust level than this service requires. Please sign in with the online ID card, for example.',
  'identity.refused.attribute_missing':
    'The account did not send all the details needed. Please agree to their transfer.',
  'identity.refused.pending_expired':
    'The sign-in has expired. Please sign in with your citizen account again.',
  'identity.refused.invalid': 'The answer of the account could not be verified and was refused.',
  'identity.refused.retry': 'To sign-in',
  'identity.profile.verified': 'verified by {provider} (trust level {level})',
  'identity.profile.heading': 'Verified details',
  'identity.profile.lead':
    'Your citizen account confirmed these details at a high trust level. You cannot change them yourself; they are renewed at your next sign-in.',
  'identity.attribute.given_name': 'Given name',
  'identity.attribute.family_name': 'Family name',
  'identity.attribute.birth_date': 'Date of birth',
  'identity.attribute.street': 'Street and number',
  'identity.attribute.postcode': 'Postcode',
  'identity.attribute.city': 'City',
  'identity.attribute.email': 'E-mail address',
  'identity.testIdp.title': 'Test sign-in (development only)',
  'identity.testIdp.lead':
    'This is no real citizen account: a BundID-like sign-in to try things out, in development only.',
  'identity.testIdp.requested': 'Requested: at least trust level {level}.',
  'identity.testIdp.person': 'Test person: {name}',
  'identity.testIdp.level': 'Trust level of the sign-in',
  'identity.testIdp.submit': 'Sign in as the test person',
  'identity.logout.handOver.title': 'Signing out at {provider}',
  'identity.logout.handOver.lead':
    'You are signed out of the portal. We are now ending your sign-in at {provider} as well. If nothing happens, please choose “Continue”.',
  'identity.logout.done.title': 'You are signed out',
  'identity.logout.done.lead': 'Your session in the portal has ended.',
  'identity.logout.done.unreachable':
    'Your user account could not be reached just now. You may still be signed in there. Close the browser if you are using a shared device.',
  'identity.logout.done.signInAgain': 'Sign in again',
  'identity.logout.mismatch.title': 'Sign-out not recognised',
  'identity.logout.mismatch.lead':
    'This answer belongs to no sign-out in this browser and was ignored. To sign out, choose “Sign out” in your citizen account.',
  'identity.backoffice.nav': 'Sign-in services',
  'identity.backoffice.title': 'Sign-in services',
  'identity.backoffice.lead':
    'Citizens sign in with these accounts at every member of the Verbund. They are connected once for the whole Verbund; the municipalities set up nothing.',
  'identity.backoffice.caption': 'Connected sign-in services',
  'identity.backoffice.none':
    'No sign-in service is connected yet. Citizens sign in with e-mail address and password only.',
  'identity.backoffice.col.name': 'Name',
  'identity.backoffice.col.type': 'Protocol',
  'identity.backoffice.col.issuer': 'Identifier (issuer / entity ID)',
  'identity.backoffice.col.levels': 'Trust levels',
  'identity.backoffice.col.logout': 'Sign-out',
  'identity.backoffice.col.since': 'Connected since',
  'identity.backoffice.type.saml': 'SAML 2.0',
  'identity.backoffice.type.oidc': 'OpenID Connect',
  'identity.backoffice.certs': '{n} signing certificate(s)',
  'identity.backoffice.logout.saml': 'single logout at the service',
  'identity.backoffice.logout.none': 'in the portal only',
  'identity.backoffice.logout.oidc': 'at the service, where it offers it',
  'identity.backoffice.cli': 'Operations see and change the same on the command line:',
  'identity.backoffice.forbidden.title': 'No access',
  'identity.backoffice.forbidden': 'Only the Verbund administration sees the sign-in services.',
  'identity.provider.error.slug':
    'Please give a key of lower-case letters, digits and hyphens, at most 40 characters, e.g. bundid.',
  'identity.provider.error.slugTaken':
    'Another sign-in service has this key already. Please choose another one.',
  'identity.provider.error.type': 'The protocol must be SAML or OIDC.',
  'identity.provider.error.displayName': 'Please give a display name of 1 to 100 characters.',
  'identity.provider.error.levels':
    'Please choose at least one trust level the service can deliver.',
  'identity.provider.error.entityId':
    "Please give the sign-in service's entity ID (at most 500 characters).",
  'identity.provider.error.ssoUrl':
    'Please give the sign-in address (SSO URL) as a full URL, e.g. https://id.bund.de/….',
  'identity.provider.error.ssoUrlHttps':
    'In production the sign-in address (SSO URL) must start with https://.',
  'identity.provider.error.sloUrl':
    'The sign-out address (SLO URL) is not a full URL. Leave it empty if the service offers no single logout.',
  'identity.provider.error.sloBinding':
    'Please choose HTTP-Redirect or HTTP-POST as the sign-out binding.',
  'identity.provider.error.sloUrlHttps':
    'In production the sign-out address (SLO URL) must start with https://.',
  'identity.provider.error.certCount':
    'Please paste or upload a signing certificate (two at most).',
  'identity.provider.error.certPem':
    'This is not a certificate in PEM format. It starts with -----BEGIN CERTIFICATE----- and holds exactly one certificate.',
  'identity.provider.error.certPrivateKey':
    "This is a private key. Please give the sign-in service's certificate only, never a key.",
  'identity.provider.error.certExpired':
    "This certificate has expired. Please give the sign-in service's valid certificate.",
  'identity.provider.error.certTwice': 'This certificate is stored already.',
  'identity.provider.error.certFull':
    'Two certificates are stored already. Remove the old one first.',
  'identity.provider.error.certLast':
    'The last certificate cannot be removed: without one no sign-in could be verified. Add the new one first.',
  'identity.provider.error.certUnknown':
    'This certificate is not stored (any more). Please reload the page.',
  'identity.provider.error.certOidc':
    'An OIDC sign-in service has no stored certificates; its keys come from discovery.',
  'identity.provider.error.certFile':
    'The certificate file is too large (64 KB at most) or unreadable.',
  'identity.provider.error.certBoth': 'Please paste the certificate or upload it, not both.',
  'identity.provider.error.levelsAcr':
    'Each chosen trust level needs an acr value that reaches it. Add to the acr mapping or choose lower levels.',
  'identity.provider.error.issuer': "Please give the sign-in service's issuer URL as a full URL.",
  'identity.provider.error.issuerHttps': 'In production the issuer URL must start with https://.',
  'identity.provider.error.clientId':
    'Please give the client ID the sign-in service issued to the portal (at most 200 characters).',
  'identity.provider.error.clientSecretEnv':
    'The name of the environment variable has capital letters, digits and underscores and starts with a letter, e.g. NDS_CLIENT_SECRET.',
  'identity.provider.error.acrMap':
    'Please map at least one acr value to a trust level: one line per value, e.g. loa-substantial=substantial (basic, low, substantial or high).',
  'identity.provider.error.form': 'The form could not be read. Please send it again.',
  'identity.backoffice.open': 'View and edit {name}',
  'identity.backoffice.addTitle': 'Add a sign-in service',
  'identity.backoffice.addSaml': 'Add a SAML sign-in service (e.g. BundID)',
  'identity.backoffice.addOidc': 'Add an OpenID Connect sign-in service',
  'identity.backoffice.removed':
    'The sign-in service is removed. It no longer appears on the sign-in page.',
  'identity.admin.back': 'Back to the sign-in services',
  'identity.admin.addSaml.title': 'Add a SAML sign-in service',
  'identity.admin.addSaml.lead':
    "The details are in the sign-in service's metadata, e.g. BundID's. The service sets up its side with our SP metadata: {metadata}",
  'identity.admin.addOidc.title': 'Add an OpenID Connect sign-in service',
  'identity.admin.addOidc.lead':
    "The service's operator gives you these details when registering the portal as a client.",
  'identity.admin.httpsOnly': 'In production only https:// addresses are possible.',
  'identity.admin.field.slug': 'Key',
  'identity.admin.field.slugHint':
    'Lower-case letters, digits and hyphens, e.g. bundid. It is part of the sign-in address and cannot be changed later.',
  'identity.admin.field.displayName': 'Display name',
  'identity.admin.field.displayNameHint':
    'The name of the service on the sign-in page, e.g. BundID.',
  'identity.admin.field.entityId': "Sign-in service's entity ID",
  'identity.admin.field.ssoUrl': 'Sign-in address (SSO URL, HTTP-POST)',
  'identity.admin.field.sloUrl': 'Sign-out address (SLO URL, optional)',
  'identity.admin.field.sloBinding': 'How sign-out messages travel (SAML binding of the SLO URL)',
  'identity.admin.field.sloBindingRedirect': 'HTTP-Redirect',
  'identity.admin.field.sloBindingPost': 'HTTP-POST (form, preferred by BundID)',
  'identity.admin.field.sloUrlHint': 'Leave empty if the service offers no single logout.',
  'identity.admin.field.cert': 'Signing certificate (PEM)',
  'identity.admin.field.certHint':
    'Paste the certificate the sign-in service signs with (it starts with -----BEGIN CERTIFICATE-----), or upload the file below. Never a private key.',
  'identity.admin.field.certFile': 'Or upload the certificate file (.pem, .crt, .cer)',
  'identity.admin.field.levels': 'Trust levels the service can deliver',
  'identity.admin.field.issuer': 'Issuer URL',
  'identity.admin.field.issuerHint':
    'The service publishes its discovery at this address (/.well-known/openid-configuration).',
  'identity.admin.field.clientId': 'Client ID',
  'identity.admin.field.clientSecretEnv':
    'Name of the environment variable holding the client secret (optional)',
  'identity.admin.field.clientSecretEnvHint':
    "The client secret itself is never stored in the portal. Operations put it into the portal's environment, e.g. as NDS_CLIENT_SECRET; only the name goes here.",
  'identity.admin.field.acrMap': 'acr values and their trust levels',
  'identity.admin.field.acrMapHint':
    'One line per value: acr value=trust level, the level as basic, low, substantial or high. E.g. loa-substantial=substantial.',
  'identity.admin.addSubmit': 'Add sign-in service',
  'identity.admin.added': 'The sign-in service is added. Citizens find it on the sign-in page now.',
  'identity.admin.changed': 'The changes are saved.',
  'identity.admin.unchanged': 'There was nothing to change.',
  'identity.admin.certAdded':
    'The certificate is added. Until you remove the old one, sign-ins with either certificate are accepted.',
  'identity.admin.certRemoved':
    'The certificate is removed. Sign-ins with it are no longer accepted.',
  'identity.admin.details': 'Connection details',
  'identity.admin.detail.type': 'Protocol',
  'identity.admin.detail.slug': 'Key',
  'identity.admin.detail.entityId': 'Entity ID',
  'identity.admin.detail.issuer': 'Issuer URL',
  'identity.admin.detail.ssoUrl': 'SSO URL',
  'identity.admin.detail.sloUrl': 'SLO URL',
  'identity.admin.detail.sloNone': 'none (sign-out in the portal only)',
  'identity.admin.detail.sloBinding': 'Sign-out binding',
  'identity.admin.detail.clientId': 'Client ID',
  'identity.admin.detail.secret': 'Client secret',
  'identity.admin.detail.secretNone': 'none (public client)',
  'identity.admin.detail.secretSet': 'from the environment variable {name} (set)',
  'identity.admin.detail.secretMissing':
    'from the environment variable {name} – not set in the portal: sign-ins fail until operations set it.',
  'identity.admin.detail.acrMap': 'acr values',
  'identity.admin.detail.attributes': 'Attributes taken over',
  'identity.admin.detail.since': 'Connected since',
  'identity.admin.changeTitle': 'Change the details',
  'identity.admin.changeSubmit': 'Save changes',
  'identity.admin.certs.title': 'Signing certificates',
  'identity.admin.certs.lead':
    'Sign-ins count only with a signature of these certificates. When the sign-in service changes its certificate, add the new one before it changes; both are accepted then. Afterwards remove the old one.',
  'identity.admin.certs.caption': 'Stored signing certificates',
  'identity.admin.certs.subject': 'Issued to',
  'identity.admin.certs.fingerprint': 'SHA-256 fingerprint',
  'identity.admin.certs.validTo': 'Valid until',
  'identity.admin.certs.action': 'Action',
  'identity.admin.certs.remove': 'Remove certificate',
  'identity.admin.certs.removeLabel': 'Remove certificate: {subject}',
  'identity.admin.certs.onlyOne': 'The only certificate cannot be removed.',
  'identity.admin.certs.addTitle': 'Add a certificate',
  'identity.admin.certs.full':
    'Two certificates are stored, more are not possible. Remove the old one when the change is over.',
  'identity.admin.certs.addSubmit': 'Add certificate',
  'identity.admin.removeTitle': 'Remove the sign-in service',
  'identity.admin.removeLink': 'Remove {name}',
  'identity.admin.removeConfirm': 'Really remove {name}?',
  'identity.admin.removeLead':
    'Afterwards nobody can sign in with {name}. The links of citizen accounts to {name} and the details {name} confirmed are deleted; the accounts themselves stay, their holders sign in with e-mail address and password.',
  'identity.admin.removeSubmit': 'Remove the sign-in service for good',
  'identity.admin.cancel': 'Cancel',
  'identity.provider.error.metadataSize':
    "The metadata is too large (at most 256 KiB). Please paste only this sign-in service's metadata.",
  'identity.provider.error.metadataFile':
    'The metadata file is too large (at most 256 KiB) or not a text file.',
  'identity.provider.error.metadataBoth': 'Please paste the metadata or upload it, not both.',
  'identity.provider.error.metadataMissing': 'Please paste the metadata (XML) or upload the file.',
  'identity.provider.error.metadataXml':
    "This is not readable XML metadata. Please paste the sign-in service's metadata unchanged.",
  'identity.provider.error.metadataDoctype':
    'For security reasons the portal does not read metadata with DOCTYPE or ENTITY declarations. Please ask the sign-in service for metadata without a DOCTYPE.',
  'identity.provider.error.metadataNotMetadata':
    'This is not a SAML metadata document (EntityDescriptor or EntitiesDescriptor).',
  'identity.provider.error.metadataNoIdp':
    'The metadata describes no SAML 2.0 sign-in service (no IDPSSODescriptor).',
  'identity.provider.error.metadataSeveral':
    'The metadata describes several sign-in services: {entityIds}. Please paste only the EntityDescriptor of the one you want.',
  'identity.provider.error.metadataOutdated':
    'The metadata has expired (validUntil is in the past). Please get current metadata from the sign-in service.',
  'identity.provider.error.metadataNoEntityId': 'The metadata has no entity id (entityID).',
  'identity.provider.error.metadataNoSso':
    'The metadata has no sign-in address (SingleSignOnService with HTTP-POST or HTTP-Redirect).',
  'identity.provider.error.metadataNoCert':
    'The metadata has no signing certificate (KeyDescriptor with use="signing" or without use).',
  'identity.provider.error.metadataCertCount':
    'The metadata lists more than two signing certificates; at most two are kept.',
  'identity.provider.error.metadataCertExpired':
    'A signing certificate in the metadata has expired. Please get current metadata from the sign-in service.',
  'identity.provider.error.metadataCertBad':
    'A signing certificate in the metadata cannot be read.',
  'identity.provider.error.issuerConfirm':
    'Please confirm that you have checked the new entity id or issuer URL.',
  'identity.provider.error.attributeMap':
    'Please map each attribute to a profile field, one line each, such as urn:oid:2.5.4.42=given_name; each profile field at most once.',
  'identity.admin.field.metadata': 'Metadata (XML)',
  'identity.admin.field.metadataHint':
    'Paste the sign-in service\'s metadata or upload the file and choose "Take over metadata". Empty fields are filled from it; what you type yourself wins.',
  'identity.admin.field.metadataFile': 'Or upload the metadata file (.xml)',
  'identity.admin.metadataSubmit': 'Take over metadata',
  'identity.admin.metadata.read':
    'The metadata of {entityId} has been read and the fields filled in. Please check them, then save.',
  'identity.admin.metadata.certs': 'Signing certificates from the metadata',
  'identity.admin.metadata.certsHint':
    'These certificates are kept unless you paste a certificate of your own. Please compare the fingerprints with those the sign-in service publishes.',
  'identity.admin.metadata.signed':
    'The metadata is signed. The portal does not check this signature; your comparison of the fingerprints is what counts.',
  'identity.admin.metadata.redirect':
    'The sign-in service names only HTTP-Redirect for sign-in; the portal sends by HTTP-POST. Please check that the address accepts both.',
  'identity.admin.field.attributeMap': 'Attributes taken over (attribute=profile field)',
  'identity.admin.field.attributeMapHint':
    'One line each. Profile fields: given_name, family_name, birth_date, street, postcode, city, email. Empty: the BundID mapping for SAML, no data for OIDC.',
  'identity.admin.field.issuerConfirm':
    'I have checked that under the new entity id or issuer URL the same sign-in service signs in the same people.',
  'identity.admin.field.issuerConfirmHint':
    "Needed only when you change the entity id or issuer URL: citizens' accounts stay linked to this sign-in service. If the service signed in other people under the new id, they would reach other people's accounts.",
};
