// English UI text of the staff administration ("Mitarbeitende", staff-views.ts).
import type { staffDe } from './staff-messages.de.ts';

export const staffEn: Record<keyof typeof staffDe, string> = {
  'backoffice.staff.title': 'Staff',
  'backoffice.staff.list': 'Staff of this authority',
  'backoffice.staff.name': 'Name',
  'backoffice.staff.role': 'Role',
  'backoffice.staff.services': 'Services',
  'backoffice.staff.allServices': 'All services',
  'backoffice.staff.access': 'Access',
  'backoffice.staff.active': 'Active',
  'backoffice.staff.locked': 'Locked',
  'backoffice.staff.you': '(you)',
  'backoffice.staff.open': '{name}: role, services and access',
  'backoffice.staff.invite': 'Invite',
  'backoffice.staff.inviteTitle': 'Invite a new person',
  'backoffice.staff.inviteSubmit': 'Invite',
  'backoffice.staff.invited':
    'The invitation was sent by e-mail to {email}. Its link is valid until {until} and works once.',
  'backoffice.staff.inviteLocked':
    "This person's access to your authority is locked. Unlock it on their page under “Staff” instead of inviting them again.",
  'backoffice.staff.serviceChoice': 'Only these services (none = all)',
  'backoffice.staff.serviceHint':
    'Applies to the role “Clerk” only. With none chosen, the person works on all services of this authority.',
  'backoffice.staff.noServices': 'This authority offers no online services yet.',
  'backoffice.staff.servicesUnknown': 'Please choose only services this authority offers online.',
  'backoffice.staff.self':
    'You cannot change your own role or access. Another person with the role “Authority administrator” can.',
  'backoffice.staff.back': 'Back to the staff',
  'backoffice.staff.changeTitle': 'Change role and services',
  'backoffice.staff.changeSubmit': 'Save the change',
  'backoffice.staff.changed':
    'The change is saved. It applies from the next page the person opens.',
  'backoffice.staff.lock': 'Lock access',
  'backoffice.staff.lockLead':
    'Once locked, {name} can no longer sign in for {authority}; a session in progress ends at once. Assigned applications stay assigned. You can unlock the access later.',
  'backoffice.staff.lockConfirm': 'Lock the access of {name}?',
  'backoffice.staff.lockSubmit': 'Yes, lock access',
  'backoffice.staff.cancel': 'Cancel',
  'backoffice.staff.lockDone': 'The access of {name} is locked.',
  'backoffice.staff.lockedNote': 'Access is locked: {name} cannot sign in for {authority}.',
  'backoffice.staff.unlock': 'Unlock access',
  'backoffice.staff.unlockDone': 'The access of {name} is unlocked again.',
};
