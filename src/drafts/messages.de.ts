// German UI text of drafts: "Meine Entwürfe" and the conflict notice.
export const draftsDe = {
  'drafts.list.title': 'Meine Entwürfe',
  'drafts.list.lead':
    'Angefangene Anträge werden nach jedem Schritt gespeichert. Sie können sie auf jedem Gerät fortsetzen, auf dem Sie angemeldet sind.',
  'drafts.list.empty': 'Sie haben keine angefangenen Anträge.',
  'drafts.list.saved': 'Zuletzt gespeichert am {date}',
  'drafts.list.expires': 'Wird am {date} gelöscht, wenn Sie ihn bis dahin nicht weiter bearbeiten.',
  'drafts.list.continue': 'Fortsetzen',
  'drafts.list.delete': 'Entwurf löschen',
  'drafts.list.deleted': 'Der Entwurf wurde gelöscht.',
  'drafts.conflict':
    'Dieser Entwurf wurde inzwischen in einem anderen Fenster geändert. Ihre Eingaben auf dieser Seite wurden nicht gespeichert. Unten sehen Sie den aktuellen Stand; prüfen Sie ihn und senden Sie die Seite erneut ab.',
  'drafts.adopt.title': 'Entwürfe ohne Konto übernehmen?',
  'drafts.adopt.question': 'Auf diesem Gerät gibt es {found} ohne Konto: übernehmen?',
  'drafts.adopt.oneDraft': '1 Entwurf',
  'drafts.adopt.drafts': '{n} Entwürfe',
  'drafts.adopt.oneSent': '1 gesendete Meldung',
  'drafts.adopt.sent': '{n} gesendete Meldungen',
  'drafts.adopt.and': ' und ',
  'drafts.adopt.explain':
    'Übernehmen Sie sie nur, wenn Sie sie selbst angelegt haben. Sonst lassen Sie sie hier: Die Entwürfe werden dann gelöscht, gesendete Meldungen bleiben bei der Behörde, und auf diesem Gerät sieht sie niemand mehr.',
  'drafts.adopt.take': 'In mein Konto übernehmen',
  'drafts.adopt.leave': 'Nicht übernehmen',
} as const;
