// The mailbox catalogue (German and English), registered with the web kit's i18n when
// imported; src/app/messages.ts imports every catalogue so that all are there before the first
// request, wherever a page takes its texts from.
import { defineCatalogue } from '../web/i18n.ts';
import { mailboxDe } from './messages.de.ts';
import { mailboxEn } from './messages.en.ts';

declare module '../web/i18n.ts' {
  interface Messages extends Record<keyof typeof mailboxDe, string> {}
}

export const mailboxMessages = defineCatalogue({ de: mailboxDe, en: mailboxEn });
