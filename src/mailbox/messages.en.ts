import type { mailboxDe } from './messages.de.ts';

export const mailboxEn: Record<keyof typeof mailboxDe, string> = {
  'mailbox.list.title': 'Mailbox',
  'mailbox.list.lead':
    'Here you find the messages the administrations sent you and can reply to them. We tell you about new messages by e-mail.',
  'mailbox.list.empty': 'Your mailbox is empty.',
  'mailbox.list.caption': 'Your messages, newest first',
  'mailbox.list.subject': 'Subject',
  'mailbox.list.authority': 'Administration',
  'mailbox.list.lastMessage': 'Last message',
  'mailbox.list.status': 'Status',
  'mailbox.list.unread': 'Unread',
  'mailbox.list.unreadCount': '{count} unread',
  'mailbox.list.read': 'Read',
  'mailbox.thread.back': 'Back to the mailbox',
  'mailbox.thread.from': 'From',
  'mailbox.thread.fromYou': 'You',
  'mailbox.thread.sentAt': 'Sent on {date}',
  'mailbox.thread.new': 'New',
  'mailbox.thread.messages': 'Messages',
  'mailbox.thread.attachments': 'Attachments',
  'mailbox.thread.download': 'Download {name} ({type}, {size})',
  'mailbox.thread.sent': 'Your reply has been sent.',
  'mailbox.unknownAuthority': 'Administration',
  'mailbox.reply.title': 'Reply',
  'mailbox.reply.body': 'Your message',
  'mailbox.reply.bodyHint': 'At most 10,000 characters.',
  'mailbox.reply.attachments': 'Attachments (optional)',
  'mailbox.reply.attachmentsHint': 'PDF, PNG or JPEG; each file at most 10 MB, 20 MB in total.',
  'mailbox.reply.submit': 'Send reply',
  'mailbox.error.summary': 'There is a problem',
  'mailbox.error.bodyEmpty': 'Please write a message.',
  'mailbox.error.bodyTooLong': 'Your message is longer than 10,000 characters. Please shorten it.',
  'mailbox.error.subjectEmpty': 'Please enter a subject.',
  'mailbox.error.subjectTooLong': 'The subject is longer than 200 characters.',
  'mailbox.error.fileType':
    'A file is neither PDF nor PNG nor JPEG. Please send only files in these formats and choose the attachments again.',
  'mailbox.error.fileUnsafe':
    'A file is damaged or contains content we do not accept for security reasons (such as scripts, embedded files or an attached archive). Please save or scan it again and choose the attachments again.',
  'mailbox.error.fileEmpty': 'A file is empty. Please choose the attachments again.',
  'mailbox.error.fileTooLarge':
    'A file is larger than 10 MB. Please make it smaller and choose the attachments again.',
  'mailbox.error.messageTooLarge':
    'The attachments add up to more than 20 MB. Please spread them over several messages.',
  'mailbox.error.fileInfected':
    'Malware was found in a file. The message was not sent. Please check your device with an antivirus program.',
  'mailbox.error.scannerUnavailable':
    'The virus check cannot be reached right now, so we could not accept the attachments. The message was not sent. Please try again in a few minutes.',
  'mailbox.error.application': 'The reference to the application is invalid.',
  'mailbox.error.tooManyFiles': 'Please send at most 10 files with one message.',
};
