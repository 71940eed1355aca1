import type { onlineServicesDe } from './messages.de.ts';

// English UI text of "Online-Dienste", key for key (views.ts).
export const onlineServicesEn: Record<keyof typeof onlineServicesDe, string> = {
  'onlineServices.nav': 'Online services',
  'onlineServices.title': 'Online services',
  'onlineServices.lead':
    'Choose which online services of {verbund} {authority} offers. Citizens can only apply online for a service where it is offered.',
  'onlineServices.leadCounty':
    'Choose which county-level online services {authority} offers. A county-level service applies to every municipality of the network.',
  'onlineServices.trustNote':
    'The administration of {verbund} sets each service’s trust level once for every authority; it cannot be changed here.',
  'onlineServices.caption': 'Online services: {authority}',
  'onlineServices.col.service': 'Online service',
  'onlineServices.col.status': 'Status',
  'onlineServices.col.trust': 'Trust level',
  'onlineServices.col.actions': 'Actions',
  'onlineServices.none': 'The network has not set up any online services for your level yet.',
  'onlineServices.offeredSince': 'Offered since {date}',
  'onlineServices.offeredFrom': 'Offered from {date}',
  'onlineServices.notOffered': 'Not offered',
  'onlineServices.trust': 'Trust level {level}',
  'onlineServices.anonymous': 'also usable without a citizen account',
  'onlineServices.offer': 'Offer',
  'onlineServices.offerLabel': 'Offer: {title}',
  'onlineServices.withdraw': 'Stop offering',
  'onlineServices.withdrawLabel': 'Stop offering: {title}',
  'onlineServices.edit': 'Edit details',
  'onlineServices.editLabel': 'Edit details: {title}',
  'onlineServices.portal': 'See the service as citizens see it: {title}',
  'onlineServices.done.offered':
    '“{title}” is offered now. Citizens can apply online for it straight away.',
  'onlineServices.done.withdrawn':
    '“{title}” is no longer offered. New applications to your authority are no longer possible.',
  'onlineServices.done.updated': 'The details of “{title}” have been saved.',
  'onlineServices.done.unchanged': 'The details of “{title}” were already saved like this.',
  'onlineServices.already.offered':
    '“{title}” is already offered (for example after a second click). Nothing was changed.',
  'onlineServices.already.withdrawn': '“{title}” is already not offered. Nothing was changed.',
  'onlineServices.back': 'Back to the online services',
  'onlineServices.confirm.title': 'Stop offering “{title}”?',
  'onlineServices.confirm.lead':
    'Citizens can then no longer start “{title}” online with your authority ({authority}). The service’s page in the portal will say that it is not offered online here.',
  'onlineServices.confirm.drafts':
    'Drafts citizens have already started are kept: they can go on filling them in and send them until they expire after {days} days without a change. Those applications then reach your authority as before.',
  'onlineServices.confirm.applications':
    'Sent applications stay in the inbox and are processed as before; messages about them remain possible.',
  'onlineServices.confirm.texts':
    'Your own details of this service (description, fees, contact) are deleted. If you offer it again later, the network’s texts apply at first.',
  'onlineServices.confirm.submit': 'Yes, stop offering',
  'onlineServices.confirm.cancel': 'Cancel',
  'onlineServices.edit.title': 'Details of “{title}”',
  'onlineServices.edit.lead':
    'Citizens see these details on the service’s page when your authority is responsible. Leave a field empty to use the network’s text or your authority’s general contact.',
  'onlineServices.edit.form': 'Details of the online service',
  'onlineServices.edit.verbundText': 'The network’s text: {text}',
  'onlineServices.edit.verbundNone': 'The network has no text for this.',
  'onlineServices.edit.generalContact': 'Empty: {value} (your authority’s general contact)',
  'onlineServices.edit.generalNone': 'Empty: nothing shown',
  'onlineServices.field.description': 'Description',
  'onlineServices.field.fees': 'Fees',
  'onlineServices.field.contactUnit': 'Responsible office (for example Ordnungsamt)',
  'onlineServices.field.contactPhone': 'Phone',
  'onlineServices.field.contactEmail': 'E-mail address',
  'onlineServices.edit.submit': 'Save details',
  'onlineServices.error.summary': 'Please check your details',
  'onlineServices.error.descriptionTooLong':
    'The description may be at most 5,000 characters long.',
  'onlineServices.error.feesTooLong': 'The fees may be at most 1,000 characters long.',
  'onlineServices.error.unitTooLong': 'The responsible office may be at most 200 characters long.',
  'onlineServices.error.phone':
    'Enter a phone number made of digits, for example 05952 206-0, or leave the field empty.',
  'onlineServices.error.email':
    'Enter an e-mail address such as ordnungsamt@soegel.de, or leave the field empty.',
  'onlineServices.notOfferedEdit':
    'Your authority does not offer “{title}”. Offer the service first, then you can edit its details.',
};
