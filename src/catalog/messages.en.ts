import type { catalogDe } from './messages.de.ts';

export const catalogEn: Record<keyof typeof catalogDe, string> = {
  'catalog.online': 'Online',
  'catalog.breadcrumbs': 'You are here',
  'catalog.errorSummary': 'There is a problem',
  'catalog.ozgId': 'OZG ID {id}',
  'catalog.source':
    'Service catalogue: OZG-Datenbank NRW, as of 2019 (© 2020 Gert Hammes, MIT License). Some entries may be out of date. Service names are in German.',
  'catalog.home.title': 'Services',
  'catalog.home.lead':
    'Find administrative services from A to Z, see who is responsible where you live, and apply online wherever the {verbund} already offers it.',
  'catalog.home.online': 'Already online',
  'catalog.home.offeredBy': 'at {count} administrations',
  'catalog.home.offeredByCounty': 'by the county, for all municipalities',
  'catalog.home.subjects': 'Topics',
  'catalog.home.subjectCount': '{situations} life situations, {services} services',
  'catalog.portal.searchHeading': 'Search services',
  'catalog.portal.searchLabel': 'What would you like to do?',
  'catalog.portal.searchSubmit': 'Search services',
  'catalog.portal.popular': 'Frequently used online services',
  'catalog.portal.all': 'All services and online services',
  'catalog.portal.ofAuthority': 'Online services',
  'catalog.portal.ofAuthorityLead': '{authority} offers these services online:',
  'catalog.portal.none': '{authority} does not offer online services of its own yet.',
  'catalog.portal.countyWide': 'Online services of {county} for all municipalities',
  'catalog.portal.countyWideHint':
    'You use these services online directly with {county}, for every municipality in the portal network.',
  'catalog.search.heading': 'Search for a service',
  'catalog.search.label': 'Search term',
  'catalog.search.hint':
    'For example Osterfeuer (Easter bonfire), Hundesteuer (dog tax) or Sperrmüll (bulky waste)',
  'catalog.search.submit': 'Search',
  'catalog.search.errorEmpty': 'Enter a search term, for example Osterfeuer.',
  'catalog.search.errorTooLong': 'Your search term is too long. Enter no more than 100 characters.',
  'catalog.search.errorTooShort': 'Enter a word of at least two letters or digits.',
  'catalog.search.resultsTitle': 'Results for “{query}”',
  'catalog.search.resultsHeading': 'Results for “{query}”',
  'catalog.search.none': 'We found no service for “{query}”.',
  'catalog.search.noneHint':
    'Check the spelling, try another word (service names are in German, such as “Hund” for dog) or browse the topics.',
  'catalog.search.count': '{count} services found.',
  'catalog.search.countOne': 'One service found.',
  'catalog.search.page': 'Page {page} of {pages}.',
  'catalog.search.partial':
    'No service contains all of your search words. These services contain some of them:',
  'catalog.search.inOzg': 'Part of: {name}',
  'catalog.search.pagination': 'More results',
  'catalog.search.previous': 'Previous page',
  'catalog.search.next': 'Next page',
  'catalog.subject.preline': 'Topic',
  'catalog.subject.lead': 'Choose a life situation to see all services that belong to it.',
  'catalog.situation.preline': 'Life situation',
  'catalog.service.preline': 'Service',
  'catalog.service.catalogueName': 'In the service catalogue: {name}',
  'catalog.service.responsibility': 'Responsibility and application',
  'catalog.service.notOffered':
    'There is no online application for this service in the {verbund} yet.',
  'catalog.service.notOfferedHow':
    'Please contact your town, municipality or joint municipality. They will help you or tell you who is responsible.',
  'catalog.service.findAuthority': 'Find the responsible administration',
  'catalog.place.needed':
    'Who is responsible for this service depends on where you live. Choose your municipality.',
  'catalog.place.label': 'Your municipality',
  'catalog.place.hint': 'The municipality where you live or where your matter is located',
  'catalog.place.choose': 'Please choose',
  'catalog.place.submit': 'Show responsibility',
  'catalog.place.change': 'Choose another municipality',
  'catalog.place.fromProfile': '(municipality from your account)',
  'catalog.place.errorUnknown': 'Choose your municipality from the list.',
  'catalog.responsibility.municipal': '{authority} is responsible for {municipality}.',
  'catalog.responsibility.county':
    '{county} is responsible, for all towns and municipalities in the county.',
  'catalog.responsibility.online': 'You can apply for this service online with {authority}.',
  'catalog.responsibility.apply': 'Apply online',
  'catalog.responsibility.notActivated': 'This service is not yet available online at {authority}.',
  'catalog.responsibility.scheduled':
    '{authority} will offer this service online soon, but not yet today.',
  'catalog.responsibility.onboarding':
    'The online services of {authority} are being set up; this service is not yet available online there.',
  'catalog.responsibility.onlineCounty': 'You can apply for this service online with {authority}.',
  'catalog.responsibility.notActivatedCounty':
    'This service is not yet available online at {authority}.',
  'catalog.responsibility.scheduledCounty':
    '{authority} will offer this service online soon, but not yet today.',
  'catalog.responsibility.onboardingCounty':
    'The online services of the county are being set up; this service is not yet available online there.',
  'catalog.responsibility.howOffline':
    'Until then, apply in writing, by e-mail, by telephone or in person with the administration below.',
  'catalog.responsibility.contact': 'Contact',
  'catalog.responsibility.fees': 'Fees',
  'catalog.trust.anonymous': 'You can also send the report without an account.',
  'catalog.trust.basic': 'You need a citizen account with an e-mail address and a password.',
  'catalog.trust.low':
    'You need a citizen account and sign in with a second factor (assurance level “low”).',
  'catalog.trust.substantial':
    'This service requires the trust level “substantial” – sign in with BundID (online ID card), because your identity must be established securely.',
  'catalog.trust.high':
    'You sign in with the online ID function of your identity card (assurance level “high”).',
  'catalog.contact.authority': 'Administration',
  'catalog.contact.phone': 'Telephone',
  'catalog.contact.email': 'E-mail',
  'catalog.contact.website': 'Website',
  'catalog.contact.pending':
    'The administration enters its telephone number and e-mail address when it sets up its portal.',
  'catalog.contact.portal': 'Portal page: {authority}',
  'catalog.details.heading': 'Details from the service catalogue',
  'catalog.details.leikaKey': 'LeiKa key',
  'catalog.details.noLeikaKey': 'not in the LeiKa',
  'catalog.details.ozg': 'OZG service',
  'catalog.details.ozgValue': '{name} (OZG ID {id})',
  'catalog.details.legalBasis': 'Legal basis',
  'catalog.details.lawText': 'text of the law',
  'catalog.details.laws': 'Laws',
  'catalog.details.synonyms': 'Also known as',
  'catalog.activation.errorTooLong': 'The text is too long.',
  'catalog.activation.errorPhone': 'Enter a telephone number, for example 05931 44-0.',
  'catalog.activation.errorEmail': 'Enter an e-mail address, for example office@municipality.de.',
};
