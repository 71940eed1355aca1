// German UI text of federated sign-in (BundID, OIDC accounts), step-up and account linking.
export const identityDe = {
  'identity.signIn.heading': 'Mit einem Nutzerkonto anmelden',
  'identity.signIn.lead':
    'Mit der BundID (zum Beispiel mit dem Online-Ausweis) erreichen Sie ein höheres Vertrauensniveau. Manche Leistungen verlangen es.',
  'identity.signIn.with': 'Mit {provider} anmelden',
  'identity.signIn.or': 'oder mit E-Mail-Adresse und Passwort',
  'identity.level.basic': 'basis',
  'identity.level.low': 'niedrig',
  'identity.level.substantial': 'substantiell',
  'identity.level.high': 'hoch',
  'identity.stepUp.needs':
    "Diese Leistung erfordert das Vertrauensniveau '{level}' – Anmeldung mit {provider} (Online-Ausweis)",
  'identity.stepUp.how':
    'Sie werden zu {provider} weitergeleitet und kommen danach genau an diese Stelle zurück. Ihre Eingaben bleiben erhalten.',
  'identity.stepUp.start': 'Mit {provider} anmelden',
  'identity.stepUp.none':
    'Im Moment ist kein Nutzerkonto angebunden, das dieses Vertrauensniveau liefert. Bitte wenden Sie sich an Ihre Verwaltung.',
  'identity.post.title': 'Weiterleitung zu {provider}',
  'identity.post.lead':
    'Sie werden jetzt zu {provider} weitergeleitet. Geschieht nichts, wählen Sie bitte „Weiter“.',
  'identity.post.back': 'Zurück zur Anmeldung',
  'identity.post.continue': 'Weiter',
  'identity.choose.title': 'Erste Anmeldung mit {provider}',
  'identity.choose.lead':
    'Sie haben sich zum ersten Mal mit {provider} angemeldet. Möchten Sie ein neues Bürgerkonto anlegen oder ein Bürgerkonto verknüpfen, das Sie schon haben?',
  'identity.choose.create': 'Neues Bürgerkonto anlegen',
  'identity.choose.createHint':
    'Wir übernehmen Ihren Namen, Ihre Anschrift und Ihre E-Mail-Adresse aus {provider}. Sie sind als bestätigt gekennzeichnet.',
  'identity.choose.noEmail':
    '{provider} hat keine E-Mail-Adresse übermittelt. Bitte verknüpfen Sie ein vorhandenes Bürgerkonto.',
  'identity.choose.link': 'Vorhandenes Bürgerkonto verknüpfen',
  'identity.choose.linkHint':
    'Melden Sie sich dazu einmal mit E-Mail-Adresse und Passwort an. Danach genügt die Anmeldung mit {provider}.',
  'identity.choose.emailTaken':
    'Zu der E-Mail-Adresse aus {provider} gibt es schon ein Bürgerkonto. Bitte melden Sie sich mit Ihrem Passwort an, um es zu verknüpfen.',
  'identity.link.title': 'Bürgerkonto mit {provider} verknüpfen',
  'identity.link.lead':
    'Ihr Bürgerkonto {email} wird mit Ihrem Nutzerkonto bei {provider} verknüpft. Danach können Sie sich mit {provider} anmelden.',
  'identity.link.submit': 'Verknüpfen',
  'identity.refused.title': 'Die Anmeldung ist nicht gelungen',
  'identity.refused.lead':
    'Sie sind nicht angemeldet. Bitte versuchen Sie es noch einmal. Bleibt der Fehler, wenden Sie sich an Ihre Verwaltung.',
  'identity.refused.unknown_provider': 'Dieses Nutzerkonto ist bei uns nicht angebunden.',
  'identity.refused.unknown_state':
    'Die Anmeldung ist abgelaufen oder wurde schon verwendet. Bitte starten Sie sie neu.',
  'identity.refused.replay': 'Diese Anmeldung wurde schon verwendet. Bitte starten Sie sie neu.',
  'identity.refused.level_too_low':
    'Das Nutzerkonto hat ein niedrigeres Vertrauensniveau bestätigt, als diese Leistung verlangt. Bitte melden Sie sich zum Beispiel mit dem Online-Ausweis an.',
  'identity.refused.attribute_missing':
    'Das Nutzerkonto hat nicht alle nötigen Angaben übermittelt. Bitte stimmen Sie der Übermittlung zu.',
  'identity.refused.pending_expired':
    'Die Anmeldung ist abgelaufen. Bitte melden Sie sich noch einmal mit Ihrem Nutzerkonto an.',
  'identity.refused.invalid':
    'Die Antwort des Nutzerkontos ließ sich nicht sicher prüfen und wurde abgelehnt.',
  'identity.refused.retry': 'Zur Anmeldung',
  'identity.profile.verified': 'bestätigt durch {provider} (Vertrauensniveau {level})',
  'identity.profile.heading': 'Bestätigte Angaben',
  'identity.profile.lead':
    'Diese Angaben hat Ihr Nutzerkonto mit hohem Vertrauensniveau bestätigt. Sie können sie nicht selbst ändern; bei der nächsten Anmeldung werden sie erneuert.',
  'identity.attribute.given_name': 'Vorname',
  'identity.attribute.family_name': 'Familienname',
  'identity.attribute.birth_date': 'Geburtsdatum',
  'identity.attribute.street': 'Straße und Hausnummer',
  'identity.attribute.postcode': 'Postleitzahl',
  'identity.attribute.city': 'Ort',
  'identity.attribute.email': 'E-Mail-Adresse',
  'identity.testIdp.title': 'Test-Anmeldung (nur Entwicklung)',
  'identity.testIdp.lead':
    'Dies ist kein echtes Nutzerkonto: eine BundID-ähnliche Anmeldung zum Ausprobieren, nur in der Entwicklungsumgebung.',
  'identity.testIdp.requested': 'Verlangt: mindestens Vertrauensniveau {level}.',
  'identity.testIdp.person': 'Testperson: {name}',
  'identity.testIdp.level': 'Vertrauensniveau der Anmeldung',
  'identity.testIdp.submit': 'Als Testperson anmelden',
  'identity.logout.handOver.title': 'Abmeldung bei {provider}',
  'identity.logout.handOver.lead':
    'Sie sind im Portal abgemeldet. Jetzt beenden wir auch Ihre Anmeldung bei {provider}. Geschieht nichts, wählen Sie bitte „Weiter“.',
  'identity.logout.done.title': 'Sie sind abgemeldet',
  'identity.logout.done.lead': 'Ihre Sitzung im Portal ist beendet.',
  'identity.logout.done.unreachable':
    'Ihr Nutzerkonto war gerade nicht erreichbar. Dort sind Sie vielleicht noch angemeldet. Schließen Sie den Browser, wenn Sie ein fremdes Gerät benutzen.',
  'identity.logout.done.signInAgain': 'Wieder anmelden',
  'identity.logout.mismatch.title': 'Abmeldung nicht zuzuordnen',
  'identity.logout.mismatch.lead':
    'Diese Rückmeldung gehört zu keiner Abmeldung in diesem Browser und wurde nicht beachtet. Wenn Sie sich abmelden möchten, wählen Sie in Ihrem Bürgerkonto „Abmelden“.',
  'identity.backoffice.nav': 'Anmeldedienste',
  'identity.backoffice.title': 'Anmeldedienste',
  'identity.backoffice.lead':
    'Mit diesen Nutzerkonten melden sich die Bürgerinnen und Bürger bei allen Mitgliedern des Verbunds an. Sie sind einmal für den ganzen Verbund angebunden; die Kommunen richten nichts ein.',
  'identity.backoffice.caption': 'Angebundene Anmeldedienste',
  'identity.backoffice.none':
    'Es ist noch kein Anmeldedienst angebunden. Bürgerinnen und Bürger melden sich nur mit E-Mail-Adresse und Passwort an.',
  'identity.backoffice.col.name': 'Name',
  'identity.backoffice.col.type': 'Verfahren',
  'identity.backoffice.col.issuer': 'Kennung (Issuer / Entity-ID)',
  'identity.backoffice.col.levels': 'Vertrauensniveaus',
  'identity.backoffice.col.logout': 'Abmeldung',
  'identity.backoffice.col.since': 'Angebunden seit',
  'identity.backoffice.type.saml': 'SAML 2.0',
  'identity.backoffice.type.oidc': 'OpenID Connect',
  'identity.backoffice.certs': '{n} Signaturzertifikat(e)',
  'identity.backoffice.logout.saml': 'Single Logout beim Anmeldedienst',
  'identity.backoffice.logout.none': 'nur im Portal',
  'identity.backoffice.logout.oidc': 'beim Anmeldedienst, wenn er es anbietet',
  'identity.backoffice.cli':
    'Anmeldedienste werden vom Betrieb auf der Kommandozeile hinzugefügt und entfernt:',
  'identity.backoffice.forbidden.title': 'Kein Zugriff',
  'identity.backoffice.forbidden': 'Die Anmeldedienste sieht nur die Verwaltung des Verbunds.',
} as const;
