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
    'Dieselben Angaben zeigt und ändert der Betrieb auch auf der Kommandozeile:',
  'identity.backoffice.forbidden.title': 'Kein Zugriff',
  'identity.backoffice.forbidden': 'Die Anmeldedienste sieht nur die Verwaltung des Verbunds.',
  'identity.provider.error.slug':
    'Bitte geben Sie eine Kennung aus Kleinbuchstaben, Ziffern und Bindestrichen an, höchstens 40 Zeichen, zum Beispiel bundid.',
  'identity.provider.error.slugTaken':
    'Diese Kennung hat schon ein anderer Anmeldedienst. Bitte wählen Sie eine andere.',
  'identity.provider.error.type': 'Das Verfahren muss SAML oder OIDC sein.',
  'identity.provider.error.displayName':
    'Bitte geben Sie einen Anzeigenamen mit 1 bis 100 Zeichen an.',
  'identity.provider.error.levels':
    'Bitte wählen Sie mindestens ein Vertrauensniveau, das der Dienst liefern kann.',
  'identity.provider.error.entityId':
    'Bitte geben Sie die Entity-ID des Anmeldedienstes an (höchstens 500 Zeichen).',
  'identity.provider.error.ssoUrl':
    'Bitte geben Sie die Adresse für die Anmeldung (SSO-URL) als vollständige URL an, zum Beispiel https://id.bund.de/….',
  'identity.provider.error.ssoUrlHttps':
    'Die Adresse für die Anmeldung (SSO-URL) muss im Betrieb mit https:// beginnen.',
  'identity.provider.error.sloUrl':
    'Die Adresse für die Abmeldung (SLO-URL) ist keine vollständige URL. Lassen Sie das Feld leer, wenn der Dienst keine Abmeldung anbietet.',
  'identity.provider.error.sloBinding':
    'Bitte wählen Sie HTTP-Redirect oder HTTP-POST als Übertragungsweg der Abmeldung.',
  'identity.provider.error.sloUrlHttps':
    'Die Adresse für die Abmeldung (SLO-URL) muss im Betrieb mit https:// beginnen.',
  'identity.provider.error.certCount':
    'Bitte fügen Sie ein Signaturzertifikat ein oder laden Sie eines hoch (höchstens zwei).',
  'identity.provider.error.certPem':
    'Das ist kein Zertifikat im PEM-Format. Es beginnt mit -----BEGIN CERTIFICATE----- und enthält genau ein Zertifikat.',
  'identity.provider.error.certPrivateKey':
    'Das ist ein privater Schlüssel. Bitte geben Sie nur das Zertifikat des Anmeldedienstes an, nie einen Schlüssel.',
  'identity.provider.error.certExpired':
    'Dieses Zertifikat ist abgelaufen. Bitte geben Sie das gültige Zertifikat des Anmeldedienstes an.',
  'identity.provider.error.certTwice': 'Dieses Zertifikat ist schon hinterlegt.',
  'identity.provider.error.certFull':
    'Es sind schon zwei Zertifikate hinterlegt. Entfernen Sie zuerst das alte.',
  'identity.provider.error.certLast':
    'Das letzte Zertifikat lässt sich nicht entfernen: Ohne Zertifikat ließe sich keine Anmeldung prüfen. Fügen Sie zuerst das neue hinzu.',
  'identity.provider.error.certUnknown':
    'Dieses Zertifikat ist nicht (mehr) hinterlegt. Bitte laden Sie die Seite neu.',
  'identity.provider.error.certOidc':
    'Ein OIDC-Anmeldedienst hat keine hinterlegten Zertifikate; seine Schlüssel kommen aus der Discovery.',
  'identity.provider.error.certFile':
    'Die Zertifikatsdatei ist zu groß (höchstens 64 KB) oder unlesbar.',
  'identity.provider.error.certBoth':
    'Bitte fügen Sie das Zertifikat ein oder laden Sie es hoch, nicht beides.',
  'identity.provider.error.levelsAcr':
    'Für jedes gewählte Vertrauensniveau braucht der Dienst einen acr-Wert, der es erreicht. Ergänzen Sie die acr-Zuordnung oder wählen Sie niedrigere Niveaus.',
  'identity.provider.error.issuer':
    'Bitte geben Sie die Issuer-URL des Anmeldedienstes als vollständige URL an.',
  'identity.provider.error.issuerHttps': 'Die Issuer-URL muss im Betrieb mit https:// beginnen.',
  'identity.provider.error.clientId':
    'Bitte geben Sie die Client-ID an, die der Anmeldedienst dem Portal gegeben hat (höchstens 200 Zeichen).',
  'identity.provider.error.clientSecretEnv':
    'Der Name der Umgebungsvariablen besteht aus Großbuchstaben, Ziffern und Unterstrichen und beginnt mit einem Buchstaben, zum Beispiel NDS_CLIENT_SECRET.',
  'identity.provider.error.acrMap':
    'Bitte ordnen Sie mindestens einem acr-Wert ein Vertrauensniveau zu: eine Zeile je Wert, etwa loa-substantial=substantial (basic, low, substantial oder high).',
  'identity.provider.error.form':
    'Das Formular ließ sich nicht lesen. Bitte senden Sie es noch einmal.',
  'identity.backoffice.open': '{name} ansehen und bearbeiten',
  'identity.backoffice.addTitle': 'Anmeldedienst hinzufügen',
  'identity.backoffice.addSaml': 'SAML-Anmeldedienst hinzufügen (zum Beispiel BundID)',
  'identity.backoffice.addOidc': 'OpenID-Connect-Anmeldedienst hinzufügen',
  'identity.backoffice.removed':
    'Der Anmeldedienst ist entfernt. Auf der Anmeldeseite erscheint er nicht mehr.',
  'identity.admin.back': 'Zurück zu den Anmeldediensten',
  'identity.admin.addSaml.title': 'SAML-Anmeldedienst hinzufügen',
  'identity.admin.addSaml.lead':
    'Die Angaben stehen in den Metadaten des Anmeldedienstes, zum Beispiel der BundID. Den Zugang zum Portal richtet der Anmeldedienst mit unseren SP-Metadaten ein: {metadata}',
  'identity.admin.addOidc.title': 'OpenID-Connect-Anmeldedienst hinzufügen',
  'identity.admin.addOidc.lead':
    'Die Angaben erhalten Sie vom Betreiber des Anmeldedienstes, wenn er das Portal als Client registriert hat.',
  'identity.admin.httpsOnly': 'Im Betrieb sind nur Adressen mit https:// möglich.',
  'identity.admin.field.slug': 'Kennung',
  'identity.admin.field.slugHint':
    'Kleinbuchstaben, Ziffern und Bindestriche, zum Beispiel bundid. Sie steht in der Adresse der Anmeldung und lässt sich später nicht ändern.',
  'identity.admin.field.displayName': 'Anzeigename',
  'identity.admin.field.displayNameHint':
    'So heißt der Dienst auf der Anmeldeseite, zum Beispiel BundID.',
  'identity.admin.field.entityId': 'Entity-ID des Anmeldedienstes',
  'identity.admin.field.ssoUrl': 'Adresse für die Anmeldung (SSO-URL, HTTP-POST)',
  'identity.admin.field.sloUrl': 'Adresse für die Abmeldung (SLO-URL, freiwillig)',
  'identity.admin.field.sloBinding': 'Übertragungsweg der Abmeldung (SAML-Binding der SLO-URL)',
  'identity.admin.field.sloBindingRedirect': 'HTTP-Redirect (Weiterleitung)',
  'identity.admin.field.sloBindingPost': 'HTTP-POST (Formular, von BundID bevorzugt)',
  'identity.admin.field.sloUrlHint':
    'Leer lassen, wenn der Dienst keine gemeinsame Abmeldung (Single Logout) anbietet.',
  'identity.admin.field.cert': 'Signaturzertifikat (PEM)',
  'identity.admin.field.certHint':
    'Fügen Sie das Zertifikat ein, mit dem der Anmeldedienst signiert (es beginnt mit -----BEGIN CERTIFICATE-----), oder laden Sie die Datei unten hoch. Nie einen privaten Schlüssel.',
  'identity.admin.field.certFile': 'Oder Zertifikatsdatei hochladen (.pem, .crt, .cer)',
  'identity.admin.field.levels': 'Vertrauensniveaus, die der Dienst liefern kann',
  'identity.admin.field.issuer': 'Issuer-URL',
  'identity.admin.field.issuerHint':
    'Unter dieser Adresse veröffentlicht der Dienst seine Discovery (/.well-known/openid-configuration).',
  'identity.admin.field.clientId': 'Client-ID',
  'identity.admin.field.clientSecretEnv':
    'Name der Umgebungsvariablen mit dem Client-Secret (freiwillig)',
  'identity.admin.field.clientSecretEnvHint':
    'Das Client-Secret selbst wird nie im Portal gespeichert. Der Betrieb hinterlegt es in der Umgebung des Portals, zum Beispiel als NDS_CLIENT_SECRET; hier steht nur der Name.',
  'identity.admin.field.acrMap': 'Zuordnung der acr-Werte zu Vertrauensniveaus',
  'identity.admin.field.acrMapHint':
    'Eine Zeile je Wert: acr-Wert=Vertrauensniveau, das Niveau als basic, low, substantial oder high. Zum Beispiel loa-substantial=substantial.',
  'identity.admin.addSubmit': 'Anmeldedienst hinzufügen',
  'identity.admin.added':
    'Der Anmeldedienst ist hinzugefügt. Bürgerinnen und Bürger finden ihn jetzt auf der Anmeldeseite.',
  'identity.admin.changed': 'Die Änderungen sind gespeichert.',
  'identity.admin.unchanged': 'Es gab nichts zu ändern.',
  'identity.admin.certAdded':
    'Das Zertifikat ist hinzugefügt. Bis Sie das alte entfernen, gelten Anmeldungen mit beiden Zertifikaten.',
  'identity.admin.certRemoved':
    'Das Zertifikat ist entfernt. Anmeldungen mit ihm gelten nicht mehr.',
  'identity.admin.details': 'Angaben zur Anbindung',
  'identity.admin.detail.type': 'Verfahren',
  'identity.admin.detail.slug': 'Kennung',
  'identity.admin.detail.entityId': 'Entity-ID',
  'identity.admin.detail.issuer': 'Issuer-URL',
  'identity.admin.detail.ssoUrl': 'SSO-URL',
  'identity.admin.detail.sloUrl': 'SLO-URL',
  'identity.admin.detail.sloNone': 'keine (Abmeldung nur im Portal)',
  'identity.admin.detail.sloBinding': 'Übertragungsweg der Abmeldung',
  'identity.admin.detail.clientId': 'Client-ID',
  'identity.admin.detail.secret': 'Client-Secret',
  'identity.admin.detail.secretNone': 'keines (öffentlicher Client)',
  'identity.admin.detail.secretSet': 'aus der Umgebungsvariablen {name} (gesetzt)',
  'identity.admin.detail.secretMissing':
    'aus der Umgebungsvariablen {name} – im Portal nicht gesetzt: Anmeldungen schlagen fehl, bis der Betrieb sie setzt.',
  'identity.admin.detail.acrMap': 'acr-Werte',
  'identity.admin.detail.attributes': 'Übernommene Angaben',
  'identity.admin.detail.since': 'Angebunden seit',
  'identity.admin.changeTitle': 'Angaben ändern',
  'identity.admin.changeSubmit': 'Änderungen speichern',
  'identity.admin.certs.title': 'Signaturzertifikate',
  'identity.admin.certs.lead':
    'Anmeldungen gelten nur mit einer Signatur dieser Zertifikate. Wechselt der Anmeldedienst sein Zertifikat, fügen Sie das neue hinzu, bevor er wechselt; beide gelten dann. Danach entfernen Sie das alte.',
  'identity.admin.certs.caption': 'Hinterlegte Signaturzertifikate',
  'identity.admin.certs.subject': 'Ausgestellt für',
  'identity.admin.certs.fingerprint': 'SHA-256-Fingerabdruck',
  'identity.admin.certs.validTo': 'Gültig bis',
  'identity.admin.certs.action': 'Aktion',
  'identity.admin.certs.remove': 'Zertifikat entfernen',
  'identity.admin.certs.removeLabel': 'Zertifikat entfernen: {subject}',
  'identity.admin.certs.onlyOne': 'Das einzige Zertifikat lässt sich nicht entfernen.',
  'identity.admin.certs.addTitle': 'Zertifikat hinzufügen',
  'identity.admin.certs.full':
    'Es sind zwei Zertifikate hinterlegt, mehr sind nicht möglich. Entfernen Sie das alte, wenn der Wechsel vorbei ist.',
  'identity.admin.certs.addSubmit': 'Zertifikat hinzufügen',
  'identity.admin.removeTitle': 'Anmeldedienst entfernen',
  'identity.admin.removeLink': '{name} entfernen',
  'identity.admin.removeConfirm': '{name} wirklich entfernen?',
  'identity.admin.removeLead':
    'Danach kann sich niemand mehr mit {name} anmelden. Die Verknüpfungen der Bürgerkonten mit {name} und die von {name} bestätigten Angaben werden gelöscht; die Bürgerkonten selbst bleiben, ihre Inhaber melden sich dann mit E-Mail-Adresse und Passwort an.',
  'identity.admin.removeSubmit': 'Anmeldedienst endgültig entfernen',
  'identity.admin.cancel': 'Abbrechen',
  'identity.provider.error.metadataSize':
    'Die Metadaten sind zu groß (höchstens 256 KiB). Bitte fügen Sie nur die Metadaten dieses Anmeldedienstes ein.',
  'identity.provider.error.metadataFile':
    'Die Metadaten-Datei ist zu groß (höchstens 256 KiB) oder keine Textdatei.',
  'identity.provider.error.metadataBoth':
    'Bitte fügen Sie die Metadaten ein oder laden Sie sie hoch, nicht beides.',
  'identity.provider.error.metadataMissing':
    'Bitte fügen Sie die Metadaten (XML) ein oder laden Sie die Datei hoch.',
  'identity.provider.error.metadataXml':
    'Das sind keine lesbaren XML-Metadaten. Bitte fügen Sie die Metadaten des Anmeldedienstes unverändert ein.',
  'identity.provider.error.metadataDoctype':
    'Metadaten mit DOCTYPE- oder ENTITY-Angaben liest das Portal aus Sicherheitsgründen nicht. Bitte fragen Sie den Anmeldedienst nach Metadaten ohne DOCTYPE.',
  'identity.provider.error.metadataNotMetadata':
    'Das ist kein SAML-Metadatendokument (EntityDescriptor oder EntitiesDescriptor).',
  'identity.provider.error.metadataNoIdp':
    'Die Metadaten beschreiben keinen SAML-2.0-Anmeldedienst (kein IDPSSODescriptor).',
  'identity.provider.error.metadataSeveral':
    'Die Metadaten beschreiben mehrere Anmeldedienste: {entityIds}. Bitte fügen Sie nur den EntityDescriptor des gewünschten Dienstes ein.',
  'identity.provider.error.metadataOutdated':
    'Die Metadaten sind abgelaufen (validUntil liegt in der Vergangenheit). Bitte holen Sie aktuelle Metadaten beim Anmeldedienst.',
  'identity.provider.error.metadataNoEntityId': 'In den Metadaten fehlt die Entity-ID (entityID).',
  'identity.provider.error.metadataNoSso':
    'In den Metadaten fehlt die Adresse für die Anmeldung (SingleSignOnService mit HTTP-POST oder HTTP-Redirect).',
  'identity.provider.error.metadataNoCert':
    'In den Metadaten steht kein Signaturzertifikat (KeyDescriptor mit use="signing" oder ohne use).',
  'identity.provider.error.metadataCertCount':
    'In den Metadaten stehen mehr als zwei Signaturzertifikate; hinterlegt werden höchstens zwei.',
  'identity.provider.error.metadataCertExpired':
    'Ein Signaturzertifikat in den Metadaten ist abgelaufen. Bitte holen Sie aktuelle Metadaten beim Anmeldedienst.',
  'identity.provider.error.metadataCertBad':
    'Ein Signaturzertifikat in den Metadaten lässt sich nicht lesen.',
  'identity.provider.error.issuerConfirm':
    'Bitte bestätigen Sie, dass Sie die neue Entity-ID beziehungsweise Issuer-URL geprüft haben.',
  'identity.provider.error.attributeMap':
    'Bitte ordnen Sie jede Angabe einem Profilfeld zu, eine Zeile je Angabe, etwa urn:oid:2.5.4.42=given_name; jedes Profilfeld höchstens einmal.',
  'identity.admin.field.metadata': 'Metadaten (XML)',
  'identity.admin.field.metadataHint':
    'Fügen Sie die Metadaten des Anmeldedienstes ein oder laden Sie die Datei hoch und wählen Sie „Metadaten übernehmen“. Leere Felder werden daraus gefüllt; was Sie selbst eintragen, gilt.',
  'identity.admin.field.metadataFile': 'Oder Metadaten-Datei hochladen (.xml)',
  'identity.admin.metadataSubmit': 'Metadaten übernehmen',
  'identity.admin.metadata.read':
    'Die Metadaten von {entityId} sind gelesen und die Felder ausgefüllt. Bitte prüfen Sie die Angaben und speichern Sie dann.',
  'identity.admin.metadata.certs': 'Signaturzertifikate aus den Metadaten',
  'identity.admin.metadata.certsHint':
    'Diese Zertifikate werden hinterlegt, wenn Sie kein eigenes Zertifikat einfügen. Bitte vergleichen Sie die Fingerabdrücke mit denen, die der Anmeldedienst veröffentlicht.',
  'identity.admin.metadata.signed':
    'Die Metadaten sind signiert. Diese Signatur prüft das Portal nicht; maßgeblich ist Ihr Vergleich der Fingerabdrücke.',
  'identity.admin.metadata.redirect':
    'Der Anmeldedienst nennt für die Anmeldung nur HTTP-Redirect; das Portal sendet per HTTP-POST. Bitte klären Sie, ob die Adresse beides annimmt.',
  'identity.admin.field.attributeMap': 'Übernommene Angaben (Attribut=Profilfeld)',
  'identity.admin.field.attributeMapHint':
    'Eine Zeile je Angabe. Profilfelder: given_name, family_name, birth_date, street, postcode, city, email. Leer: bei SAML die Zuordnung von BundID, bei OIDC keine Angaben.',
  'identity.admin.field.issuerConfirm':
    'Ich habe geprüft, dass unter der neuen Entity-ID beziehungsweise Issuer-URL derselbe Anmeldedienst dieselben Personen anmeldet.',
  'identity.admin.field.issuerConfirmHint':
    'Nur nötig, wenn Sie die Entity-ID oder Issuer-URL ändern: Die Verknüpfungen der Bürgerkonten bleiben mit diesem Anmeldedienst verbunden. Meldete der Dienst unter der neuen Kennung andere Personen an, kämen sie in fremde Konten.',
} as const;
