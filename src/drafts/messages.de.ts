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
} as const;
