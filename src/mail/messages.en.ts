import type { mailDe } from './messages.de.ts';

export const mailEn: Record<keyof typeof mailDe, string> = {
  'mail.dev.banner.title': 'Development page',
  'mail.dev.banner.body':
    'This page exists only in development and testing. Without an SMTP server, e-mails end up here instead of in the recipients’ mailboxes; in operation they are sent by SMTP.',
  'mail.dev.list.title': 'Sent e-mails',
  'mail.dev.list.empty': 'No e-mail has been sent yet.',
  'mail.dev.list.caption': 'The latest {count} e-mails, newest first',
  'mail.dev.list.capacity': 'At most {max} e-mails are kept.',
  'mail.dev.field.time': 'Time',
  'mail.dev.field.from': 'From',
  'mail.dev.field.to': 'To',
  'mail.dev.field.subject': 'Subject',
  'mail.dev.field.messageId': 'Message-ID',
  'mail.dev.mail.text': 'Content',
  'mail.dev.mail.back': 'Back to all e-mails',
};
