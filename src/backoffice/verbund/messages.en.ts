// English UI text of the Verbund office ("Behörden", "Leistungskatalog"; views.ts).
import type { verbundDe } from './messages.de.ts';

export const verbundEn: Record<keyof typeof verbundDe, string> = {
  'verbund.nav.authorities': 'Authorities',
  'verbund.nav.catalogue': 'Service catalogue',
  'verbund.nav.auditors': 'Verbund auditing',
  'verbund.nav.admins': 'Verbund administration',
  'verbund.auditors.title': 'Verbund auditing',
  'verbund.auditors.lead':
    'Staff with the auditor role in the Verbund read the Verbund audit log: every change to online services and sign-in services, and sign-ins outside an authority. The Verbund administration does not read it itself. The invited person receives the invitation link by e-mail.',
  'verbund.auditors.self':
    'You cannot invite yourself to audit the Verbund: someone else reads the log of your changes.',
  'verbund.auditors.invite': 'Invite an auditor',
  'verbund.auditors.list': 'Who audits the Verbund',
  'verbund.auditors.caption': 'Auditors of the Verbund',
  'verbund.auditors.none': 'Nobody audits the Verbund yet.',
  'verbund.members.col.name': 'Name',
  'verbund.members.col.email': 'E-mail address',
  'verbund.members.col.since': 'Since',
  'verbund.members.col.status': 'Access',
  'verbund.members.col.action': 'Change',
  'verbund.members.active': 'Active',
  'verbund.members.locked': 'Locked',
  'verbund.members.invited': 'Invited',
  'verbund.members.lock': 'Lock access',
  'verbund.members.unlock': 'Restore access',
  'verbund.members.lockFor': 'Lock access: {name}',
  'verbund.members.unlockFor': 'Restore access: {name}',
  'verbund.members.unlockedDone': "{name}'s access is restored.",
  'verbund.members.yourself': 'Your own access',
  'verbund.members.refused.self':
    'You cannot lock your own access. Another person with this role can.',
  'verbund.members.refused.lastAdmin':
    'The access was not locked: the Verbund would have no active administrator left.',
  'verbund.auditors.lockedDone': "{name}'s access to the Verbund audit log is locked.",
  'verbund.admins.title': 'Verbund administration',
  'verbund.admins.lead':
    'Administrators of the Verbund look after its authorities, service catalogue, online services and sign-in services. Invite further people or lock their access; the invited person receives the invitation link by e-mail. Your own access and that of the last active administrator cannot be locked here.',
  'verbund.admins.self': 'You administer the Verbund already. Please invite someone else.',
  'verbund.admins.invite': 'Invite an administrator',
  'verbund.admins.list': 'Who administers the Verbund',
  'verbund.admins.caption': 'Administrators of the Verbund',
  'verbund.admins.none': 'Nobody administers the Verbund yet.',
  'verbund.admins.lockedDone': "{name}'s access to the Verbund administration is locked.",
  'verbund.forbidden.title': 'No access',
  'verbund.forbidden':
    "Only staff with the Verbund administration role manage the Verbund's authorities and service catalogue.",
  'verbund.list.title': 'Authorities',
  'verbund.list.lead':
    'Every authority of the Verbund: the county and its member municipalities. Applications and their content are not shown here.',
  'verbund.list.caption': 'Authorities in the Verbund',
  'verbund.col.name': 'Authority',
  'verbund.col.kind': 'Kind',
  'verbund.col.status': 'Status',
  'verbund.col.live': 'Online since',
  'verbund.col.services': 'Online services',
  'verbund.col.staff': 'Active staff',
  'verbund.status.onboarding': 'being set up',
  'verbund.status.live': 'online',
  'verbund.notLive': '–',
  'verbund.open': '{name}: contact data, status and administration',
  'verbund.detail.back': 'Back to the authorities',
  'verbund.detail.facts': 'Overview',
  'verbund.contact.title': 'Contact data',
  'verbund.contact.lead':
    "This is how the contact data appear on the authority's portal page. The portal leaves out empty fields.",
  'verbund.contact.street': 'Street and number',
  'verbund.contact.phone': 'Phone',
  'verbund.contact.phoneHint': 'For example 05931 44-0',
  'verbund.contact.email': 'E-mail address',
  'verbund.contact.website': 'Website',
  'verbund.contact.websiteHint': 'With https://, for example https://www.meppen.de',
  'verbund.contact.submit': 'Save contact data',
  'verbund.contact.saved': 'The contact data were saved.',
  'verbund.contact.error.streetTooLong': 'The address may be at most 200 characters long.',
  'verbund.contact.error.phone': 'Please enter a phone number made of digits, e.g. 05931 44-0.',
  'verbund.contact.error.email': 'Please enter a valid e-mail address, e.g. info@meppen.de.',
  'verbund.contact.error.website':
    'Please enter a web address starting with http:// or https://, e.g. https://www.meppen.de.',
  'verbund.live.title': 'Take live',
  'verbund.live.lead':
    'While the authority is being set up, the portal shows its contact data only. Once live, it offers its online services in the portal.',
  'verbund.live.start': 'Take live …',
  'verbund.live.confirmTitle': 'Take {name} live?',
  'verbund.live.confirmLead':
    'The portal will then show {name} as online and offer its online services. This cannot be undone here.',
  'verbund.live.submit': 'Yes, take live',
  'verbund.live.cancel': 'Cancel',
  'verbund.live.done': '{name} is online now.',
  'verbund.live.already': '{name} is online already.',
  'verbund.live.since': 'The authority has been online since {date}.',
  'verbund.invite.title': 'Invite an administrator',
  'verbund.invite.lead':
    'The person invited will manage the staff, delivery routes and templates of {name}. They receive the invitation link by e-mail.',
  'verbund.invite.email': "Invitee's e-mail address",
  'verbund.invite.name': "Invitee's name",
  'verbund.invite.submit': 'Invite',
  'verbund.invite.done':
    'The invitation was sent by e-mail to {email}. Its link is valid until {until} and works once.',
  'verbund.catalogue.title': 'Service catalogue',
  'verbund.catalogue.lead':
    'Search the service catalogue and see which authorities offer a service online and which do not. For a service without an online service you set one up here; each responsible authority offers it once it switches it on itself. The settings of an online service, such as its trust level, are the same in every member municipality; you edit them here.',
  'verbund.catalogue.label': 'Search term',
  'verbund.catalogue.hint': 'For example Hundesteuer or Meldebescheinigung',
  'verbund.catalogue.submit': 'Search',
  'verbund.catalogue.caption': '{total} results for “{query}”',
  'verbund.catalogue.someWords':
    'No service contains every word; these services contain some of them.',
  'verbund.catalogue.none': 'No service found.',
  'verbund.catalogue.col.service': 'Service',
  'verbund.catalogue.col.offered': 'Offered online by',
  'verbund.catalogue.col.notOffered': 'Not online at',
  'verbund.catalogue.noOnline': 'No online service in the Verbund',
  'verbund.catalogue.nobody': 'no authority',
  'verbund.catalogue.everybody': 'every responsible authority',
  'verbund.catalogue.key': 'Service key {key}',
  'verbund.catalogue.previous': 'Previous page',
  'verbund.catalogue.next': 'Next page',
  'verbund.catalogue.pages': 'Result pages',
  'verbund.catalogue.edit': 'Edit settings',
  'verbund.catalogue.editLabel': 'Edit settings: {title}',
  'verbund.service.title': 'Settings: {title}',
  'verbund.service.lead':
    'These settings apply to the online service in every authority of the Verbund: one trust level per service in all member municipalities.',
  'verbund.service.back': 'Back to the service catalogue',
  'verbund.service.facts': 'Service',
  'verbund.service.key': 'Service key',
  'verbund.service.level': 'Responsibility',
  'verbund.service.level.county': 'County',
  'verbund.service.level.municipality': 'Member municipalities',
  'verbund.service.form': 'Settings of the online service',
  'verbund.service.field.title': 'Title',
  'verbund.service.field.trustLevel': 'Trust level',
  'verbund.service.field.trustLevelHint':
    'The sign-in citizens need at least for this online service.',
  'verbund.service.field.anonymous': 'Usable without an account',
  'verbund.service.field.anonymousHint': 'Only possible at the trust level “basic”.',
  'verbund.service.field.description': 'Description',
  'verbund.service.field.descriptionHint':
    'Leave empty to show the description from the service catalogue. At most 5000 characters.',
  'verbund.service.field.fees': 'Fees',
  'verbund.service.field.feesHint': 'At most 1000 characters.',
  'verbund.service.field.retention': 'Retention of closed applications (months)',
  'verbund.service.field.retentionHint': 'A whole number from 1 to 1200.',
  'verbund.service.submit': 'Save settings',
  'verbund.service.saved': 'The settings were saved.',
  'verbund.service.conflict':
    'Someone else changed the settings in the meantime. Your change was not saved. The current values are shown below: please check them and save again.',
  'verbund.service.error.titleEmpty': 'Please enter a title.',
  'verbund.service.error.titleTooLong': 'The title may be at most 200 characters long.',
  'verbund.service.error.trustLevel': 'Please choose a trust level.',
  'verbund.service.error.anonymousAboveBasic':
    'An online service can be used without an account only at the trust level “basic”. Choose “basic” or turn off use without an account.',
  'verbund.service.error.descriptionTooLong':
    'The description may be at most 5000 characters long.',
  'verbund.service.error.feesTooLong': 'The fees may be at most 1000 characters long.',
  'verbund.service.error.retention':
    'Please enter the retention as a whole number from 1 to 1200 months.',
  'verbund.catalogue.setUp': 'Set up online service',
  'verbund.catalogue.setUpLabel': 'Set up online service: {name}',
  'verbund.catalogue.created':
    'The online service is set up. No authority offers it yet: the responsible authorities switch it on themselves.',
  'verbund.newService.title': 'Set up online service: {name}',
  'verbund.newService.lead':
    'The online service applies to the whole Verbund. Responsibility, form and identifier are set here once; the other settings can be changed later. The responsible authorities then switch it on themselves.',
  'verbund.newService.form': 'New online service',
  'verbund.newService.titleHint':
    "The title gives the online service's identifier, for example osterfeuer-anmelden. At most 200 characters.",
  'verbund.newService.levelHint':
    'Does the county offer the online service, or each member municipality on its own?',
  'verbund.newService.field.form': 'Form',
  'verbund.newService.formHint':
    'Published forms that no other online service of the Verbund uses yet.',
  'verbund.newService.formOption': '{title} (form “{id}”, version {version})',
  'verbund.newService.noForms':
    'Every published form belongs to an online service of the Verbund already. An online service can be set up here once a new form is published.',
  'verbund.newService.submit': 'Set up online service',
  'verbund.newService.exists':
    'This service already has an online service in the Verbund; no second one was set up. Its settings are edited on its own page.',
  'verbund.newService.error.level':
    'Please choose who is responsible: the county or the member municipalities.',
  'verbund.newService.error.form': 'Please choose a form.',
  'verbund.newService.error.formTaken':
    'Another online service of the Verbund uses this form already. Please choose another one.',
  'verbund.newService.error.keyTaken':
    'The Verbund has an online service with this title already (the same identifier). Please choose another title.',
  'verbund.newService.error.titleKey': 'The title needs at least one letter or digit.',
} as const;
