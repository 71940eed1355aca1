// The xdomea connector's texts (German and English): the note on the status change the
// citizen sees when the DMS imported the application. Registered via src/app/messages.ts.
import { defineCatalogue } from '../../../web/i18n.ts';
import { xdomeaDe } from './messages.de.ts';
import { xdomeaEn } from './messages.en.ts';

declare module '../../../web/i18n.ts' {
  interface Messages extends Record<keyof typeof xdomeaDe, string> {}
}

export const xdomeaMessages = defineCatalogue({ de: xdomeaDe, en: xdomeaEn });
