import type { accountsDe } from './messages.de.ts';

export const accountsEn: Record<keyof typeof accountsDe, string> = {
  'accounts.nav.signIn': 'Sign in',
  'accounts.nav.account': 'My account',
  'accounts.field.email': 'E-mail address',
  'accounts.field.password': 'Password',
  'accounts.field.newPassword': 'New password',
  'accounts.field.passwordRepeat': 'Repeat password',
  'accounts.field.passwordHint':
    'At least 12 characters. A sentence of several words is easy to remember and secure.',
  'accounts.field.consent':
    'I have read the privacy notice and agree to my data being processed for the citizen account.',
  'accounts.field.consentLink': 'Read the privacy notice',
  'accounts.register.title': 'Create a citizen account',
  'accounts.register.lead':
    'With a citizen account you use the online services of every administration in the {verbund}. You enter your details only once.',
  'accounts.register.submit': 'Create account',
  'accounts.register.haveAccount': 'Already have an account?',
  'accounts.register.sentTitle': 'Check your e-mail',
  'accounts.register.sentBody':
    'We have sent you an e-mail. Open the link in it to confirm your account. The link is valid for 24 hours. If no e-mail arrives, please also look in your spam folder.',
  'accounts.verify.title': 'Confirm your e-mail address',
  'accounts.verify.body': 'Please confirm that this e-mail address belongs to you.',
  'accounts.verify.submit': 'Confirm e-mail address',
  'accounts.verify.doneTitle': 'Your e-mail address is confirmed',
  'accounts.verify.doneBody': 'You can now sign in with your e-mail address and password.',
  'accounts.login.title': 'Sign in',
  'accounts.login.submit': 'Sign in',
  'accounts.login.forgot': 'Forgot your password?',
  'accounts.login.noAccount': 'No account yet?',
  'accounts.login.invalid': 'The e-mail address or the password is wrong.',
  'accounts.login.unverified':
    'Please confirm your e-mail address first. We sent you the link when you registered.',
  'accounts.login.throttled':
    'Too many failed attempts. For your security, signing in is blocked for {minutes} minutes.',
  'accounts.logout.submit': 'Sign out',
  'accounts.logout.everywhere': 'Sign out on all devices',
  'accounts.forgot.title': 'Forgot your password',
  'accounts.forgot.lead':
    'Enter the e-mail address of your account. We will send you a link to set a new password.',
  'accounts.forgot.submit': 'Send link',
  'accounts.forgot.sentBody':
    'If an account exists for this e-mail address, we have sent you a link. It is valid for 30 minutes.',
  'accounts.reset.title': 'Set a new password',
  'accounts.reset.submit': 'Save password',
  'accounts.reset.doneBody':
    'Your new password is saved. You have been signed out on all devices and can sign in again now.',
  'accounts.account.title': 'My account',
  'accounts.account.email': 'E-mail address',
  'accounts.account.since': 'Account since',
  'accounts.account.sessions': 'Signed-in devices',
  'accounts.account.log': 'Security log',
  'accounts.account.logWhen': 'Time',
  'accounts.account.logWhat': 'Event',
  'accounts.event.account.registered': 'Account created',
  'accounts.event.account.email_verified': 'E-mail address confirmed',
  'accounts.event.login.succeeded': 'Signed in',
  'accounts.event.login.failed': 'Failed sign-in',
  'accounts.event.logout': 'Signed out',
  'accounts.event.logout.everywhere': 'Signed out on all devices',
  'accounts.event.password.reset_requested': 'Password reset link requested',
  'accounts.event.password.changed': 'Password changed',
  'accounts.stepUp.title': 'A higher trust level is needed',
  'accounts.stepUp.low':
    'This service requires you to sign in with a second factor (trust level “low”), so that only you can see your applications.',
  'accounts.stepUp.substantial':
    'This service requires signing in with an ELSTER certificate or BundID (trust level “substantial”), because it must establish your identity securely.',
  'accounts.stepUp.high':
    'This service requires signing in with the online function of your ID card (trust level “high”), because it must establish your identity beyond doubt.',
  'accounts.stepUp.unavailable': 'This way of signing in is being set up and is not available yet.',
  'accounts.error.summary': 'There is a problem',
  'accounts.error.emailInvalid': 'Enter an e-mail address in the format name@example.com.',
  'accounts.error.password.tooShort': 'The password must be at least 12 characters long.',
  'accounts.error.password.tooLong': 'The password must be at most 128 characters long.',
  'accounts.error.password.common':
    'This password is too common and easy to guess. Choose another one.',
  'accounts.error.password.containsEmail': 'The password must not contain your e-mail address.',
  'accounts.error.passwordMismatch': 'The two passwords do not match.',
  'accounts.error.consentMissing': 'Confirm that you have read the privacy notice.',
  'accounts.error.linkInvalid':
    'This link is invalid, has expired or has been used already. Please request a new one.',
};
