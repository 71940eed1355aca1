// German UI text of the site frame, error pages and legal pages.
export const webDe = {
  'web.skipLink': 'Zum Inhalt springen',
  'web.header.services': 'Leistungen',
  'web.header.home': 'Startseite des {verbund}',
  'web.language.label': 'Sprache',
  'web.language.other': 'English',
  'web.language.otherCode': 'en',
  'web.footer.label': 'Fußbereich',
  'web.footer.imprint': 'Impressum',
  'web.footer.privacy': 'Datenschutz',
  'web.footer.accessibility': 'Barrierefreiheit',
  'web.footer.staff': 'Anmeldung für Mitarbeitende der Verwaltung',
  'web.footer.operator': 'Ein Angebot im {verbund}',
  'web.notFound.title': 'Seite nicht gefunden',
  'web.notFound.body':
    'Die Adresse {path} gibt es in diesem Portal nicht. Vielleicht wurde sie falsch eingegeben oder die Seite ist umgezogen.',
  'web.notFound.home': 'Zur Startseite',
  'web.notFound.finder': 'Finden Sie die für Ihren Wohnort zuständige Verwaltung:',
  'web.badRequest.title': 'Die Anfrage ist ungültig',
  'web.badRequest.body':
    'Bitte prüfen Sie die Adresse oder Ihre Eingabe und versuchen Sie es erneut.',
  'web.uriTooLong.title': 'Die Adresse ist zu lang',
  'web.uriTooLong.body':
    'Die aufgerufene Adresse ist länger als erlaubt. Bitte kehren Sie zur Startseite zurück.',
  'web.controlCharacters.title': 'Ihre Eingabe enthält Steuerzeichen',
  'web.controlCharacters.body':
    'Eine Ihrer Angaben enthält unsichtbare Steuerzeichen (zum Beispiel ein Nullzeichen), die wir nicht verarbeiten können. Es wurde nichts gespeichert. Bitte gehen Sie zurück, geben Sie den Text von Hand neu ein und senden Sie das Formular noch einmal.',
  'web.formExpired.title': 'Das Formular ist abgelaufen',
  'web.formExpired.body':
    'Aus Sicherheitsgründen konnten wir Ihre Eingaben nicht annehmen. Bitte laden Sie die Seite neu und senden Sie das Formular noch einmal.',
  'web.tooManyRequests.title': 'Zu viele Anfragen',
  'web.tooManyRequests.body':
    'Sie haben in kurzer Zeit sehr viele Seiten aufgerufen. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.',
  'web.unavailable.title': 'Das Portal ist gerade nicht erreichbar',
  'web.unavailable.body':
    'Wir können Ihre Anfrage im Moment nicht bearbeiten. Bitte versuchen Sie es in einigen Minuten erneut.',
  'web.serverError.title': 'Es ist ein Fehler aufgetreten',
  'web.serverError.body':
    'Das ist ein Fehler bei uns, nicht bei Ihnen. Bitte versuchen Sie es in einigen Minuten erneut.',
  'web.error.prefix': 'Fehler:',
  'web.error.reference': 'Wenn Sie uns kontaktieren, nennen Sie bitte diese Fehlernummer: {id}',
  'web.imprint.title': 'Impressum',
  'web.imprint.provider': 'Anbieter dieses Portals',
  'web.imprint.providerBody':
    'Der {county} betreibt den {verbund} für sich und seine Städte, Gemeinden und Samtgemeinden. Jede Verwaltung ist für ihre eigenen Inhalte und Online-Dienste verantwortlich; ihre Anschrift finden Sie auf ihrer Portalseite.',
  'web.imprint.address': 'Anschrift',
  'web.imprint.operatorNote':
    'Vertretungsberechtigte Person, Telefon, E-Mail-Adresse und Umsatzsteuer-Identifikationsnummer trägt der Betreiber bei der Einrichtung ein.',
  'web.privacy.title': 'Datenschutzerklärung',
  'web.privacy.controller': 'Verantwortliche Stelle',
  'web.privacy.controllerBody':
    'Verantwortlich für die Verarbeitung personenbezogener Daten in diesem Portal ist der {county}. Die Mitgliedsverwaltungen verarbeiten Anträge in seinem Auftrag und in eigener Zuständigkeit.',
  'web.privacy.data': 'Welche Daten wir verarbeiten',
  'web.privacy.dataBody':
    'Beim Aufruf einer Seite verarbeitet der Server technisch notwendige Daten (IP-Adresse, Zeitpunkt, aufgerufene Seite ohne Suchbegriffe), um das Portal sicher zu betreiben und Missbrauch abzuwehren. Diese Protokolle werden nach spätestens 14 Tagen gelöscht.',
  'web.privacy.cookies': 'Cookies',
  'web.privacy.cookiesBody':
    'Wir setzen nur technisch notwendige Cookies: die gewählte Sprache und ein Schutz gegen gefälschte Formularübermittlungen. Es gibt keine Analyse- oder Werbe-Cookies und keine Inhalte von fremden Servern.',
  'web.privacy.rights': 'Ihre Rechte',
  'web.privacy.rightsBody':
    'Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung und Widerspruch (Art. 15 bis 21 DSGVO) sowie das Recht, sich bei der Landesbeauftragten für den Datenschutz Niedersachsen zu beschweren.',
  'web.accessibility.title': 'Erklärung zur Barrierefreiheit',
  'web.accessibility.goal':
    'Der {county} ist bemüht, dieses Portal im Einklang mit dem Niedersächsischen Behindertengleichstellungsgesetz und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.',
  'web.accessibility.status': 'Stand der Vereinbarkeit',
  'web.accessibility.statusBody':
    'Jede Seite wird bei jeder Änderung automatisch mit axe-core gegen WCAG 2.1 AA geprüft und muss ohne JavaScript vollständig nutzbar sein. Eine Prüfung durch Fachleute steht noch aus; bis dahin gilt das Portal als teilweise vereinbar.',
  'web.accessibility.feedback': 'Barrieren melden',
  'web.accessibility.feedbackBody':
    'Wenn Ihnen Barrieren auffallen, schreiben Sie bitte an die Verwaltung, deren Seite betroffen ist. Antwortet sie nicht zufriedenstellend, können Sie sich an die Schlichtungsstelle nach § 9 d NBGG wenden.',
  'web.nav.applications': 'Meine Anträge',
  'web.nav.inbox': 'Postfach',
  'web.nav.unread': 'ungelesen',
  'web.nav.account': 'Mein Konto',
  'web.nav.signIn': 'Anmelden',
  'web.nav.finder': 'Zuständige Verwaltung finden',
} as const;
