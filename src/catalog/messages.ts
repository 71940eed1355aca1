// The catalog catalogue (German and English), registered with the web kit's i18n when
// imported; src/app/messages.ts imports every catalogue so that all are there before the first
// request, wherever a page takes its texts from.
import { defineCatalogue } from '../web/i18n.ts';
import { catalogDe } from './messages.de.ts';
import { catalogEn } from './messages.en.ts';

declare module '../web/i18n.ts' {
  interface Messages extends Record<keyof typeof catalogDe, string> {}
}

export const catalogMessages = defineCatalogue({ de: catalogDe, en: catalogEn });
