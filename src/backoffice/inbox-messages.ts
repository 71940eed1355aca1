// The inbox's catalogue (filters, deadlines, assignment), registered with the web kit's i18n
// when imported; src/app/messages.ts imports every catalogue.
import { defineCatalogue } from '../web/i18n.ts';
import { inboxDe } from './inbox-messages.de.ts';
import { inboxEn } from './inbox-messages.en.ts';

declare module '../web/i18n.ts' {
  interface Messages extends Record<keyof typeof inboxDe, string> {}
}

export const inboxMessages = defineCatalogue({ de: inboxDe, en: inboxEn });
