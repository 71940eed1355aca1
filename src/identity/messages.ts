// The identity catalogue (German and English), registered with the web kit's i18n when imported.
import { defineCatalogue } from '../web/i18n.ts';
import { identityDe } from './messages.de.ts';
import { identityEn } from './messages.en.ts';

declare module '../web/i18n.ts' {
  interface Messages extends Record<keyof typeof identityDe, string> {}
}

export const identityMessages = defineCatalogue({ de: identityDe, en: identityEn });
