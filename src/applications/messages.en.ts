import type { applicationsDe } from './messages.de.ts';

export const applicationsEn: Record<keyof typeof applicationsDe, string> = {
  'applications.nav': 'My applications',
  'applications.status.submitted': 'Submitted',
  'applications.status.received': 'Received by the authority',
  'applications.status.processing': 'Being processed',
  'applications.status.action_required': 'Your action is needed',
  'applications.status.completed': 'Completed',
  'applications.status.rejected': 'Rejected',
  'applications.status.withdrawn': 'Withdrawn',
  'applications.actor.system': 'Rathausnetz',
  'applications.actor.citizen': 'You',
  'applications.actor.authority': 'Authority',
  'applications.actor.connector': "Authority's case system",
  'applications.mailbox.confirmationSubject': 'Your application {reference}: {title}',
  'applications.mailbox.confirmation':
    'Hello,\n\nwe received your application “{title}” on {date}. Your reference number is {reference}. Please quote it if you contact us.\n\nThe receipt with all your details is attached to this message as a PDF and on the application’s page under “My applications”.\n\nWe will tell you here in your mailbox about every change to the status of your application.\n\nKind regards\n{authority}',
  'applications.mailbox.statusChanged':
    'Hello,\n\nthe status of your application {reference} (“{title}”) has changed: {status}.',
  'applications.mailbox.note': 'Note from the authority: {note}',
  'applications.mailbox.withdrawn':
    'Hello,\n\nyou withdrew your application {reference} (“{title}”) on {date}. It will not be processed further.',
  'applications.mailbox.signature': 'Kind regards\n{authority}',
  'applications.list.title': 'My applications',
  'applications.list.lead':
    'All applications you made with your citizen account, and where each of them stands.',
  'applications.list.empty': 'You have not made any application yet.',
  'applications.list.reference': 'Reference number',
  'applications.list.service': 'Service',
  'applications.list.authority': 'Responsible authority',
  'applications.list.submitted': 'Submitted on',
  'applications.list.status': 'Status',
  'applications.list.drafts': 'Applications you started are under “My drafts”.',
  'applications.list.caption': 'Your applications, newest first',
  'applications.detail.sent': 'Your application has been sent.',
  'applications.detail.sentBody':
    'Your reference number is {reference}. A receipt is waiting in your mailbox.',
  'applications.detail.sentAnonymous':
    'Your reference number is {reference}. Please download the receipt now: without a citizen account you can only open this page again in this browser.',
  'applications.detail.facts': 'About the application',
  'applications.detail.timeline': 'History',
  'applications.detail.by': 'by: {actor}',
  'applications.detail.receipt': 'Download the receipt (PDF)',
  'applications.detail.messages': 'Messages about this application',
  'applications.detail.noMessages': 'There are no messages about this application yet.',
  'applications.detail.fromAuthority': 'From the authority',
  'applications.detail.fromYou': 'From you',
  'applications.detail.openThread': 'Open in the mailbox',
  'applications.detail.withdraw': 'Withdraw the application',
  'applications.detail.withdrawHint':
    'You can withdraw the application as long as it is not closed. The authority then stops processing it. This cannot be undone.',
  'applications.detail.withdrawConfirm': 'Yes, I want to withdraw this application.',
  'applications.detail.withdrawn': 'You withdrew the application.',
  'applications.detail.back': 'Back to my applications',
  'applications.error.withdrawConfirm': 'Please confirm that you want to withdraw the application.',
  'applications.error.closed': 'This application is already closed and can no longer be withdrawn.',
  'applications.error.notSent':
    'Your application was not sent. Nothing is lost: your answers are saved. Please try again in a few minutes.',
  'applications.error.withdrawnForm':
    'This form has been withdrawn meanwhile and can no longer be sent, for example because the law changed. Please start the application again from the service page.',
  'applications.receipt.anonymous': 'Sent without a citizen account',
  'applications.receipt.fileName': 'Receipt-{reference}.pdf',
};
