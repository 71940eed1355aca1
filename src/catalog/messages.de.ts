// German UI text of the service catalogue: search, Themenfelder, Lebenslagen, service pages.
export const catalogDe = {
  'catalog.online': 'Online',
  'catalog.breadcrumbs': 'Sie sind hier',
  'catalog.errorSummary': 'Es gibt ein Problem',
  'catalog.ozgId': 'OZG-ID {id}',
  'catalog.source':
    'Leistungskatalog: OZG-Datenbank NRW, Stand 2019 (© 2020 Gert Hammes, MIT-Lizenz). Einzelne Einträge können veraltet sein.',
  'catalog.home.title': 'Leistungen',
  'catalog.home.lead':
    'Finden Sie Verwaltungsleistungen von A wie Abfall bis Z wie Zulassung, sehen Sie, wer für Ihren Wohnort zuständig ist, und stellen Sie Anträge online, wo der {verbund} es schon anbietet.',
  'catalog.home.online': 'Schon online',
  'catalog.home.offeredBy': 'bei {count} Verwaltungen',
  'catalog.home.offeredByCounty': 'beim Landkreis, für alle Gemeinden',
  'catalog.home.subjects': 'Themenfelder',
  'catalog.home.subjectCount': '{situations} Lebenslagen, {services} Leistungen',
  'catalog.portal.searchHeading': 'Leistungen suchen',
  'catalog.portal.searchLabel': 'Was möchten Sie erledigen?',
  'catalog.portal.searchSubmit': 'Leistungen suchen',
  'catalog.portal.popular': 'Häufig genutzte Online-Dienste',
  'catalog.portal.all': 'Alle Leistungen und Online-Dienste',
  'catalog.portal.ofAuthority': 'Online-Dienste',
  'catalog.portal.ofAuthorityLead': 'Diese Leistungen bietet {authority} online an:',
  'catalog.portal.none': '{authority} bietet noch keine eigenen Online-Dienste an.',
  'catalog.portal.countyWide': 'Online-Dienste vom {county} für alle Gemeinden',
  'catalog.portal.countyWideHint':
    'Diese Leistungen erledigen Sie online direkt beim {county}, für jede Gemeinde im Portalverbund.',
  'catalog.search.heading': 'Leistung suchen',
  'catalog.search.label': 'Suchbegriff',
  'catalog.search.hint': 'Zum Beispiel Osterfeuer, Hundesteuer oder Sperrmüll',
  'catalog.search.submit': 'Suchen',
  'catalog.search.errorEmpty': 'Geben Sie einen Suchbegriff ein, zum Beispiel Osterfeuer.',
  'catalog.search.errorTooLong':
    'Ihr Suchbegriff ist zu lang. Geben Sie höchstens 100 Zeichen ein.',
  'catalog.search.errorTooShort':
    'Geben Sie ein Wort mit mindestens zwei Buchstaben oder Ziffern ein.',
  'catalog.search.resultsTitle': 'Suchergebnis für „{query}“',
  'catalog.search.resultsHeading': 'Suchergebnis für „{query}“',
  'catalog.search.none': 'Zu „{query}“ haben wir keine Leistung gefunden.',
  'catalog.search.noneHint':
    'Prüfen Sie die Schreibweise, versuchen Sie ein anderes Wort (etwa „Hund“ statt „Dackel“) oder suchen Sie über die Themenfelder.',
  'catalog.search.count': '{count} Leistungen gefunden.',
  'catalog.search.countOne': 'Eine Leistung gefunden.',
  'catalog.search.page': 'Seite {page} von {pages}.',
  'catalog.search.partial':
    'Keine Leistung enthält alle Ihre Suchwörter. Diese Leistungen enthalten einzelne davon:',
  'catalog.search.inOzg': 'Gehört zu: {name}',
  'catalog.search.pagination': 'Weitere Suchergebnisse',
  'catalog.search.previous': 'Vorherige Seite',
  'catalog.search.next': 'Nächste Seite',
  'catalog.subject.preline': 'Themenfeld',
  'catalog.subject.lead': 'Wählen Sie eine Lebenslage, um alle Leistungen dazu zu sehen.',
  'catalog.situation.preline': 'Lebenslage',
  'catalog.service.preline': 'Leistung',
  'catalog.service.catalogueName': 'Im Leistungskatalog: {name}',
  'catalog.service.responsibility': 'Zuständigkeit und Antrag',
  'catalog.service.notOffered':
    'Für diese Leistung gibt es im {verbund} noch keinen Online-Antrag.',
  'catalog.service.notOfferedHow':
    'Wenden Sie sich bitte an Ihre Stadt-, Gemeinde- oder Samtgemeindeverwaltung. Sie hilft Ihnen weiter oder nennt Ihnen die zuständige Stelle.',
  'catalog.service.findAuthority': 'Zuständige Verwaltung finden',
  'catalog.place.needed':
    'Wer für diese Leistung zuständig ist, hängt von Ihrem Wohnort ab. Wählen Sie Ihre Gemeinde.',
  'catalog.place.label': 'Ihre Gemeinde',
  'catalog.place.hint': 'Die Gemeinde, in der Sie wohnen oder in der Ihr Anliegen liegt',
  'catalog.place.choose': 'Bitte wählen',
  'catalog.place.submit': 'Zuständigkeit anzeigen',
  'catalog.place.change': 'Andere Gemeinde wählen',
  'catalog.place.fromProfile': '(Gemeinde aus Ihrem Konto)',
  'catalog.place.errorUnknown': 'Wählen Sie Ihre Gemeinde aus der Liste.',
  'catalog.responsibility.municipal': 'Für {municipality} ist die {authority} zuständig.',
  'catalog.responsibility.county':
    'Zuständig ist der {county}, für alle Städte und Gemeinden im Landkreis.',
  'catalog.responsibility.online':
    'Sie können diese Leistung bei der {authority} online beantragen.',
  'catalog.responsibility.apply': 'Online beantragen',
  'catalog.responsibility.notActivated':
    'Bei der {authority} ist diese Leistung noch nicht online verfügbar.',
  'catalog.responsibility.scheduled':
    'Die {authority} bietet diese Leistung bald online an, aber noch nicht heute.',
  'catalog.responsibility.onboarding':
    'Das Online-Angebot der {authority} wird gerade eingerichtet; diese Leistung ist dort noch nicht online verfügbar.',
  'catalog.responsibility.onlineCounty':
    'Sie können diese Leistung beim {authority} online beantragen.',
  'catalog.responsibility.notActivatedCounty':
    'Beim {authority} ist diese Leistung noch nicht online verfügbar.',
  'catalog.responsibility.scheduledCounty':
    'Der {authority} bietet diese Leistung bald online an, aber noch nicht heute.',
  'catalog.responsibility.onboardingCounty':
    'Das Online-Angebot des Landkreises wird gerade eingerichtet; diese Leistung ist dort noch nicht online verfügbar.',
  'catalog.responsibility.howOffline':
    'So beantragen Sie sie bis dahin: Wenden Sie sich schriftlich, per E-Mail, telefonisch oder persönlich an die Verwaltung unten.',
  'catalog.responsibility.contact': 'Kontakt',
  'catalog.responsibility.fees': 'Gebühren',
  'catalog.trust.anonymous': 'Sie können die Meldung auch ohne Konto abgeben.',
  'catalog.trust.basic': 'Sie brauchen ein Bürgerkonto mit E-Mail-Adresse und Passwort.',
  'catalog.trust.low':
    'Sie brauchen ein Bürgerkonto und melden sich mit einem zweiten Faktor an (Vertrauensniveau „niedrig“).',
  'catalog.trust.substantial':
    'Diese Leistung erfordert das Vertrauensniveau „substantiell“ – Anmeldung mit BundID (Online-Ausweis), weil Ihre Identität sicher feststehen muss.',
  'catalog.trust.high':
    'Sie melden sich mit der Online-Ausweisfunktion Ihres Personalausweises an (Vertrauensniveau „hoch“).',
  'catalog.contact.authority': 'Verwaltung',
  'catalog.contact.phone': 'Telefon',
  'catalog.contact.email': 'E-Mail',
  'catalog.contact.website': 'Internetseite',
  'catalog.contact.pending':
    'Telefonnummer und E-Mail-Adresse trägt die Verwaltung bei der Einrichtung ihres Portals ein.',
  'catalog.contact.portal': 'Portalseite: {authority}',
  'catalog.details.heading': 'Angaben aus dem Leistungskatalog',
  'catalog.details.leikaKey': 'LeiKa-Schlüssel',
  'catalog.details.noLeikaKey': 'nicht im LeiKa',
  'catalog.details.ozg': 'OZG-Leistung',
  'catalog.details.ozgValue': '{name} (OZG-ID {id})',
  'catalog.details.legalBasis': 'Rechtsgrundlage',
  'catalog.details.lawText': 'Gesetzestext',
  'catalog.details.laws': 'Gesetze',
  'catalog.details.synonyms': 'Auch bekannt als',
  'catalog.activation.errorTooLong': 'Der Text ist zu lang.',
  'catalog.activation.errorPhone': 'Geben Sie eine Telefonnummer ein, zum Beispiel 05931 44-0.',
  'catalog.activation.errorEmail':
    'Geben Sie eine E-Mail-Adresse ein, zum Beispiel ordnungsamt@gemeinde.de.',
} as const;
