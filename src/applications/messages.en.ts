import type { applicationsDe } from './messages.de.ts';

export const applicationsEn: Record<keyof typeof applicationsDe, string> = {
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
  'applications.receipt.title': 'Receipt',
  'applications.receipt.documentTitle': 'Receipt {reference}',
  'applications.receipt.lead':
    'Your application has been received and will be passed on to the responsible authority named below. Please quote the reference number whenever you contact us about it.',
  'applications.receipt.overview': 'Your application at a glance',
  'applications.receipt.referenceNumber': 'Reference number',
  'applications.receipt.service': 'Service',
  'applications.receipt.leikaKey': 'LeiKa key',
  'applications.receipt.submittedAt': 'Received on',
  'applications.receipt.submittedAtValue': '{date} at {time} (German time)',
  'applications.receipt.applicant': 'Applicant',
  'applications.receipt.authority': 'Responsible authority',
  'applications.receipt.phone': 'Phone: {value}',
  'applications.receipt.email': 'Email: {value}',
  'applications.receipt.web': 'Website: {value}',
  'applications.receipt.answers': 'Your answers',
  'applications.receipt.noAnswer': 'not given',
  'applications.receipt.noAnswers': 'This application contains no answers.',
  'applications.receipt.attachments': 'Attachments',
  'applications.receipt.attachment': '{name} ({type}, {size})',
  'applications.receipt.noAttachments': 'You did not submit any attachments.',
  'applications.receipt.footerNote':
    'This receipt was created automatically and is valid without a signature. It confirms that your application was received, not that it was granted.',
  'applications.receipt.pageFooter': 'Reference number {reference}',
  'applications.receipt.page': 'Page {page} of {pages}',
  'applications.mailbox.informationRequested':
    'Hello,\n\nto process your application {reference} ("{title}") we need more information from you:',
  'applications.mailbox.answerHere':
    'Please answer this message here in your mailbox; you can attach documents as files.',
  'applications.mailbox.answerBy':
    'Please answer this message here in your mailbox by {date}; you can attach documents as files.',
  'applications.mailbox.decision.completed':
    'Hello,\n\na decision on your application {reference} ("{title}") has been made and its processing is complete. You will find the decision as a PDF attached to this message.',
  'applications.mailbox.decision.rejected':
    'Hello,\n\nyour application {reference} ("{title}") has been rejected. You will find the decision with its reasons and how to appeal as a PDF attached to this message.',
  'applications.decision.fileName': 'Decision-{reference}.pdf',
  'applications.detail.decision': 'Download the decision (PDF)',
  'applications.detail.dueOn': 'Please answer in your mailbox by {date}.',
};
