// Mail texts. They name no personal data (no name, no address, no content): a mail may be read
// by others, so it only says that something happened and where to continue, signed in.

export type Language = 'de' | 'en';
export type MailText = { subject: string; text: string };

const SIGNATURE = {
  de: (verbund: string) =>
    `\n\nIhr ${verbund}\n\nDiese E-Mail wurde automatisch erstellt. Bitte antworten Sie nicht darauf.`,
  en: (verbund: string) =>
    `\n\nYour ${verbund}\n\nThis e-mail was generated automatically. Please do not reply.`,
};

export const mails = {
  verify: (lang: Language, verbund: string, link: string): MailText =>
    lang === 'de'
      ? {
          subject: 'Bitte bestätigen Sie Ihre E-Mail-Adresse',
          text: `Guten Tag,\n\nbitte bestätigen Sie Ihre E-Mail-Adresse für Ihr Bürgerkonto. Öffnen Sie dazu diesen Link (24 Stunden gültig):\n\n${link}\n\nWenn Sie kein Konto angelegt haben, können Sie diese E-Mail ignorieren.${SIGNATURE.de(verbund)}`,
        }
      : {
          subject: 'Please confirm your e-mail address',
          text: `Hello,\n\nplease confirm the e-mail address of your citizen account by opening this link (valid for 24 hours):\n\n${link}\n\nIf you did not create an account, you can ignore this e-mail.${SIGNATURE.en(verbund)}`,
        },
  alreadyRegistered: (
    lang: Language,
    verbund: string,
    loginLink: string,
    resetLink: string,
  ): MailText =>
    lang === 'de'
      ? {
          subject: 'Sie haben bereits ein Bürgerkonto',
          text: `Guten Tag,\n\nmit dieser E-Mail-Adresse wurde gerade versucht, ein neues Bürgerkonto anzulegen. Sie haben aber bereits eines.\n\nAnmelden: ${loginLink}\nPasswort vergessen: ${resetLink}\n\nWenn Sie das nicht waren, müssen Sie nichts tun.${SIGNATURE.de(verbund)}`,
        }
      : {
          subject: 'You already have a citizen account',
          text: `Hello,\n\nsomeone just tried to create a new citizen account with this e-mail address, but you already have one.\n\nSign in: ${loginLink}\nForgot your password: ${resetLink}\n\nIf this was not you, there is nothing to do.${SIGNATURE.en(verbund)}`,
        },
  reset: (lang: Language, verbund: string, link: string): MailText =>
    lang === 'de'
      ? {
          subject: 'Passwort zurücksetzen',
          text: `Guten Tag,\n\nSie können ein neues Passwort für Ihr Bürgerkonto festlegen. Der Link ist 30 Minuten gültig und funktioniert nur einmal:\n\n${link}\n\nWenn Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren; Ihr Passwort bleibt unverändert.${SIGNATURE.de(verbund)}`,
        }
      : {
          subject: 'Reset your password',
          text: `Hello,\n\nyou can set a new password for your citizen account. The link is valid for 30 minutes and works once:\n\n${link}\n\nIf you did not ask for this, you can ignore this e-mail; your password stays unchanged.${SIGNATURE.en(verbund)}`,
        },
  failedLogins: (lang: Language, verbund: string, resetLink: string): MailText =>
    lang === 'de'
      ? {
          subject: 'Mehrere fehlgeschlagene Anmeldeversuche',
          text: `Guten Tag,\n\nbei Ihrem Bürgerkonto gab es mehrere fehlgeschlagene Anmeldeversuche. Die Anmeldung ist deshalb für einige Minuten gesperrt.\n\nWaren Sie das nicht, ändern Sie bitte Ihr Passwort: ${resetLink}${SIGNATURE.de(verbund)}`,
        }
      : {
          subject: 'Several failed sign-in attempts',
          text: `Hello,\n\nthere were several failed attempts to sign in to your citizen account, so signing in is blocked for a few minutes.\n\nIf this was not you, please change your password: ${resetLink}${SIGNATURE.en(verbund)}`,
        },
  inactivity: (lang: Language, verbund: string, deleteOn: string, loginLink: string): MailText =>
    lang === 'de'
      ? {
          subject: 'Ihr Bürgerkonto wird bald gelöscht',
          text: `Guten Tag,\n\nSie haben Ihr Bürgerkonto seit zwei Jahren nicht genutzt. Damit wir keine Daten länger als nötig speichern, löschen wir es am ${deleteOn}.\n\nMöchten Sie es behalten, melden Sie sich bitte vorher einmal an:\n${loginLink}${SIGNATURE.de(verbund)}`,
        }
      : {
          subject: 'Your citizen account will be deleted soon',
          text: `Hello,\n\nyou have not used your citizen account for two years. So that we keep no data longer than needed, we will delete it on ${deleteOn}.\n\nIf you want to keep it, please sign in once before then:\n${loginLink}${SIGNATURE.en(verbund)}`,
        },
};
