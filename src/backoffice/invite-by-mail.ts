// One way to invite staff to an authority from a page: the invitation and its mail are stored
// in one transaction (the invitation exists exactly when its mail is on its way), and the link
// goes only into the mail, never onto the inviting person's screen: it sets the invitee's
// password. The authority's admins ("Mitarbeitende") and the Verbund's admins (an authority's
// first admin, the Verbund's own auditors) all invite through here.
import type { StaffRole } from '../db/schema.ts';
import { queueMailIn } from '../mail/outbox.ts';
import type { Authority } from '../tenancy/service.ts';
import type { Language } from '../web/i18n.ts';
import { invitationMail } from './invitation-mail.ts';
import { INVITATION_MS, type StaffAccounts } from './staff.ts';

export async function inviteByMail(
  staff: StaffAccounts,
  input: {
    /** Slug null: a member of the Verbund itself (its auditors), named by the Verbund's name. */
    authority: { slug: string | null; name: Authority['name'] };
    role: StaffRole;
    email: string;
    displayName: string;
    serviceIds?: string[] | null;
    invitedBy: string;
    ip: string | null;
    lang: Language;
  },
): Promise<{ staffId: string; expiresAt: Date }> {
  const { authority, lang } = input;
  const invited = await staff.invite({
    authoritySlug: authority.slug,
    role: input.role,
    email: input.email,
    displayName: input.displayName,
    serviceIds: input.serviceIds ?? null,
    invitedBy: input.invitedBy,
    ip: input.ip,
    inTransaction: (trx, link) =>
      queueMailIn(trx, {
        to: input.email.trim(),
        ...invitationMail(lang, {
          authority: authority.name,
          link,
          validHours: INVITATION_MS / 3_600_000,
        }),
      }),
  });
  return { staffId: invited.staffId, expiresAt: invited.expiresAt };
}
