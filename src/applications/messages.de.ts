export const applicationsDe = {
  'applications.status.submitted': 'Eingereicht',
  'applications.status.received': 'Eingegangen bei der Behörde',
  'applications.status.processing': 'In Bearbeitung',
  'applications.status.action_required': 'Ihre Mitwirkung ist nötig',
  'applications.status.completed': 'Abgeschlossen',
  'applications.status.rejected': 'Abgelehnt',
  'applications.status.withdrawn': 'Zurückgezogen',
  'applications.actor.system': 'Rathausnetz',
  'applications.actor.citizen': 'Sie',
  'applications.actor.authority': 'Behörde',
  'applications.actor.connector': 'Fachverfahren der Behörde',
  'applications.mailbox.confirmationSubject': 'Ihr Antrag {reference}: {title}',
  'applications.mailbox.confirmation':
    'Guten Tag,\n\nIhr Antrag „{title}“ ist am {date} bei uns eingegangen. Ihre Vorgangsnummer lautet {reference}. Bitte geben Sie sie bei Rückfragen an.\n\nDie Eingangsbestätigung mit allen Ihren Angaben finden Sie als PDF im Anhang dieser Nachricht und auf der Seite des Antrags unter „Meine Anträge“.\n\nÜber jede Änderung am Stand Ihres Antrags informieren wir Sie hier in Ihrem Postfach.\n\nMit freundlichen Grüßen\n{authority}',
  'applications.mailbox.statusChanged':
    'Guten Tag,\n\nder Stand Ihres Antrags {reference} („{title}“) hat sich geändert: {status}.',
  'applications.mailbox.note': 'Hinweis der Behörde: {note}',
  'applications.mailbox.withdrawn':
    'Guten Tag,\n\nSie haben Ihren Antrag {reference} („{title}“) am {date} zurückgezogen. Er wird nicht weiter bearbeitet.',
  'applications.mailbox.signature': 'Mit freundlichen Grüßen\n{authority}',
  'applications.list.title': 'Meine Anträge',
  'applications.list.lead':
    'Hier sehen Sie alle Anträge, die Sie mit Ihrem Bürgerkonto gestellt haben, und ihren aktuellen Stand.',
  'applications.list.empty': 'Sie haben noch keinen Antrag gestellt.',
  'applications.list.reference': 'Vorgangsnummer',
  'applications.list.service': 'Leistung',
  'applications.list.authority': 'Zuständige Behörde',
  'applications.list.submitted': 'Eingereicht am',
  'applications.list.status': 'Stand',
  'applications.list.drafts': 'Angefangene Anträge finden Sie unter „Meine Entwürfe“.',
  'applications.list.caption': 'Ihre Anträge, neueste zuerst',
  'applications.detail.sent': 'Ihr Antrag wurde gesendet.',
  'applications.detail.sentBody':
    'Ihre Vorgangsnummer lautet {reference}. Eine Eingangsbestätigung liegt in Ihrem Postfach.',
  'applications.detail.sentAnonymous':
    'Ihre Vorgangsnummer lautet {reference}. Bitte laden Sie die Eingangsbestätigung jetzt herunter: ohne Bürgerkonto können Sie diese Seite nur in diesem Browser wieder öffnen.',
  'applications.detail.facts': 'Angaben zum Antrag',
  'applications.detail.timeline': 'Verlauf',
  'applications.detail.by': 'durch: {actor}',
  'applications.detail.receipt': 'Eingangsbestätigung herunterladen (PDF)',
  'applications.detail.messages': 'Nachrichten zu diesem Antrag',
  'applications.detail.noMessages': 'Zu diesem Antrag gibt es noch keine Nachrichten.',
  'applications.detail.fromAuthority': 'Von der Behörde',
  'applications.detail.fromYou': 'Von Ihnen',
  'applications.detail.openThread': 'Im Postfach öffnen',
  'applications.detail.withdraw': 'Antrag zurückziehen',
  'applications.detail.withdrawHint':
    'Sie können den Antrag zurückziehen, solange er nicht abgeschlossen ist. Die Behörde bearbeitet ihn dann nicht weiter. Das lässt sich nicht rückgängig machen.',
  'applications.detail.withdrawConfirm': 'Ja, ich möchte diesen Antrag zurückziehen.',
  'applications.detail.withdrawn': 'Sie haben den Antrag zurückgezogen.',
  'applications.detail.back': 'Zu meinen Anträgen',
  'applications.error.withdrawConfirm':
    'Bestätigen Sie bitte, dass Sie den Antrag zurückziehen möchten.',
  'applications.error.closed':
    'Dieser Antrag ist bereits abgeschlossen und kann nicht mehr zurückgezogen werden.',
  'applications.error.notSent':
    'Ihr Antrag wurde nicht gesendet. Es ist nichts verloren gegangen: Ihre Angaben sind gespeichert. Bitte versuchen Sie es in einigen Minuten noch einmal.',
  'applications.error.withdrawnForm':
    'Dieses Formular wurde inzwischen zurückgezogen und kann nicht mehr gesendet werden, zum Beispiel weil sich die Rechtslage geändert hat. Bitte beginnen Sie den Antrag über die Seite der Leistung neu.',
  'applications.receipt.anonymous': 'Ohne Bürgerkonto gesendet',
  'applications.receipt.fileName': 'Eingangsbestaetigung-{reference}.pdf',
  // Fixed texts of the receipt PDF (receipt-pdf.ts); the answers in it arrive already worded
  // in the citizen's language.
  'applications.receipt.title': 'Eingangsbestätigung',
  'applications.receipt.documentTitle': 'Eingangsbestätigung {reference}',
  'applications.receipt.lead':
    'Ihr Antrag ist eingegangen und wird der unten genannten zuständigen Behörde übermittelt. Bitte geben Sie bei Rückfragen immer die Vorgangsnummer an.',
  'applications.receipt.overview': 'Ihr Antrag im Überblick',
  'applications.receipt.referenceNumber': 'Vorgangsnummer',
  'applications.receipt.service': 'Leistung',
  'applications.receipt.leikaKey': 'LeiKa-Schlüssel',
  'applications.receipt.submittedAt': 'Eingegangen am',
  'applications.receipt.submittedAtValue': '{date} um {time} Uhr',
  'applications.receipt.applicant': 'Antragstellende Person',
  'applications.receipt.authority': 'Zuständige Behörde',
  'applications.receipt.phone': 'Telefon: {value}',
  'applications.receipt.email': 'E-Mail: {value}',
  'applications.receipt.web': 'Internet: {value}',
  'applications.receipt.answers': 'Ihre Angaben',
  'applications.receipt.noAnswer': 'keine Angabe',
  'applications.receipt.noAnswers': 'Dieser Antrag enthält keine Angaben.',
  'applications.receipt.attachments': 'Anlagen',
  'applications.receipt.attachment': '{name} ({type}, {size})',
  'applications.receipt.noAttachments': 'Sie haben keine Anlagen eingereicht.',
  'applications.receipt.footerNote':
    'Diese Eingangsbestätigung wurde automatisch erstellt und ist ohne Unterschrift gültig. Sie bestätigt den Eingang Ihres Antrags, nicht seine Bewilligung.',
  'applications.receipt.pageFooter': 'Vorgangsnummer {reference}',
  'applications.receipt.page': 'Seite {page} von {pages}',
  'applications.mailbox.informationRequested':
    'Guten Tag,\n\nfür die Bearbeitung Ihres Antrags {reference} („{title}“) benötigen wir noch Angaben von Ihnen:',
  'applications.mailbox.answerHere':
    'Bitte antworten Sie auf diese Nachricht hier im Postfach; Unterlagen können Sie als Datei anhängen.',
  'applications.mailbox.answerBy':
    'Bitte antworten Sie bis zum {date} auf diese Nachricht hier im Postfach; Unterlagen können Sie als Datei anhängen.',
  'applications.mailbox.decision.completed':
    'Guten Tag,\n\nüber Ihren Antrag {reference} („{title}“) ist entschieden, die Bearbeitung ist abgeschlossen. Den Bescheid finden Sie als PDF im Anhang dieser Nachricht.',
  'applications.mailbox.decision.rejected':
    'Guten Tag,\n\nIhr Antrag {reference} („{title}“) wurde abgelehnt. Den Bescheid mit der Begründung und der Rechtsbehelfsbelehrung finden Sie als PDF im Anhang dieser Nachricht.',
  'applications.decision.fileName': 'Bescheid-{reference}.pdf',
  'applications.detail.decision': 'Bescheid herunterladen (PDF)',
  'applications.detail.dueOn': 'Bitte antworten Sie bis zum {date} im Postfach.',
} as const;
