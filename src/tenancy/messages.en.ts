import type { tenancyDe } from './messages.de.ts';

export const tenancyEn: Record<keyof typeof tenancyDe, string> = {
  'tenancy.start.title': 'Online administration in the {verbund}',
  'tenancy.start.pageTitle': 'Home',
  'tenancy.start.lead':
    'Use the online services of the county administration and of the {count} towns, municipalities and joint municipalities in the {county} here, with one account for all.',
  'tenancy.start.county': 'County administration',
  'tenancy.start.members': 'Towns, municipalities and joint municipalities',
  'tenancy.start.memberCount': '{count} member municipalities',
  'tenancy.kind.county': 'County',
  'tenancy.kind.city': 'Town',
  'tenancy.kind.municipality': 'Municipality',
  'tenancy.kind.joint_municipality': 'Joint municipality (Samtgemeinde)',
  'tenancy.status.live': 'Online',
  'tenancy.status.onboarding': 'Being set up',
  'tenancy.finder.heading': 'Where do you live?',
  'tenancy.finder.title': 'Find the responsible administration',
  'tenancy.finder.label': 'Postcode or name of your municipality',
  'tenancy.finder.hint': 'For example 49716 or Meppen',
  'tenancy.finder.submit': 'Find administration',
  'tenancy.finder.errorSummary': 'There is a problem',
  'tenancy.finder.errorEmpty': 'Enter your postcode or the name of your municipality.',
  'tenancy.finder.errorPostcodeFormat': 'A postcode has exactly five digits, for example 49716.',
  'tenancy.finder.errorTooShort': 'Enter at least two letters of the municipality name.',
  'tenancy.finder.errorTooLong': 'Your entry is too long. Enter no more than 100 characters.',
  'tenancy.finder.resultsHeading': 'Results for “{query}”',
  'tenancy.finder.resultsIntro': 'Choose your municipality:',
  'tenancy.finder.placement': '{municipality}: handled by {authority}',
  'tenancy.finder.noPostcodeMatch':
    'We found no municipality with the postcode {postcode} in the {verbund}. Please search by the name of your municipality.',
  'tenancy.finder.noNameMatch':
    'We found no municipality called “{query}” in the {verbund}. Please check the spelling or search by your postcode.',
  'tenancy.finder.postcodeNote':
    'We know the postcode of each municipality’s town hall. If your postcode is not found, please search by the name of your municipality.',
  'tenancy.finder.allAuthorities': 'All administrations at a glance',
  'tenancy.portal.yourMunicipality':
    '{authority} is responsible for your municipality {municipality}.',
  'tenancy.portal.live': '{authority} offers its online services on this portal.',
  'tenancy.portal.onboarding':
    'The online services of {authority} are being set up. Until then, please contact the administration using the details on this page.',
  'tenancy.portal.contact': 'Contact',
  'tenancy.portal.address': 'Address',
  'tenancy.portal.phone': 'Telephone',
  'tenancy.portal.email': 'E-mail',
  'tenancy.portal.website': 'Website',
  'tenancy.portal.contactPending':
    'The administration enters its telephone number and e-mail address when it sets up its portal.',
  'tenancy.portal.members': 'Member municipalities',
  'tenancy.portal.countyServices':
    'County services, such as vehicle registration or building permits, are handled by {county}.',
  'tenancy.portal.toCounty': 'Go to the portal: {county}',
  'tenancy.portal.population': '{population} inhabitants (as of {date})',
  'tenancy.portal.keys': 'Regional key {ars}',
  'tenancy.portal.back': 'Back to the overview',
};
