// German UI text of the Verbund office ("Behörden", "Leistungskatalog"; views.ts).
export const verbundDe = {
  'verbund.nav.authorities': 'Behörden',
  'verbund.nav.catalogue': 'Leistungskatalog',
  'verbund.nav.auditors': 'Prüfung des Verbunds',
  'verbund.auditors.title': 'Prüfung des Verbunds',
  'verbund.auditors.lead':
    'Wer im Verbund die Rolle Prüfung hat, liest das Prüfprotokoll des Verbunds: jede Änderung an Online-Diensten und Anmeldediensten und die Anmeldungen ohne Behörde. Die Verwaltung des Verbunds liest es nicht selbst. Den Link zur Einladung erhält die Person per E-Mail.',
  'verbund.auditors.self':
    'Sie können sich nicht selbst zur Prüfung des Verbunds einladen: Das Protokoll Ihrer Änderungen liest eine andere Person.',
  'verbund.auditors.invite': 'Prüferin oder Prüfer einladen',
  'verbund.forbidden.title': 'Kein Zugriff',
  'verbund.forbidden':
    'Behörden und Leistungskatalog des Verbunds verwalten nur Mitarbeitende mit der Rolle Verbundverwaltung.',
  'verbund.list.title': 'Behörden',
  'verbund.list.lead':
    'Alle Behörden des Verbunds: Kreisverwaltung und Mitgliedsgemeinden. Anträge und ihre Inhalte sehen Sie hier nicht.',
  'verbund.list.caption': 'Behörden im Verbund',
  'verbund.col.name': 'Behörde',
  'verbund.col.kind': 'Art',
  'verbund.col.status': 'Status',
  'verbund.col.live': 'Online seit',
  'verbund.col.services': 'Online-Dienste',
  'verbund.col.staff': 'Aktive Mitarbeitende',
  'verbund.status.onboarding': 'im Aufbau',
  'verbund.status.live': 'online',
  'verbund.notLive': '–',
  'verbund.open': '{name}: Kontaktdaten, Status und Administration',
  'verbund.detail.back': 'Zurück zu den Behörden',
  'verbund.detail.facts': 'Überblick',
  'verbund.contact.title': 'Kontaktdaten',
  'verbund.contact.lead':
    'So erscheinen die Kontaktdaten auf der Portalseite der Behörde. Leere Felder zeigt das Portal nicht an.',
  'verbund.contact.street': 'Straße und Hausnummer',
  'verbund.contact.phone': 'Telefon',
  'verbund.contact.phoneHint': 'Zum Beispiel 05931 44-0',
  'verbund.contact.email': 'E-Mail-Adresse',
  'verbund.contact.website': 'Internetseite',
  'verbund.contact.websiteHint': 'Mit https://, zum Beispiel https://www.meppen.de',
  'verbund.contact.submit': 'Kontaktdaten speichern',
  'verbund.contact.saved': 'Die Kontaktdaten wurden gespeichert.',
  'verbund.contact.error.streetTooLong': 'Die Anschrift darf höchstens 200 Zeichen lang sein.',
  'verbund.contact.error.phone':
    'Bitte geben Sie eine Telefonnummer aus Ziffern an, zum Beispiel 05931 44-0.',
  'verbund.contact.error.email':
    'Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel info@meppen.de.',
  'verbund.contact.error.website':
    'Bitte geben Sie eine Internetadresse mit http:// oder https:// an, zum Beispiel https://www.meppen.de.',
  'verbund.live.title': 'Online schalten',
  'verbund.live.lead':
    'Solange die Behörde im Aufbau ist, nennt das Portal nur ihre Kontaktdaten. Online geschaltet bietet sie ihre Online-Dienste im Portal an.',
  'verbund.live.start': 'Online schalten …',
  'verbund.live.confirmTitle': '{name} online schalten?',
  'verbund.live.confirmLead':
    'Das Portal zeigt die {name} danach als online und bietet ihre Online-Dienste an. Das lässt sich hier nicht rückgängig machen.',
  'verbund.live.submit': 'Ja, online schalten',
  'verbund.live.cancel': 'Abbrechen',
  'verbund.live.done': 'Die {name} ist jetzt online.',
  'verbund.live.already': 'Die {name} ist bereits online.',
  'verbund.live.since': 'Die Behörde ist seit {date} online.',
  'verbund.invite.title': 'Administrator/in einladen',
  'verbund.invite.lead':
    'Die eingeladene Person verwaltet danach die Mitarbeitenden, Zustellwege und Textbausteine der {name}. Den Link zur Einladung erhält sie per E-Mail.',
  'verbund.invite.email': 'E-Mail-Adresse der eingeladenen Person',
  'verbund.invite.name': 'Name der eingeladenen Person',
  'verbund.invite.submit': 'Einladen',
  'verbund.invite.done':
    'Die Einladung wurde per E-Mail an {email} gesendet. Ihr Link gilt bis {until} und nur einmal.',
  'verbund.catalogue.title': 'Leistungskatalog',
  'verbund.catalogue.lead':
    'Suchen Sie im Leistungskatalog und sehen Sie, welche Behörden eine Leistung online anbieten und welche nicht. Welche Leistung eine Behörde online anbietet, richtet der Betrieb ein. Die Einstellungen eines Online-Dienstes, etwa sein Vertrauensniveau, gelten in allen Mitgliedskommunen gleich; Sie bearbeiten sie hier.',
  'verbund.catalogue.label': 'Suchbegriff',
  'verbund.catalogue.hint': 'Zum Beispiel Hundesteuer oder Meldebescheinigung',
  'verbund.catalogue.submit': 'Suchen',
  'verbund.catalogue.caption': '{total} Treffer für „{query}“',
  'verbund.catalogue.someWords':
    'Keine Leistung enthält alle Suchwörter; gezeigt werden Leistungen mit einigen davon.',
  'verbund.catalogue.none': 'Keine Leistung gefunden.',
  'verbund.catalogue.col.service': 'Leistung',
  'verbund.catalogue.col.offered': 'Online angeboten von',
  'verbund.catalogue.col.notOffered': 'Nicht online bei',
  'verbund.catalogue.noOnline': 'Kein Online-Dienst im Verbund',
  'verbund.catalogue.nobody': 'keiner Behörde',
  'verbund.catalogue.everybody': 'allen zuständigen Behörden',
  'verbund.catalogue.key': 'Leistungsschlüssel {key}',
  'verbund.catalogue.previous': 'Vorherige Seite',
  'verbund.catalogue.next': 'Nächste Seite',
  'verbund.catalogue.pages': 'Seiten der Treffer',
  'verbund.catalogue.edit': 'Einstellungen bearbeiten',
  'verbund.catalogue.editLabel': 'Einstellungen bearbeiten: {title}',
  'verbund.service.title': 'Einstellungen: {title}',
  'verbund.service.lead':
    'Diese Einstellungen gelten für den Online-Dienst in allen Behörden des Verbunds: pro Leistung ein einheitliches Vertrauensniveau in allen Mitgliedskommunen.',
  'verbund.service.back': 'Zurück zum Leistungskatalog',
  'verbund.service.facts': 'Leistung',
  'verbund.service.key': 'Leistungsschlüssel',
  'verbund.service.level': 'Zuständigkeit',
  'verbund.service.level.county': 'Landkreis',
  'verbund.service.level.municipality': 'Mitgliedskommunen',
  'verbund.service.form': 'Einstellungen des Online-Dienstes',
  'verbund.service.field.title': 'Titel',
  'verbund.service.field.trustLevel': 'Vertrauensniveau',
  'verbund.service.field.trustLevelHint':
    'Welche Anmeldung Bürgerinnen und Bürger für diesen Online-Dienst mindestens brauchen.',
  'verbund.service.field.anonymous': 'Auch ohne Konto nutzbar',
  'verbund.service.field.anonymousHint': 'Nur beim Vertrauensniveau „basis“ möglich.',
  'verbund.service.field.description': 'Beschreibung',
  'verbund.service.field.descriptionHint':
    'Leer lassen, um die Beschreibung aus dem Leistungskatalog zu zeigen. Höchstens 5000 Zeichen.',
  'verbund.service.field.fees': 'Gebühren',
  'verbund.service.field.feesHint': 'Höchstens 1000 Zeichen.',
  'verbund.service.field.retention': 'Aufbewahrung abgeschlossener Anträge (Monate)',
  'verbund.service.field.retentionHint': 'Eine ganze Zahl von 1 bis 1200.',
  'verbund.service.submit': 'Einstellungen speichern',
  'verbund.service.saved': 'Die Einstellungen wurden gespeichert.',
  'verbund.service.conflict':
    'Jemand anderes hat die Einstellungen inzwischen geändert. Ihre Änderung wurde nicht gespeichert. Unten stehen die aktuellen Werte: Bitte prüfen Sie sie und speichern Sie erneut.',
  'verbund.service.error.titleEmpty': 'Bitte geben Sie einen Titel an.',
  'verbund.service.error.titleTooLong': 'Der Titel darf höchstens 200 Zeichen lang sein.',
  'verbund.service.error.trustLevel': 'Bitte wählen Sie ein Vertrauensniveau.',
  'verbund.service.error.anonymousAboveBasic':
    'Ohne Konto ist ein Online-Dienst nur beim Vertrauensniveau „basis“ nutzbar. Wählen Sie „basis“ oder heben Sie die Nutzung ohne Konto auf.',
  'verbund.service.error.descriptionTooLong':
    'Die Beschreibung darf höchstens 5000 Zeichen lang sein.',
  'verbund.service.error.feesTooLong':
    'Die Angabe der Gebühren darf höchstens 1000 Zeichen lang sein.',
  'verbund.service.error.retention':
    'Bitte geben Sie die Aufbewahrung als ganze Zahl von 1 bis 1200 Monaten an.',
} as const;
