// German UI text of the Bürgerkonto: registration, sign-in, password reset, account page.
export const accountsDe = {
  'accounts.nav.signIn': 'Anmelden',
  'accounts.field.email': 'E-Mail-Adresse',
  'accounts.field.password': 'Passwort',
  'accounts.field.newPassword': 'Neues Passwort',
  'accounts.field.passwordRepeat': 'Passwort wiederholen',
  'accounts.field.passwordHint':
    'Mindestens 12 Zeichen. Ein Satz aus mehreren Wörtern ist gut zu merken und sicher.',
  'accounts.field.consent':
    'Ich habe die Datenschutzerklärung gelesen und bin mit der Verarbeitung meiner Daten für das Bürgerkonto einverstanden.',
  'accounts.field.consentLink': 'Datenschutzerklärung lesen',
  'accounts.register.title': 'Bürgerkonto anlegen',
  'accounts.register.lead':
    'Mit einem Bürgerkonto nutzen Sie die Online-Dienste aller Verwaltungen im {verbund}. Sie geben Ihre Daten nur einmal ein.',
  'accounts.register.submit': 'Konto anlegen',
  'accounts.register.haveAccount': 'Sie haben schon ein Konto?',
  'accounts.register.sentTitle': 'Prüfen Sie Ihr E-Mail-Postfach',
  'accounts.register.sentBody':
    'Wir haben Ihnen eine E-Mail geschickt. Öffnen Sie den Link darin, um Ihr Konto zu bestätigen. Der Link ist 24 Stunden gültig. Kommt keine E-Mail an, sehen Sie bitte auch im Spam-Ordner nach.',
  'accounts.verify.title': 'E-Mail-Adresse bestätigen',
  'accounts.verify.body': 'Bitte bestätigen Sie, dass diese E-Mail-Adresse Ihnen gehört.',
  'accounts.verify.submit': 'E-Mail-Adresse bestätigen',
  'accounts.verify.doneTitle': 'Ihre E-Mail-Adresse ist bestätigt',
  'accounts.verify.doneBody':
    'Sie können sich jetzt mit Ihrer E-Mail-Adresse und Ihrem Passwort anmelden.',
  'accounts.login.title': 'Anmelden',
  'accounts.login.submit': 'Anmelden',
  'accounts.login.forgot': 'Passwort vergessen?',
  'accounts.login.noAccount': 'Noch kein Konto?',
  'accounts.login.invalid': 'Die E-Mail-Adresse oder das Passwort ist falsch.',
  'accounts.login.unverified':
    'Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse. Den Link dazu haben wir Ihnen bei der Registrierung geschickt.',
  'accounts.login.throttled':
    'Zu viele Fehlversuche. Aus Sicherheitsgründen ist die Anmeldung für {minutes} Minuten gesperrt.',
  'accounts.logout.submit': 'Abmelden',
  'accounts.logout.everywhere': 'Auf allen Geräten abmelden',
  'accounts.forgot.title': 'Passwort vergessen',
  'accounts.forgot.lead':
    'Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort festlegen.',
  'accounts.forgot.submit': 'Link anfordern',
  'accounts.forgot.sentBody':
    'Wenn zu dieser E-Mail-Adresse ein Konto besteht, haben wir Ihnen einen Link geschickt. Er ist 30 Minuten gültig.',
  'accounts.reset.title': 'Neues Passwort festlegen',
  'accounts.reset.submit': 'Passwort speichern',
  'accounts.reset.doneBody':
    'Ihr neues Passwort ist gespeichert. Sie wurden auf allen Geräten abgemeldet und können sich jetzt neu anmelden.',
  'accounts.account.title': 'Mein Konto',
  'accounts.account.email': 'E-Mail-Adresse',
  'accounts.account.since': 'Konto seit',
  'accounts.account.sessions': 'Angemeldete Geräte',
  'accounts.account.log': 'Sicherheitsprotokoll',
  'accounts.account.logWhen': 'Zeitpunkt',
  'accounts.account.logWhat': 'Ereignis',
  'accounts.event.account.registered': 'Konto angelegt',
  'accounts.event.account.email_verified': 'E-Mail-Adresse bestätigt',
  'accounts.event.account.registered_federated':
    'Konto über ein Nutzerkonto (z. B. BundID) angelegt',
  'accounts.event.login.federated.basic': 'Anmeldung über ein Nutzerkonto (Vertrauensniveau basis)',
  'accounts.event.login.federated.low': 'Anmeldung über ein Nutzerkonto (Vertrauensniveau niedrig)',
  'accounts.event.login.federated.substantial':
    'Anmeldung über ein Nutzerkonto (Vertrauensniveau substantiell)',
  'accounts.event.login.federated.high': 'Anmeldung über ein Nutzerkonto (Vertrauensniveau hoch)',
  'accounts.event.login.succeeded': 'Anmeldung',
  'accounts.event.login.failed': 'Fehlgeschlagene Anmeldung',
  'accounts.event.logout': 'Abmeldung',
  'accounts.event.logout.provider': 'Abgemeldet vom Anmeldedienst (z. B. BundID)',
  'accounts.event.logout.everywhere': 'Abmeldung auf allen Geräten',
  'accounts.event.password.reset_requested': 'Link zum Zurücksetzen des Passworts angefordert',
  'accounts.event.password.changed': 'Passwort geändert',
  'accounts.event.totp.enabled': 'Zwei-Faktor-Anmeldung eingeschaltet',
  'accounts.event.totp.disabled': 'Zwei-Faktor-Anmeldung ausgeschaltet',
  'accounts.event.totp.failed': 'Falscher Sicherheitscode',
  'accounts.event.recovery_code.used': 'Wiederherstellungscode benutzt',
  'accounts.event.session.trust_raised':
    'Mit Sicherheitscode bestätigt (Vertrauensniveau „niedrig“)',
  'accounts.account.twoFactor': 'Zwei-Faktor-Anmeldung verwalten',
  'accounts.twoFactor.backToStatus': 'Zurück zur Zwei-Faktor-Anmeldung',
  'accounts.twoFactor.title': 'Zwei-Faktor-Anmeldung',
  'accounts.twoFactor.intro':
    'Mit der Zwei-Faktor-Anmeldung brauchen Sie beim Anmelden außer Ihrem Passwort einen 6-stelligen Code aus einer Authenticator-App auf Ihrem Smartphone, zum Beispiel FreeOTP, Aegis, Google Authenticator oder Microsoft Authenticator. Wer nur Ihr Passwort kennt, kommt so nicht in Ihr Konto.',
  'accounts.twoFactor.statusOff': 'Die Zwei-Faktor-Anmeldung ist ausgeschaltet.',
  'accounts.twoFactor.statusPending':
    'Sie haben die Einrichtung begonnen, aber noch nicht abgeschlossen.',
  'accounts.twoFactor.statusOn': 'Die Zwei-Faktor-Anmeldung ist eingeschaltet (seit {date}).',
  'accounts.twoFactor.recoveryLeft': 'Unbenutzte Wiederherstellungscodes: {count} von 10.',
  'accounts.twoFactor.recoveryLow':
    'Sie haben nur noch wenige Wiederherstellungscodes. Erzeugen Sie neue, bevor alle verbraucht sind.',
  'accounts.twoFactor.renew.title': 'Neue Wiederherstellungscodes erzeugen',
  'accounts.twoFactor.renew.lead':
    'Sie bekommen zehn neue Codes; alle bisherigen werden ungültig. Bestätigen Sie mit einem aktuellen Code aus Ihrer App.',
  'accounts.twoFactor.renew.submit': 'Neue Codes erzeugen',
  'accounts.event.recovery_codes.renewed': 'Neue Wiederherstellungscodes erzeugt',
  'accounts.twoFactor.start': 'Zwei-Faktor-Anmeldung einrichten',
  'accounts.twoFactor.continue': 'Einrichtung fortsetzen',
  'accounts.twoFactor.restart': 'Mit neuem Schlüssel neu beginnen',
  'accounts.twoFactor.back': 'Zurück zu Mein Konto',
  'accounts.twoFactor.setup.title': 'Zwei-Faktor-Anmeldung einrichten',
  'accounts.twoFactor.setup.scan':
    'Schritt 1: Öffnen Sie Ihre Authenticator-App, fügen Sie ein neues Konto hinzu und scannen Sie diesen QR-Code.',
  'accounts.twoFactor.setup.qrLabel': 'QR-Code zum Einrichten der Authenticator-App',
  'accounts.twoFactor.setup.manual':
    'Sie können den QR-Code nicht scannen? Geben Sie stattdessen diesen Schlüssel von Hand ein (zeitbasiert, 6 Stellen, alle 30 Sekunden neu):',
  'accounts.twoFactor.setup.enter':
    'Schritt 2: Geben Sie den 6-stelligen Code ein, den die App jetzt anzeigt.',
  'accounts.twoFactor.setup.submit': 'Einrichtung abschließen',
  'accounts.twoFactor.field.code': 'Sicherheitscode',
  'accounts.twoFactor.field.codeHint': 'Die 6 Ziffern aus Ihrer Authenticator-App.',
  'accounts.twoFactor.field.codeOrRecovery': 'Sicherheitscode oder Wiederherstellungscode',
  'accounts.twoFactor.field.codeOrRecoveryHint':
    'Die 6 Ziffern aus Ihrer Authenticator-App. Haben Sie die App nicht zur Hand, geben Sie einen Ihrer Wiederherstellungscodes ein (Form xxxx-xxxx-xx).',
  'accounts.twoFactor.error.codeWrong':
    'Der Code ist falsch oder abgelaufen. Geben Sie den Code ein, den Ihre App gerade anzeigt.',
  'accounts.twoFactor.error.codeReplayed':
    'Dieser Code wurde schon benutzt. Warten Sie, bis Ihre App einen neuen Code anzeigt.',
  'accounts.twoFactor.error.passwordOrCode': 'Das Passwort oder der Code ist falsch.',
  'accounts.twoFactor.recovery.title': 'Ihre Wiederherstellungscodes',
  'accounts.twoFactor.recovery.lead':
    'Die Zwei-Faktor-Anmeldung ist jetzt eingeschaltet. Haben Sie Ihr Smartphone einmal nicht zur Hand, melden Sie sich mit einem dieser Codes an. Jeder Code funktioniert nur einmal.',
  'accounts.twoFactor.recovery.warning':
    'Wir zeigen Ihnen diese Codes nur jetzt und nie wieder. Drucken Sie sie aus oder schreiben Sie sie ab und bewahren Sie sie sicher auf.',
  'accounts.twoFactor.recovery.done': 'Ich habe die Codes sicher aufbewahrt',
  'accounts.twoFactor.disable.title': 'Zwei-Faktor-Anmeldung ausschalten',
  'accounts.twoFactor.disable.lead':
    'Zum Ausschalten brauchen wir Ihr Passwort und einen aktuellen Code. Ihre Wiederherstellungscodes werden dabei ungültig.',
  'accounts.twoFactor.disable.submit': 'Ausschalten',
  'accounts.twoFactor.disable.done':
    'Die Zwei-Faktor-Anmeldung ist ausgeschaltet. Sie melden sich jetzt wieder nur mit Ihrem Passwort an.',
  'accounts.twoFactor.login.title': 'Sicherheitscode eingeben',
  'accounts.twoFactor.login.lead':
    'Ihr Konto ist mit der Zwei-Faktor-Anmeldung geschützt. Geben Sie den Code aus Ihrer Authenticator-App ein.',
  'accounts.twoFactor.login.submit': 'Anmelden',
  'accounts.twoFactor.login.expired':
    'Die Anmeldung ist abgelaufen oder wurde schon abgeschlossen. Bitte melden Sie sich noch einmal mit E-Mail-Adresse und Passwort an.',
  'accounts.stepUp.title': 'Höheres Vertrauensniveau nötig',
  'accounts.stepUp.low':
    'Dieser Dienst verlangt, dass Sie sich mit einem zweiten Faktor anmelden (Vertrauensniveau „niedrig“). So stellen wir sicher, dass nur Sie Ihre Anträge sehen.',
  'accounts.stepUp.substantial':
    'Dieser Dienst verlangt eine Anmeldung mit ELSTER-Zertifikat oder BundID (Vertrauensniveau „substanziell“), weil er Ihre Identität sicher feststellen muss.',
  'accounts.stepUp.high':
    'Dieser Dienst verlangt eine Anmeldung mit der Online-Ausweisfunktion Ihres Personalausweises (Vertrauensniveau „hoch“), weil er Ihre Identität zweifelsfrei feststellen muss.',
  'accounts.stepUp.unavailable':
    'Diese Anmeldeart wird gerade eingerichtet und steht noch nicht zur Verfügung.',
  'accounts.stepUp.codeLead':
    'Geben Sie dazu einen Code aus Ihrer Authenticator-App ein. Danach geht es gleich weiter.',
  'accounts.stepUp.submit': 'Bestätigen',
  'accounts.stepUp.setupLead':
    'Dafür richten Sie einmal die Zwei-Faktor-Anmeldung ein. Sie brauchen nur eine Authenticator-App auf Ihrem Smartphone.',
  'accounts.stepUp.signInFirst': 'Bitte melden Sie sich zuerst an.',
  'accounts.error.summary': 'Es gibt ein Problem',
  'accounts.error.emailInvalid': 'Geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.',
  'accounts.error.password.tooShort': 'Das Passwort muss mindestens 12 Zeichen lang sein.',
  'accounts.error.password.tooLong': 'Das Passwort darf höchstens 128 Zeichen lang sein.',
  'accounts.error.password.common':
    'Dieses Passwort ist zu verbreitet und leicht zu erraten. Wählen Sie ein anderes.',
  'accounts.error.password.containsEmail': 'Das Passwort darf Ihre E-Mail-Adresse nicht enthalten.',
  'accounts.error.passwordMismatch': 'Die beiden Passwörter stimmen nicht überein.',
  'accounts.error.consentMissing':
    'Bestätigen Sie, dass Sie die Datenschutzerklärung gelesen haben.',
  'accounts.error.linkInvalid':
    'Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt. Fordern Sie bitte einen neuen an.',
} as const;
