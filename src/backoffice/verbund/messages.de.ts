// German UI text of the Verbund office ("Behörden", "Leistungskatalog"; views.ts).
export const verbundDe = {
  'verbund.nav.authorities': 'Behörden',
  'verbund.nav.catalogue': 'Leistungskatalog',
  'verbund.nav.auditors': 'Prüfung des Verbunds',
  'verbund.nav.admins': 'Administration des Verbunds',
  'verbund.auditors.title': 'Prüfung des Verbunds',
  'verbund.auditors.lead':
    'Wer im Verbund die Rolle Prüfung hat, liest das Prüfprotokoll des Verbunds: jede Änderung an Online-Diensten und Anmeldediensten und die Anmeldungen ohne Behörde. Die Verwaltung des Verbunds liest es nicht selbst. Den Link zur Einladung erhält die Person per E-Mail.',
  'verbund.auditors.self':
    'Sie können sich nicht selbst zur Prüfung des Verbunds einladen: Das Protokoll Ihrer Änderungen liest eine andere Person.',
  'verbund.auditors.invite': 'Prüferin oder Prüfer einladen',
  'verbund.auditors.list': 'Wer den Verbund prüft',
  'verbund.auditors.caption': 'Prüfende des Verbunds',
  'verbund.auditors.none': 'Noch niemand prüft den Verbund.',
  'verbund.members.col.name': 'Name',
  'verbund.members.col.email': 'E-Mail-Adresse',
  'verbund.members.col.since': 'Seit',
  'verbund.members.col.status': 'Zugang',
  'verbund.members.col.action': 'Ändern',
  'verbund.members.active': 'Aktiv',
  'verbund.members.locked': 'Gesperrt',
  'verbund.members.invited': 'Eingeladen',
  'verbund.members.lock': 'Zugang sperren',
  'verbund.members.unlock': 'Zugang wieder freigeben',
  'verbund.members.lockFor': 'Zugang sperren: {name}',
  'verbund.members.unlockFor': 'Zugang wieder freigeben: {name}',
  'verbund.members.unlockedDone': 'Der Zugang von {name} ist wieder freigegeben.',
  'verbund.members.yourself': 'Ihr eigener Zugang',
  'verbund.members.refused.self':
    'Ihren eigenen Zugang können Sie nicht sperren. Das kann eine andere Person mit dieser Rolle.',
  'verbund.members.refused.lastAdmin':
    'Der Zugang wurde nicht gesperrt: Danach hätte der Verbund keine aktive Administratorin und keinen aktiven Administrator mehr.',
  'verbund.auditors.lockedDone':
    'Der Zugang von {name} zum Prüfprotokoll des Verbunds ist gesperrt.',
  'verbund.admins.title': 'Administration des Verbunds',
  'verbund.admins.lead':
    'Wer den Verbund verwaltet, betreut Behörden, Leistungskatalog, Online-Dienste und Anmeldedienste. Laden Sie weitere Personen ein oder sperren Sie ihren Zugang; den Link zur Einladung erhält die Person per E-Mail. Ihren eigenen Zugang und den der letzten aktiven Person sperren Sie hier nicht.',
  'verbund.admins.self':
    'Sie verwalten den Verbund bereits. Bitte laden Sie eine andere Person ein.',
  'verbund.admins.invite': 'Administrator/in einladen',
  'verbund.admins.list': 'Wer den Verbund verwaltet',
  'verbund.admins.caption': 'Administratorinnen und Administratoren des Verbunds',
  'verbund.admins.none': 'Noch niemand verwaltet den Verbund.',
  'verbund.admins.lockedDone': 'Der Zugang von {name} zur Verwaltung des Verbunds ist gesperrt.',
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
    'Suchen Sie im Leistungskatalog und sehen Sie, welche Behörden eine Leistung online anbieten und welche nicht. Für eine Leistung ohne Online-Dienst richten Sie hier einen ein; anbieten wird ihn jede zuständige Behörde, sobald sie ihn selbst freischaltet. Die Einstellungen eines Online-Dienstes, etwa sein Vertrauensniveau, gelten in allen Mitgliedskommunen gleich; Sie bearbeiten sie hier.',
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
  'verbund.catalogue.setUp': 'Online-Dienst einrichten',
  'verbund.catalogue.setUpLabel': 'Online-Dienst einrichten: {name}',
  'verbund.catalogue.created':
    'Der Online-Dienst ist eingerichtet. Noch bietet ihn keine Behörde an: Die zuständigen Behörden schalten ihn selbst frei.',
  'verbund.newService.title': 'Online-Dienst einrichten: {name}',
  'verbund.newService.lead':
    'Der Online-Dienst gilt im ganzen Verbund. Zuständigkeit, Formular und Kennung legen Sie hier einmal fest, die übrigen Einstellungen können Sie später ändern. Danach schalten die zuständigen Behörden ihn selbst frei.',
  'verbund.newService.form': 'Neuer Online-Dienst',
  'verbund.newService.titleHint':
    'Aus dem Titel entsteht die Kennung des Online-Dienstes, zum Beispiel osterfeuer-anmelden. Höchstens 200 Zeichen.',
  'verbund.newService.levelHint':
    'Bietet der Landkreis den Online-Dienst an oder jede Mitgliedskommune für sich?',
  'verbund.newService.field.form': 'Formular',
  'verbund.newService.formHint':
    'Veröffentlichte Formulare, die noch kein anderer Online-Dienst des Verbunds nutzt.',
  'verbund.newService.formOption': '{title} (Formular „{id}“, Version {version})',
  'verbund.newService.noForms':
    'Alle veröffentlichten Formulare gehören schon zu einem Online-Dienst des Verbunds. Erst wenn ein neues Formular veröffentlicht ist, lässt sich hier ein Online-Dienst einrichten.',
  'verbund.newService.submit': 'Online-Dienst einrichten',
  'verbund.newService.exists':
    'Für diese Leistung gibt es im Verbund schon einen Online-Dienst; es wurde kein zweiter eingerichtet. Seine Einstellungen bearbeiten Sie auf seiner Seite.',
  'verbund.newService.error.level':
    'Bitte wählen Sie, wer zuständig ist: der Landkreis oder die Mitgliedskommunen.',
  'verbund.newService.error.form': 'Bitte wählen Sie ein Formular.',
  'verbund.newService.error.formTaken':
    'Dieses Formular nutzt schon ein anderer Online-Dienst des Verbunds. Bitte wählen Sie ein anderes.',
  'verbund.newService.error.keyTaken':
    'Einen Online-Dienst mit diesem Titel gibt es im Verbund schon (dieselbe Kennung). Bitte wählen Sie einen anderen Titel.',
  'verbund.newService.error.titleKey':
    'Der Titel braucht mindestens einen Buchstaben oder eine Ziffer.',
} as const;
