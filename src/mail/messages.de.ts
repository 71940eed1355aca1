// German UI text of the development mail outbox (/dev/mail); never shown in production.
export const mailDe = {
  'mail.dev.banner.title': 'Entwicklungsseite',
  'mail.dev.banner.body':
    'Diese Seite gibt es nur in der Entwicklung und im Test. Ohne SMTP-Server landen E-Mails hier statt im Postfach der Empfängerinnen und Empfänger; im Betrieb werden sie per SMTP versendet.',
  'mail.dev.list.title': 'Versendete E-Mails',
  'mail.dev.list.empty': 'Bisher wurde keine E-Mail versendet.',
  'mail.dev.list.caption': 'Die neuesten {count} E-Mails, die neueste zuerst',
  'mail.dev.list.capacity': 'Es werden höchstens {max} E-Mails aufbewahrt.',
  'mail.dev.field.time': 'Zeit',
  'mail.dev.field.from': 'Von',
  'mail.dev.field.to': 'An',
  'mail.dev.field.subject': 'Betreff',
  'mail.dev.field.messageId': 'Message-ID',
  'mail.dev.mail.text': 'Inhalt',
  'mail.dev.mail.back': 'Zurück zu allen E-Mails',
} as const;
