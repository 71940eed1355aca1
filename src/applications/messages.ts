// The applications catalogue (German and English), registered with the web kit's i18n when
// imported; src/app/messages.ts imports every catalogue so that all are there before the first
// request, wherever a page takes its texts from.
import { defineCatalogue } from '../web/i18n.ts';
import { applicationsDe } from './messages.de.ts';
import { applicationsEn } from './messages.en.ts';

declare module '../web/i18n.ts' {
  interface Messages extends Record<keyof typeof applicationsDe, string> {}
}

export const applicationsMessages = defineCatalogue({ de: applicationsDe, en: applicationsEn });
