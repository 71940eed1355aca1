// The tenancy catalogue (German and English), registered with the web kit's i18n when
// imported; src/app/messages.ts imports every catalogue so that all are there before the first
// request, wherever a page takes its texts from.
import { defineCatalogue } from '../web/i18n.ts';
import { tenancyDe } from './messages.de.ts';
import { tenancyEn } from './messages.en.ts';

declare module '../web/i18n.ts' {
  interface Messages extends Record<keyof typeof tenancyDe, string> {}
}

export const tenancyMessages = defineCatalogue({ de: tenancyDe, en: tenancyEn });
