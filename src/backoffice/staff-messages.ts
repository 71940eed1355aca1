// The staff administration's catalogue, registered with the web kit's i18n when imported;
// src/app/messages.ts imports every catalogue.
import { defineCatalogue } from '../web/i18n.ts';
import { staffDe } from './staff-messages.de.ts';
import { staffEn } from './staff-messages.en.ts';

declare module '../web/i18n.ts' {
  interface Messages extends Record<keyof typeof staffDe, string> {}
}

export const staffMessages = defineCatalogue({ de: staffDe, en: staffEn });
