// The web catalogue (German and English), registered with the web kit's i18n when
// imported; src/app/messages.ts imports every catalogue so that all are there before the first
// request, wherever a page takes its texts from.
import { defineCatalogue } from './i18n.ts';
import { webDe } from './messages.de.ts';
import { webEn } from './messages.en.ts';

declare module './i18n.ts' {
  interface Messages extends Record<keyof typeof webDe, string> {}
}

export const webMessages = defineCatalogue({ de: webDe, en: webEn });
