// The invitation mail of the back office. It names the authority and holds the single-use
// link, nothing else: not the invitee's name, not the role, not who invited (a mail may be
// read by others on its way or in a shared mailbox).
import type { MailText } from '../accounts/mails.ts';
import type { Language } from '../web/i18n.ts';

export function invitationMail(
  lang: Language,
  input: { authority: string; link: string; validHours: number },
): MailText {
  const { authority, link, validHours } = input;
  return lang === 'de'
    ? {
        subject: `Einladung in die Verwaltung: ${authority}`,
        text: `Guten Tag,\n\nSie wurden eingeladen, in der Verwaltung für ${authority} mitzuarbeiten. Öffnen Sie dazu diesen Link (${validHours} Stunden gültig, nur einmal nutzbar):\n\n${link}\n\nWenn Sie keine Einladung erwartet haben, können Sie diese E-Mail ignorieren.\n\nDiese E-Mail wurde automatisch erstellt. Bitte antworten Sie nicht darauf.`,
      }
    : {
        subject: `Invitation to the back office: ${authority}`,
        text: `Hello,\n\nyou have been invited to work in the back office of ${authority}. Please open this link (valid for ${validHours} hours, works once):\n\n${link}\n\nIf you did not expect an invitation, you can ignore this e-mail.\n\nThis e-mail was generated automatically. Please do not reply.`,
      };
}
