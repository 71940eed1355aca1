// German UI text of the Postfach: the list, a conversation, the reply form and its errors.
export const mailboxDe = {
  'mailbox.list.title': 'Postfach',
  'mailbox.list.lead':
    'Hier finden Sie die Nachrichten der Verwaltungen an Sie und können darauf antworten. Über neue Nachrichten informieren wir Sie per E-Mail.',
  'mailbox.list.empty': 'Ihr Postfach ist leer.',
  'mailbox.list.caption': 'Ihre Nachrichten, die neueste zuerst',
  'mailbox.list.subject': 'Betreff',
  'mailbox.list.authority': 'Verwaltung',
  'mailbox.list.lastMessage': 'Letzte Nachricht',
  'mailbox.list.status': 'Status',
  'mailbox.list.unread': 'Ungelesen',
  'mailbox.list.unreadCount': '{count} ungelesen',
  'mailbox.list.read': 'Gelesen',
  'mailbox.thread.back': 'Zurück zum Postfach',
  'mailbox.thread.from': 'Von',
  'mailbox.thread.fromYou': 'Ihnen',
  'mailbox.thread.sentAt': 'Gesendet am {date}',
  'mailbox.thread.new': 'Neu',
  'mailbox.thread.messages': 'Nachrichten',
  'mailbox.thread.attachments': 'Anhänge',
  'mailbox.thread.download': '{name} herunterladen ({type}, {size})',
  'mailbox.thread.sent': 'Ihre Antwort wurde gesendet.',
  'mailbox.unknownAuthority': 'Verwaltung',
  'mailbox.reply.title': 'Antworten',
  'mailbox.reply.body': 'Ihre Nachricht',
  'mailbox.reply.bodyHint': 'Höchstens 10.000 Zeichen.',
  'mailbox.reply.attachments': 'Anhänge (freiwillig)',
  'mailbox.reply.attachmentsHint':
    'PDF, PNG oder JPEG; jede Datei höchstens 10 MB, zusammen höchstens 20 MB.',
  'mailbox.reply.submit': 'Antwort senden',
  'mailbox.error.summary': 'Es gibt ein Problem',
  'mailbox.error.bodyEmpty': 'Bitte schreiben Sie eine Nachricht.',
  'mailbox.error.bodyTooLong':
    'Ihre Nachricht ist länger als 10.000 Zeichen. Bitte kürzen Sie sie.',
  'mailbox.error.subjectEmpty': 'Bitte geben Sie einen Betreff an.',
  'mailbox.error.subjectTooLong': 'Der Betreff ist länger als 200 Zeichen.',
  'mailbox.error.fileType':
    'Eine Datei ist weder PDF noch PNG noch JPEG. Bitte senden Sie nur Dateien in diesen Formaten und wählen Sie die Anhänge erneut aus.',
  'mailbox.error.fileUnsafe':
    'Eine Datei ist beschädigt oder enthält Inhalte, die wir aus Sicherheitsgründen nicht annehmen (zum Beispiel Skripte, Links, eingebettete Dateien oder ein angehängtes Archiv). Bitte speichern oder scannen Sie sie neu und wählen Sie die Anhänge erneut aus.',
  'mailbox.error.fileEmpty': 'Eine Datei ist leer. Bitte wählen Sie die Anhänge erneut aus.',
  'mailbox.error.fileTooLarge':
    'Eine Datei ist größer als 10 MB. Bitte verkleinern Sie sie und wählen Sie die Anhänge erneut aus.',
  'mailbox.error.messageTooLarge':
    'Die Anhänge sind zusammen größer als 20 MB. Bitte senden Sie sie auf mehrere Nachrichten verteilt.',
  'mailbox.error.fileInfected':
    'In einer Datei wurde Schadsoftware gefunden. Die Nachricht wurde nicht gesendet. Bitte prüfen Sie Ihr Gerät mit einem Virenschutzprogramm.',
  'mailbox.error.scannerUnavailable':
    'Die Virenprüfung ist gerade nicht erreichbar, deshalb konnten wir die Anhänge nicht annehmen. Die Nachricht wurde nicht gesendet. Bitte versuchen Sie es in einigen Minuten noch einmal.',
  'mailbox.error.application': 'Der Bezug zum Antrag ist ungültig.',
  'mailbox.error.tooManyFiles': 'Bitte senden Sie höchstens 10 Dateien mit einer Nachricht.',
} as const;
