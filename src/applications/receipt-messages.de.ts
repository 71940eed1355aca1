// German fixed texts of the receipt PDF (Eingangsbestätigung). The answers themselves arrive as
// display strings in the citizen's language; only these labels are translated here.
export const receiptDe = {
  'receipt.title': 'Eingangsbestätigung',
  'receipt.documentTitle': 'Eingangsbestätigung {reference}',
  'receipt.lead':
    'Ihr Antrag ist eingegangen und wird der unten genannten zuständigen Behörde übermittelt. Bitte geben Sie bei Rückfragen immer die Vorgangsnummer an.',
  'receipt.overview': 'Ihr Antrag im Überblick',
  'receipt.referenceNumber': 'Vorgangsnummer',
  'receipt.service': 'Leistung',
  'receipt.leikaKey': 'LeiKa-Schlüssel',
  'receipt.submittedAt': 'Eingegangen am',
  'receipt.submittedAtValue': '{date} um {time} Uhr',
  'receipt.applicant': 'Antragstellende Person',
  'receipt.authority': 'Zuständige Behörde',
  'receipt.phone': 'Telefon: {value}',
  'receipt.email': 'E-Mail: {value}',
  'receipt.web': 'Internet: {value}',
  'receipt.answers': 'Ihre Angaben',
  'receipt.noAnswer': 'keine Angabe',
  'receipt.noAnswers': 'Dieser Antrag enthält keine Angaben.',
  'receipt.attachments': 'Anlagen',
  'receipt.attachment': '{name} ({type}, {size})',
  'receipt.noAttachments': 'Sie haben keine Anlagen eingereicht.',
  'receipt.footerNote':
    'Diese Eingangsbestätigung wurde automatisch erstellt und ist ohne Unterschrift gültig. Sie bestätigt den Eingang Ihres Antrags, nicht seine Bewilligung.',
  'receipt.pageFooter': 'Vorgangsnummer {reference}',
  'receipt.page': 'Seite {page} von {pages}',
} as const;
