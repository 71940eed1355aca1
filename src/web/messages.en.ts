import type { webDe } from './messages.de.ts';

export const webEn: Record<keyof typeof webDe, string> = {
  'web.skipLink': 'Skip to content',
  'web.header.services': 'Services',
  'web.header.home': 'Home page of the {verbund}',
  'web.language.label': 'Language',
  'web.language.other': 'Deutsch',
  'web.language.otherCode': 'de',
  'web.footer.label': 'Footer',
  'web.footer.imprint': 'Legal notice',
  'web.footer.privacy': 'Privacy',
  'web.footer.accessibility': 'Accessibility',
  'web.footer.staff': 'Sign-in for staff of the administration',
  'web.footer.operator': 'A service of the {verbund}',
  'web.notFound.title': 'Page not found',
  'web.notFound.body':
    'The address {path} does not exist on this portal. It may have been mistyped, or the page has moved.',
  'web.notFound.home': 'Go to the home page',
  'web.notFound.finder': 'Find the administration responsible for where you live:',
  'web.badRequest.title': 'The request is not valid',
  'web.badRequest.body': 'Please check the address or your input and try again.',
  'web.uriTooLong.title': 'The address is too long',
  'web.uriTooLong.body':
    'The address you requested is longer than allowed. Please return to the home page.',
  'web.controlCharacters.title': 'Your input contains control characters',
  'web.controlCharacters.body':
    'One of your entries contains invisible control characters (for example a null character) that we cannot process. Nothing was saved. Please go back, type the text again by hand and send the form again.',
  'web.formExpired.title': 'The form has expired',
  'web.formExpired.body':
    'For your security we could not accept what you sent. Please reload the page and send the form again.',
  'web.tooManyRequests.title': 'Too many requests',
  'web.tooManyRequests.body':
    'You have opened a great many pages in a short time. Please wait a minute and try again.',
  'web.unavailable.title': 'The portal is not available right now',
  'web.unavailable.body':
    'We cannot handle your request at the moment. Please try again in a few minutes.',
  'web.serverError.title': 'Something went wrong',
  'web.serverError.body': 'This is our fault, not yours. Please try again in a few minutes.',
  'web.error.prefix': 'Error:',
  'web.error.reference': 'If you contact us, please quote this error number: {id}',
  'web.imprint.title': 'Legal notice',
  'web.imprint.provider': 'Provider of this portal',
  'web.imprint.providerBody':
    '{county} runs the {verbund} for itself and its towns, municipalities and joint municipalities. Each administration is responsible for its own content and online services; you find its address on its portal page.',
  'web.imprint.address': 'Address',
  'web.imprint.operatorNote':
    'The authorised representative, telephone, e-mail address and VAT number are entered by the operator during set-up.',
  'web.privacy.title': 'Privacy notice',
  'web.privacy.controller': 'Controller',
  'web.privacy.controllerBody':
    '{county} is the controller for personal data processed on this portal. Member administrations process applications on its behalf and within their own responsibility.',
  'web.privacy.data': 'What data we process',
  'web.privacy.dataBody':
    'When you open a page, the server processes technically necessary data (IP address, time, the page requested without search terms) to run the portal securely and to fend off abuse. These logs are deleted after 14 days at the latest.',
  'web.privacy.cookies': 'Cookies',
  'web.privacy.cookiesBody':
    'We only set technically necessary cookies: your chosen language and a protection against forged form submissions. There are no analytics or advertising cookies and no content from third-party servers.',
  'web.privacy.rights': 'Your rights',
  'web.privacy.rightsBody':
    'You have the right of access, rectification, erasure, restriction of processing and objection (Art. 15 to 21 GDPR), and the right to lodge a complaint with the data protection authority of Lower Saxony.',
  'web.accessibility.title': 'Accessibility statement',
  'web.accessibility.goal':
    '{county} strives to make this portal accessible in accordance with the Lower Saxony Disability Equality Act and the Accessible Information Technology Ordinance (BITV 2.0).',
  'web.accessibility.status': 'Compliance status',
  'web.accessibility.statusBody':
    'Every page is checked automatically against WCAG 2.1 AA with axe-core on every change and must be fully usable without JavaScript. An expert audit is still pending; until then the portal counts as partially compliant.',
  'web.accessibility.feedback': 'Report barriers',
  'web.accessibility.feedbackBody':
    'If you come across barriers, please write to the administration whose page is affected. If its answer does not satisfy you, you can turn to the arbitration board under § 9 d NBGG.',
  'web.nav.applications': 'My applications',
  'web.nav.inbox': 'Mailbox',
  'web.nav.unread': 'unread',
  'web.nav.account': 'My account',
  'web.nav.signIn': 'Sign in',
  'web.nav.finder': 'Find the responsible administration',
};
