import type { accountsDe } from './messages.de.ts';

export const accountsEn: Record<keyof typeof accountsDe, string> = {
  'accounts.nav.signIn': 'Sign in',
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
  'accounts.event.account.registered_federated':
    'Account created through a citizen account (e.g. BundID)',
  'accounts.event.login.federated.basic': 'Signed in through a citizen account (trust level basic)',
  'accounts.event.login.federated.low': 'Signed in through a citizen account (trust level low)',
  'accounts.event.login.federated.substantial':
    'Signed in through a citizen account (trust level substantial)',
  'accounts.event.login.federated.high': 'Signed in through a citizen account (trust level high)',
  'accounts.event.login.succeeded': 'Signed in',
  'accounts.event.login.failed': 'Failed sign-in',
  'accounts.event.logout': 'Signed out',
  'accounts.event.logout.provider': 'Signed out by the sign-in service (e.g. BundID)',
  'accounts.event.logout.everywhere': 'Signed out on all devices',
  'accounts.event.password.reset_requested': 'Password reset link requested',
  'accounts.event.password.changed': 'Password changed',
  'accounts.event.totp.enabled': 'Two-factor sign-in turned on',
  'accounts.event.totp.disabled': 'Two-factor sign-in turned off',
  'accounts.event.totp.failed': 'Wrong security code',
  'accounts.event.recovery_code.used': 'Recovery code used',
  'accounts.event.session.trust_raised': 'Confirmed with a security code (trust level “low”)',
  'accounts.account.twoFactor': 'Manage two-factor sign-in',
  'accounts.twoFactor.backToStatus': 'Back to two-factor sign-in',
  'accounts.twoFactor.title': 'Two-factor sign-in',
  'accounts.twoFactor.intro':
    'With two-factor sign-in you need, besides your password, a 6-digit code from an authenticator app on your smartphone, for example FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator. Someone who only knows your password cannot get into your account.',
  'accounts.twoFactor.statusOff': 'Two-factor sign-in is off.',
  'accounts.twoFactor.statusPending': 'You have started the setup but not finished it.',
  'accounts.twoFactor.statusOn': 'Two-factor sign-in is on (since {date}).',
  'accounts.twoFactor.recoveryLeft': 'Unused recovery codes: {count} of 10.',
  'accounts.twoFactor.recoveryLow':
    'You have only a few recovery codes left. Create new ones before they are all used up.',
  'accounts.twoFactor.renew.title': 'Create new recovery codes',
  'accounts.twoFactor.renew.lead':
    'You get ten new codes; all previous ones stop working. Confirm with a current code from your app.',
  'accounts.twoFactor.renew.submit': 'Create new codes',
  'accounts.event.recovery_codes.renewed': 'New recovery codes created',
  'accounts.twoFactor.start': 'Set up two-factor sign-in',
  'accounts.twoFactor.continue': 'Continue the setup',
  'accounts.twoFactor.restart': 'Start again with a new key',
  'accounts.twoFactor.back': 'Back to my account',
  'accounts.twoFactor.setup.title': 'Set up two-factor sign-in',
  'accounts.twoFactor.setup.scan':
    'Step 1: Open your authenticator app, add a new account and scan this QR code.',
  'accounts.twoFactor.setup.qrLabel': 'QR code for setting up the authenticator app',
  'accounts.twoFactor.setup.manual':
    'Cannot scan the QR code? Enter this key by hand instead (time-based, 6 digits, new every 30 seconds):',
  'accounts.twoFactor.setup.enter': 'Step 2: Enter the 6-digit code the app shows now.',
  'accounts.twoFactor.setup.submit': 'Finish setup',
  'accounts.twoFactor.field.code': 'Security code',
  'accounts.twoFactor.field.codeHint': 'The 6 digits from your authenticator app.',
  'accounts.twoFactor.field.codeOrRecovery': 'Security code or recovery code',
  'accounts.twoFactor.field.codeOrRecoveryHint':
    'The 6 digits from your authenticator app. If you do not have the app at hand, enter one of your recovery codes (form xxxx-xxxx-xx).',
  'accounts.twoFactor.error.codeWrong':
    'The code is wrong or has expired. Enter the code your app shows right now.',
  'accounts.twoFactor.error.codeReplayed':
    'This code has been used already. Wait until your app shows a new code.',
  'accounts.twoFactor.error.passwordOrCode': 'The password or the code is wrong.',
  'accounts.twoFactor.recovery.title': 'Your recovery codes',
  'accounts.twoFactor.recovery.lead':
    'Two-factor sign-in is now on. If you ever do not have your smartphone at hand, sign in with one of these codes. Each code works once.',
  'accounts.twoFactor.recovery.warning':
    'We show you these codes only now and never again. Print them or write them down and keep them safe.',
  'accounts.twoFactor.recovery.done': 'I have stored the codes safely',
  'accounts.twoFactor.disable.title': 'Turn off two-factor sign-in',
  'accounts.twoFactor.disable.lead':
    'To turn it off we need your password and a current code. Your recovery codes stop working.',
  'accounts.twoFactor.disable.submit': 'Turn off',
  'accounts.twoFactor.disable.done':
    'Two-factor sign-in is off. You now sign in with your password only.',
  'accounts.twoFactor.login.title': 'Enter your security code',
  'accounts.twoFactor.login.lead':
    'Your account is protected by two-factor sign-in. Enter the code from your authenticator app.',
  'accounts.twoFactor.login.submit': 'Sign in',
  'accounts.twoFactor.login.expired':
    'The sign-in has expired or was already completed. Please sign in again with your e-mail address and password.',
  'accounts.stepUp.title': 'A higher trust level is needed',
  'accounts.stepUp.low':
    'This service requires you to sign in with a second factor (trust level “low”), so that only you can see your applications.',
  'accounts.stepUp.substantial':
    'This service requires signing in with an ELSTER certificate or BundID (trust level “substantial”), because it must establish your identity securely.',
  'accounts.stepUp.high':
    'This service requires signing in with the online function of your ID card (trust level “high”), because it must establish your identity beyond doubt.',
  'accounts.stepUp.unavailable': 'This way of signing in is being set up and is not available yet.',
  'accounts.stepUp.codeLead':
    'To do so, enter a code from your authenticator app. You will then continue right away.',
  'accounts.stepUp.submit': 'Confirm',
  'accounts.stepUp.setupLead':
    'For this, set up two-factor sign-in once. All you need is an authenticator app on your smartphone.',
  'accounts.stepUp.signInFirst': 'Please sign in first.',
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
