// The notice that a message is waiting. It names nothing else: no authority, no subject, no
// content, no name. The mail may be read by others (shared or forwarded mailboxes), and even
// which office writes to someone can be sensitive (Jobcenter, Ausländerbehörde). It is not even
// signed with the Verbund's name: that often contains the county's, and the sender line
// already says who sends it.
import type { MailMessage } from '../mail/mailer.ts';

export type Language = 'de' | 'en';

export function newMessageMail(lang: Language, to: string, link: string): MailMessage {
  return lang === 'de'
    ? {
        to,
        subject: 'Neue Nachricht in Ihrem Postfach',
        text: `Guten Tag,\n\nin Ihrem Postfach im Bürgerkonto liegt eine neue Nachricht für Sie. Bitte melden Sie sich an, um sie zu lesen:\n\n${link}\n\nDiese E-Mail wurde automatisch erstellt. Bitte antworten Sie nicht darauf.`,
      }
    : {
        to,
        subject: 'New message in your mailbox',
        text: `Hello,\n\nthere is a new message for you in the mailbox of your citizen account. Please sign in to read it:\n\n${link}\n\nThis e-mail was generated automatically. Please do not reply.`,
      };
}
