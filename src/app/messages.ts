// Every domain's catalogue, handed to the web kit's i18n: imported by the composition root (and
// by tests that render without it), so that every text is there before the first request.
import { accountsMessages } from '../accounts/messages.ts';
import { profileMessages } from '../accounts/profile/messages.ts';
import { apiMessages } from '../api/messages.ts';
import { applicationsMessages } from '../applications/messages.ts';
import { auditMessages } from '../audit/messages.ts';
import { inboxMessages } from '../backoffice/inbox-messages.ts';
import { backofficeMessages } from '../backoffice/messages.ts';
import { onlineServicesMessages } from '../backoffice/services/messages.ts';
import { staffMessages } from '../backoffice/staff-messages.ts';
import { verbundMessages } from '../backoffice/verbund/messages.ts';
import { catalogMessages } from '../catalog/messages.ts';
import { xdomeaMessages } from '../delivery/connectors/xdomea/messages.ts';
import { deliveryMessages } from '../delivery/messages.ts';
import { draftsMessages } from '../drafts/messages.ts';
import { formsMessages } from '../forms/messages.ts';
import { identityMessages } from '../identity/messages.ts';
import { mailMessages } from '../mail/messages.ts';
import { mailboxMessages } from '../mailbox/messages.ts';
import { tenancyMessages } from '../tenancy/messages.ts';
import { webMessages } from '../web/messages.ts';

export const catalogues = [
  webMessages,
  tenancyMessages,
  accountsMessages,
  identityMessages,
  profileMessages,
  mailMessages,
  mailboxMessages,
  formsMessages,
  draftsMessages,
  catalogMessages,
  applicationsMessages,
  backofficeMessages,
  xdomeaMessages,
  deliveryMessages,
  inboxMessages,
  staffMessages,
  onlineServicesMessages,
  verbundMessages,
  apiMessages,
  auditMessages,
];
