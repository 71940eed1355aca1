// German UI text of the Verbund start page, the finder and the authorities' portal fronts.
export const tenancyDe = {
  'tenancy.start.title': 'Online-Verwaltung im {verbund}',
  'tenancy.start.pageTitle': 'Startseite',
  'tenancy.start.lead':
    'Hier erreichen Sie die Online-Dienste der Kreisverwaltung und der {count} Städte, Gemeinden und Samtgemeinden im {county} – mit einem Konto für alle.',
  'tenancy.start.county': 'Kreisverwaltung',
  'tenancy.start.members': 'Städte, Gemeinden und Samtgemeinden',
  'tenancy.start.memberCount': '{count} Mitgliedsgemeinden',
  'tenancy.kind.county': 'Landkreis',
  'tenancy.kind.city': 'Stadt',
  'tenancy.kind.municipality': 'Gemeinde',
  'tenancy.kind.joint_municipality': 'Samtgemeinde',
  'tenancy.status.live': 'Online',
  'tenancy.status.onboarding': 'In Vorbereitung',
  'tenancy.finder.heading': 'Wo wohnen Sie?',
  'tenancy.finder.title': 'Zuständige Verwaltung finden',
  'tenancy.finder.label': 'Postleitzahl oder Name Ihrer Gemeinde',
  'tenancy.finder.hint': 'Zum Beispiel 49716 oder Meppen',
  'tenancy.finder.submit': 'Verwaltung finden',
  'tenancy.finder.errorSummary': 'Es gibt ein Problem',
  'tenancy.finder.errorEmpty': 'Geben Sie Ihre Postleitzahl oder den Namen Ihrer Gemeinde ein.',
  'tenancy.finder.errorPostcodeFormat':
    'Eine Postleitzahl besteht aus genau fünf Ziffern, zum Beispiel 49716.',
  'tenancy.finder.errorTooShort': 'Geben Sie mindestens zwei Buchstaben des Gemeindenamens ein.',
  'tenancy.finder.errorTooLong': 'Ihre Eingabe ist zu lang. Geben Sie höchstens 100 Zeichen ein.',
  'tenancy.finder.resultsHeading': 'Suchergebnis für „{query}“',
  'tenancy.finder.resultsIntro': 'Wählen Sie Ihre Gemeinde:',
  'tenancy.finder.placement': '{municipality}: zuständig ist {authority}',
  'tenancy.finder.noPostcodeMatch':
    'Zur Postleitzahl {postcode} haben wir keine Gemeinde im {verbund} gefunden. Suchen Sie bitte mit dem Namen Ihrer Gemeinde.',
  'tenancy.finder.noNameMatch':
    'Wir haben keine Gemeinde namens „{query}“ im {verbund} gefunden. Prüfen Sie bitte die Schreibweise oder suchen Sie mit Ihrer Postleitzahl.',
  'tenancy.finder.postcodeNote':
    'Wir kennen für jede Gemeinde die Postleitzahl ihres Verwaltungssitzes. Findet die Suche Ihre Postleitzahl nicht, suchen Sie bitte nach dem Namen Ihrer Gemeinde.',
  'tenancy.finder.allAuthorities': 'Alle Verwaltungen im Überblick',
  'tenancy.portal.yourMunicipality':
    'Für Ihre Gemeinde {municipality} ist die {authority} zuständig.',
  'tenancy.portal.live': 'Die {authority} bietet ihre Online-Dienste in diesem Portal an.',
  'tenancy.portal.onboarding':
    'Das Online-Angebot der {authority} wird gerade eingerichtet. Bis dahin erreichen Sie die Verwaltung über die Kontaktdaten auf dieser Seite.',
  'tenancy.portal.contact': 'Kontakt',
  'tenancy.portal.address': 'Anschrift',
  'tenancy.portal.phone': 'Telefon',
  'tenancy.portal.email': 'E-Mail',
  'tenancy.portal.website': 'Internetseite',
  'tenancy.portal.contactPending':
    'Telefonnummer und E-Mail-Adresse trägt die Verwaltung bei der Einrichtung ihres Portals ein.',
  'tenancy.portal.members': 'Mitgliedsgemeinden',
  'tenancy.portal.countyServices':
    'Für Leistungen des Landkreises, zum Beispiel die Kfz-Zulassung oder die Baugenehmigung, ist der {county} zuständig.',
  'tenancy.portal.toCounty': 'Zum Portal: {county}',
  'tenancy.portal.population': '{population} Einwohnerinnen und Einwohner (Stand {date})',
  'tenancy.portal.keys': 'Regionalschlüssel {ars}',
  'tenancy.portal.back': 'Zurück zur Übersicht',
} as const;
