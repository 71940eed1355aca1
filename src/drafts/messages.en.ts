import type { draftsDe } from './messages.de.ts';

export const draftsEn: Record<keyof typeof draftsDe, string> = {
  'drafts.list.title': 'My drafts',
  'drafts.list.lead':
    'Applications you have started are saved after every step. You can continue them on any device where you are signed in.',
  'drafts.list.empty': 'You have no applications in progress.',
  'drafts.list.saved': 'Last saved on {date}',
  'drafts.list.expires': 'Will be deleted on {date} unless you continue it before then.',
  'drafts.list.continue': 'Continue',
  'drafts.list.delete': 'Delete draft',
  'drafts.list.deleted': 'The draft has been deleted.',
  'drafts.conflict':
    'This draft was changed in another window in the meantime. What you entered on this page has not been saved. Below is the current state; check it and send the page again.',
  'drafts.adopt.title': 'Take over drafts made without an account?',
  'drafts.adopt.question': 'This device has {found} made without an account: take them over?',
  'drafts.adopt.oneDraft': '1 draft',
  'drafts.adopt.drafts': '{n} drafts',
  'drafts.adopt.oneSent': '1 report sent',
  'drafts.adopt.sent': '{n} reports sent',
  'drafts.adopt.and': ' and ',
  'drafts.adopt.explain':
    'Take them over only if you made them yourself. Otherwise leave them: the drafts are then deleted, reports already sent stay with the authority, and nobody sees them on this device any more.',
  'drafts.adopt.take': 'Take over into my account',
  'drafts.adopt.leave': 'Do not take over',
};
