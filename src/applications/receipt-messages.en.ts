import type { receiptDe } from './receipt-messages.de.ts';

export const receiptEn: Record<keyof typeof receiptDe, string> = {
  'receipt.title': 'Receipt',
  'receipt.documentTitle': 'Receipt {reference}',
  'receipt.lead':
    'Your application has been received and will be passed on to the responsible authority named below. Please quote the reference number whenever you contact us about it.',
  'receipt.overview': 'Your application at a glance',
  'receipt.referenceNumber': 'Reference number',
  'receipt.service': 'Service',
  'receipt.leikaKey': 'LeiKa key',
  'receipt.submittedAt': 'Received on',
  'receipt.submittedAtValue': '{date} at {time} (German time)',
  'receipt.applicant': 'Applicant',
  'receipt.authority': 'Responsible authority',
  'receipt.phone': 'Phone: {value}',
  'receipt.email': 'Email: {value}',
  'receipt.web': 'Website: {value}',
  'receipt.answers': 'Your answers',
  'receipt.noAnswer': 'not given',
  'receipt.noAnswers': 'This application contains no answers.',
  'receipt.attachments': 'Attachments',
  'receipt.attachment': '{name} ({type}, {size})',
  'receipt.noAttachments': 'You did not submit any attachments.',
  'receipt.footerNote':
    'This receipt was created automatically and is valid without a signature. It confirms that your application was received, not that it was granted.',
  'receipt.pageFooter': 'Reference number {reference}',
  'receipt.page': 'Page {page} of {pages}',
};
