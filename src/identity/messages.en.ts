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
  'identity.backoffice.cli': 'Operations add and remove sign-in services on the command line:',
  'identity.backoffice.forbidden.title': 'No access',
  'identity.backoffice.forbidden': 'Only the Verbund administration sees the sign-in services.',
};
