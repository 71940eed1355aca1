// The back office catalogue (German and English), registered with the web kit's i18n when
// imported; src/app/messages.ts imports every catalogue.
import { defineCatalogue } from '../web/i18n.ts';
import { backofficeDe } from './messages.de.ts';
import { backofficeEn } from './messages.en.ts';

declare module '../web/i18n.ts' {
  interface Messages extends Record<keyof typeof backofficeDe, string> {}
}

export const backofficeMessages = defineCatalogue({ de: backofficeDe, en: backofficeEn });
