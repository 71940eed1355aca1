// German UI text of the profile ("Meine Daten") and the data-protection page of the account.
export const profileDe = {
  'accounts.profile.title': 'Meine Daten',
  'accounts.profile.lead':
    'Diese Angaben speichern wir einmal für alle Verwaltungen. Formulare werden damit vorausgefüllt; Sie können dort alles noch ändern. Alle Angaben sind freiwillig.',
  'accounts.profile.saved': 'Ihre Daten sind gespeichert.',
  'accounts.profile.unchanged': 'Es gab keine Änderungen.',
  'accounts.profile.name': 'Name',
  'accounts.profile.givenName': 'Vorname(n)',
  'accounts.profile.familyName': 'Familienname',
  'accounts.profile.birthDate': 'Geburtsdatum',
  'accounts.profile.birthDateHint': 'Zum Beispiel 27 3 1985',
  'accounts.profile.day': 'Tag',
  'accounts.profile.month': 'Monat',
  'accounts.profile.year': 'Jahr',
  'accounts.profile.address': 'Anschrift',
  'accounts.profile.street': 'Straße',
  'accounts.profile.houseNumber': 'Hausnummer',
  'accounts.profile.postcode': 'Postleitzahl',
  'accounts.profile.municipality': 'Gemeinde',
  'accounts.profile.municipalityChoose': 'Bitte wählen',
  'accounts.profile.contact': 'Kontakt',
  'accounts.profile.phone': 'Telefonnummer',
  'accounts.profile.phoneHint': 'Für Rückfragen der Verwaltung, zum Beispiel 05931 12345',
  'accounts.profile.language': 'Bevorzugte Sprache',
  'accounts.profile.languageDe': 'Deutsch',
  'accounts.profile.languageEn': 'Englisch',
  'accounts.profile.submit': 'Speichern',
  'accounts.profile.version': 'Version {version}, gespeichert am {date}',
  'accounts.profile.error.tooLong100': 'Geben Sie höchstens 100 Zeichen ein.',
  'accounts.profile.error.tooLong10': 'Geben Sie höchstens 10 Zeichen ein.',
  'accounts.profile.error.characters':
    'Diese Angabe enthält Zeichen, die wir nicht speichern können (zum Beispiel < oder >).',
  'accounts.profile.error.houseNumber': 'Geben Sie die Hausnummer wie 12, 12a oder 12-14 ein.',
  'accounts.profile.error.postcode':
    'Eine Postleitzahl besteht aus genau fünf Ziffern, zum Beispiel 49716.',
  'accounts.profile.error.municipality': 'Wählen Sie Ihre Gemeinde aus der Liste.',
  'accounts.profile.error.missing.street':
    'Geben Sie die Straße ein oder lassen Sie die ganze Anschrift leer.',
  'accounts.profile.error.missing.houseNumber':
    'Geben Sie die Hausnummer ein oder lassen Sie die ganze Anschrift leer.',
  'accounts.profile.error.missing.postcode':
    'Geben Sie die Postleitzahl ein oder lassen Sie die ganze Anschrift leer.',
  'accounts.profile.error.missing.municipalityId':
    'Wählen Sie Ihre Gemeinde oder lassen Sie die ganze Anschrift leer.',
  'accounts.profile.error.phone':
    'Geben Sie eine Telefonnummer nur mit Ziffern, Leerzeichen und + ( ) / - ein.',
  'accounts.profile.error.birthDate':
    'Geben Sie ein gültiges Geburtsdatum ein, zum Beispiel 27 3 1985.',
  'accounts.profile.error.verified':
    'Diese Angabe ist bestätigt und kann hier nicht geändert werden. Sie wird aktualisiert, wenn Sie sich erneut über das bestätigende Nutzerkonto anmelden.',
  'accounts.profile.verifiedBy':
    'Bestätigt über {provider} – ändert sich mit der nächsten Anmeldung dort.',
  'accounts.profile.error.birthDateFuture': 'Das Geburtsdatum darf nicht in der Zukunft liegen.',
  'accounts.profile.error.language': 'Wählen Sie Deutsch oder Englisch.',
  'accounts.event.profile.changed': 'Persönliche Daten geändert',
  'accounts.event.data.exported': 'Daten heruntergeladen',
  'accounts.privacy.title': 'Ihre Daten und Ihr Konto',
  'accounts.privacy.exportHeading': 'Ihre Daten herunterladen',
  'accounts.privacy.exportBody':
    'Sie erhalten alle Daten, die wir zu Ihrem Konto speichern: Kontodaten, alle Versionen Ihrer persönlichen Daten, angemeldete Geräte, das Sicherheitsprotokoll und Ihr Postfach.',
  'accounts.privacy.exportJson': 'Als Datei herunterladen (JSON, maschinenlesbar)',
  'accounts.privacy.exportHtml': 'Im Browser ansehen',
  'accounts.privacy.viewTitle': 'Alle gespeicherten Daten',
  'accounts.privacy.viewEmpty': 'Keine Einträge',
  'accounts.delete.heading': 'Konto löschen',
  'accounts.delete.body':
    'Wenn Sie Ihr Konto löschen, löschen wir sofort Ihre Anmeldedaten, Ihre persönlichen Daten, Ihr Postfach mit allen Nachrichten und Anhängen sowie Ihre Entwürfe. Das lässt sich nicht rückgängig machen.',
  'accounts.delete.applications':
    'Anträge, die Sie bereits abgeschickt haben, bleiben bei der zuständigen Verwaltung: Sie muss sie nach den gesetzlichen Aufbewahrungsfristen aufbewahren. Sie werden von Ihrem Konto getrennt; Bescheide erhalten Sie dann per Post.',
  'accounts.delete.password': 'Ihr Passwort zur Bestätigung',
  'accounts.delete.confirm': 'Ich möchte mein Konto und alle zugehörigen Daten endgültig löschen.',
  'accounts.delete.submit': 'Konto endgültig löschen',
  'accounts.delete.doneTitle': 'Ihr Konto ist gelöscht',
  'accounts.delete.doneBody':
    'Wir haben Ihr Konto und die zugehörigen Daten gelöscht. Sie sind abgemeldet.',
  'accounts.delete.error.password': 'Das Passwort ist falsch.',
  'accounts.delete.error.confirm': 'Bestätigen Sie, dass Sie Ihr Konto endgültig löschen möchten.',
  'accounts.nav.profile': 'Meine Daten',
  'accounts.nav.privacy': 'Datenschutz und Konto löschen',
} as const;
