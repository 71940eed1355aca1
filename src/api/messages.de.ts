// German texts of the back office's page for the back-channel's credentials ("API-Zugänge").
export const apiDe = {
  'api.credentials.title': 'API-Zugänge für Fachverfahren und DMS',
  'api.credentials.lead':
    'Mit einem API-Zugang meldet ein Fachverfahren oder DMS über den Rückkanal den Bearbeitungsstand eines Antrags, schickt Nachrichten und Bescheide in das Postfach der Antragstellenden und bestätigt den Empfang. Jeder Zugang gehört zu einem Ihrer Zustellwege und sieht nur die Anträge, die über diesen Weg kamen.',
  'api.credentials.spec': 'Schnittstellenbeschreibung (OpenAPI)',
  'api.credentials.caption': 'Ausgestellte API-Zugänge',
  'api.credentials.empty': 'Es ist noch kein API-Zugang ausgestellt.',
  'api.credentials.label': 'Bezeichnung',
  'api.credentials.labelHint': 'Wofür der Zugang ist, zum Beispiel „Fachverfahren Ordnungsamt“.',
  'api.credentials.route': 'Zustellweg',
  'api.credentials.issuedAt': 'Ausgestellt am',
  'api.credentials.lastUsed': 'Zuletzt benutzt',
  'api.credentials.never': 'noch nie',
  'api.credentials.state': 'Zustand',
  'api.credentials.active': 'Aktiv',
  'api.credentials.revokedAt': 'Widerrufen am {date}',
  'api.credentials.action': 'Aktion',
  'api.credentials.revoke': 'Widerrufen',
  'api.credentials.revokeLabel': 'Widerrufen: Zugang {label}',
  'api.credentials.revoked':
    'Der Zugang wurde widerrufen. Das System kann ihn ab sofort nicht mehr benutzen.',
  'api.credentials.gone': 'Diesen Zugang gibt es nicht oder er ist schon widerrufen.',
  'api.credentials.new': 'Neuen API-Zugang ausstellen',
  'api.credentials.noRoutes':
    'Ein API-Zugang gehört zu einem Zustellweg. Richten Sie zuerst unter „Zustellwege“ einen ein.',
  'api.credentials.issue': 'Zugang ausstellen',
  'api.credentials.issued.title': 'API-Zugang ausgestellt',
  'api.credentials.issued.lead':
    'Geben Sie diesen Schlüssel dem Fachverfahren oder DMS als „Authorization: Bearer …“. Er wird nur jetzt angezeigt; wir speichern nur eine Prüfsumme davon. Geht er verloren, widerrufen Sie ihn und stellen einen neuen aus.',
  'api.credentials.issued.token': 'Schlüssel für {label}',
  'api.credentials.back': 'Zurück zu den API-Zugängen',
  'api.credentials.error.summary': 'Bitte prüfen Sie Ihre Angaben',
  'api.credentials.error.label': 'Bitte geben Sie eine Bezeichnung mit höchstens 80 Zeichen an.',
  'api.credentials.error.route': 'Bitte wählen Sie einen Ihrer Zustellwege.',
  'api.credentials.error.ambiguous':
    'Dieser Kurzname gilt für mehrere Leistungen. Geben Sie den Zustellwegen unterschiedliche Kurznamen.',
} as const;
