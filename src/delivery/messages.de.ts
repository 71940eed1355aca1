// German texts of the delivery pages in the back office and of the citizen's timeline line.
export const deliveryDe = {
  'delivery.banner.title': 'Zustellung fehlgeschlagen',
  'delivery.banner.failed':
    '{count} Anträge konnten nicht an Ihr Fachverfahren oder DMS zugestellt werden.',
  'delivery.banner.late': '{count} Zustellungen sind seit über einer Stunde unterwegs.',
  'delivery.banner.link': 'Zustellungen ansehen und erneut senden',
  'delivery.list.title': 'Zustellungen an Fachverfahren und DMS',
  'delivery.list.lead':
    'Anträge, die noch nicht bei Ihrem Fachverfahren oder DMS angekommen sind. Fehlgeschlagene und abgelehnte Zustellungen können Sie erneut senden; der Empfänger erkennt Wiederholungen am gleichen Schlüssel.',
  'delivery.list.caption': 'Offene, fehlgeschlagene und abgelehnte Zustellungen',
  'delivery.list.empty': 'Alle Anträge sind zugestellt. Es gibt nichts zu tun.',
  'delivery.list.reference': 'Vorgangsnummer',
  'delivery.list.service': 'Leistung',
  'delivery.list.route': 'Zustellweg',
  'delivery.list.status': 'Stand',
  'delivery.list.attempts': 'Versuche',
  'delivery.list.error': 'Letzter Fehler',
  'delivery.list.since': 'Gesendet am',
  'delivery.list.action': 'Aktion',
  'delivery.list.noRoute': 'kein Zustellweg',
  'delivery.status.pending': 'Unterwegs',
  'delivery.status.late': 'Verspätet',
  'delivery.status.failed': 'Fehlgeschlagen',
  'delivery.status.rejected': 'Abgelehnt',
  'delivery.status.delivered': 'Zugestellt',
  'delivery.status.awaiting': 'Übergeben, Importbestätigung ausstehend',
  'delivery.resend.submit': 'Erneut senden',
  'delivery.resend.label': 'Zustellung von {reference} über {route} erneut senden',
  'delivery.resend.done': 'Die Zustellung wird erneut versucht.',
  'delivery.resend.gone':
    'Diese Zustellung ist nicht mehr fehlgeschlagen oder abgelehnt, vielleicht wurde sie schon erneut gesendet.',
  'delivery.forbidden.title': 'Nur für Administratorinnen und Administratoren',
  'delivery.forbidden':
    'Die Zustellungen Ihrer Behörde sehen Administratorinnen und Administratoren der Behörde.',
  'delivery.citizen.late':
    'Ihr Antrag ist sicher bei uns eingegangen; die Weiterleitung an die Verwaltung verzögert sich.',
  'delivery.citizen.underWay': 'Ihr Antrag wird gerade an die Verwaltung weitergeleitet.',
} as const;
